"""A Markdown table per log (and one for all logs), to paste into a post or a job summary."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..escape import markdown_cell
from .records import HoursReport, Row, Section

if TYPE_CHECKING:
    from .records import Timeline


def render(report: HoursReport) -> str:
    if report.timeline is not None:
        return timeline(report.timeline)
    sections = report.logs if len(report.logs) < 2 else [*report.logs, report.all]
    return "\n".join(_section(part) for part in sections) or "No logs found.\n"


def _section(part: Section) -> str:
    total = part.total
    head = f"### {markdown_cell(part.name)}: {part.show(total)}"
    if part.stated is not None and part.stated != total:
        head += f" (stated {part.show(part.stated)})"
    if part.errors:
        head += f" — {part.errors} error{'' if part.errors == 1 else 's'}, see `arena-lint check`"
    lines = [head, "", "| entry | hours | share |", "|---|---:|---:|"]
    lines += [_row(part, row, depth, total) for depth, row in part.walk()]
    return "\n".join(lines) + "\n"


def _row(part: Section, row: Row, depth: int, total: Fraction) -> str:
    label = (
        "&nbsp;&nbsp;" * depth
        + markdown_cell(row.label)
        + (" (logged twice)" if row.duplicate else "")
    )
    if depth == 0:
        label = f"**{label}**"
    shown = not row.skipped and row.timed
    hours = part.show(row.hours) if shown else ("skipped" if row.skipped else "no time")
    share = f"{float(row.hours / total) * 100:.1f}%" if total and shown else ""
    return f"| {label} | {hours} | {share} |"


def timeline(line: Timeline) -> str:
    """A table with a row per week or month and a column per chapter."""
    if not line.rows:
        return line.empty()
    show = line.show
    unit = "week of" if line.unit == "week" else "month"
    heads = [unit, "hours", "total", *(markdown_cell(row.label) for row in line.chapters)]
    lines = [
        f"### Hours by {line.unit}: {show(line.total)}",
        "",
        "| " + " | ".join(heads) + " |",
        "|---" + "|---:" * (len(heads) - 1) + "|",
    ]
    for period in line.rows:
        cells = [
            period.label,
            show(period.hours),
            f"**{show(period.running)}**",
            *(show(hours) if hours else "" for hours in period.chapters),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    undated = line.undated_posts
    if undated:
        lines.append("")
        lines += [
            f"- undated: {markdown_cell(p.path)} ({markdown_cell(p.source)})" for p in undated
        ]
    return "\n".join(lines) + "\n"
