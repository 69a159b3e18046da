"""Chapters or exercises out of ascending order within their parent.

## What it does
Among the chapters (or exercises) listed side by side under one parent,
reports one whose number is lower than the one before it. Numbers compare
part by part: `1.10` comes after `1.9`. Equal numbers are left to
`duplicate-entry`.

## Why
Logs follow the curriculum; an entry out of order is often a typo in its
number, or an item pasted into the wrong place.

## Example
```markdown
Total Hours: 6
- 6h Chapter 0: Fundamentals
    - 3h exercise 0.3 ResNets
    - 3h exercise 0.2 Convolutions
```

## Fix
```markdown
Total Hours: 6
- 6h Chapter 0: Fundamentals
    - 3h exercise 0.2 Convolutions
    - 3h exercise 0.3 ResNets
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document, Entry
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        for _parent, siblings in log.parents():
            previous: dict[str, Entry] = {}
            for entry in siblings:
                key = entry.number_key
                if entry.kind == "other" or key is None:
                    continue
                before = previous.get(entry.kind)
                if before is not None and before.number_key is not None and key < before.number_key:
                    yield Finding(
                        entry.span,
                        f"{entry.kind} {entry.number} comes after {entry.kind} {before.number} "
                        f"(line {before.span.line}); numbers should ascend",
                    )
                previous[entry.kind] = entry


RULE = make_rule("AL203", "numbering-order", Severity.WARNING, __doc__, check, options=NoOptions)
