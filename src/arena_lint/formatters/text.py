"""``path:line:col: CODE rule message`` lines, then a one-line summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..diagnostics import Severity
from ..escape import display_path, for_log

if TYPE_CHECKING:
    from . import Report

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def render(report: Report) -> str:
    lines = []
    for item in report.diagnostics:
        if report.quiet and item.severity is Severity.WARNING:
            continue
        # The path and message come from the input: one line each, no
        # escape sequences, no workflow command when this is a CI log.
        where = f"{display_path(item.path)}:{item.line}:{item.column}:"
        code = item.code
        if report.color:
            where = click.style(where, bold=True)
            code = click.style(code, fg=_COLORS[item.severity], bold=True)
        lines.append(f"{where} {code} {item.rule} {for_log(item.message)}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    errors = sum(item.severity is Severity.ERROR for item in report.diagnostics)
    warnings = len(report.diagnostics) - errors
    checked = _plural(report.files, "file")
    if report.fixed is not None:
        return (
            f"{report.fixed} fixed, {len(report.diagnostics)} remaining "
            f"({_plural(errors, 'error')}, {_plural(warnings, 'warning')}; {checked} checked)."
        )
    if not report.diagnostics:
        return f"All checks passed ({checked} checked)."
    with_problems = len({item.path for item in report.diagnostics})
    return (
        f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} "
        f"in {with_problems} of {checked}."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
