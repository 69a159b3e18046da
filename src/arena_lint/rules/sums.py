"""Comparing a stated duration with the sum of its parts, within the tolerance asked
for, and the repair ``--fix`` may make. Shared by ``total-mismatch`` and
``subtotal-mismatch``; not a rule itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ..diagnostics import Severity
from ..durations import format_hours, notation_for, resolution, resolution_decimals, rewrite, style
from ..edits import Edit
from ..model import Duration, Entry, Log, sum_hours
from ..span import Span
from .base import Finding

ToleranceMode = Literal["exact", "absolute", "precision"]
FixTrust = Literal["leaves", "parents"]


@dataclass(frozen=True, slots=True)
class FixTrustOptions:
    fix_trust: FixTrust = "leaves"
    """Which side of a wrong sum ``--fix`` believes: the parts (rewrite the stated
    sum) or the stated sum (rewrite its single timed or untimed part)."""


@dataclass(frozen=True, slots=True)
class SumOptions:
    """The options of ``total-mismatch`` and ``subtotal-mismatch``."""

    tolerance: Fraction = Fraction(0)
    """Hours a sum may be off by, with ``tolerance_mode="absolute"``."""
    tolerance_mode: ToleranceMode = "exact"
    fix_trust: FixTrust = "leaves"


class LogFacts:
    """What every sum of one log shares: read from the whole log once, when a
    finding first needs it, so a log of many wrong sums is read once, not once
    per finding (which made a log of 10,000 wrong chapters take minutes)."""

    __slots__ = ("_bare_whole", "_fixable", "_log", "_minutes")

    def __init__(self, log: Log) -> None:
        self._log = log
        self._minutes: bool | None = None
        self._bare_whole: bool | None = None
        self._fixable: bool | None = None

    @property
    def minutes(self) -> bool:
        """:func:`minutes_style` of the log."""
        if self._minutes is None:
            self._minutes = minutes_style(self._log)
        return self._minutes

    @property
    def bare_whole(self) -> bool:
        """Does the log write whole hours as ``2h`` rather than ``2.0h``? A repaired sum
        that comes out whole is then written so, not as a ``2.0h`` that clashes."""
        if self._bare_whole is None:
            votes = [
                style(entry.duration.text).get("whole")
                for entry in self._log.walk()
                if entry.duration is not None
            ]
            self._bare_whole = votes.count("N") > votes.count("N.0")
        return self._bare_whole

    @property
    def fixable(self) -> bool:
        """:func:`fixable` of the log."""
        if self._fixable is None:
            self._fixable = fixable(self._log)
        return self._fixable

    @property
    def doubt(self) -> str | None:
        """Why the parser is unsure the log is read as its author meant
        (:attr:`arena_lint.model.Log.doubt`): nothing in it is then repaired."""
        return self._log.doubt


def compare(
    stated: Duration,
    computed: Fraction | None,
    parts: tuple[Entry, ...],
    options: SumOptions,
    facts: LogFacts,
) -> Finding | None:
    """A finding when ``computed`` differs from ``stated`` by more than allowed.

    ``computed`` is ``None`` when a part's time is not known; the parts that have
    one are then a lower bound, and a stated sum below it is wrong whatever the
    missing time is.
    """
    if computed is None:
        return _exceeded(stated, parts, options, facts)
    if computed == stated.hours:
        return None  # the common case, spared a subtraction (a new Fraction)
    difference = computed - stated.hours
    if difference == 0:
        return None
    if options.tolerance_mode == "absolute" and abs(difference) <= options.tolerance:
        return None
    bound = rounding(parts) if options.tolerance_mode == "precision" else None
    # Every number of a message in one notation, the log's own where it fits
    # (`stated 2h45m, entries sum to 3h5m (+20min)`, never `stated 2.75h, ...`).
    values = (stated.hours, computed, difference) + ((bound,) if bound is not None else ())
    notation = notation_for(values, minutes=facts.minutes)
    places = resolution_decimals(stated.text)  # the stated figure as written: `6.0h`
    message = (
        f"stated {format_hours(stated.hours, notation=notation, decimals=places)}, "
        f"entries sum to {format_hours(computed, notation=notation)} "
        f"({format_hours(difference, signed=True, notation=notation)})"
    )
    if bound is not None and abs(difference) <= bound:
        return Finding(
            stated.span,
            f"{message}; within the rounding of the written figures "
            f"(±{format_hours(bound, notation=notation)}), so rounding is the likely cause",
            Severity.WARNING,
        )
    if not facts.fixable:
        return Finding(stated.span, f"{message}; not fixable: the log has an unreadable duration")
    if facts.doubt is not None:
        return Finding(stated.span, f"{message}; not fixable: {facts.doubt}")
    if not stated.literal:
        # The source spells the number with escapes or entities (`4&#50;.7`):
        # an edit made from the decoded text would corrupt the line.
        return Finding(stated.span, f"{message}; not fixable: written with escapes")
    edit: Edit | None
    reason: str | None
    if options.fix_trust == "parents":
        edit, reason = _fix_the_part(stated.hours, parts)
    elif any(map(_provably_low, parts)):
        # A part is below what its own timed entries add up to, and cannot be
        # fixed (one of them has no time): a sum made from it would be wrong too.
        edit, reason = None, "an entry's own figure is below what its entries already sum to"
    else:
        # From the parts as written: a part that is itself wrong is fixed in the same
        # pass, and the next pass (fixes.MAX_PASSES) brings this sum in line again.
        text, reason = rewrite(
            stated.text, computed, minutes_style=facts.minutes, bare_whole=facts.bare_whole
        )
        # Made after any edit to the parts' own figures: a chapter and the total
        # above it then settle in one pass each, not in a back-and-forth.
        after = tuple(part.duration.span for part in parts if part.duration is not None)
        edit = Edit(stated.span, text, computed, after) if text is not None else None
    if edit is None:
        return Finding(stated.span, f"{message}; not fixable: {reason}")
    return Finding(stated.span, message, fix=(edit,))


def _exceeded(
    stated: Duration, parts: tuple[Entry, ...], options: SumOptions, facts: LogFacts
) -> Finding | None:
    if not facts.fixable:
        return None  # an unreadable duration: an error of its own, and the sum a guess
    bound = lower_bound(parts)
    if bound is None or bound <= stated.hours:
        return None
    difference = bound - stated.hours
    if options.tolerance_mode == "absolute" and difference <= options.tolerance:
        return None
    if options.tolerance_mode == "precision" and difference <= rounding(parts):
        return None
    notation = notation_for((stated.hours, bound, difference), minutes=facts.minutes)
    return Finding(
        stated.span,
        f"stated {format_hours(stated.hours, notation=notation)}, the entries with a time "
        f"already sum to {format_hours(bound, notation=notation)} "
        f"({format_hours(difference, signed=True, notation=notation)}); "
        "not fixable: an entry has no time",
    )


def _provably_low(part: Entry) -> bool:
    """A stated part whose timed entries already exceed it while one has no time."""
    if part.duration is None or not part.children or sum_hours(part.children) is not None:
        return False
    bound = lower_bound(part.children)
    return bound is not None and bound > part.duration.hours


def lower_bound(entries: tuple[Entry, ...]) -> Fraction | None:
    """The time ``entries`` take at least: what is written, an entry without time
    counting as its children's lower bound (at least zero); ``None`` when nothing
    has a time."""
    total = Fraction(0)
    known = False
    for entry in entries:
        if entry.duration is not None:
            total += entry.duration.hours
            known = True
        elif not entry.skipped:
            below = lower_bound(entry.children)
            if below is not None:
                total += below
                known = True
    return total if known else None


def minutes_style(log: Log) -> bool:
    """Does the log write part hours as minutes (``1h30m``, ``45m``) rather than decimals?"""
    votes = [
        style(entry.duration.text).get("fraction")
        for entry in log.walk()
        if entry.duration is not None
    ]
    return votes.count("minutes") > votes.count("decimal")


def fixable(log: Log) -> bool:
    """Nothing in a log with an unreadable duration is repaired: its sums are guesses."""
    if log.total is not None and log.total.duration_error is not None:
        return False
    return all(entry.duration_error is None for entry in log.walk())


def _fix_the_part(stated: Fraction, parts: tuple[Entry, ...]) -> tuple[Edit | None, str]:
    """With ``fix-trust = "parents"``: rewrite the single timed part to what is left."""
    timed = [part for part in parts if part.duration is not None]
    if len(timed) != 1:
        return None, "with fix-trust = parents, the wrong part is ambiguous"
    (part,) = timed
    if part.duration is not None and not part.duration.literal:
        return None, "the part is written with escapes"
    others = sum((p.hours() or Fraction(0) for p in parts if p is not part), Fraction(0))
    assert part.duration is not None
    text, reason = rewrite(part.duration.text, stated - others)
    if text is None:
        return None, reason or ""
    return Edit(part.duration.span, text, stated - others), ""


def fill_untimed(entry: Entry, left: Fraction, style: Duration) -> Edit | None:
    """With ``fix-trust = "parents"``: give the single untimed part the time left over,
    written like ``style``, by inserting it at the start of its text."""
    text, _ = rewrite(style.text, left)
    if text is None:
        return None
    start = Span(entry.span.line, entry.span.column, entry.span.line, entry.span.column)
    return Edit(start, f"{text} ")


def rounding(entries: tuple[Entry, ...]) -> Fraction:
    """How far the written figures may be from the truth: half a unit of the
    last written digit of each addend, as beancount infers its tolerance."""
    bound = Fraction(0)
    for entry in entries:
        if entry.duration is not None:
            bound += resolution(entry.duration.text) / 2
        elif not entry.skipped:
            bound += rounding(entry.children)
    return bound
