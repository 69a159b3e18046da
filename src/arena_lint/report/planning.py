"""Building a course's :class:`~arena_lint.report.plan.Plan` from the report's logs:
matching entries to the outline, statuses, shares and the pace (the rules are
written out in :mod:`arena_lint.report.plan`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ..model import NumberKey, number_key
from .plan import NO_PACE, PACE_WEEKS, Pace, Plan, PlanItem, Status
from .records import PostDate, Row, Section

if TYPE_CHECKING:
    from ..course import Outline, Planned


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
    paths: frozenset[str] | None = None
    """The posts whose configuration gives them this outline, as the outline rules
    choose (``names`` and ``unnamed`` aside); ``None``: chosen by course alone."""

    def owns(self, path: str | None, course: str | None) -> bool:
        """Whether the post at ``path``, of front matter ``course``, counts here."""
        if self.paths is not None:
            return path in self.paths
        return self.takes(course)

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
    mine = [s for s in sections if target.owns(s.path, courses.get(s.path or ""))]
    logged: dict[tuple[str, NumberKey], _Logged] = {}
    loose: list[Row] = []
    # Exercises logged with no entry above them: their hours are their chapter's
    # too, which no logged chapter entry holds.
    orphans: dict[NumberKey, Fraction] = {}
    for part in mine:
        for depth, row in part.walk():
            if row.number is None or row.kind not in ("chapter", "exercise"):
                if depth == 0:  # under a chapter, its hours count for the chapter
                    loose.append(row)
                continue
            home = outline.parent_of(row.number) if depth == 0 else None
            if home is not None and row.kind == "exercise":
                key = number_key(home.number)
                orphans[key] = orphans.get(key, Fraction(0)) + row.hours
            # Numbers read whole, as the outline's: `Chapter 01` is its chapter 1.
            seen = logged.setdefault((row.kind, number_key(row.number)), _Logged(row))
            seen.hours += row.hours
            seen.with_time = seen.with_time or (row.timed and not row.skipped)
            seen.skipped = seen.skipped or row.skipped
            seen.sources.extend(row.sources)
    items = [
        _item(chapter, logged, "chapter", skipped_parent=False, more=orphans)
        for chapter in outline.chapters
    ]
    known = {("chapter", number_key(p.number)) for p in outline.chapters} | {
        ("exercise", number_key(c.number)) for p in outline.chapters for c in _descendants(p)
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
    logged: dict[tuple[str, NumberKey], _Logged],
    kind: Literal["chapter", "exercise"],
    *,
    skipped_parent: bool,
    more: dict[NumberKey, Fraction] | None = None,
) -> PlanItem:
    entry = logged.get((kind, number_key(planned.number)))
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
    if entry is None:  # a chapter not logged as such: its exercises may be, elsewhere
        spent = sum((child.spent for child in children), Fraction(0))
    else:  # the chapter's entries, and its exercises logged with no chapter above
        spent = entry.hours + (more or {}).get(number_key(planned.number), Fraction(0))
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
