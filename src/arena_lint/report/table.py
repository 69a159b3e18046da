"""The terminal view: an aligned table with horizontal bars, fitted to the width."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..escape import display_path, for_log
from ..words import plural
from .records import HoursReport, Row, Section

if TYPE_CHECKING:
    from .plan import Plan
    from .records import Timeline

_EIGHTHS = " ▏▎▍▌▋▊▉"


def render(report: HoursReport, *, width: int = 80, ascii: bool = False) -> str:
    plans = "".join("\n" + plan(part, width=width, ascii=ascii) for part in report.plans)
    if report.timeline is not None:
        return timeline(report.timeline, width=width, ascii=ascii) + plans
    sections = report.logs if len(report.logs) < 2 else [*report.logs, report.all]
    if not report.logs:
        return "No logs found.\n" + plans
    return "\n".join(_section(part, width, ascii) for part in sections) + plans


def plan(part: Plan, *, width: int = 80, ascii: bool = False) -> str:
    """A course against its outline: spent and planned hours and the status of each
    chapter and exercise, how far through, the pace and the projected finish."""
    from .plan import plan_name

    lines = [
        f"plan: {for_log(plan_name(part), line_start=True)}, {plural(len(part.posts), 'post')}",
        f"  {part.summary()}",
    ]
    flat = part.walk()
    labels = ["  " * depth + for_log(item.label) for depth, item in flat]
    cells = [[part.spent_cell(item), part.planned_cell(item), item.status] for _, item in flat]
    widths = [max([len(head), *(len(row[i]) for row in cells)]) for i, head in enumerate(_HEADS)]
    room = width - 2 - sum(widths) - 2 * len(widths)
    label_width = max(8, min(max((len(label) for label in labels), default=8), room))
    lines.append("  " + f"{'':<{label_width}}  " + _figures(list(_HEADS), widths).rstrip())
    for label, row in zip(labels, cells, strict=True):
        if len(label) > label_width:
            label = label[: label_width - 1] + ("~" if ascii else "…")
        lines.append(f"  {label:<{label_width}}  {_figures(row, widths)}".rstrip())
    for extra in part.extra:
        where = ", ".join(display_path(source) for source in extra.sources)
        hours = "skipped" if extra.skipped else part.show(extra.hours)
        lines.append(f"  not in the outline: {for_log(extra.label)} {hours} ({where})")
    lines.append(f"  {part.pace_line()}")
    return "\n".join(lines) + "\n"


_HEADS = ("spent", "planned", "status")


def _figures(texts: list[str], widths: list[int]) -> str:
    # Hours right-aligned, the status left.
    return f"{texts[0]:>{widths[0]}}  {texts[1]:>{widths[1]}}  {texts[2]:<{widths[2]}}"


def bar(fraction: Fraction, cells: int, *, ascii: bool = False) -> str:
    """A horizontal bar ``fraction`` (0..1) of ``cells`` long, in eighths of a cell."""
    eighths = round(fraction * cells * 8)
    if ascii:
        return "#" * round(eighths / 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def _section(part: Section, width: int, ascii: bool) -> str:
    total = part.total
    head = f"{_name(part)}: {part.show(total)}"
    if part.stated is not None and part.stated != total:
        head += f" (stated {part.show(part.stated)}; the entries are used)"
    problems = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((part.errors, "error"), (part.warnings, "warning"))
        if n
    ]
    if problems:
        head += f"  [{' and '.join(problems)} in this log: see arena-lint check]"
    lines = [head]
    flat = part.walk()
    hours = [_hours(part, row) for _, row in flat]
    hours_width = max((len(text) for text in hours), default=1)
    labels = [
        (
            "  " * depth
            + for_log(row.label, line_start=True)
            + (" (x" + str(len(row.sources)) + ")" if row.duplicate else "")
        )
        for depth, row in flat
    ]
    bar_cells = max(10, min(30, width // 4))
    label_width = max(
        8,
        min(max((len(label) for label in labels), default=8), width - hours_width - bar_cells - 14),
    )
    for (_, row), label, text in zip(flat, labels, hours, strict=True):
        if len(label) > label_width:
            label = label[: label_width - 1] + ("~" if ascii else "…")
        share = row.hours / total if total else Fraction(0)
        shown = not row.skipped and row.timed
        percent = f"{float(share) * 100:5.1f}%" if shown else "      "
        drawn = bar(share, bar_cells, ascii=ascii) if shown else ""
        lines.append(
            f"  {label:<{label_width}}  {text:>{hours_width}}  {percent}  {drawn}".rstrip()
        )
    skipped = part.skipped()
    if skipped:
        lines.append("  skipped: " + ", ".join(for_log(row.label) for row in skipped))
    counts = part.counts()
    lines.append(
        f"  {plural(counts['chapters'], 'chapter')}, {plural(counts['exercises'], 'exercise')}, "
        f"{counts['skipped']} skipped"
    )
    return "\n".join(lines) + "\n"


def _name(part: Section) -> str:
    # Titles and paths come from the posts; this table is printed on terminals
    # and in CI logs, where a line must not be a workflow command.
    return "all logs" if part.path is None else f"{display_path(part.path)}:{part.line}"


def _hours(part: Section, row: Row) -> str:
    if row.skipped:
        return "skipped"
    return part.show(row.hours) if row.timed else "no time"


def timeline(line: Timeline, *, width: int = 80, ascii: bool = False) -> str:
    """One line per week or month: hours, running total, hours per chapter, a bar."""
    if not line.rows:
        return line.empty()
    show = line.show
    unit = "week of" if line.unit == "week" else "month"
    heads = [unit, "hours", "total"]
    cells = [
        [period.label, show(period.hours), show(period.running)]
        + [show(hours) if hours else "-" for hours in period.chapters]
        for period in line.rows
    ]
    chapter_heads = [for_log(line.short(row)) for row in line.chapters]
    columns = list(zip(*[[*heads, *chapter_heads], *cells], strict=True))
    widths = [max(len(text) for text in column) for column in columns]
    used = 2 + sum(widths) + 2 * len(widths)
    per_chapter = bool(line.chapters) and used + 10 <= width
    if not per_chapter:  # too many chapters for the width: they stay in the other formats
        widths = widths[:3]
        used = 2 + sum(widths) + 2 * len(widths)
    bar_cells = max(10, min(30, width - used))
    longest = max(period.hours for period in line.rows)
    posts = len(line.dates)
    lines = [
        f"hours by {line.unit}: {show(line.total)} in {plural(posts, 'post')}"
        + (" (ISO weeks, from Monday)" if line.unit == "week" else "")
    ]
    head_cells = [*heads, *chapter_heads][: len(widths)]
    lines.append("  " + _cells(head_cells, widths).rstrip())
    for period, row in zip(line.rows, cells, strict=True):
        drawn = bar(period.hours / longest, bar_cells, ascii=ascii) if longest else ""
        lines.append(f"  {_cells(row[: len(widths)], widths)}{drawn}".rstrip())
    if per_chapter:
        lines += [
            f"  {for_log(line.short(row))}: {for_log(row.label)}"
            for row in line.chapters
            if line.short(row) != row.label
        ]
    else:
        lines.append("  per chapter: --format csv or json")
    lines += [
        f"  undated: {display_path(post.path)} ({for_log(post.source)})"
        for post in line.undated_posts
    ]
    return "\n".join(lines) + "\n"


def _cells(texts: list[str], widths: list[int]) -> str:
    # The label left, figures right-aligned so that their units line up.
    out = [f"{texts[0]:<{widths[0]}}  "]
    out += [f"{text:>{size}}  " for text, size in zip(texts[1:], widths[1:], strict=True)]
    return "".join(out)
