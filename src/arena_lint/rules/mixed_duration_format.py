"""Durations in one log written in different styles.

## What it does
Compares how the durations of a log are written (`2.5h`, `2h`, `90min`,
`1h30m`, `2 hours`): the number of decimals does not matter, but whole
versus decimal hours, the unit and its spelling do. Reports each duration
not written in the log's most common style, naming an example of it. A bare
total (`Total Hours: 42.7`) takes no part.

## Why
Mixed styles make a log hard to scan and to add up by eye, and `2h` beside
`2.0h` often marks a line that was edited later than the others.

## Example
```markdown
- 2.5h exercise 1.1 Tokenizers
- 90min exercise 1.2 Attention
```

## Fix
```markdown
- 2.5h exercise 1.1 Tokenizers
- 1.5h exercise 1.2 Attention
```
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document, Duration
from ..settings import Settings
from .base import Finding, make_rule


def check(document: Document, settings: Settings) -> Iterator[Finding]:
    for log in document.logs:
        durations: list[Duration] = []
        total = log.total.duration if log.total is not None else None
        if total is not None and not total.text[-1].isdigit():
            durations.append(total)
        durations.extend(entry.duration for entry in log.walk() if entry.duration is not None)
        counts = Counter(duration.shape for duration in durations)
        if len(counts) < 2:
            continue
        common = counts.most_common(1)[0][0]
        example = next(duration.text for duration in durations if duration.shape == common)
        for duration in durations:
            if duration.shape != common:
                yield Finding(
                    duration.span,
                    f"`{duration.text}` is written unlike the rest of this log (`{example}`)",
                )


RULE = make_rule("AL302", "mixed-duration-format", Severity.WARNING, __doc__, check)
