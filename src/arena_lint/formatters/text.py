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
        lines.append(line(item, color=report.color))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def line(item: Diagnostic, *, color: bool = False) -> str:
    """``path:line:col: CODE rule message``: the one way a finding is written as a line.

    The path and message come from the input: one line each, no escape
    sequences, no workflow command when this is a CI log.
    """
    where = f"{display_path(item.path)}:{item.line}:{item.column}:"
    code = item.code
    if color:
        where = click.style(where, bold=True)
        code = click.style(code, fg=_COLORS[item.severity], bold=True)
    return f"{where} {code} {item.rule} {for_log(item.message)}"


def summary(report: CheckReport) -> str:
    errors = sum(item.severity is Severity.ERROR for item in report.diagnostics)
    warnings = len(report.diagnostics) - errors
    checked = plural(report.files, "file")
    if report.fixed is not None:
        return (
            f"{report.fixed} fixed, {len(report.diagnostics)} remaining "
            f"({plural(errors, 'error')}, {plural(warnings, 'warning')}; {checked} checked)."
        )
    if not report.diagnostics:
        return f"All checks passed ({checked} checked)."
    with_problems = len({item.path for item in report.diagnostics})
    return (
        f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')} "
        f"in {with_problems} of {checked}."
    )
