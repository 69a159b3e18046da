"""A chapter or exercise with no time under a timed parent.

## What it does
Reports a chapter or exercise that has neither a duration nor a `skipped`
marker, under a parent that has a duration (or at the top of a log that has
a total), when its time cannot be taken from its own children either. Note
bullets (items that name no chapter or exercise) are not reported. The sums
around it are not checked, since its time is unknown.

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

from ..diagnostics import Severity
from ..model import Document
from ..settings import Settings
from .base import Finding, make_rule


def check(document: Document, settings: Settings) -> Iterator[Finding]:
    for log in document.logs:
        for parent, siblings in log.parents():
            timed = log.total is not None if parent is None else parent.duration is not None
            if not timed:
                continue
            for entry in siblings:
                if (
                    entry.kind != "other"
                    and entry.duration is None
                    and entry.duration_error is None
                    and not entry.skipped
                    and entry.hours() is None
                ):
                    yield Finding(
                        entry.span,
                        f"{entry.kind} {entry.number} has no duration; "
                        "give one or mark it `skipped`",
                    )


RULE = make_rule("AL204", "untimed-entry", Severity.WARNING, __doc__, check)
