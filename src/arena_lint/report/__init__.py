"""``arena-lint report``: where the time went, per log and across a whole blog.

Built from the typed trees the pipeline returns. Hours are *computed*, from
the leaves (:func:`arena_lint.model.computed_hours`, as ``--fix`` would make
them); a log's *stated* total is shown beside them when it differs.
Chapters and exercises of different logs are matched by number, other entries
by title; the same exercise logged twice is summed and flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..durations import exact_string, format_hours
from ..model import Entry, Log, computed_hours, log_hours

if TYPE_CHECKING:
    from ..api import FileResult
    from .periods import Timeline


@dataclass
class Row:
    """A chapter, exercise or other entry with its hours (exact)."""

    kind: str
    number: str | None
    title: str | None
    hours: Fraction
    skipped: bool = False
    timed: bool = True
    """``False`` for a chapter or exercise logged without any time."""
    sources: list[str] = field(default_factory=list)
    """``path:line`` of every entry summed into this row."""
    children: list[Row] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.number) if self.number is not None else ("title", self.title or "")

    @property
    def label(self) -> str:
        if self.kind == "chapter":
            head = f"Chapter {self.number}"
        elif self.kind == "exercise":
            head = f"{self.number}"
        else:
            head = ""
        return " ".join(part for part in (head, self.title or "") if part) or "(untitled)"

    @property
    def duplicate(self) -> bool:
        """An exercise logged more than once (chapters spread over posts are expected)."""
        return self.kind == "exercise" and len(self.sources) > 1

    def walk(self, depth: int = 0) -> list[tuple[int, Row]]:
        """This row and every row below it, depth first, with their depth."""
        return [(depth, self), *(pair for child in self.children for pair in child.walk(depth + 1))]

    def to_json(self, total: Fraction) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "hours": exact_string(self.hours),
            "share": _share(self.hours, total),
            "skipped": self.skipped,
            "timed": self.timed,
            "duplicate": self.duplicate,
            "sources": list(self.sources),
            "children": [child.to_json(total) for child in self.children],
        }


@dataclass
class Section:
    """One log (``path`` and ``line``), or all of them together (``path`` is ``None``)."""

    path: str | None
    line: int | None
    rows: list[Row]
    stated: Fraction | None = None
    errors: int = 0
    warnings: int = 0
    _decimals: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def total(self) -> Fraction:
        return sum((row.hours for row in self.rows), Fraction(0))

    @property
    def name(self) -> str:
        return f"{self.path}:{self.line}" if self.path is not None else "all logs"

    def walk(self) -> list[tuple[int, Row]]:
        """Every row of this section, depth first, with its depth: the one tree walk."""
        return [pair for top in self.rows for pair in top.walk()]

    def show(self, hours: Fraction) -> str:
        """``hours`` for display, with as many decimals as this section's figures need
        (up to two: ``8.0h`` beside ``8.7h``), else as :func:`format_hours` writes it."""
        if self._decimals is None:  # once: every row of a report is shown through here
            values = [row.hours for _, row in self.walk()] + [self.total]
            self._decimals = 1
            if any((value * 10).denominator != 1 for value in values):
                self._decimals = 2
        decimals = self._decimals
        if (hours * 10**decimals).denominator != 1:
            return format_hours(hours)
        return f"{float(hours):.{decimals}f}h"

    def skipped(self) -> list[Row]:
        return [row for _, row in self.walk() if row.skipped]

    def counts(self) -> dict[str, int]:
        rows = [row for _, row in self.walk()]
        return {
            "chapters": sum(row.kind == "chapter" for row in rows),
            "exercises": sum(row.kind == "exercise" for row in rows),
            "skipped": sum(row.skipped for row in rows),
            "entries": len(rows),
        }

    def to_json(self) -> dict[str, Any]:
        total = self.total
        return {
            "path": self.path,
            "line": self.line,
            "stated": exact_string(self.stated) if self.stated is not None else None,
            "hours": exact_string(total),
            "errors": self.errors,
            "warnings": self.warnings,
            "counts": self.counts(),
            "rows": [row.to_json(total) for row in self.rows],
        }


@dataclass
class HoursReport:
    """What ``arena-lint report`` shows: the hours of each log, of all of them
    together, and with ``--by`` the timeline (``check``'s findings are a
    :class:`~arena_lint.formatters.CheckReport`)."""

    logs: list[Section]
    all: Section
    timeline: Timeline | None = None
    """With ``--by week|month``: the hours per period (``periods.py``)."""

    def to_json(self) -> dict[str, Any]:
        data = {"logs": [log.to_json() for log in self.logs], "all": self.all.to_json()}
        if self.timeline is not None:
            data["timeline"] = self.timeline.to_json()
        return data


def section(path: str, log: Log, diagnostics: list[Diagnostic]) -> Section:
    """The report of one log; its findings are those on its lines."""
    first = log.total.span.line if log.total is not None else log.span.line
    last = max((entry.span.end_line for entry in log.walk()), default=first)
    inside = [d for d in diagnostics if first <= d.line <= last]
    stated, _ = log_hours(log)
    return Section(
        path,
        first,
        [_row(path, entry) for entry in log.entries],
        stated,
        sum(d.severity is Severity.ERROR for d in inside),
        sum(d.severity is Severity.WARNING for d in inside),
    )


def combine(sections: list[Section]) -> Section:
    """All logs together: rows matched by number (or title) and summed."""
    merged: dict[tuple[str, str], Row] = {}
    order: list[Row] = []
    for part in sections:
        for row in part.rows:
            _merge(row, merged, order)
    stated = [part.stated for part in sections]
    total = None
    if stated and all(value is not None for value in stated):
        total = sum((value for value in stated if value is not None), Fraction(0))
    return Section(
        None,
        None,
        order,
        total,
        sum(part.errors for part in sections),
        sum(part.warnings for part in sections),
    )


def build(sections: list[Section]) -> HoursReport:
    return HoursReport(sections, combine(sections))


def _row(path: str, entry: Entry) -> Row:
    return Row(
        entry.kind,
        entry.number,
        entry.title,
        computed_hours(entry),
        entry.skipped,
        entry.skipped or entry.hours() is not None or entry.duration is not None,
        [f"{path}:{entry.span.line}"],
        [_row(path, child) for child in entry.children],
    )


def _merge(row: Row, merged: dict[tuple[str, str], Row], order: list[Row]) -> None:
    existing = merged.get(row.key)
    if existing is None:
        copy = Row(
            row.kind, row.number, row.title, row.hours, row.skipped, row.timed, list(row.sources)
        )
        merged[row.key] = copy
        order.append(copy)
        children: dict[tuple[str, str], Row] = {}
        for child in row.children:
            _merge(child, children, copy.children)
        return
    existing.hours += row.hours
    existing.skipped = existing.skipped and row.skipped
    existing.timed = existing.timed or row.timed
    existing.sources.extend(row.sources)
    existing.title = existing.title or row.title
    children = {child.key: child for child in existing.children}
    for child in row.children:
        _merge(child, children, existing.children)


def _share(hours: Fraction, total: Fraction) -> float:
    """A share of the total, rounded for display (the hours stay exact)."""
    return round(float(hours / total), 4) if total else 0.0


def from_results(results: Iterable[FileResult]) -> HoursReport:
    """The report of every log the pipeline found in ``results``."""
    sections = [
        section(result.path, log, result.diagnostics)
        for result in results
        if result.document is not None
        for log in result.document.logs
    ]
    return build(sections)
