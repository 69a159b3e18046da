"""Content nested too deep to be read, and so not checked.

## What it does
Reports the place where Markdown nesting (lists inside lists, block quotes
inside block quotes) goes deeper than arena-lint reads: 49 levels of lists,
or 99 of block quotes.
The parser skips what follows, often to the end of the file, so a log
there could be wrong without any other finding.

## Why
The Markdown parser stops reading blocks past a fixed depth, to keep its
recursion bounded. Saying nothing would report "All checks passed" over text
that was never looked at.

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


RULE = make_rule("AL005", "unparsed-content", Severity.ERROR, __doc__, check, options=NoOptions)
