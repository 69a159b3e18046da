"""Two or more spaces in a row inside an entry's text.

## What it does
Reports each run of two or more spaces between words of an entry's text, at
its column. Indentation, trailing spaces (two of them are a Markdown line
break) and code spans (`` `a  b` ``) are left alone; so are note bullets,
which are prose.

## Why
Double spaces creep in when a number or a word is edited (`2.0h  exercise`).
They are invisible in the rendered page but make the source harder to
search and to diff, and they are a sign that a line was edited by hand.

`--fix` collapses each run to one space.

## Example
```markdown
Total Hours: 3
- 3h  exercise 1.1 [Transformers](https://example.org/1.1)
```

## Fix
```markdown
Total Hours: 3
- 3h exercise 1.1 [Transformers](https://example.org/1.1)
```
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..diagnostics import Severity
from ..edits import Edit
from ..model import Document, Entry
from ..span import Span
from .base import Finding, NoOptions, make_rule

#: Findings listed one by one per entry; a pasted line full of double spaces
#: gives one finding for the rest instead of thousands.
MAX_PER_ENTRY = 20
_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")
_TICKS = re.compile(r"`+")


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        for entry in log.walk():
            yield from _entry_runs(document.lines, entry)


def _entry_runs(lines: list[str], entry: Entry) -> Iterator[Finding]:
    span = entry.span
    if span.column == span.end_column and span.line == span.end_line:
        return  # an untimed group with no text of its own
    pieces = []
    for number in range(span.line, span.end_line + 1):
        text = lines[number - 1]
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(text)
        pieces.append((number, start, text[start:end]))
    joined = "\n".join(piece for _, _, piece in pieces)
    if "  " not in joined:
        return
    code = _code_spans(joined)
    offset = 0
    listed = 0
    rest: list[Edit] = []  # runs past the first MAX_PER_ENTRY: one finding for all of them
    for number, start, piece in pieces:
        for run in _RUN.finditer(piece):
            if _inside(code, offset + run.start()):
                continue
            column = start + run.start() + 1
            width = run.end() - run.start()
            span = Span(number, column, number, column + width)
            if listed == MAX_PER_ENTRY:
                rest.append(Edit(span, " "))
                continue
            listed += 1
            where = _after(entry, number, column, piece, run.start())
            yield Finding(span, f"{width} spaces {where}; use one", fix=(Edit(span, " "),))
        offset += len(piece) + 1
    if rest:
        yield Finding(
            rest[0].span,
            f"{len(rest)} more runs of spaces in this entry, from here on; use one each",
            fix=tuple(rest),
        )


def _after(entry: Entry, line: int, column: int, piece: str, start: int) -> str:
    duration = entry.duration
    if duration is not None and (duration.span.line, duration.span.end_column) == (line, column):
        return "after the duration"
    # Only a short prefix can be the marker; slicing long ones would be quadratic.
    if entry.skipped and start <= 10 and piece[:start].strip().lower() == "skipped":
        return "after `skipped`"
    return "between words"


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code span: a backtick run closed by the next run of equal length."""
    runs = [(match.start(), match.end()) for match in _TICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        following = bisect_right(same, index)
        if following < len(same):
            closing = same[following]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


RULE = make_rule(
    "AL301", "extra-whitespace", Severity.WARNING, __doc__, check, options=NoOptions, fixable=True
)
