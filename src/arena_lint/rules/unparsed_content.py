"""Content that is not read, and so not checked: deep nesting, a log in a table.

## What it does
Reports the place where Markdown nesting (lists inside lists, block quotes
inside block quotes) goes deeper than arena-lint reads: 49 levels of lists,
or 99 of block quotes.
The parser skips what follows, often to the end of the file, so a log
there could be wrong without any other finding (an error).

Reports, as a warning, a table (GitHub's `| a | b |` over `|---|---|`) that
reads as a log: a row naming a chapter or an exercise with a time in a cell
of its own (`| Chapter 1 | 4h |`), or a total row with hours
(`| **Total** | **6h** |`). arena-lint reads logs written as lists and
headings; a table's sums are not checked. A total row in minutes alone
(`| Total | 5000m |`) is a distance, not reported.

## Why
The Markdown parser stops reading blocks past a fixed depth, to keep its
recursion bounded, and has no tables. Saying nothing would report "All
checks passed" over text that was never looked at.

## Example
A hundred block quotes, one inside the other, hide the log they hold:

```markdown
Total Hours: 1
- 1h Chapter 1: Basics

>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> Total Hours: 9
```

## Fix
Flatten the nesting: no real post needs it.

```markdown
Total Hours: 1
- 1h Chapter 1: Basics

> Total Hours: 9
```

A log in a table:

```markdown
| Chapter | Hours |
|---|---|
| Chapter 1: Basics | 4h |
| **Total** | **6h** |
```

is checked once written as a list:

```markdown
Total Hours: 6
- 4h Chapter 1: Basics
```
"""

# ruff: noqa: E501  (the example needs a hundred `>` on one line)
from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    if document.unparsed is not None:
        yield Finding(
            document.unparsed,
            "nested too deep to read: nothing from here on is checked",
        )
    for table in document.tables:
        yield Finding(
            table,
            "a log written as a table is not read: its sums are not checked;"
            " write it as a list to have them checked",
            Severity.WARNING,
        )


RULE = make_rule("AL005", "unparsed-content", Severity.ERROR, __doc__, check, options=NoOptions)
