"""A JSON array, one object per finding (``schema/diagnostics.schema.json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import dumps_json

if TYPE_CHECKING:
    from . import CheckReport


def render(report: CheckReport) -> str:
    # ASCII, as before; a byte of a non-UTF-8 file name is written as the text
    # ``\xff``, since a lone surrogate escape is not a character strict readers take.
    return dumps_json([item.to_json() for item in report.shown], ensure_ascii=True) + "\n"
