"""One report from the pipeline's results: a section per log, rows made from its
entries with their computed hours, and all logs together, rows of the same
course and number (or title) summed. Rows of one number whose titles disagree
are said, with the remedy (a ``course`` in each post's front matter).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..escape import display_path, for_log
from ..model import Entry, Log, computed_hours, log_hours
from .records import HoursReport, Row, Section

if TYPE_CHECKING:
    from ..api import FileResult


def section(
    path: str,
    log: Log,
    diagnostics: list[Diagnostic],
    course: str | None = None,
    title: str | None = None,
    outside: int = 0,
) -> Section:
    """The report of one log; its findings are those on its lines, plus ``outside``
    errors of its post that are in no log."""
    first, last = _lines(log)
    inside = [d for d in diagnostics if first <= d.line <= last]
    stated, _ = log_hours(log)
    return Section(
        path,
        first,
        [_row(path, entry, course) for entry in log.entries],
        stated,
        sum(d.severity is Severity.ERROR for d in inside) + outside,
        sum(d.severity is Severity.WARNING for d in inside),
        title,
    )


def _lines(log: Log) -> tuple[int, int]:
    """The first and last line of a log."""
    first = log.total.span.line if log.total is not None else log.span.line
    return first, max((entry.span.end_line for entry in log.walk()), default=first)


def _outside(diagnostics: list[Diagnostic], logs: tuple[Log, ...]) -> int:
    """The errors of a post that are on no log's lines (invalid front matter, ...):
    check fails on them, so they count for the post's first log."""
    spans = [_lines(log) for log in logs]
    return sum(
        d.severity is Severity.ERROR and not any(a <= d.line <= b for a, b in spans)
        for d in diagnostics
    )


def combine(sections: list[Section]) -> Section:
    """All logs together: rows matched by number (or title) and summed."""
    merged: dict[tuple[str, ...], Row] = {}
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
    together = combine(sections)
    if len({row.course for row in together.rows}) > 1:  # say whose chapter 1 each is
        for _, row in together.walk():
            row.show_course = True
    return HoursReport(sections, together, conflicts=title_conflicts(sections))


def title_conflicts(sections: list[Section]) -> list[str]:
    """One line for each row summed from entries of one number whose titles disagree
    (neither starts with the other: ``Vectors`` and ``Vectors, again`` agree)."""
    first: dict[tuple[tuple[str, ...], ...], Row] = {}
    said: set[tuple[tuple[str, ...], ...]] = set()
    lines = []

    def visit(row: Row, parents: tuple[tuple[str, ...], ...]) -> None:
        path = (*parents, row.key)
        seen = first.setdefault(path, row)
        if row.number is not None and path not in said and not _agree(seen.title, row.title):
            said.add(path)
            where = f"{display_path(seen.sources[0])}, {display_path(row.sources[0])}"
            lines.append(
                f"{row.kind} {for_log(row.number)} is titled {for_log(repr(seen.title))} and "
                f"{for_log(repr(row.title))} ({where}): summed as one; if they are different "
                "courses, name each post's `course` in its front matter"
            )
        for child in row.children:
            visit(child, path)

    for part in sections:
        for row in part.rows:
            visit(row, ())
    return lines


def _agree(one: str | None, other: str | None) -> bool:
    a, b = _fold(one), _fold(other)
    return not a or not b or a.startswith(b) or b.startswith(a)


def _fold(title: str | None) -> str:
    """A title as matched across posts: case, runs of spaces and a trailing colon or
    dot do not make two entries different."""
    return " ".join((title or "").casefold().split()).rstrip(":.").strip()


def _row(path: str, entry: Entry, course: str | None = None) -> Row:
    return Row(
        entry.kind,
        entry.number,
        entry.title,
        computed_hours(entry),
        entry.skipped,
        entry.skipped or entry.hours() is not None or entry.duration is not None,
        [f"{path}:{entry.span.line}"],
        [_row(path, child, course) for child in entry.children],
        course,
    )


def _merge(row: Row, merged: dict[tuple[str, ...], Row], order: list[Row]) -> None:
    existing = merged.get(row.key)
    if existing is None:
        copy = Row(
            row.kind,
            row.number,
            row.title,
            row.hours,
            row.skipped,
            row.timed,
            list(row.sources),
            course=row.course,
        )
        merged[row.key] = copy
        order.append(copy)
        children: dict[tuple[str, ...], Row] = {}
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


def from_results(results: Iterable[FileResult]) -> HoursReport:
    """The report of every log the pipeline found in ``results``."""
    sections = [
        section(
            result.path,
            log,
            result.diagnostics,
            course_of(result.document.front_matter),
            _front_matter_string(result.document.front_matter, "title"),
            _outside(result.diagnostics, result.document.logs) if index == 0 else 0,
        )
        for result in results
        if result.document is not None
        for index, log in enumerate(result.document.logs)
    ]
    return build(sections)


def course_of(front_matter: Any) -> str | None:
    """The ``course`` a post's front matter names (a non-empty string), if any."""
    return _front_matter_string(front_matter, "course")


def _front_matter_string(front_matter: Any, key: str) -> str | None:
    data = getattr(front_matter, "data", None)
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None
