"""An exercise numbered for another chapter.

## What it does
Reports exercise `N.M` listed under a chapter whose number is not `N`.
Exercises without a dotted number, or under an entry that is not a chapter,
are not checked.

## Why
Usually a copy-paste slip: the line was duplicated from another chapter, or
the exercise sits under the wrong chapter and its hours are counted there.

## Example
```markdown
Total Hours: 3
- 3h Chapter 2: Reinforcement Learning
    - 3h exercise 1.1 Q-learning
```

## Fix
```markdown
Total Hours: 3
- 3h Chapter 2: Reinforcement Learning
    - 3h exercise 2.1 Q-learning
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document, number_key
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        for chapter in log.walk():
            if chapter.kind != "chapter" or chapter.number is None:
                continue
            for child in chapter.children:
                if child.kind != "exercise" or child.number is None or "." not in child.number:
                    continue
                prefix, rest = child.number.split(".", 1)
                # By value, so `03.1` sits under chapter 3; `4.1a` does not.
                if number_key(prefix) != number_key(chapter.number):
                    expected = number_key(chapter.number)[0][1]
                    yield Finding(
                        child.span,
                        f"exercise {child.number} is under chapter {chapter.number} "
                        f"(line {chapter.span.line}); expected {expected}.{rest}",
                    )


RULE = make_rule("AL201", "numbering-mismatch", Severity.ERROR, __doc__, check, options=NoOptions)
