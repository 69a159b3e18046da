"""A log with no total line.

## What it does
Reports a list of timed entries that no `Total Hours: ...` line precedes.
Such a list is still a log: its subtotals are checked, but nothing checks
that the chapters add up to what the post claims elsewhere. The message
gives the sum, ready to paste. When a total line is there but cannot open the
list (it is in a block quote the list is not in), the message says so and
names its line instead of asking for another.

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
        apart = _total_apart(document.lines, log.span.line)
        if apart is not None:
            # Never ask for a line that is there: say why it does not count.
            yield Finding(
                log.span,
                f"the total on line {apart} does not open this log: it is inside a block "
                "quote (or another container) the list is not in; put it next to the list",
            )
            continue
        yield Finding(log.span, f"this log has no total line; add {hint} before it")


def _total_apart(lines: list[str], first: int) -> int | None:
    """The line (1-based) just above the list that reads as a total once its block
    quote markers are set aside, if there is one."""
    from ..parser import read_total

    index = first - 2
    while index >= 0 and not lines[index].strip(" \t>"):
        index -= 1
    if index < 0 or not lines[index].lstrip(" \t").startswith(">"):
        return None
    text = lines[index].lstrip(" \t>").lstrip("*_# \t")
    return index + 1 if read_total(text) is not None else None


RULE = make_rule("AL205", "missing-total", Severity.WARNING, __doc__, check, options=NoOptions)
