"""A Markdown table per log (and one for all logs), to paste into a post or a job summary."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..escape import markdown_cell
from .records import HoursReport, Row, Section

if TYPE_CHECKING:
    from .plan import Plan
    from .records import Timeline


def render(report: HoursReport) -> str:
    plans = "".join("\n" + plan(part) for part in report.plans)
    if report.timeline is not None:
        return timeline(report.timeline) + plans
    sections = report.logs if len(report.logs) < 2 else [*report.logs, report.all]
    return ("\n".join(_section(part) for part in sections) or "No logs found.\n") + plans


def plan(part: Plan) -> str:
    """A course against its outline: a row per chapter and exercise."""
    lines = [
        f"### Plan: {markdown_cell(part.name)} ({markdown_cell(part.outline)}): "
        f"{part.percent()} finished",
        "",
        f"{markdown_cell(part.summary())}; {markdown_cell(part.pace_line())}.",
        "",
        "| item | spent | planned | status |",
        "|---|---:|---:|---|",
    ]
    for depth, item in part.walk():
        label = "&nbsp;&nbsp;" * depth + markdown_cell(item.label)
        if depth == 0:
            label = f"**{label}**"
        lines.append(
            f"| {label} | {part.spent_cell(item)} | {part.planned_cell(item)} | {item.status} |"
        )
    if part.extra:
        lines.append("")
        lines += [
            f"- not in the outline: {markdown_cell(row.label)}, "
            f"{'skipped' if row.skipped else part.show(row.hours)} "
            f"({markdown_cell(', '.join(row.sources))})"
            for row in part.extra
        ]
    return "\n".join(lines) + "\n"


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
