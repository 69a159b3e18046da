"""Hours over time: each post's date, and the hours per week or month.

A post's date is its front matter ``date`` (a YAML/TOML date or datetime, or a
string as Jekyll, Hugo and Astro write it: ``2024-01-07``,
``2024-01-07 10:00:00 +0100``, ``2024-01-07T10:00:00Z``), else the date that
starts a Jekyll-style file name (``2024-01-07-week-1.md``). A post with
neither is *undated*, and the reason is kept so it can be said; a date is
never guessed from the file's times, which a checkout resets.

The day is taken as written: a post dated ``2024-01-07T23:30-05:00`` was
written on the 7th where its author was, whatever the day in UTC.

Weeks are ISO weeks (Monday to Sunday), labelled by their Monday; periods
without a post are kept, with 0 hours, so that gaps show. A run of more than
:data:`MAX_EMPTY_RUN` of them is one row, "no posts from ... to ...": two posts
dated 0001-01-01 and 9999-12-31 make three rows, not 521,722 weeks. The undated posts
come last, as one more row, so the running total always ends at the hours of
every log in the report.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .collect import combine, course_of, from_results
from .records import HoursReport, Period, PostDate, Row, Section, Timeline, Unit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..api import FileResult
    from ..course import Outline
    from .planning import Target

# The date that starts an ISO date or datetime, as every static site generator
# writes it; what follows (a time, an offset, a zone name) does not move the day.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]|$)")
# Jekyll's `_posts/YEAR-MONTH-DAY-title.MARKUP`.
_JEKYLL_NAME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})-[^/]+$")


def post_date(path: str, front_matter: Any, error: str | None = None) -> PostDate:
    """The date of the post at ``path`` whose front matter data is ``front_matter``;
    ``error`` is why its front matter could not be read. Such a post is undated, not
    dated by its file name: the date it means is in the front matter that failed."""
    if error is not None:
        return PostDate(path, None, f"its front matter cannot be read ({_cut(error)})", True)
    value = front_matter.get("date") if isinstance(front_matter, dict) else None
    if value is not None:
        # Front matter data has dates as ISO strings already (frontmatter.py).
        written = str(value)
        day = _read_date(written) if isinstance(value, str) else None
        if day is None:
            shown = _cut(written, 40)
            return PostDate(path, None, f"its front matter date {shown!r} is not a date", True)
        return PostDate(path, day, "front matter")
    match = _JEKYLL_NAME.fullmatch(os.path.basename(path))
    if match is not None:
        day = _read_date(match.group(0)[:10])
        if day is not None:
            return PostDate(path, day, "file name")
    return PostDate(path, None, "no date in its front matter or file name")


def _cut(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_date(text: str) -> datetime.date | None:
    match = _ISO_DATE.match(text.strip())
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:  # 2024-02-30
        return None


def period_start(day: datetime.date, unit: Unit) -> datetime.date:
    """The first day of the week (its Monday) or month holding ``day``."""
    if unit == "week":
        return day - datetime.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    raise ValueError(f"no period for {unit!r}")


def next_start(start: datetime.date, unit: Unit) -> datetime.date | None:
    """The start of the period after the one starting at ``start``; ``None`` past the
    calendar's last day (9999-12-31), which a post may be dated with."""
    try:
        if unit == "week":
            return start + datetime.timedelta(days=7)
        if start.month == 12:
            return start.replace(year=start.year + 1, month=1)
        return start.replace(month=start.month + 1)
    except (OverflowError, ValueError):
        return None


def build_report(
    results: Iterable[FileResult],
    unit: Unit = "post",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    outlines: Sequence[Target | Outline] = (),
    pace_weeks: int | None = None,
) -> HoursReport:
    """:func:`~arena_lint.report.from_results`, over the posts dated from ``since``
    to ``until`` (inclusive; undated posts are left out when either is given),
    with the hours per ``unit`` when it is ``"week"`` or ``"month"``, and each of
    ``outlines`` against its course's posts (their pace over ``pace_weeks``, at
    least 1: a ValueError otherwise)."""
    if pace_weeks is not None and pace_weeks < 1:
        # 0 would be taken for "unset" below, and a pace needs at least one week.
        raise ValueError(f"pace_weeks must be at least 1, not {pace_weeks}")
    with_logs = [r for r in results if r.document is not None and r.document.logs]
    dates = [_date_of(r) for r in with_logs]
    bounded = since is not None or until is not None
    kept = [
        (result, when)
        for result, when in zip(with_logs, dates, strict=True)
        if not bounded or (when.date is not None and _within(when.date, since, until))
    ]
    report = from_results(result for result, _ in kept)
    if bounded:
        undated = sum(when.date is None for when in dates)
        report.left_out = (len(dates) - undated - len(kept), undated)
    if unit != "post" or bounded or outlines:  # dates were used: unread ones matter
        report.unread_dates = [when for when in dates if when.unreadable]
    if unit != "post":
        report.timeline = timeline(report, [when for _, when in kept], unit, since, until)
    if outlines:
        from .plan import PACE_WEEKS
        from .planning import build_plan

        courses = {
            result.path: course_of(result.document.front_matter if result.document else None)
            for result, _ in kept
        }
        report.plans = [
            build_plan(
                outline,
                report.logs,
                courses,
                [when for _, when in kept],
                pace_weeks=pace_weeks or PACE_WEEKS,
            )
            for outline in outlines
        ]
    return report


def _date_of(result: FileResult) -> PostDate:
    front = result.document.front_matter if result.document is not None else None
    if front is None:
        return post_date(result.path, None)
    return post_date(result.path, front.data, front.error.message if front.error else None)


def _within(day: datetime.date, since: datetime.date | None, until: datetime.date | None) -> bool:
    return (since is None or since <= day) and (until is None or day <= until)


def timeline(
    report: HoursReport,
    dates: list[PostDate],
    unit: Unit,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> Timeline:
    """The hours of ``report``'s logs per ``unit``, each log placed by its post's date."""
    day_of = {post.path: post.date for post in dates}
    groups: dict[datetime.date | None, list[Section]] = {}
    for log in report.logs:
        day = day_of.get(log.path or "")
        groups.setdefault(period_start(day, unit) if day is not None else None, []).append(log)
    # Chapters in the order they were first studied (the legend reads as the
    # chart does, left to right); the undated ones last.
    first_seen: dict[tuple[str, ...], int] = {}
    ordered = sorted(groups, key=lambda start: (start is None, start or datetime.date.min))
    for start in ordered:
        for log in groups[start]:
            for row in log.rows:
                first_seen.setdefault(row.key, len(first_seen))
    chapters = sorted(report.all.rows, key=lambda row: first_seen.get(row.key, len(first_seen)))
    known = [start for start in groups if start is not None]
    first = period_start(since, unit) if since is not None else min(known, default=None)
    last = period_start(until, unit) if until is not None else max(known, default=None)
    periods: list[Period] = []
    if first is not None and last is not None and first <= last:
        for start, count in _spans(first, last, known, unit):
            if count > 1:  # a long run of empty periods: one row
                final = _from_index(_index(start, unit) + count - 1, unit)
                periods.append(
                    Period(
                        start, _end(final, unit), unit, [Fraction(0)] * len(chapters), count=count
                    )
                )
            else:
                periods.append(
                    _period(start, _end(start, unit), unit, groups.get(start, []), chapters)
                )
    undated = _period(None, None, unit, groups[None], chapters) if None in groups else None
    running = Fraction(0)
    for period in [*periods, *([undated] if undated is not None else [])]:
        running += period.hours
        period.running = running
    return Timeline(unit, since, until, chapters, periods, undated, dates)


#: Empty periods in a row shown one by one; a longer run is one row.
MAX_EMPTY_RUN = 12


def _spans(
    first: datetime.date, last: datetime.date, known: list[datetime.date], unit: Unit
) -> Iterator[tuple[datetime.date, int]]:
    """The rows from the period starting ``first`` to the one starting ``last``: each
    period with posts (in ``known``) and each of a short gap as ``(start, 1)``, a run
    of more than :data:`MAX_EMPTY_RUN` empty ones as ``(its first start, how many)``.
    Counted, never stepped through: the work follows the posts, not the calendar."""
    low, high = _index(first, unit), _index(last, unit)
    anchors = sorted(
        {index for index in (_index(day, unit) for day in known) if low <= index <= high}
    )
    at = low
    for anchor in [*anchors, high + 1]:
        gap = anchor - at
        if gap > MAX_EMPTY_RUN:
            yield _from_index(at, unit), gap
        else:
            yield from ((_from_index(index, unit), 1) for index in range(at, anchor))
        if anchor <= high:
            yield _from_index(anchor, unit), 1
        at = anchor + 1


def _index(start: datetime.date, unit: Unit) -> int:
    """The number of the period starting ``start``, counted from the calendar's first."""
    if unit == "week":
        return (start.toordinal() - 1) // 7  # 0001-01-01 is a Monday
    return start.year * 12 + start.month - 1


def _from_index(index: int, unit: Unit) -> datetime.date:
    if unit == "week":
        return datetime.date.fromordinal(index * 7 + 1)
    return datetime.date(index // 12, index % 12 + 1, 1)


def _end(start: datetime.date, unit: Unit) -> datetime.date:
    """The last day of the period starting ``start``."""
    following = next_start(start, unit)
    return following - datetime.timedelta(days=1) if following is not None else datetime.date.max


def _period(
    start: datetime.date | None,
    end: datetime.date | None,
    unit: Unit,
    logs: list[Section],
    chapters: list[Row],
) -> Period:
    # Matched as the "all logs" rows are (by number, else title), so each
    # period's chapters line up with the report's.
    hours = {row.key: row.hours for row in combine(logs).rows}
    posts = list(dict.fromkeys(log.path for log in logs if log.path is not None))
    return Period(
        start, end, unit, [hours.get(row.key, Fraction(0)) for row in chapters], posts=posts
    )
