"""SVG charts for ``report --chart``: hours per chapter, or per week or month.

Written by hand (a few dozen elements), so no plotting library is loaded, and
``check`` never imports this module. Both charts have a labelled hours axis
and a legend naming the chapters; colours are the Okabe-Ito palette, which
stays distinguishable with the common colour-vision deficiencies (after seven
chapters the colours come back hatched). Every label is SVG text (selectable,
searchable) and every title from a post is escaped. Bar segments carry their
exact hours in ``data-hours``; the periods' running total is a line on an
axis of its own, at the right.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING

from ..durations import exact_string
from ..escape import xml_attribute, xml_document, xml_text
from .records import HoursReport, Row, Section, decimals_for

if TYPE_CHECKING:
    from .plan import Plan
    from .records import Timeline

WIDTH = 760
LABEL = 280
ROW = 30
BAR = 20
TOP = 44
#: Okabe & Ito (2008), "Color Universal Design"; black is kept for text, the
#: axes and the running total.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
INK = "#1a1a1a"
GRID = "#d9d9d9"
CHAR = 7.0  # the width of a 12px character, near enough for laying out legends


def render_report(report: HoursReport) -> str:
    """The chart ``--chart`` writes for ``report``: per period with ``--by week|month``
    (with each outline's planned hours as a line beside the running total), else
    per chapter of the outline when there is one, else per chapter."""
    if report.timeline is not None:
        return render_timeline(report.timeline, report.plans)
    if len(report.plans) == 1:
        return render_plan(report.plans[0])
    return render(report.all)


def render_plan(plan: Plan) -> str:
    """One bar per chapter of the outline (the hours spent, its exercises stacked) and
    a mark at its planned hours."""
    rows = [
        Row(
            item.kind,
            item.number,
            item.title,
            item.spent,
            children=[
                Row(child.kind, child.number, child.title, child.spent) for child in item.children
            ],
        )
        for item in plan.items
    ]
    section = Section(None, None, rows)
    section._decimals = decimals_for(
        [row.hours for _, row in section.walk()]
        + [item.planned for item in plan.items if item.planned is not None]
    )
    heading = f"{plan.name}: spent against planned, {plan.percent()} finished"
    return render(section, heading, planned=[item.planned for item in plan.items])


def fill(index: int) -> str:
    """The fill of the ``index``-th chapter: a colour, hatched after the first seven."""
    if index < len(PALETTE):
        return PALETTE[index]
    return f"url(#hatch-{index % len(PALETTE)})"


def ticks(top: Fraction, count: int = 5) -> list[Fraction]:
    """Round axis values from 0 to at least ``top``: steps of 1, 2 or 5 times a power of 10."""
    if top <= 0:
        return [Fraction(0), Fraction(1)]
    raw = top / count
    power = Fraction(10) ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    steps = math.ceil(top / step)
    return [step * i for i in range(steps + 1)]


def render(
    part: Section, title: str = "Hours per chapter", planned: list[Fraction | None] | None = None
) -> str:
    """One bar per chapter, its exercises stacked inside it; an hours axis below.
    With ``planned`` (a figure per row), a mark at each row's planned hours."""
    rows = [row for row in part.rows if not row.skipped or planned is not None]
    marks = planned or [None] * len(rows)
    # A bar is as long as its chapter, or its exercises stacked when they are more (an
    # outline's exercise logged under another chapter): the axis reaches the longest.
    figures = [
        max(row.hours, sum((child.hours for child in row.children), Fraction(0))) for row in rows
    ] + [hours for hours in marks if hours is not None]
    scale = ticks(max(figures, default=Fraction(0)))
    plot = WIDTH - LABEL - 70
    bottom = TOP + ROW * len(rows)
    labels = [row.label for row in rows]
    legend, legend_height = _legend(labels, bottom + 44, line=False, planned=planned is not None)
    height = bottom + 44 + legend_height
    heading = title if planned is not None else f"{title}: {part.show(part.total)}"
    out = [*_open(height), _title(heading)]
    out += _axis_x(scale, LABEL, plot, TOP - 6, bottom, "hours")
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        out.append(
            f'<g class="chapter" data-label="{xml_attribute(row.label)}" '
            f'data-hours="{exact_string(row.hours)}">'
        )
        out.append(
            f'<text x="{LABEL - 8}" y="{y + 15}" text-anchor="end" fill="{INK}">'
            f"{xml_text(_short(row.label))}</text>"
        )
        x = Fraction(LABEL)
        parts = [child for child in row.children if child.hours] or [row]
        leftover = row.hours - sum((child.hours for child in parts), Fraction(0))
        if leftover > 0:
            parts = [*parts, row]
        for position, part_row in enumerate(parts):
            hours = leftover if part_row is row and row.children else part_row.hours
            width = hours / scale[-1] * plot
            # One colour per chapter; its exercises alternate in strength,
            # parted by a white line.
            out.append(
                f'<rect class="segment" x="{float(x):.2f}" y="{y}" width="{float(width):.2f}" '
                f'height="{BAR}" fill="{fill(index)}" fill-opacity="{1 - 0.3 * (position % 2)}" '
                f'stroke="#ffffff" data-hours="{exact_string(hours)}">'
                f"<title>{xml_text(part_row.label)}: {part.show(hours)}</title></rect>"
            )
            x += width
        mark = marks[index]
        said = part.show(row.hours)
        if mark is not None:
            at = LABEL + float(mark / scale[-1]) * plot
            out.append(
                f'<line class="planned" x1="{at:.2f}" y1="{y - 3}" x2="{at:.2f}" '
                f'y2="{y + BAR + 3}" stroke="{INK}" stroke-width="2" stroke-dasharray="4 2" '
                f'data-hours="{exact_string(mark)}">'
                f"<title>planned: {part.show(mark)}</title></line>"
            )
            said += f" of {part.show(mark)}"
            x = max(x, Fraction(at))
        out.append(f'<text x="{float(x) + 6:.2f}" y="{y + 15}" fill="{INK}">{said}</text>')
        out.append("</g>")
    out += legend
    out.append("</svg>")
    return xml_document("\n".join(out) + "\n")


def render_timeline(line: Timeline, plans: list[Plan] | None = None) -> str:
    """A bar per week or month, stacked by chapter, and the running total as a line;
    beside it, a dashed line at each outline's planned hours (on the same axis)."""
    periods = line.periods
    targets = [(plan, plan.planned) for plan in plans or [] if plan.planned is not None]
    left, right, top, plot_height = 70, 80, 56, 260
    slot = max(14.0, min(120.0, (WIDTH - left - right) / max(len(periods), 1)))
    plot_width = slot * max(len(periods), 1)
    width = round(left + plot_width + right)
    bottom = top + plot_height
    bars = ticks(max((p.hours for p in periods), default=Fraction(0)))
    reach = [periods[-1].running] if periods else []
    running = ticks(max([*reach, *(hours for _, hours in targets)], default=Fraction(0)))
    labels = [row.label for row in line.chapters]
    legend, legend_height = _legend(
        labels, bottom + 52, line=True, width=width, planned=bool(targets)
    )
    undated = line.undated
    note = 24 if undated is not None else 0
    height = bottom + 52 + legend_height + note
    heading = f"Hours per {line.unit}: {line.show(line.total)}"
    out = [*_open(height, width), _title(heading)]
    out += _axis_y(bars, left, left + plot_width, top, plot_height, f"hours per {line.unit}")
    out += _axis_y(running, left + plot_width, None, top, plot_height, "total hours")
    every = math.ceil(75 / slot)  # labels at least 75px apart, so they never overlap
    points = []
    for index, period in enumerate(periods):
        x = left + slot * index
        out.append(
            f'<g class="period" data-label="{period.label}" '
            f'data-hours="{exact_string(period.hours)}" '
            f'data-running="{exact_string(period.running)}">'
        )
        y = Fraction(bottom)
        for chapter, (row, hours) in enumerate(zip(line.chapters, period.chapters, strict=True)):
            if not hours:
                continue
            size = hours / bars[-1] * plot_height
            y -= size
            out.append(
                f'<rect class="segment" x="{x + slot * 0.15:.2f}" y="{float(y):.2f}" '
                f'width="{slot * 0.7:.2f}" height="{float(size):.2f}" fill="{fill(chapter)}" '
                f'stroke="#ffffff" stroke-width="0.5" data-hours="{exact_string(hours)}">'
                f"<title>{period.label}, {xml_text(row.label)}: {line.show(hours)}</title></rect>"
            )
        if index % every == 0:
            out.append(
                f'<text x="{x + slot / 2:.2f}" y="{bottom + 18}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{period.label}</text>'
            )
        out.append("</g>")
        run_y = bottom - float(period.running / running[-1]) * plot_height
        points.append(f"{x + slot / 2:.2f},{run_y:.2f}")
    if points:
        out.append(
            f'<polyline class="running" points="{" ".join(points)}" fill="none" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
        out += [
            f'<circle cx="{point.split(",")[0]}" cy="{point.split(",")[1]}" r="3" fill="{INK}"/>'
            for point in points
        ]
    for plan, hours in targets:
        at = bottom - float(hours / running[-1]) * plot_height
        out.append(
            f'<line class="planned" x1="{left}" y1="{at:.2f}" x2="{left + plot_width:.2f}" '
            f'y2="{at:.2f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 3" '
            f'data-hours="{exact_string(hours)}" data-course="{xml_attribute(plan.name)}">'
            f"<title>{xml_text(plan.name)}: {line.show(hours)} planned</title></line>"
        )
    out += legend
    if undated is not None:
        posts = len(undated.posts)
        out.append(
            f'<text class="note" x="10" y="{height - 10}" fill="{INK}">'
            f"Not drawn: {line.show(undated.hours)} in {posts} undated "
            f"post{'' if posts == 1 else 's'} (no date in front matter or file name).</text>"
        )
    out.append("</svg>")
    return xml_document("\n".join(out) + "\n")


def _open(height: int, width: int = WIDTH) -> list[str]:
    patterns = "".join(
        f'<pattern id="hatch-{i}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/>'
        f'<rect width="2" height="6" fill="#ffffff"/></pattern>'
        for i, colour in enumerate(PALETTE)
    )
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12" '
        f'role="img">',
        f"<defs>{patterns}</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _title(text: str) -> str:
    return (
        f'<text class="title" x="10" y="24" font-size="16" font-weight="600" fill="{INK}">'
        f"{xml_text(text)}</text>"
    )


def _axis_x(
    scale: list[Fraction], x: int, size: int, top: int, bottom: int, name: str
) -> list[str]:
    """A horizontal hours axis under the bars, with its grid."""
    out = [f'<g class="axis" data-axis="{name}">']
    for value in scale:
        at = x + float(value / scale[-1]) * size
        out.append(f'<line x1="{at:.2f}" y1="{top}" x2="{at:.2f}" y2="{bottom}" stroke="{GRID}"/>')
        out.append(
            f'<text class="tick" x="{at:.2f}" y="{bottom + 16}" text-anchor="middle" '
            f'fill="{INK}">{_number(value)}</text>'
        )
    out.append(f'<line x1="{x}" y1="{bottom}" x2="{x + size}" y2="{bottom}" stroke="{INK}"/>')
    out.append(
        f'<text class="axis-label" x="{x + size / 2:.2f}" y="{bottom + 34}" '
        f'text-anchor="middle" fill="{INK}">{name}</text>'
    )
    out.append("</g>")
    return out


def _axis_y(
    scale: list[Fraction], x: float, grid_to: float | None, top: int, size: int, name: str
) -> list[str]:
    """A vertical axis at ``x``: ticks to the left, or to the right when it has no grid."""
    left = grid_to is not None
    bottom = top + size
    out = [f'<g class="axis" data-axis="{name}">']
    for value in scale:
        at = bottom - float(value / scale[-1]) * size
        if grid_to is not None:
            out.append(
                f'<line x1="{x:.2f}" y1="{at:.2f}" x2="{grid_to:.2f}" y2="{at:.2f}" '
                f'stroke="{GRID}"/>'
            )
        out.append(
            f'<text class="tick" x="{x - 6 if left else x + 6:.2f}" y="{at + 4:.2f}" '
            f'text-anchor="{"end" if left else "start"}" fill="{INK}">{_number(value)}</text>'
        )
    out.append(f'<line x1="{x:.2f}" y1="{top}" x2="{x:.2f}" y2="{bottom}" stroke="{INK}"/>')
    if grid_to is not None:
        out.append(
            f'<line x1="{x:.2f}" y1="{bottom}" x2="{grid_to:.2f}" y2="{bottom}" stroke="{INK}"/>'
        )
    middle = top + size / 2
    turn = -90 if left else 90
    at_x = x - 50 if left else x + 55
    out.append(
        f'<text class="axis-label" x="{at_x:.2f}" y="{middle:.2f}" text-anchor="middle" '
        f'transform="rotate({turn} {at_x:.2f} {middle:.2f})" fill="{INK}">{name}</text>'
    )
    out.append("</g>")
    return out


def _legend(
    labels: list[str], top: int, *, line: bool, width: int = WIDTH, planned: bool = False
) -> tuple[list[str], int]:
    """A swatch and a name per chapter (and the running total, the planned hours),
    wrapped into rows."""
    entries = [(fill(index), _short(label)) for index, label in enumerate(labels)]
    if planned:
        entries.append(("dash", "planned hours" + (" (right axis)" if line else "")))
    out = ['<g class="legend">']
    x, y = 10.0, float(top)
    for swatch, text in _with_line(entries, line):
        size = 22 + len(text) * CHAR + 16
        if x + size > width - 10 and x > 10:
            x, y = 10.0, y + 20
        if swatch == "dash":
            out.append(
                f'<g class="legend-entry"><line x1="{x:.2f}" y1="{y - 4:.2f}" x2="{x + 14:.2f}" '
                f'y2="{y - 4:.2f}" stroke="{INK}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        elif swatch == "line":
            out.append(
                f'<g class="legend-entry"><line x1="{x:.2f}" y1="{y - 4:.2f}" x2="{x + 14:.2f}" '
                f'y2="{y - 4:.2f}" stroke="{INK}" stroke-width="2"/>'
            )
        else:
            out.append(
                f'<g class="legend-entry"><rect x="{x:.2f}" y="{y - 10:.2f}" width="14" '
                f'height="12" fill="{swatch}"/>'
            )
        out.append(f'<text x="{x + 20:.2f}" y="{y:.2f}" fill="{INK}">{xml_text(text)}</text></g>')
        x += size
    out.append("</g>")
    return out, round(y - top) + 20


def _with_line(entries: list[tuple[str, str]], line: bool) -> Iterator[tuple[str, str]]:
    yield from entries
    if line:
        yield ("line", "running total (right axis)")


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _short(label: str, limit: int = 36) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
