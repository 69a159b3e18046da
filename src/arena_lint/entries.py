"""List items and their text -> :class:`~arena_lint.model.Entry` nodes.

The part of the reader that turns the block tokens of one list (or one
chapter heading and the lists under it) into entries; which lists and
headings make a log is :mod:`arena_lint.parser`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from markdown_it.token import Token

from .durations import Token as DurationToken
from .heads import parse_head, read_total
from .model import (
    Duration,
    DurationError,
    Entry,
    Link,
    Span,
    Total,
)
from .placing import _content_column, _place, locate

_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
# `[text](address with spaces)`: CommonMark leaves it as text, not a link.
_UNLINKED = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\((?P<url>[^()\s<>]+[ \t][^()<>\n]*)\)")


@dataclass(slots=True)
class _Item:
    """A list item as block tokens: its first paragraph, other paragraphs, nested lists."""

    inline: Token | None = None
    paragraphs: list[Token] = field(default_factory=list)
    sublists: list[int] = field(default_factory=list)
    subitems: list[_Item] = field(default_factory=list)
    """Under a chapter heading, its exercises written as deeper headings."""


class _Text(NamedTuple):
    """An inline token's text without markup, and its links as (start, end, url)."""

    # NamedTuples here and in `Head`: one of each is made per entry, and a
    # frozen dataclass sets each field through object.__setattr__.

    plain: str
    links: tuple[tuple[int, int, str], ...]


class EntryReader:
    """Reads list items into entries, with positions from the source lines."""

    def __init__(self, lines: list[str], tokens: list[Token]) -> None:
        self.lines = lines
        self.tokens = tokens

    # -- block structure ---------------------------------------------------

    def _read_list(self, index: int) -> tuple[list[_Item], int]:
        """The items of the list opening at ``index``, and the index after it."""
        tokens = self.tokens
        level = tokens[index].level
        items: list[_Item] = []
        index += 1
        while True:
            token = tokens[index]
            if token.level == level and token.nesting == -1:
                return items, index + 1
            if token.level == level + 1 and token.type == "list_item_open":
                items.append(_Item())
            elif token.level == level + 2 and items:
                item = items[-1]
                if token.type in _LIST_OPEN:
                    item.sublists.append(index)
                elif token.type in ("paragraph_open", "heading_open"):
                    inline = tokens[index + 1]
                    if item.inline is None and not item.paragraphs and not item.sublists:
                        item.inline = inline
                    else:
                        item.paragraphs.append(inline)
            index += 1

    def _all_timed(self, items: list[_Item]) -> bool:
        """A list is a log without a total when every item is timed or skipped."""
        timed = False
        for item in items:
            if item.inline is None or self._total(item.inline) is not None:
                return False  # an item that is a total opens the list inside it
            head = parse_head(_flatten(item.inline).plain)
            if head.token is not None:
                timed = True
            elif not head.skipped:
                return False
        return timed

    def _only_planned(self, items: list[_Item]) -> bool:
        """Is every timed item an open task (`- [ ] exercise 3.1 (2h)`)? Then,
        without a total, the list is a plan with estimates, not a log."""
        timed = False
        pending = list(items)
        while pending:
            item = pending.pop()
            pending.extend(item.subitems)
            for index in item.sublists:
                pending.extend(self._read_list(index)[0])
            if item.inline is None:
                continue
            head = parse_head(_flatten(item.inline).plain)
            if head.token is not None:
                if head.task != "open":
                    return False
                timed = True
        return timed

    def _any_timed(self, items: list[_Item]) -> bool:
        """Has the list an item with a duration (a total under it makes it a log)?"""
        return any(
            item.inline is not None
            and parse_head(_flatten(item.inline).plain).token is not None
            and self._total(item.inline) is None
            for item in items
        )

    def _entries(self, items: list[_Item]) -> tuple[tuple[Entry, ...], tuple[str, ...]]:
        entries: list[Entry] = []
        notes: list[str] = []
        for item in items:
            entry = self._entry(item)
            # The item's inline tokens are read now: let them go, so the tree of a
            # long log grows while its tokens shrink (peak memory near the parse's).
            for inline in (item.inline, *item.paragraphs):
                if inline is not None:
                    inline.children = None
            if isinstance(entry, Entry):
                entries.append(entry)
            else:
                notes.extend(entry)
        return tuple(entries), tuple(notes)

    # -- one entry -----------------------------------------------------------

    def _entry(self, item: _Item) -> Entry | list[str]:
        """An entry, or the note texts of an item that is only a note."""
        children: list[Entry] = []
        notes: list[str] = []
        for paragraph in item.paragraphs:
            notes.append(_flatten(paragraph).plain)
        for index in item.sublists:
            sub_items, _ = self._read_list(index)
            sub_entries, sub_notes = self._entries(sub_items)
            children.extend(sub_entries)
            notes.extend(sub_notes)
        if item.subitems:
            sub_entries, sub_notes = self._entries(item.subitems)
            children.extend(sub_entries)
            notes.extend(sub_notes)
        inline = item.inline
        if inline is None:
            if not children:
                return notes
            line = children[0].span.line  # an item with no text of its own
            span = Span(line, 1, line, 1)
            return Entry(span, notes=tuple(notes), children=tuple(children))

        text = _flatten(inline)
        plain = text.plain
        line = _line_of(inline)
        last_line = (inline.map[1] - 1) if inline.map else line
        raw = self.lines[line]
        first = inline.content.split("\n", 1)[0]
        column = _content_column(raw, first)
        span = Span(line + 1, column + 1, last_line + 1, len(self.lines[last_line].rstrip()) + 1)

        head = parse_head(plain, text.links)
        duration: Duration | None = None
        error: DurationError | None = None
        if head.token is not None:
            duration, error = self._timed(head.token, head.start, plain, line, column, last_line)
        if head.tail:
            notes.insert(0, head.tail)
        links = tuple(
            Link(plain[start:end], href, self._locate(href, line, column, last_line))
            for start, end, href in text.links
        )
        unlinked = (
            tuple(
                Link(match["text"], match["url"], self._locate(match[0], line, column, last_line))
                for match in _UNLINKED.finditer(plain)
            )
            if "](" in plain  # in every match: most entries are spared the search
            else ()
        )
        if head.token is None and not head.skipped and head.kind == "other" and not children:
            return [plain, *notes]
        return Entry(
            span,
            duration=duration,
            duration_error=error,
            skipped=head.skipped,
            kind=head.kind,
            number=head.number,
            title=head.title,
            url=head.url,
            links=links,
            notes=tuple(notes),
            children=tuple(children),
            unlinked=unlinked,
        )

    def _total(self, inline: Token) -> Total | None:
        content = inline.content
        if content[:12].lstrip("*_# \t").lower()[:5] != "total":
            return None  # the cheap test, before flattening the inline tokens
        plain = _flatten(inline).plain
        head = read_total(plain)
        if head is None:
            return None
        start, token = head
        line = _line_of(inline)
        last_line = (inline.map[1] - 1) if inline.map else line
        raw = self.lines[line]
        column = _content_column(raw, content.split("\n", 1)[0])
        duration, error = self._timed(token, start, plain, line, column, last_line)
        span = Span(line + 1, column + 1, line + 1, len(raw.rstrip()) + 1)
        return Total(span, duration, error)

    def _timed(
        self,
        token: DurationToken,
        start: int,
        plain: str,
        line: int,
        column: int,
        last_line: int,
    ) -> tuple[Duration | None, DurationError | None]:
        """The duration ``token`` read at ``plain[start:]``, placed in the source.

        The text markdown-it decoded is mapped back onto the source, so a span
        always covers what is written there (`2\\.5h` included); the duration
        is ``literal`` only when the source holds exactly the token's text.
        """
        end = start + len(token.text)
        placed = _place(self.lines, line, last_line, column, plain, start, end)
        if placed is None:
            raw = self.lines[line]
            first = min(column, len(raw))
            span = Span(line + 1, first + 1, line + 1, min(first + len(token.text), len(raw)) + 1)
            literal = False
        else:
            span, literal = placed
        if token.hours is None:
            return None, DurationError(token.text, token.error or "cannot be read", span)
        return Duration(token.hours, token.text, span, literal), None

    # -- positions -------------------------------------------------------------

    def _locate(self, needle: str, line: int, column: int, last_line: int | None = None) -> Span:
        return locate(self.lines, needle, line, column, last_line)


def _stated_sum(items: list[_Item]) -> Fraction | None:
    """The hours the items of a list state on their own lines; ``None`` when
    one of them states none that can be read."""
    hours = Fraction(0)
    for item in items:
        if item.inline is None:
            return None
        token = parse_head(_flatten(item.inline).plain).token
        if token is None or token.hours is None:
            return None
        hours += token.hours
    return hours


def _line_of(token: Token) -> int:
    return token.map[0] if token.map else 0


def _times_work(entries: tuple[Entry, ...]) -> bool:
    """Is a chapter or an exercise timed (or skipped), or something inside one?
    Without a total, only that makes a log: `## Chapter 3 notes` headings with
    a `## Step 2 (5 min)` among them time no chapter, and are no log."""
    stack = [(entry, False) for entry in entries]
    while stack:
        entry, inside = stack.pop()
        inside = inside or entry.kind != "other"
        timed = entry.duration is not None or entry.duration_error is not None
        if inside and (timed or entry.skipped):
            return True
        stack.extend((child, inside) for child in entry.children)
    return False


def _walk(entries: tuple[Entry, ...]) -> list[Entry]:
    found: list[Entry] = []
    stack = list(entries)
    while stack:
        entry = stack.pop()
        found.append(entry)
        stack.extend(entry.children)
    return found


def _flatten(inline: Token) -> _Text:
    """The text a reader sees, with the ranges of its links."""
    parts: list[str] = []
    links: list[tuple[int, int, str]] = []
    opened: list[tuple[int, str]] = []
    position = 0
    for child in inline.children or ():
        kind = child.type
        if kind in ("text", "text_special", "html_inline"):
            piece = child.content
        elif kind == "code_inline":
            piece = f"{child.markup}{child.content}{child.markup}"
        elif kind in ("softbreak", "hardbreak"):
            piece = " "
        elif kind == "image":
            piece = child.content
        elif kind == "link_open":
            opened.append((position, str(child.attrs.get("href", ""))))
            continue
        elif kind == "link_close" and opened:
            start, href = opened.pop()
            links.append((start, position, href))
            continue
        else:
            continue
        parts.append(piece)
        position += len(piece)
    return _Text("".join(parts), tuple(links))
