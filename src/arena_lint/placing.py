"""Where a piece of an entry's text is written in the source.

markdown-it's inline tokens carry no position, and the text a reader sees
(escapes and entities decoded, link destinations and emphasis dropped) is not
the text written; these functions map one onto the other, so a finding always
points at what is written and ``--fix`` edits only a token written as read.
"""

from __future__ import annotations

import html
import re

from .model import (
    Span,
)

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def locate(
    lines: list[str], needle: str, line: int, column: int, last_line: int | None = None
) -> Span:
    """Where ``needle`` is written in ``lines``, searching from (line, column), both
    0-based, to ``last_line``; how links are placed.

    Falls back to the start position when the text is not found verbatim
    (an escaped character, a reference link defined elsewhere).
    """
    for index in range(line, (last_line if last_line is not None else line) + 1):
        found = lines[index].find(needle, column if index == line else 0)
        if found >= 0:
            return Span(index + 1, found + 1, index + 1, found + len(needle) + 1)
    return Span(line + 1, column + 1, line + 1, column + 1)


def _content_column(raw: str, first: str) -> int:
    """0-based column where an inline's first line of content starts in ``raw``."""
    first = first.strip()
    stripped = raw.rstrip()
    if first and stripped.endswith(first):
        return len(stripped) - len(first)
    found = raw.find(first) if first else -1
    return found if found >= 0 else len(raw) - len(raw.lstrip())


def _place(
    lines: list[str], line: int, last_line: int, column: int, plain: str, start: int, end: int
) -> tuple[Span, bool] | None:
    """Where ``plain[start:end]`` is written (see :func:`_align`)."""
    written = plain[:end]
    # The common case, a duration written as is at the start of the line's
    # content: the alignment would match character for character. A backslash
    # may be an escape, so it takes the walk (tests/test_parser_speed.py
    # checks the two agree).
    if "\\" not in written and lines[line].startswith(written, column):
        return Span(line + 1, column + start + 1, line + 1, column + end + 1), True
    return _align(lines, line, last_line, column, plain, start, end)


def _align(
    lines: list[str], line: int, last_line: int, column: int, plain: str, start: int, end: int
) -> tuple[Span, bool] | None:
    """Where ``plain[start:end]`` is written, aligning the decoded text with the source.

    Walks ``plain`` from its first character and the source from (``line``,
    ``column``): a character is matched as written, as a backslash escape or
    as an entity; markup markdown-it dropped (`**`, `[`, `#`) is stepped over;
    a soft line break matches the newline. Returns the span and whether the
    source holds exactly ``plain[start:end]`` there, or ``None`` when the two
    cannot be aligned.
    """
    raw = "\n".join(lines[line : last_line + 1])
    j = column
    first = column
    for i in range(end):
        char = plain[i]
        while True:
            if j >= len(raw):
                return None
            here = raw[j]
            matched = j
            if here == "\\" and char in _PUNCTUATION and raw[j + 1 : j + 2] == char:
                j += 2
                break
            if here == char:
                j += 1
                break
            if here == "\n" and char in " \t":
                j += 1
                while j < len(raw) and raw[j] in " \t":
                    j += 1
                break
            if here == "&":
                entity = _ENTITY.match(raw, j)
                if entity is not None and html.unescape(entity.group(0)) == char:
                    j = entity.end()
                    break
            if here == "]" and raw[j + 1 : j + 2] in ("(", "["):
                j = _link_end(raw, j + 1)  # a link's destination or label: markup
                continue
            if here.isalnum():
                return None  # a letter or digit is never markup: not aligned
            j += 1
        if i == start:
            first = matched
    if end == start:
        first = j
    before = raw.count("\n", 0, first)
    after = raw.count("\n", 0, j)
    if before != after:
        return None  # a token across a line break is reported, never edited
    line_start = raw.rfind("\n", 0, first) + 1
    span = Span(line + before + 1, first - line_start + 1, line + before + 1, j - line_start + 1)
    return span, raw[first:j] == plain[start:end]


def _link_end(raw: str, j: int) -> int:
    """Where the `(destination "title")` or `[label]` opening at ``raw[j]`` ends."""
    close = ")" if raw[j] == "(" else "]"
    depth = 0
    while j < len(raw):
        char = raw[j]
        if char == "\\":
            j += 2
            continue
        if char in "([":
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return j + 1
        elif char == "\n":
            break
        j += 1
    return j
