"""A timed entry differs from the sum of its timed children.

## What it does
For every entry with a duration and children, adds the children exactly
(skipped ones count as zero, note bullets are ignored) and compares the sum
with the entry's own duration. Reported on the parent entry's duration.
The `tolerance` settings apply as for `total-mismatch`.

`--fix` believes the leaves: it rewrites the parent's duration from its
children, bottom-up, in the writer's style (`8.7h` -> `8.8h`, `1h30m` ->
`1h45m`, `90min` -> `105min`). With `fix-trust = "parents"` it rewrites the
single timed child instead (several timed children: ambiguous, not fixed).
Not checked when no child has a time (a chapter with only notes), nor with
an unreadable duration; when a child has no time, only a parent below what
the other children already add up to is reported.

## Why
Exercise hours are edited more often than chapter hours; the chapter line
silently goes stale.

## Example
```markdown
Total Hours: 5
- 5h Chapter 1: Transformers
    - 2h exercise 1.1 Tokenizers
    - 2.5h exercise 1.2 Attention
```

## Fix
```markdown
Total Hours: 4.5
- 4.5h Chapter 1: Transformers
    - 2h exercise 1.1 Tokenizers
    - 2.5h exercise 1.2 Attention
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
        facts = LogFacts(log)  # shared by the log's findings: read once
        for entry in log.walk():
            if entry.duration is None or not entry.children:
                continue
            computed = sum_hours(entry.children)
            # An unknown sum is compared too (see total-mismatch).
            finding = compare(entry.duration, computed, entry.children, options, facts)
            if finding is not None:
                yield finding


RULE = make_rule(
    "AL102", "subtotal-mismatch", Severity.ERROR, __doc__, check, options=SumOptions, fixable=True
)
