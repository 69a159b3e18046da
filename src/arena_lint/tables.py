"""Logs written as tables: found so that they are reported, not read.

CommonMark has no tables; a GitHub-style table (`| Chapter 1 | 4h |` under a
`|---|---|` row) is one paragraph to the parser, and no list of entries. A
table that holds a total row or chapters and exercises with their times is a
log its author expects to be checked: it is reported as content not checked
(``unparsed-content``), never passed over in silence.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from .durations import scan
from .heads import parse_head
from .prefilter import ANY_TIMED
from .span import Span

# A table's delimiter row: `|---|:--:|`, `--- | ---`.
_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*")
# In the text: a line that may be a delimiter row (the cheap test before the tokens).
MAY_HOLD_TABLE = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|", re.MULTILINE)
_TOTAL_CELL = re.compile(r"total(?:[ \t]+(?:hours?|hrs|time(?:[ \t]+spent)?))?:?", re.IGNORECASE)
_MARKUP = " \t*_`"


def log_tables(tokens: list[Token]) -> tuple[Span, ...]:
    """The first line of every table that reads as a log."""
    found: list[Span] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        lines = token.content.split("\n")
        if len(lines) < 3 or "|" not in lines[0] or _DELIMITER.fullmatch(lines[1]) is None:
            continue
        # A row without anything shaped like a time is no entry: only those are split.
        rows = (row for row in lines[2:] if ANY_TIMED.search(row) is not None)
        if any(_is_entry(_cells(row)) for row in rows) and token.map is not None:
            line = token.map[0] + 1
            found.append(Span(line, 1, line, 1))
    return tuple(found)


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip(_MARKUP) for cell in row.split("|")]


def _is_entry(cells: list[str]) -> bool:
    """A row naming a chapter, an exercise or the total, with a time in a cell of its own."""
    named = total = False
    timed: list[str] = []
    for cell in cells:
        token = scan(cell, clock=True)
        if token is not None and not cell[token.end :].strip(" \t.*_"):
            timed.append(token.text)
        elif _TOTAL_CELL.fullmatch(cell) is not None:
            total = True
        elif parse_head(cell).kind != "other":
            named = True
    if named:
        return bool(timed)
    # A total of `5000m` is a distance; hours or a longer unit say it is time.
    return total and any(not text.rstrip().endswith("m") for text in timed)
