"""A log with no total line.

## What it does
Reports a list of timed entries that no `Total Hours: ...` line precedes.
Such a list is still a log: its subtotals are checked, but nothing checks
that the chapters add up to what the post claims elsewhere. The message
gives the sum, ready to paste.

## Why
The total is the number readers quote; writing it where it is checked keeps
it right.

## Example
```markdown
- 4h Chapter 1: Transformers
- 6h Chapter 2: Reinforcement Learning
```

## Fix
```markdown
Total Hours: 10
- 4h Chapter 1: Transformers
- 6h Chapter 2: Reinforcement Learning
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..durations import exact_string, format_hours
from ..model import Document, sum_hours
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        if log.total is not None:
            continue
        computed = sum_hours(log.entries)
        if computed is None:
            hint = "one"
        elif "/" in exact_string(computed):
            hint = f"`Total: {format_hours(computed)}`"
        else:
            hint = f"`Total Hours: {exact_string(computed)}`"
        yield Finding(log.span, f"this log has no total line; add {hint} before it")


RULE = make_rule("AL205", "missing-total", Severity.WARNING, __doc__, check, options=NoOptions)
