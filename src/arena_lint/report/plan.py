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
from .records import Row, decimals_for, show

if TYPE_CHECKING:
    pass

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


def plan_name(plan: Plan) -> str:
    """The plan's heading for a terminal: its course and outline file."""
    return f"{plan.name} ({display_path(plan.outline)})"
