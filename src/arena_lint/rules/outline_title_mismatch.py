"""A chapter or exercise whose title is not the course outline's.

## What it does
With a course outline configured, reports a chapter or exercise (found in
the outline by its number) whose title differs from the outline's, and says
what the outline has. Titles are compared kindly: case, spacing and
punctuation do not count, and `&` is `and` (`Deep Q-learning` is `Deep Q
Learning`). Off when no outline applies to the post.

## Why
The number and the title are two names of one exercise; when they disagree,
one of them is wrong, and a reader (or `arena-lint report`, which joins
posts by number) cannot tell which exercise the hours were spent on.

## Example
```markdown
Total Hours: 4
- 4h [Chapter 2: Reinforcement Learning](https://arena-ch2-rl.streamlit.app/)
    - 4h exercise 2.3 [DQN](https://colab.research.google.com/drive/my-ppo)
```

## Fix
The outline's title, when the title is written as plain text or link text
(fixable):
```markdown
Total Hours: 4
- 4h [Chapter 2: Reinforcement Learning](https://arena-ch2-rl.streamlit.app/)
    - 4h exercise 2.3 [PPO](https://colab.research.google.com/drive/my-ppo)
```
If the title was right, the number is the mistake: renumber the exercise.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..edits import Edit
from ..model import Document
from .base import Finding, make_rule
from .outlines import (
    OutlineOptions,
    number_span,
    numbered,
    outline_for,
    planned_for,
    reads_back,
    same_title,
    title_span,
    what,
)


def check(document: Document, options: OutlineOptions) -> Iterator[Finding]:
    outline = outline_for(document, options)
    if outline is None:
        return
    for entry, _parent in numbered(document):
        planned = planned_for(outline, entry)
        if planned is None or not entry.title or same_title(entry.title, planned.title):
            continue
        span = title_span(document, entry)
        # The outline's title goes in as written only where no Markdown reads it
        # otherwise (a `]` would end the link text, a `*` start emphasis, a line
        # break end the entry).
        writable = reads_back(planned.title, "[]()<>*_`\\!#|")
        yield Finding(
            span if span is not None else number_span(document, entry),
            f"{what(entry)} is titled '{entry.title}'; the outline of {outline.name} "
            f"has '{planned.title}'",
            fix=(Edit(span, planned.title),) if span is not None and writable else (),
        )


RULE = make_rule(
    "AL402",
    "outline-title-mismatch",
    Severity.WARNING,
    __doc__,
    check,
    options=OutlineOptions,
    fixable=True,
)
