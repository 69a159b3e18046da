"""Output formats, one module each, all fed by the same diagnostics.

A formatter turns a :class:`Report` into the text printed on standard output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from ..api import FileResult

Formatter = Callable[["Report"], str]


def _is_error(item: Diagnostic) -> bool:
    return item.severity is Severity.ERROR


class Report(NamedTuple):
    """All diagnostics of a run, sorted, and the files checked."""

    diagnostics: list[Diagnostic]
    """Every finding of the run (the summary counts them all)."""
    results: list[FileResult]
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


class _Formatters(Mapping[str, Formatter]):
    """Format name -> ``render``; a format's module (XML, SARIF's rule pages) is
    imported when that format is asked for, not on every run."""

    _MODULES: ClassVar[dict[str, str]] = {
        "text": "text",
        "json": "json_format",
        "github": "github",
        "sarif": "sarif",
        "junit": "junit",
    }

    def __getitem__(self, name: str) -> Formatter:
        render: Formatter = import_module(f"{__name__}.{self._MODULES[name]}").render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(self._MODULES)

    def __len__(self) -> int:
        return len(self._MODULES)


FORMATTERS: Mapping[str, Formatter] = _Formatters()
"""Every ``--format``, by name."""

__all__ = ["FORMATTERS", "Formatter", "Report"]
