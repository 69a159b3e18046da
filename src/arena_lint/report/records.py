"""The report's records: a row of hours, a section (one log, or all of them), the
whole report, and the timeline's periods and post dates, with their JSON shapes
and how their hours are shown. They refer to one another, so they live
together; :mod:`.collect` builds them from the pipeline's results and
:mod:`.periods` groups them over time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from ..durations import exact_string, format_hours
from ..escape import display_path, for_log
from ..words import plural


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
    course: str | None = None
    """The post's front matter ``course``, when it names one."""
    show_course: bool = False
    """Label with the course: set where rows of several courses stand together."""

    @property
    def key(self) -> tuple[str, ...]:
        """What makes two logs' entries one row: the same course (the front matter's
        ``course``; none is a course of its own) and number, or title for an entry
        without a number."""
        course = ("course", self.course) if self.course is not None else ()
        if self.number is not None:
            return (*course, self.kind, self.number)
        return (*course, "title", self.title or "")

    @property
    def label(self) -> str:
        if self.kind == "chapter":
            head = f"Chapter {self.number}"
        elif self.kind == "exercise":
            head = f"{self.number}"
        else:
            head = ""
        label = " ".join(part for part in (head, self.title or "") if part) or "(untitled)"
        if self.show_course:
            return f"{self.course}: {label}" if self.course is not None else f"(no course): {label}"
        return label

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
            "course": self.course,
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
    title: str | None = None
    """The post's front matter ``title``, when it has one (the HTML report's heading)."""
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
    conflicts: list[str] = field(default_factory=list)
    """Rows summed from entries of one number whose titles disagree: two courses
    numbering from 1, most likely (see :func:`title_conflicts`)."""
    unread_dates: list[PostDate] = field(default_factory=list)
    """Posts whose written date could not be read, when dates were used
    (``--by week|month``, ``--since``, ``--until``, an outline's pace)."""
    left_out: tuple[int, int] = (0, 0)
    """With ``--since`` or ``--until``: the dated posts out of the range, and the
    undated posts (left out as well)."""
    plans: list[Any] = field(default_factory=list)
    """With ``--outline`` (or a configured outline): each course against its plan, a
    :class:`~arena_lint.report.plan.Plan` (typed loosely: ``plan.py`` builds on this
    module, which must not import it back)."""

    def problems(self, *, errors: bool = True) -> list[str]:
        """Why this report is not to be trusted as it stands, one line each: the logs
        with errors (the exit status is 1; ``errors=False`` leaves them to a format
        that shows them beside each log) and the dates that could not be read."""
        lines = (
            []
            if not errors
            else [
                f"{display_path(part.path or '')}:{part.line}: {plural(part.errors, 'error')} in "
                "this log; its hours may be wrong (see `arena-lint check`)"
                for part in self.logs
                if part.errors
            ]
        )
        lines += self.conflicts
        lines += [
            f"{display_path(post.path)}: date not read, counted as undated: {for_log(post.source)}"
            for post in self.unread_dates
        ]
        return lines

    def to_json(self) -> dict[str, Any]:
        data = {"logs": [log.to_json() for log in self.logs], "all": self.all.to_json()}
        if self.timeline is not None:
            data["timeline"] = self.timeline.to_json()
        if self.plans:
            data["plans"] = [plan.to_json() for plan in self.plans]
        data["problems"] = self.problems()
        return data


def _share(hours: Fraction, total: Fraction) -> float:
    """A share of the total, rounded for display (the hours stay exact)."""
    return round(float(hours / total), 4) if total else 0.0


# -- hours over time: the timeline's records (built by :mod:`.periods`) ----------

Unit = Literal["post", "week", "month"]
UNITS: tuple[Unit, ...] = ("post", "week", "month")


@dataclass(frozen=True, slots=True)
class PostDate:
    """When a post was written, and where that was read (or why it is unknown)."""

    path: str
    date: datetime.date | None
    source: str
    """``"front matter"`` or ``"file name"``; for an undated post, the reason."""
    unreadable: bool = False
    """A date was written but could not be read (not a date, or front matter that does
    not parse): said on every run that uses dates, not only in its table."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "date": self.date.isoformat() if self.date is not None else None,
            "source": self.source if self.date is not None else None,
            "reason": self.source if self.date is None else None,
        }


@dataclass
class Period:
    """One week or month (``start`` is ``None`` for the undated posts together)."""

    start: datetime.date | None
    end: datetime.date | None
    unit: Unit
    chapters: list[Fraction]
    """Hours per chapter, in the order of :attr:`Timeline.chapters`."""
    running: Fraction = Fraction(0)
    """Hours of this period and every one before it."""
    posts: list[str] = field(default_factory=list)
    count: int = 1
    """How many weeks or months the row stands for: more than one for a run of
    empty ones shown together."""

    @property
    def hours(self) -> Fraction:
        return sum(self.chapters, Fraction(0))

    @property
    def label(self) -> str:
        if self.start is None:
            return "undated"
        if self.count > 1 and self.end is not None:
            return f"no posts from {self.start.isoformat()} to {self.end.isoformat()}"
        return self.start.isoformat()[:7] if self.unit == "month" else self.start.isoformat()

    def to_json(self, chapters: list[Row]) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "label": self.label,
            "start": self.start.isoformat() if self.start is not None else None,
            "end": self.end.isoformat() if self.end is not None else None,
            "hours": exact_string(self.hours),
            "running": exact_string(self.running),
            "chapters": [
                {"label": row.label, "hours": exact_string(hours)}
                for row, hours in zip(chapters, self.chapters, strict=True)
            ],
            "posts": list(self.posts),
        }
        if self.count > 1:
            shown["periods"] = self.count
        return shown


@dataclass
class Timeline:
    """The hours per period, per chapter, with the running total."""

    unit: Unit
    since: datetime.date | None
    until: datetime.date | None
    chapters: list[Row]
    """Every top-level entry of the report (chapters, mostly), across all periods."""
    periods: list[Period]
    undated: Period | None
    dates: list[PostDate]
    """Every post with a log, in the order given, dated or not."""

    @property
    def rows(self) -> list[Period]:
        """The dated periods, then the undated posts if there are any."""
        return [*self.periods, *([self.undated] if self.undated is not None else [])]

    @property
    def total(self) -> Fraction:
        return sum((period.hours for period in self.rows), Fraction(0))

    @property
    def undated_posts(self) -> list[PostDate]:
        return [post for post in self.dates if post.date is None]

    def empty(self) -> str:
        """What to say when there is no period to show."""
        if self.since is None and self.until is None:
            return "No logs found.\n"
        return "No dated posts in the range.\n"

    _decimals: int | None = field(default=None, init=False, repr=False, compare=False)

    def show(self, hours: Fraction) -> str:
        """``hours`` for display, with the decimals this table's figures need."""
        if self._decimals is None:  # once: every cell of the table is shown through here
            values = (value for period in self.rows for value in (*period.chapters, period.running))
            self._decimals = decimals_for(values)
        return show(hours, self._decimals)

    def short(self, row: Row) -> str:
        """A column heading for a chapter: ``Ch 1``, else its title cut short."""
        if row.kind == "chapter" and row.number is not None:
            return f"Ch {row.number}"
        return row.label if len(row.label) <= 12 else row.label[:11] + "…"

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.unit,
            "since": self.since.isoformat() if self.since is not None else None,
            "until": self.until.isoformat() if self.until is not None else None,
            "hours": exact_string(self.total),
            "chapters": [row.label for row in self.chapters],
            "periods": [period.to_json(self.chapters) for period in self.periods],
            "undated": self.undated.to_json(self.chapters) if self.undated else None,
            "posts": [post.to_json() for post in self.dates],
        }


def decimals_for(values: Iterable[Fraction]) -> int:
    """One decimal, or two when one of ``values`` needs them (``8.0h`` beside ``8.75h``)."""
    return 2 if any((value * 10).denominator != 1 for value in values) else 1


def show(hours: Fraction, decimals: int) -> str:
    """``hours`` with ``decimals`` decimals when that is exact, else as
    :func:`~arena_lint.durations.format_hours` writes it."""
    if (hours * 10**decimals).denominator != 1:
        return format_hours(hours)
    return f"{float(hours):.{decimals}f}h"
