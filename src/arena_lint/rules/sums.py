"""Comparing a stated duration with the sum of its parts, within the tolerance asked for.

Shared by ``total-mismatch`` and ``subtotal-mismatch``; not a rule itself.
"""

from __future__ import annotations

from fractions import Fraction

from ..diagnostics import Severity
from ..durations import format_hours, resolution
from ..model import Duration, Entry
from ..settings import Settings
from .base import Finding


def compare(
    stated: Duration, computed: Fraction, parts: tuple[Entry, ...], settings: Settings
) -> Finding | None:
    """A finding when ``computed`` differs from ``stated`` by more than allowed."""
    difference = computed - stated.hours
    if difference == 0:
        return None
    message = (
        f"stated {format_hours(stated.hours)}, entries sum to {format_hours(computed)} "
        f"({format_hours(difference, signed=True)})"
    )
    if settings.tolerance_mode == "absolute" and abs(difference) <= settings.tolerance:
        return None
    if settings.tolerance_mode == "precision":
        bound = rounding(parts)
        if abs(difference) <= bound:
            return Finding(
                stated.span,
                f"{message}; within the rounding of the written figures "
                f"(±{format_hours(bound)}), so rounding is the likely cause",
                Severity.WARNING,
            )
    return Finding(stated.span, message)


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
