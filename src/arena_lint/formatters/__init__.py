"""Output formats, one module each, all fed by the same diagnostics.

A formatter turns a :class:`Report` into the text printed on standard output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from . import json_format, text

Formatter = Callable[["Report"], str]


@dataclass(frozen=True, slots=True)
class Report:
    """All diagnostics of a run, sorted, and how many files were checked."""

    diagnostics: list[Diagnostic]
    files: int
    color: bool = False
    quiet: bool = False
    """Leave warnings out of the listing (the summary still counts them)."""


FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
}

__all__ = ["FORMATTERS", "Formatter", "Report"]
