"""``path:line:col: CODE rule message`` lines, then a one-line summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..diagnostics import Diagnostic, Severity
from ..escape import display_path, for_log
from ..words import plural

if TYPE_CHECKING:
    from . import CheckReport

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def render(report: CheckReport) -> str:
    lines = []
    for item in report.shown:
        lines.append(line(item, color=report.color, fixable=report.fixable(item)))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def line(item: Diagnostic, *, color: bool = False, fixable: bool = False) -> str:
    """``path:line:col: CODE rule message``: the one way a finding is written as a line.

    ``fixable`` marks a finding ``--fix`` repairs with ``[*]``, as ruff does.
    The path and message come from the input: one line each, no escape
    sequences, no workflow command when this is a CI log.
    """
    where = f"{display_path(item.path)}:{item.line}:{item.column}:"
    code = item.code
    if color:
        where = click.style(where, bold=True)
        code = click.style(code, fg=_COLORS[item.severity], bold=True)
    mark = " [*]" if fixable else ""
    return f"{where} {code}{mark} {item.rule} {for_log(item.message)}"


def summary(report: CheckReport) -> str:
    """One line, ending with what to do next: how many findings ``--fix`` repairs."""
    errors = sum(item.severity is Severity.ERROR for item in report.diagnostics)
    warnings = len(report.diagnostics) - errors
    checked = plural(report.files, "file")
    if report.fixed is not None:
        found = report.found if report.found is not None else report.fixed + warnings + errors
        return (
            f"Fixed {report.fixed} of {plural(found, 'finding')}; "
            f"{len(report.diagnostics)} remaining "
            f"({plural(errors, 'error')}, {plural(warnings, 'warning')}; {checked} checked)."
            + _fixable_note(report, "--fix")
        )
    if not report.diagnostics:
        return f"All checks passed ({checked} checked)."
    with_problems = len({item.path for item in report.diagnostics})
    return (
        f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')} "
        f"in {with_problems} of {checked}." + _fixable_note(report, "--fix")
    )


def _fixable_note(report: CheckReport, how: str) -> str:
    """`` 1 fixable with `--fix` (2 more with `--fixable style`).``, or nothing."""
    from ..rules.catalog import group

    fixable = sum(map(report.fixable, report.diagnostics))
    # Findings with a repair that the file's `fixable` leaves out (style, by default).
    more = [item for item in report.diagnostics if item.fix and not report.fixable(item)]
    notes = []
    if fixable and report.fixed is None:
        notes.append(f"{fixable} fixable with `{how}`")
    if more:
        groups = ",".join(sorted({group(item.rule) for item in more}))
        extra = "more " if notes else ""
        notes.append(f"{len(more)} {extra}with `--fix --fixable {groups}`")
    if not notes:
        return ""
    if len(notes) == 2:
        return f" {notes[0]} ({notes[1]})."
    return f" {notes[0]}."
