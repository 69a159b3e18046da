"""A child entry's link identical to its parent's link.

## What it does
Reports an entry whose link (the one on its title) is the same URL as its
parent entry's link.

## Why
Usually a placeholder: the chapter's link was pasted for an exercise whose
own page was never looked up, so readers land on the wrong page.

## Example
```markdown
Total Hours: 5
- 5h [Chapter 2: RL](https://example.org/ch2)
    - 5h exercise 2.1 [Bandits](https://example.org/ch2)
```

## Fix
```markdown
Total Hours: 5
- 5h [Chapter 2: RL](https://example.org/ch2)
    - 5h exercise 2.1 [Bandits](https://example.org/ch2/bandits)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        for parent in log.walk():
            if parent.url is None:
                continue
            for child in parent.children:
                if child.url != parent.url:
                    continue
                span = next(link.span for link in child.links if link.url == child.url)
                yield Finding(
                    span,
                    f"links to the same page as its parent (line {parent.span.line}); "
                    "link the item's own page",
                )


RULE = make_rule("AL304", "duplicate-link", Severity.WARNING, __doc__, check, options=NoOptions)
