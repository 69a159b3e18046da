"""The Markdown job summary written to ``GITHUB_STEP_SUMMARY`` with ``--format github``:
findings per rule, the hours of each log checked, and every finding."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..escape import markdown_cell
from .text import summary

if TYPE_CHECKING:
    from . import Report


def render(report: Report) -> str:
    from ..durations import format_hours

    lines = ["## arena-lint", "", summary(report), ""]
    if report.diagnostics:
        counts = Counter((d.code, d.rule, d.severity.value) for d in report.diagnostics)
        lines += ["| rule | severity | findings |", "|---|---|---:|"]
        lines += [
            f"| {code} {rule} | {severity} | {count} |"
            for (code, rule, severity), count in sorted(counts.items())
        ]
        lines.append("")
    logs = [(result.path, log) for result in report.results for log in result.logs]
    if logs:
        lines += [
            "### Hours per log",
            "",
            "| file | line | stated | entries sum to |",
            "|---|---:|---:|---:|",
        ]
        for path, log in logs:
            stated = format_hours(log.stated) if log.stated is not None else "no total"
            computed = format_hours(log.computed) if log.computed is not None else "unknown"
            lines.append(f"| {_cell(path)} | {log.line} | {stated} | {computed} |")
        lines.append("")
    if report.diagnostics:
        lines += [
            "<details><summary>Every finding</summary>",
            "",
            "| file | line | column | rule | message |",
            "|---|---:|---:|---|---|",
        ]
        lines += [
            f"| {_cell(d.path)} | {d.line} | {d.column} | {d.code} {d.rule} | {_cell(d.message)} |"
            for d in report.diagnostics
        ]
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"


# Paths and messages come from the pull request and GitHub renders this file.
_cell = markdown_cell
