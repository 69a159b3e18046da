"""CSV: one line per entry, per log and for all logs together."""

from __future__ import annotations

import csv
import io

from ..durations import exact_string
from . import Report, Row, Section

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


def render(report: Report) -> str:
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
        part.name,
        depth,
        row.kind,
        row.number or "",
        row.title or "",
        exact_string(row.hours),
        f"{float(row.hours / total):.4f}" if total else "0",
        "yes" if row.skipped else "no",
        "yes" if row.duplicate else "no",
        " ".join(row.sources),
    ]
