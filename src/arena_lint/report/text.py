"""The terminal view: an aligned table with horizontal bars, fitted to the width."""

from __future__ import annotations

from fractions import Fraction

from ..words import plural
from . import Report, Row, Section

_EIGHTHS = " ▏▎▍▌▋▊▉"


def render(report: Report, *, width: int = 80, ascii: bool = False) -> str:
    sections = report.logs if len(report.logs) < 2 else [*report.logs, report.all]
    if not report.logs:
        return "No logs found.\n"
    return "\n".join(_section(part, width, ascii) for part in sections)


def bar(fraction: Fraction, cells: int, *, ascii: bool = False) -> str:
    """A horizontal bar ``fraction`` (0..1) of ``cells`` long, in eighths of a cell."""
    eighths = round(fraction * cells * 8)
    if ascii:
        return "#" * round(eighths / 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def _section(part: Section, width: int, ascii: bool) -> str:
    total = part.total
    head = f"{part.name}: {part.show(total)}"
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
        ("  " * depth + row.label + (" (x" + str(len(row.sources)) + ")" if row.duplicate else ""))
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
        lines.append("  skipped: " + ", ".join(row.label for row in skipped))
    counts = part.counts()
    lines.append(
        f"  {plural(counts['chapters'], 'chapter')}, {plural(counts['exercises'], 'exercise')}, "
        f"{counts['skipped']} skipped"
    )
    return "\n".join(lines) + "\n"


def _hours(part: Section, row: Row) -> str:
    if row.skipped:
        return "skipped"
    return part.show(row.hours) if row.timed else "no time"
