"""A chapter or exercise with no time under a timed parent.

## What it does
Reports a chapter or exercise that has neither a duration nor a `skipped`
marker, under a parent that has a duration (or at the top of a log that has
a total), when its time cannot be taken from its own children either. Note
bullets (items that name no chapter or exercise) are not reported. The sums
around it are not checked, since its time is unknown.

With `fix-trust = "parents"`, `--fix` gives the single untimed entry under a
timed parent the time its siblings leave (written like them); with two or
more untimed entries, which gets what is unknown, and nothing is fixed.

## Why
An item without hours makes its parent's sum impossible to check; it was
usually meant to be timed or marked skipped.

## Example
```markdown
Total Hours: 4
- 4h Chapter 1: Transformers
    - 4h exercise 1.1 Tokenizers
    - exercise 1.2 Attention
```

## Fix
```markdown
Total Hours: 4
- 4h Chapter 1: Transformers
    - 4h exercise 1.1 Tokenizers
    - skipped exercise 1.2 Attention
```
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from ..diagnostics import Severity
from ..edits import Edit
from ..model import Document, Duration, Entry
from .base import Finding, make_rule
from .sums import FixTrustOptions, LogFacts, fill_untimed


def check(document: Document, options: FixTrustOptions) -> Iterator[Finding]:
    for log in document.logs:
        facts = LogFacts(log)  # read once per log, not once per parent
        for parent, siblings in log.parents():
            stated = log.total.duration if parent is None and log.total else None
            if parent is not None:
                stated = parent.duration
            timed = log.total is not None if parent is None else parent.duration is not None
            if not timed:
                continue
            untimed = [entry for entry in siblings if _untimed(entry)]
            for entry in untimed:
                message = (
                    f"{entry.kind} {entry.number} has no duration; give one or mark it `skipped`"
                )
                fix: tuple[Edit, ...] = ()
                if options.fix_trust == "parents" and stated is not None and len(untimed) == 1:
                    fix = _fill(entry, stated, siblings, facts)
                yield Finding(entry.span, message, fix=fix)


def _untimed(entry: Entry) -> bool:
    return (
        entry.kind != "other"
        and entry.duration is None
        and entry.duration_error is None
        and not entry.skipped
        and entry.hours() is None
    )


def _fill(
    entry: Entry, stated: Duration, siblings: tuple[Entry, ...], facts: LogFacts
) -> tuple[Edit, ...]:
    """The time the parent leaves for the one untimed entry, written like its siblings."""
    others = [sibling.hours() for sibling in siblings if sibling is not entry]
    if not facts.fixable or facts.doubt or any(hours is None for hours in others):
        return ()
    left = stated.hours - sum((hours for hours in others if hours is not None), Fraction(0))
    styles = [sibling.duration for sibling in siblings if sibling.duration is not None]
    style = styles[0] if styles else stated
    if style.text[-1].isdigit():  # a bare total says nothing about units
        return ()
    edit = fill_untimed(entry, left, style)
    return (edit,) if edit is not None else ()


RULE = make_rule(
    "AL204",
    "untimed-entry",
    Severity.WARNING,
    __doc__,
    check,
    options=FixTrustOptions,
    fixable=True,
)
