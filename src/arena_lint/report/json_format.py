"""JSON, as described by ``schema/report.schema.json``."""

from __future__ import annotations

from ..escape import dumps_json
from .records import HoursReport


def render(report: HoursReport) -> str:
    # Valid UTF-8 whatever the file names, no raw control or bidi character.
    return dumps_json(report.to_json()) + "\n"
