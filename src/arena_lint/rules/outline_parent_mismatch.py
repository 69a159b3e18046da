"""An exercise logged under a chapter the course outline does not put it in.

## What it does
With a course outline configured, reports an exercise of the outline written
under another of the outline's chapters, and names the chapter the outline
puts it in. The chapter it is under is known by its number (`Chapter 3:`) or,
for an entry without one, by its title (`[Reinforcement Learning](...)`,
compared as `outline-title-mismatch` compares). An exercise under a chapter
whose number already disagrees with the exercise's (`exercise 2.3` under
`Chapter 3`) is left to `numbering-mismatch`, which reports it. Off when no
outline applies to the post.

## Why
Hours logged under the wrong chapter make that chapter's subtotal, and the
course report's hours per chapter, wrong: the time went to the other one.

## Example
```markdown
Total Hours: 7
- 3h [Fundamentals](https://arena-ch0-fundamentals.streamlit.app/)
    - 3h exercise 0.2 [CNN](https://colab.research.google.com/drive/my-cnn)
- 4h [Reinforcement Learning](https://arena-ch2-rl.streamlit.app/)
    - 4h exercise 0.3 [Resnet](https://colab.research.google.com/drive/my-resnet)
```

## Fix
Move the exercise (and its hours) under its chapter:
```markdown
Total Hours: 7
- 7h [Fundamentals](https://arena-ch0-fundamentals.streamlit.app/)
    - 3h exercise 0.2 [CNN](https://colab.research.google.com/drive/my-cnn)
    - 4h exercise 0.3 [Resnet](https://colab.research.google.com/drive/my-resnet)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..course import Outline, Planned
from ..diagnostics import Severity
from ..model import Document, Entry, number_key
from .base import Finding, make_rule
from .outlines import OutlineOptions, number_span, numbered, outline_for, planned_for, same_title


def check(document: Document, options: OutlineOptions) -> Iterator[Finding]:
    outline = outline_for(document, options)
    if outline is None:
        return
    for entry, parent in numbered(document):
        if entry.kind != "exercise" or parent is None or planned_for(outline, entry) is None:
            continue
        home = outline.parent_of(entry.number or "")
        under = _chapter_of(outline, parent)
        if home is None or under is None or under is home:
            continue
        if parent.number is not None and _numbers_disagree(entry, parent):
            continue  # numbering-mismatch says so already
        written = f"chapter {under.number}" + (f" ({under.title})" if under.title else "")
        yield Finding(
            number_span(document, entry),
            f"exercise {entry.number} is logged under {written}; the outline of "
            f"{outline.name} puts it in chapter {home.number} ({home.title})",
        )


def _chapter_of(outline: Outline, parent: Entry) -> Planned | None:
    """The outline's chapter that ``parent`` is: by number, else by title."""
    if parent.kind == "chapter" and parent.number is not None:
        found = outline.get(parent.number)  # read whole: `Chapter 01` is chapter 1
        return found if found is not None and outline.parent_of(found.number) is None else None
    if parent.kind == "other" and parent.title:
        titled = [c for c in outline.chapters if same_title(parent.title, c.title)]
        return titled[0] if len(titled) == 1 else None
    return None


def _numbers_disagree(entry: Entry, parent: Entry) -> bool:
    prefix = (entry.number or "").split(".", 1)[0]
    return parent.kind == "chapter" and number_key(prefix) != number_key(parent.number or "")


RULE = make_rule(
    "AL403", "outline-parent-mismatch", Severity.WARNING, __doc__, check, options=OutlineOptions
)
