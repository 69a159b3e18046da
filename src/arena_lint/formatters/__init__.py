"""Output formats, one module each, all fed by the same diagnostics.

A formatter turns a :class:`CheckReport` into the text printed on standard output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, ClassVar

from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from ..api import FileResult

Formatter = Callable[["CheckReport"], str]


def _is_error(item: Diagnostic) -> bool:
    return item.severity is Severity.ERROR


class CheckReport:
    """All diagnostics of a run, sorted, and the files checked.

    A plain class (made once a run): a NamedTuple generates its methods at every start.
    """

    __slots__ = ("color", "diagnostics", "fails", "fixed", "quiet", "results")

    def __init__(
        self,
        diagnostics: list[Diagnostic],
        results: list[FileResult],
        color: bool = False,
        quiet: bool = False,
        fixed: int | None = None,
        fails: Callable[[Diagnostic], bool] = _is_error,
    ) -> None:
        self.diagnostics = diagnostics
        """Every finding of the run (the summary counts them all)."""
        self.results = results
        """Every file checked, with or without findings, in order."""
        self.color = color
        self.quiet = quiet
        """``-q``: only errors are listed, in every format (the summary still counts warnings)."""
        self.fixed = fixed
        """How many places ``--fix`` repaired (``None``: no fixing was asked for)."""
        self.fails = fails
        """Whether a finding fails the run: errors, and warnings under ``--strict``."""

    def plain(self) -> CheckReport:
        """The same report without colour (for the files of ``--output``)."""
        return CheckReport(
            self.diagnostics, self.results, False, self.quiet, self.fixed, self.fails
        )

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

__all__ = ["FORMATTERS", "CheckReport", "Formatter"]
