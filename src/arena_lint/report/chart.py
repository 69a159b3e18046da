"""A small SVG bar chart: one bar per chapter, its exercises stacked inside it.

Written by hand (a few dozen elements), so no plotting library is needed; it
renders in browsers and on GitHub. Every bar segment carries ``data-hours``.
"""

from __future__ import annotations

from fractions import Fraction

from ..durations import exact_string
from ..escape import xml_attribute, xml_document, xml_text
from . import Report, Section

WIDTH = 760
LABEL = 280
HOURS = 70
ROW = 30
BAR = 20
TOP = 44
COLOURS = ["#2b6cb0", "#4299e1", "#90cdf4", "#3182ce", "#63b3ed", "#bee3f8"]


def render_report(report: Report) -> str:
    """The chart ``--chart`` writes for ``report``."""
    return render(report.all)


def render(part: Section, title: str = "Hours per chapter") -> str:
    rows = [row for row in part.rows if not row.skipped]
    scale_max = max((row.hours for row in rows), default=Fraction(0))
    plot = WIDTH - LABEL - HOURS - 20
    height = TOP + ROW * len(rows) + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif" font-size="13">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="24" font-size="16" font-weight="600" fill="#1a202c">'
        f"{xml_text(title)}: {part.show(part.total)}</text>",
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        out.append(
            f'<g class="chapter" data-label="{xml_attribute(row.label)}" '
            f'data-hours="{exact_string(row.hours)}">'
        )
        out.append(
            f'<text x="{LABEL - 8}" y="{y + 15}" text-anchor="end" fill="#2d3748">'
            f"{xml_text(_short(row.label))}</text>"
        )
        x = Fraction(LABEL)
        parts = [child for child in row.children if child.hours] or [row]
        leftover = row.hours - sum((child.hours for child in parts), Fraction(0))
        if leftover > 0:
            parts = [*parts, row]
        for position, part_row in enumerate(parts):
            hours = leftover if part_row is row and row.children else part_row.hours
            width = hours / scale_max * plot if scale_max else Fraction(0)
            out.append(
                f'<rect class="segment" x="{float(x):.2f}" y="{y}" width="{float(width):.2f}" '
                f'height="{BAR}" fill="{COLOURS[position % len(COLOURS)]}" '
                f'data-hours="{exact_string(hours)}">'
                f"<title>{xml_text(part_row.label)}: {part.show(hours)}</title></rect>"
            )
            x += width
        out.append(
            f'<text x="{float(x) + 6:.2f}" y="{y + 15}" fill="#2d3748">'
            f"{part.show(row.hours)}</text>"
        )
        out.append("</g>")
    out.append("</svg>")
    return xml_document("\n".join(out) + "\n")


def _short(label: str, limit: int = 36) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
