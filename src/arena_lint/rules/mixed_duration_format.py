"""Durations in one log written in different styles.

## What it does
Compares the choices each duration of a log shows: the spelling of the unit
(`h`, `hrs`, ` hours`, `m`, `min`), whole hours as `2h` or `2.0h`, and part
hours as decimals (`1.5h`) or minutes (`90min`, `1h30m`). Durations clash
only on a choice both show: `2h`, `45m` and `1h30m` go together, as do `2.0h`
and `8.7h`. Reports each duration that differs from the log's most common
choice, naming an example of it. The number of decimals does not matter; a
bare total (`Total Hours: 42.7`) takes no part.

## Why
Mixed styles make a log hard to scan and to add up by eye, and `2h` beside
`2.0h` often marks a line that was edited later than the others.

## Example
```markdown
Total Hours: 4
- 2.5h exercise 1.1 Tokenizers
- 90min exercise 1.2 Attention
```

## Fix
```markdown
Total Hours: 4
- 2.5h exercise 1.1 Tokenizers
- 1.5h exercise 1.2 Attention
```
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..diagnostics import Severity
from ..durations import style
from ..model import Document, Duration
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        durations: list[Duration] = []
        total = log.total.duration if log.total is not None else None
        if total is not None and not total.text[-1].isdigit():
            durations.append(total)
        durations.extend(entry.duration for entry in log.walk() if entry.duration is not None)
        # A log repeats a few spellings many times: count spellings, weigh their styles.
        spellings = Counter(duration.text for duration in durations)
        styles = {text: style(text) for text in spellings}
        reported: set[int] = set()
        for aspect in ASPECTS:
            counts: Counter[str] = Counter()
            for text, times in spellings.items():
                value = styles[text].get(aspect)
                if value is not None:
                    counts[value] += times
            if len(counts) < 2:
                continue
            common = counts.most_common(1)[0][0]
            example = next(text for text in spellings if styles[text].get(aspect) == common)
            for duration in durations:
                value = styles[duration.text].get(aspect)
                if value is not None and value != common and id(duration) not in reported:
                    reported.add(id(duration))
                    yield Finding(
                        duration.span,
                        f"`{duration.text}` is written unlike the rest of this log (`{example}`)",
                    )


ASPECTS = ("hour-unit", "minute-unit", "whole", "fraction")


RULE = make_rule(
    "AL302", "mixed-duration-format", Severity.WARNING, __doc__, check, options=NoOptions
)
