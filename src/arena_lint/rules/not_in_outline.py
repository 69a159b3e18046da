"""A chapter or exercise number the course outline does not have.

## What it does
With a course outline configured (`outline`, or `outlines` and the post's
`course`), reports a chapter or exercise whose number the outline does not
have, and says which numbers it has there: `exercise 2.5` in a course whose
chapter 2 has four exercises, `chapter 4` in a course of four chapters
(0 to 3), or a chapter numbered like one of the outline's exercises.
Off (it reports nothing) when no outline applies to the post.

## Why
A mistyped number files the hours under an exercise that does not exist:
the report of the course (`arena-lint report`) then shows the real one as
not started and an extra row nobody can find in the course.

## Example
```markdown
Total Hours: 6
- 6h [Chapter 2: Reinforcement Learning](https://arena-ch2-rl.streamlit.app/)
    - 6h exercise 2.5 [RLHF](https://arena-ch2-rl.streamlit.app/[2.4]_RLHF)
```

## Fix
```markdown
Total Hours: 6
- 6h [Chapter 2: Reinforcement Learning](https://arena-ch2-rl.streamlit.app/)
    - 6h exercise 2.4 [RLHF](https://arena-ch2-rl.streamlit.app/[2.4]_RLHF)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..course import Outline
from ..diagnostics import Severity
from ..model import Document, Entry
from .base import Finding, make_rule
from .outlines import OutlineOptions, listed, number_span, numbered, outline_for, planned_for


def check(document: Document, options: OutlineOptions) -> Iterator[Finding]:
    outline = outline_for(document, options)
    if outline is None:
        return
    for entry, _parent in numbered(document):
        if planned_for(outline, entry) is None:
            yield Finding(number_span(document, entry), _message(outline, entry))


def _message(outline: Outline, entry: Entry) -> str:
    number = entry.number or ""
    chapters = [chapter.number for chapter in outline.chapters]
    head = f"{entry.kind} {number} is not in the outline of {outline.name}"
    if entry.kind == "chapter":
        other = outline.parent_of(number)
        if other is not None:
            return f"{head}: {number} is an exercise of chapter {other.number}"
        return f"{head}; it has chapters {listed(chapters)}"
    if outline.get(number) is not None:
        return f"{head} as an exercise: {number} is a chapter"
    chapter = outline.get(number.split(".", 1)[0])
    if chapter is None:
        return f"{head}; it has chapters {listed(chapters)}"
    if not chapter.children:
        return f"{head}; its chapter {chapter.number} has no exercises"
    exercises = [exercise.number for exercise in chapter.children]
    return f"{head}; its chapter {chapter.number} has {listed(exercises)}"


RULE = make_rule(
    "AL401", "not-in-outline", Severity.WARNING, __doc__, check, options=OutlineOptions
)
