"""Plan against actual: a course outline beside the hours logged (``report --outline``).

The posts of a course are those whose front matter ``course`` is the outline's
name (or its key in ``[tool.arena-lint.outlines]``), and those that name no
course (a blog about one course need not say so) when the outline is the one
given by ``--outline`` or ``outline =``; a post naming another course is left
out. Their entries are matched to the
outline by number (chapters by chapter number, exercises by exercise number,
wherever they stand in the log); the hours are computed, exact, from the leaves
as the rest of the report's are.

What *done* means. A *leaf* of the outline (an exercise, or a chapter the
outline gives no exercises) is:

- **done** when some post logs it with time (``2h exercise 0.2 ...``; a
  time of 0h counts, the post says it was worked through);
- **skipped** when the posts mark it skipped (or skip its whole chapter) and
  none logs it with time;
- **not started** otherwise: not logged, or logged only without a time.

A chapter with exercises is *done* when each of its exercises is done or
skipped and one at least is done, *skipped* when all are skipped, *not
started* when none is done or skipped and the chapter itself has no time
logged, and *in progress* in between.

Progress counts the leaves *finished*: done or skipped, as neither is left to
do. The share finished is by planned hours when every leaf has some, else by
count of leaves. An exercise without planned hours in a chapter with planned
hours takes an equal part of what its chapter's planned hours leave after its
siblings' own (``[chapter] hours = 6`` over three exercises without: 2h each);
the tables show the outline's own figures.

The pace is the hours of the course's dated posts over the last
:data:`PACE_WEEKS` ISO weeks up to the latest dated post (``--pace-weeks``),
per week: the mean of the last rows of ``report --by week``, fewer when the
course began less than that many weeks before. The projected finish is the
latest dated post's day plus the remaining planned hours at that pace, rounded
up to a whole day. There is "no pace yet" when no dated post logs time in
those weeks, and no projection when a leaf left to do has no planned hours.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from ..durations import exact_string
from ..escape import display_path
from . import PostDate, Row, Section, decimals_for, show

if TYPE_CHECKING:
    from ..course import Outline, Planned

Status = Literal["done", "skipped", "in progress", "not started"]
STATUSES: tuple[Status, ...] = ("done", "skipped", "in progress", "not started")

NO_PACE = "no pace yet"

#: Weeks the pace is measured over, unless ``--pace-weeks`` says otherwise.
PACE_WEEKS = 4


@dataclass
class PlanItem:
    """A chapter or exercise of the outline, with the hours logged against it."""

    kind: Literal["chapter", "exercise"]
    number: str
    title: str
    link: str | None
    planned: Fraction | None
    """As the outline gives it (``None``: not planned)."""
    spent: Fraction
    status: Status
    sources: list[str] = field(default_factory=list)
    """``path:line`` of every entry logged against it."""
    children: list[PlanItem] = field(default_factory=list)
    line: int = 0
    """Its line in the outline file."""

    @property
    def label(self) -> str:
        head = f"Chapter {self.number}" if self.kind == "chapter" else self.number
        return f"{head} {self.title}".strip()

    def walk(self, depth: int = 0) -> list[tuple[int, PlanItem]]:
        return [(depth, self), *(pair for child in self.children for pair in child.walk(depth + 1))]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "link": self.link,
            "planned": exact_string(self.planned) if self.planned is not None else None,
            "spent": exact_string(self.spent),
            "status": self.status,
            "sources": list(self.sources),
            "children": [child.to_json() for child in self.children],
        }


@dataclass
class Pace:
    """Hours per week over the last weeks of dated posts, and where that leads."""

    weeks: int
    """The weeks asked for (``--pace-weeks``)."""
    counted: int = 0
    """The weeks measured: fewer when the course's first dated post is more recent."""
    hours: Fraction = Fraction(0)
    """Logged in those weeks."""
    as_of: datetime.date | None = None
    """The latest dated post of the course: the end of the window and the projection's start."""
    finish: datetime.date | None = None
    note: str = ""
    """Why there is no pace or no projected date, or ``finished``."""

    @property
    def per_week(self) -> Fraction | None:
        if not self.counted or not self.hours:
            return None
        return self.hours / self.counted

    def to_json(self) -> dict[str, Any]:
        rate = self.per_week
        return {
            "weeks": self.weeks,
            "counted": self.counted,
            "hours": exact_string(self.hours),
            "per_week": exact_string(rate) if rate is not None else None,
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "finish": self.finish.isoformat() if self.finish is not None else None,
            "note": self.note,
        }


@dataclass
class Plan:
    """One outline against the posts of its course."""

    outline: str
    """The outline file, as given."""
    name: str
    items: list[PlanItem]
    extra: list[Row]
    """Chapters and exercises logged that the outline lacks (and top-level entries
    without a number), summed over the posts: "not in the outline"."""
    posts: list[str]
    """The posts counted: of this course, or naming none."""
    planned: Fraction | None
    """The course's planned hours (the outline's :meth:`~Outline.planned_hours`)."""
    by: Literal["hours", "count"]
    """What the share finished is measured in."""
    finished: Fraction
    """The share of the course finished, 0 to 1 (exact)."""
    leaves: tuple[int, int]
    """Leaves finished, and in all."""
    hours: tuple[Fraction, Fraction] | None
    """Planned hours of the leaves finished, and of all (``by == "hours"``)."""
    remaining: Fraction | None
    """Planned hours of the leaves left to do (``None``: one of them is not planned)."""
    pace: Pace
    _decimals: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def spent(self) -> Fraction:
        """Hours logged against the outline's chapters (their exercises included)."""
        return sum((item.spent for item in self.items), Fraction(0))

    def walk(self) -> list[tuple[int, PlanItem]]:
        return [pair for item in self.items for pair in item.walk()]

    def show(self, hours: Fraction) -> str:
        """``hours`` for display with the decimals the plan's figures need."""
        if self._decimals is None:
            values = [self.spent, *(row.hours for row in self.extra), *(self.hours or ())]
            for _, item in self.walk():
                values += [item.spent, *([item.planned] if item.planned is not None else [])]
            if self.pace.per_week is not None:
                values.append(self.pace.per_week)
            if self.remaining is not None:
                values.append(self.remaining)
            self._decimals = decimals_for(values)
        return show(hours, self._decimals)

    @property
    def status(self) -> Status:
        """The course's: done when every leaf is finished, not started before any is."""
        done, total = self.leaves
        if total and done == total:
            return "done"
        return "in progress" if done or self.spent else "not started"

    def spent_cell(self, item: PlanItem) -> str:
        """``item``'s spent hours for a table: ``-`` when nothing was logged with time."""
        return self.show(item.spent) if item.spent or item.status == "done" else "-"

    def planned_cell(self, item: PlanItem) -> str:
        return self.show(item.planned) if item.planned is not None else "-"

    def percent(self) -> str:
        """The share finished for display (rounded; the exact figure is :attr:`finished`)."""
        return f"{float(self.finished) * 100:.0f}%"

    def summary(self) -> str:
        """One line: how far through the course, by what measure."""
        done, total = self.leaves
        if self.hours is not None:
            measure = f"{self.show(self.hours[0])} of {self.show(self.hours[1])} planned hours"
        else:
            measure = f"{done} of {total} items (not every item has planned hours)"
        return f"{self.percent()} finished: {measure}; {self.show(self.spent)} spent"

    def pace_line(self) -> str:
        """The pace and where it leads, or why there is none."""
        pace = self.pace
        rate = pace.per_week
        weeks = f"{pace.counted} week{'' if pace.counted == 1 else 's'}"
        if rate is None:
            head = "no pace yet"
            if pace.as_of is not None:
                head += f" (no hours logged in the last {weeks} to {pace.as_of.isoformat()})"
            else:
                head += " (no dated post of this course)"
        else:
            head = f"pace {self.show(rate)}/week over the last {weeks} to {pace.as_of}"
        if pace.finish is not None:
            left = self.show(self.remaining) if self.remaining is not None else "?"
            return f"{head}; projected finish {pace.finish.isoformat()} ({left} left)"
        return f"{head}; {pace.note}" if pace.note and pace.note != NO_PACE else head

    def to_json(self) -> dict[str, Any]:
        done, total = self.leaves
        return {
            "outline": self.outline,
            "name": self.name,
            "posts": list(self.posts),
            "planned": exact_string(self.planned) if self.planned is not None else None,
            "spent": exact_string(self.spent),
            "status": self.status,
            "finished": {
                "by": self.by,
                "share": exact_string(self.finished),
                "percent": round(float(self.finished) * 100, 2),
                "items": done,
                "of": total,
            },
            "remaining": exact_string(self.remaining) if self.remaining is not None else None,
            "pace": self.pace.to_json(),
            "chapters": [item.to_json() for item in self.items],
            "not_in_outline": [
                {
                    "kind": row.kind,
                    "number": row.number,
                    "title": row.title,
                    "hours": exact_string(row.hours),
                    "sources": list(row.sources),
                }
                for row in self.extra
            ],
        }


# -- building ------------------------------------------------------------------


@dataclass
class _Logged:
    """What the posts say of one chapter or exercise number, summed."""

    row: Row
    hours: Fraction = Fraction(0)
    with_time: bool = False
    skipped: bool = False
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Target:
    """An outline, and which posts are its course's."""

    outline: Outline
    names: frozenset[str] = frozenset()
    """Front matter ``course`` values that choose it, besides the outline's own name
    (the keys of ``[tool.arena-lint.outlines]``)."""
    unnamed: bool = True
    """Posts that name no course count too: the outline given by ``--outline`` or
    ``outline =``, not one only chosen by name."""

    def takes(self, course: str | None) -> bool:
        """Whether a post of front matter ``course`` counts towards this outline."""
        if course is None:
            return self.unnamed
        # Case-insensitive, as the outline rules choose a post's outline.
        wanted = course.casefold()
        return any(wanted == name.strip().casefold() for name in (self.outline.name, *self.names))


def build_plan(
    target: Target | Outline,
    sections: list[Section],
    courses: dict[str, str | None],
    dates: list[PostDate],
    *,
    pace_weeks: int = PACE_WEEKS,
) -> Plan:
    """``target``'s outline against ``sections`` (the report's logs); ``courses`` is
    each post's front matter ``course`` by path, ``dates`` each post's date."""
    if not isinstance(target, Target):
        target = Target(target)
    outline = target.outline
    mine = [s for s in sections if target.takes(courses.get(s.path or ""))]
    logged: dict[tuple[str, str], _Logged] = {}
    loose: list[Row] = []
    for part in mine:
        for depth, row in part.walk():
            if row.number is None or row.kind not in ("chapter", "exercise"):
                if depth == 0:  # under a chapter, its hours count for the chapter
                    loose.append(row)
                continue
            seen = logged.setdefault((row.kind, row.number), _Logged(row))
            seen.hours += row.hours
            seen.with_time = seen.with_time or (row.timed and not row.skipped)
            seen.skipped = seen.skipped or row.skipped
            seen.sources.extend(row.sources)
    items = [
        _item(chapter, logged, "chapter", skipped_parent=False) for chapter in outline.chapters
    ]
    known = {("chapter", p.number) for p in outline.chapters} | {
        ("exercise", c.number) for p in outline.chapters for c in _descendants(p)
    }
    extra = [_summed(entry) for key, entry in logged.items() if key not in known]
    extra += loose
    leaves = [(leaf, planned) for item in items for leaf, planned in _leaves(item)]
    finished = [leaf.status in ("done", "skipped") for leaf, _ in leaves]
    left = [planned for (_, planned), done in zip(leaves, finished, strict=True) if not done]
    remaining = _sum(left)
    by: Literal["hours", "count"] = "count"
    share = Fraction(sum(finished), len(leaves)) if leaves else Fraction(0)
    total = _sum([planned for _, planned in leaves])
    hours = None
    if total:  # every leaf planned, and not all at 0h
        by = "hours"
        done = _sum([p for (_, p), over in zip(leaves, finished, strict=True) if over])
        hours = (done or Fraction(0), total)
        share = hours[0] / total
    paths = [part.path for part in mine if part.path is not None]
    pace = _pace(mine, dates, pace_weeks, remaining)
    planned_total = outline.planned_hours()
    if planned_total is None:
        planned_total = total
    return Plan(
        outline.path,
        outline.name,
        items,
        extra,
        list(dict.fromkeys(paths)),
        planned_total,
        by,
        share,
        (sum(finished), len(leaves)),
        hours,
        remaining,
        pace,
    )


def _sum(figures: list[Fraction | None]) -> Fraction | None:
    """The exact sum of ``figures``; ``None`` when one of them is."""
    total = Fraction(0)
    for figure in figures:
        if figure is None:
            return None
        total += figure
    return total


def _descendants(planned: Planned) -> list[Planned]:
    return [pair for child in planned.children for pair in (child, *_descendants(child))]


def _summed(entry: _Logged) -> Row:
    row = entry.row
    return Row(
        row.kind,
        row.number,
        row.title,
        entry.hours,
        entry.skipped and not entry.with_time,
        entry.with_time or entry.skipped,
        list(entry.sources),
        course=row.course,
    )


def _item(
    planned: Planned,
    logged: dict[tuple[str, str], _Logged],
    kind: Literal["chapter", "exercise"],
    *,
    skipped_parent: bool,
) -> PlanItem:
    entry = logged.get((kind, planned.number))
    with_time = entry is not None and entry.with_time
    skipped = (entry is not None and entry.skipped) or skipped_parent
    children = [
        _item(child, logged, "exercise", skipped_parent=skipped and not with_time)
        for child in planned.children
    ]
    status: Status
    if not children:
        status = "done" if with_time else ("skipped" if skipped else "not started")
    else:
        states = {child.status for child in children}
        if states == {"skipped"}:
            status = "skipped"
        elif states <= {"done", "skipped"}:
            status = "done"
        elif states == {"not started"} and not with_time:
            status = "not started"
        else:
            status = "in progress"
    spent = entry.hours if entry is not None else Fraction(0)
    if entry is None:  # a chapter not logged as such: its exercises may be, elsewhere
        spent = sum((child.spent for child in children), Fraction(0))
    return PlanItem(
        kind,
        planned.number,
        planned.title,
        planned.link,
        planned.hours,
        spent,
        status,
        list(entry.sources) if entry is not None else [],
        children,
        planned.line,
    )


def _leaves(item: PlanItem) -> list[tuple[PlanItem, Fraction | None]]:
    """The leaves under ``item`` with the planned hours progress counts for each."""
    if not item.children:
        return [(item, item.planned)]
    own = [child.planned for child in item.children]
    unplanned = sum(hours is None for hours in own)
    share: Fraction | None = None
    if item.planned is not None and unplanned:
        rest = item.planned - sum((hours for hours in own if hours is not None), Fraction(0))
        share = rest / unplanned if rest >= 0 else None
    out: list[tuple[PlanItem, Fraction | None]] = []
    for child in item.children:
        for leaf, hours in _leaves(child):
            out.append((leaf, hours if hours is not None or leaf is not child else share))
    return out


def _pace(
    sections: list[Section], dates: list[PostDate], weeks: int, remaining: Fraction | None
) -> Pace:
    day_of = {post.path: post.date for post in dates if post.date is not None}
    dated = [(day_of[s.path], s) for s in sections if s.path is not None and s.path in day_of]
    pace = Pace(weeks)
    if not dated:
        pace.note = _left_note(remaining) or NO_PACE
        return pace
    last = max(day for day, _ in dated)
    first_week = _monday(min(day for day, _ in dated))
    last_week = _monday(last)
    counted = min(weeks, (last_week - first_week).days // 7 + 1)
    start = last_week - datetime.timedelta(days=7 * (counted - 1))
    pace.as_of, pace.counted = last, counted
    pace.hours = sum((s.total for day, s in dated if start <= day <= last), Fraction(0))
    note = _left_note(remaining)
    if note:
        pace.note = note
    elif pace.per_week is None:
        pace.note = NO_PACE
    else:
        assert remaining is not None  # _left_note said nothing
        days = -((-remaining * 7) // pace.per_week)  # ceiling, exact
        try:
            pace.finish = last + datetime.timedelta(days=int(days))
        except OverflowError:
            pace.note = "projected finish after 9999-12-31"
    return pace


def _monday(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s ISO week, as ``--by week`` counts them."""
    return day - datetime.timedelta(days=day.weekday())


def _left_note(remaining: Fraction | None) -> str:
    if remaining is None:
        return "no projected finish: an item left to do has no planned hours"
    if remaining == 0:
        return "finished"
    return ""


def plan_name(plan: Plan) -> str:
    """The plan's heading for a terminal: its course and outline file."""
    return f"{plan.name} ({display_path(plan.outline)})"
