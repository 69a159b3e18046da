"""The stated total differs from the sum of the log's top-level entries.

## What it does
Adds the top-level entries of a log (skipped ones count as zero, notes are
ignored, an untimed chapter counts as the sum of its exercises) and compares
the sum with the `Total Hours:` line, exactly: `0.1h + 0.2h` is `0.3h`.
The total may be written above the log, under it, as its last item or in a
heading (`## Total (12h)`); a log that states it both above and under its
entries has both compared.
Reported on the total, with the stated and computed values and their
difference. With `tolerance` and `tolerance-mode` in the configuration, a
small difference passes (`absolute`), or is reported as a warning that names
rounding as the likely cause when it is within half a unit of the last
written digit of each entry (`precision`). When an entry has no time (a
missing duration: `untimed-entry`), the sum is unknown and only a total below
what the other entries already add up to is reported (no time can make up
for it); not checked at all with an unreadable duration (`invalid-duration`).

`--fix` rewrites the total from the entries, in the writer's style
(`Total Hours: 42.7` -> `42.8`), after the entries' own sums are fixed. With
`fix-trust = "parents"` it believes the total instead and rewrites the single
timed top-level entry. A value the style cannot write exactly (a third of an
hour in decimals) is not fixed, and the finding says why. Nothing is fixed in
a log with an unreadable duration, nor in one whose reading is unsure (a
timed list after a paragraph under it may belong to it): the finding says
why.

## Why
Totals drift when a post is edited: one exercise is corrected and the total
line is forgotten.

## Example
```markdown
Total Hours: 10.5
- 4h Chapter 1: Basics
- 6h Chapter 2: Attention
```

## Fix
```markdown
Total Hours: 10
- 4h Chapter 1: Basics
- 6h Chapter 2: Attention
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document, sum_hours
from .base import Finding, make_rule
from .sums import LogFacts, SumOptions, compare


def check(document: Document, options: SumOptions) -> Iterator[Finding]:
    for log in document.logs:
        facts = LogFacts(log)
        computed = sum_hours(log.entries)
        # A total stated above the log and again under it: each is compared.
        for total in (log.total, log.restated):
            if total is None or total.duration is None:
                continue
            # An unknown sum (an entry without time) is still compared: the
            # entries that have a time may already exceed what is stated.
            finding = compare(total.duration, computed, log.entries, options, facts)
            if finding is not None:
                yield finding


RULE = make_rule(
    "AL101", "total-mismatch", Severity.ERROR, __doc__, check, options=SumOptions, fixable=True
)
