"""CSV: one line per entry, per log and for all logs together."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from ..durations import exact_string
from ..escape import display_path, for_csv
from .records import HoursReport, Row, Section

if TYPE_CHECKING:
    from .plan import Plan
    from .records import Timeline

COLUMNS = [
    "log",
    "depth",
    "kind",
    "number",
    "title",
    "hours",
    "share",
    "skipped",
    "duplicate",
    "sources",
]


def render(report: HoursReport) -> str:
    # One table a file: the periods when asked for (--by), else the plan when
    # there is an outline, else the hours of each entry.
    if report.timeline is not None:
        return timeline(report.timeline)
    if report.plans:
        return plans(report.plans)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for part in [*report.logs, report.all]:
        for depth, row in part.walk():
            writer.writerow(_cells(part, row, depth))
    return stream.getvalue()


def _cells(part: Section, row: Row, depth: int) -> list[object]:
    total = part.total
    return [
        # Cells from the posts: no formula in a spreadsheet (OWASP), no
        # control character on a terminal.
        for_csv(f"{display_path(part.path)}:{part.line}" if part.path else part.name),
        depth,
        row.kind,
        for_csv(row.number or ""),
        for_csv(row.title or ""),
        exact_string(row.hours),
        f"{float(row.hours / total):.4f}" if total else "0",
        "yes" if row.skipped else "no",
        "yes" if row.duplicate else "no",
        for_csv(" ".join(row.sources)),
    ]


def timeline(line: Timeline) -> str:
    """One line per week or month (the undated posts last): exact hours, the
    running total, then a column per chapter, headed by its label."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(
        ["period", "start", "end", "hours", "running", "posts"]
        + [for_csv(row.label) for row in line.chapters]
    )
    for period in line.rows:
        writer.writerow(
            [
                period.label,
                period.start.isoformat() if period.start is not None else "",
                period.end.isoformat() if period.end is not None else "",
                exact_string(period.hours),
                exact_string(period.running),
                for_csv(" ".join(display_path(path) for path in period.posts)),
                *(exact_string(hours) for hours in period.chapters),
            ]
        )
    return stream.getvalue()


PLAN_COLUMNS = [
    "course",
    "depth",
    "kind",
    "number",
    "title",
    "spent",
    "planned",
    "status",
    "finished",
    "per_week",
    "finish",
    "sources",
]


def plans(parts: list[Plan]) -> str:
    """One line per course (its share finished, pace and projected finish), then one per
    chapter and exercise of its outline, then one per item logged that it lacks
    (status ``not in the outline``). Hours and shares exact."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(PLAN_COLUMNS)
    for part in parts:
        name = for_csv(part.name)
        rate = part.pace.per_week
        writer.writerow(
            [
                name,
                0,
                "course",
                "",
                for_csv(part.outline),
                exact_string(part.spent),
                exact_string(part.planned) if part.planned is not None else "",
                part.status,
                exact_string(part.finished),
                exact_string(rate) if rate is not None else "",
                part.pace.finish.isoformat() if part.pace.finish is not None else "",
                for_csv(" ".join(display_path(path) for path in part.posts)),
            ]
        )
        for depth, item in part.walk():
            writer.writerow(
                [
                    name,
                    depth + 1,
                    item.kind,
                    for_csv(item.number),
                    for_csv(item.title),
                    exact_string(item.spent),
                    exact_string(item.planned) if item.planned is not None else "",
                    item.status,
                    "",
                    "",
                    "",
                    for_csv(" ".join(item.sources)),
                ]
            )
        for row in part.extra:
            writer.writerow(
                [
                    name,
                    1 if row.kind == "chapter" else 2,
                    row.kind,
                    for_csv(row.number or ""),
                    for_csv(row.title or ""),
                    exact_string(row.hours),
                    "",
                    "not in the outline",
                    "",
                    "",
                    "",
                    for_csv(" ".join(row.sources)),
                ]
            )
    return stream.getvalue()
