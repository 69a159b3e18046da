"""The Markdown job summary written to ``GITHUB_STEP_SUMMARY`` with ``--format github``:
findings per rule, the hours of each log checked, and every finding."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..escape import markdown_cell
from .text import summary

if TYPE_CHECKING:
    from . import CheckReport


def render(report: CheckReport) -> str:
    from ..durations import format_hours

    lines = ["## arena-lint", "", summary(report), ""]
    if report.diagnostics:
        counts = Counter((d.code, d.rule, d.severity.value) for d in report.shown)
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
            "| file | line | stated | computed from the entries |",
            "|---|---:|---:|---:|",
        ]
        for path, log in logs:
            stated = format_hours(log.stated) if log.stated is not None else "no total"
            computed = format_hours(log.computed)
            lines.append(f"| {markdown_cell(path)} | {log.line} | {stated} | {computed} |")
        lines.append("")
    if report.diagnostics:
        lines += [
            "<details><summary>Every finding</summary>",
            "",
            "| file | line | column | rule | message |",
            "|---|---:|---:|---|---|",
        ]
        lines += [
            f"| {markdown_cell(d.path)} | {d.line} | {d.column} | {d.code} {d.rule} "
            f"| {markdown_cell(d.message)} |"
            for d in report.shown
        ]
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"
