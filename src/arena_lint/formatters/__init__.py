"""Output formats, one module each, all fed by the same diagnostics.

A formatter turns a :class:`Report` into the text printed on standard output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from . import github, json_format, junit, sarif, text

if TYPE_CHECKING:
    from ..api import FileResult

Formatter = Callable[["Report"], str]


def _is_error(item: Diagnostic) -> bool:
    return item.severity is Severity.ERROR


@dataclass(frozen=True, slots=True)
class Report:
    """All diagnostics of a run, sorted, and the files checked."""

    diagnostics: list[Diagnostic]
    """Every finding of the run (the summary counts them all)."""
    results: list[FileResult] = field(default_factory=list)
    """Every file checked, with or without findings, in order."""
    color: bool = False
    quiet: bool = False
    """``-q``: only errors are listed, in every format (the summary still counts warnings)."""
    fixed: int | None = None
    """How many places ``--fix`` repaired (``None``: no fixing was asked for)."""
    fails: Callable[[Diagnostic], bool] = _is_error
    """Whether a finding fails the run: errors, and warnings under ``--strict``."""

    @property
    def files(self) -> int:
        return len(self.results)

    @property
    def shown(self) -> list[Diagnostic]:
        """The findings a format lists: all of them, or only the errors with ``-q``."""
        if not self.quiet:
            return self.diagnostics
        return [item for item in self.diagnostics if item.severity is Severity.ERROR]


FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}

__all__ = ["FORMATTERS", "Formatter", "Report"]
