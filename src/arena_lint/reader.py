"""Which lists and headings make a log, read as their author wrote them.

The block-level half of the reader: it walks markdown-it's block tokens and
decides where each log begins and ends, where its total is (above, below, as
its last item, in a heading) and when a reading is unsure; the entries of each
log are read by :class:`~arena_lint.entries.EntryReader`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it.token import Token

from .entries import (
    _LIST_OPEN,
    EntryReader,
    _flatten,
    _Item,
    _line_of,
    _stated_sum,
    _times_work,
    _walk,
)
from .heads import Head as Head
from .heads import parse_head as parse_head
from .heads import read_total as read_total
from .model import (
    Chapters,
    Log,
    Shape,
    Span,
    Total,
    TotalPlace,
)
from .placing import locate as locate

_NOT_A_LOG = frozenset({"fence", "code_block", "html_block", "hr"})

# A line that is one HTML comment (a suppression, say), and the lines around it.
_COMMENT_LINE = re.compile(r"[ \t]*<!--(?:(?!-->).)*-->[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")

#: markdown-it stops reading blocks nested deeper than this (the commonmark
#: preset says 20: a 10-level list). A list level is two (list and item); 100
#: reads 49 levels and stays far below Python's recursion limit here and in
#: the tree walks. Deeper content is reported as unchecked, never skipped silently.
MAX_NESTING = 100

_NOT_A_LOG = frozenset({"fence", "code_block", "html_block", "hr"})


class _Open:
    """A log being read: what has been found of it so far."""

    __slots__ = (
        "chapters",
        "container",
        "current",
        "doubt",
        "end",
        "heading",
        "items",
        "lists",
        "restated",
        "token",
        "total",
    )

    def __init__(self, total: Total | None, token: Token, container: int) -> None:
        self.total = total
        self.restated: Total | None = None
        self.token = token  # its first list or heading
        self.container = container  # the level of the blocks it is made of
        self.items: list[_Item] = []
        self.lists: list[int] = []  # the line (0-based) of each list read into it
        self.end = -1  # the index after its last list, while another may join it
        self.heading = 0  # with chapters as headings, their level (`##`: 2)
        self.current = _Item()  # with headings: the chapter or exercise text goes to
        self.chapters: Chapters = "list"
        self.doubt: str | None = None


class LogReader(EntryReader):
    """Reads the logs of a token stream as their author wrote them.

    A log is a list of entries, or headings that name chapters with lists
    under them, with a total line above it, below it or as its last item. A
    change of bullet or a comment between items does not end it (CommonMark
    starts a new list there; a reader does not); a new total, a heading that
    is not a chapter or any other block does.
    """

    def __init__(self, lines: list[str], tokens: list[Token]) -> None:
        super().__init__(lines, tokens)
        self.found: list[Log] = []
        # A log a paragraph ended (its index, its level): a timed list after
        # that text may be its continuation.
        self.unsure: tuple[int, int] | None = None
        # Why the total waiting for its list may be the one of the list above it.
        self.pending_doubt: str | None = None
        self.open: _Open | None = None  # the log being read
        self.pending: Total | None = None  # a total waiting for its list
        self.pending_level = 0
        # A timed list no total opened: a total right under it makes it a log.
        self.candidate: tuple[int, list[_Item], int] | None = None

    def logs(self) -> list[Log]:
        tokens = self.tokens
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in _LIST_OPEN:
                index = self._list(index)
                continue
            if kind == "inline":
                self._inline(index)
            elif kind in _NOT_A_LOG:
                # A comment (a suppression, say) between a total and its list is no break.
                if not _is_comment(token):
                    self._reset()
            elif token.nesting == -1 and (
                (self.open is not None and token.level < self.open.container)
                or (self.pending is not None and token.level < self.pending_level)
            ):
                self._reset()  # the container that held the log or the total line has closed
            index += 1
        self._close(self.open)
        return self.found

    def _reset(self) -> None:
        """A block that ends any log and any total waiting for its list."""
        self._close(self.open)
        self.open, self.pending, self.candidate, self.unsure = None, None, None, None

    def _inline(self, index: int) -> None:
        """A paragraph's or heading's text: a total, a chapter heading, or text."""
        tokens = self.tokens
        token = tokens[index]
        opener = tokens[index - 1]
        level = opener.level
        total = self._total(token) if opener.type in ("paragraph_open", "heading_open") else None
        if total is not None:
            below = self.open is not None and self.open.container == level
            if below and self.open is not None and not self.open.heading:
                below = self.open.end == index - 1  # right under the list
            opens, doubt = self._between(total, index, self.open, self.candidate)
            below = below and not opens
            if self.open is not None and below and not self._introduces(token):
                if self.open.total is None:
                    self.open.total = total
                    self._close(self.open, "below")
                else:
                    self.open.restated = total  # stated above and again below
                    self._close(self.open)
                self.open, self.candidate, self.unsure = None, None, None
                return
            if (
                self.open is None
                and self.candidate is not None
                and self.candidate[2] == index - 1
                and not self._introduces(token)
                and not opens
            ):
                list_index, items, _ = self.candidate
                self._close(self._start(total, list_index, items), "below")
                self.candidate = None
                return
            self._close(self.open)
            self.open, self.candidate, self.unsure = None, None, None
            self.pending, self.pending_level = total, level
            self.pending_doubt = doubt
        elif opener.type == "heading_open":
            self.open, self.pending = self._heading(self.open, self.pending, opener, token, level)
            self.candidate, self.unsure = None, None
        elif self.open is not None and self.open.heading and self.open.container == level:
            self.open.current.paragraphs.append(token)  # a chapter's own text
        elif self.open is not None and self.open.container == level:
            closed = len(self.found)
            self._close(self.open)
            if len(self.found) > closed and self.open.total is not None:
                self.unsure = (closed, level)  # a timed list after this text may go on
            self.open = None

    def _list(self, index: int) -> int:
        """A list: a log, a part of the log being read, or a list a total may
        still claim; returns the index to read on from."""
        tokens = self.tokens
        token = tokens[index]
        items, end = self._read_list(index)
        level = token.level
        if self.open is not None and self.open.heading and self.open.container == level:
            self.open.current.sublists.append(index)  # the exercises of a chapter
        elif self.open is not None and self.open.container == level and self.open.end == index:
            # A change of bullet: the same log, maybe ending with its total.
            last = self._total(items[-1].inline) if items[-1].inline else None
            self.open.lists.append(_line_of(token))
            if last is not None and self.open.total is None:
                self.open.items.extend(items[:-1])
                self.open.total = last
                self._close(self.open, "last item")
                self.open = None
            else:
                self.open.items.extend(items)
        else:
            self._close(self.open)
            self.open = None
            found = len(self.found)
            last = self._total(items[-1].inline) if items and items[-1].inline else None
            if self.pending is not None:
                self.open = self._start(self.pending, index, items)
                self.open.doubt, self.pending_doubt = self.pending_doubt, None
                self.pending = None
            elif last is not None and len(items) > 1:
                self._close(self._start(last, index, items[:-1]), "last item")
            elif self._all_timed(items):
                # Without a total, a timed list is a log only when it names a
                # chapter or an exercise: `- 1h laundry` is a to-do list.
                self.open = self._start(None, index, items)
            if self.open is None and len(self.found) == found:
                # Not a log: a total right under it may make it one, and
                # its items may hold a total or a log of their own.
                if self._any_timed(items):
                    self._doubt(level, _line_of(token) + 1)
                if self._any_timed(items) and (self.candidate is None or index > self.candidate[2]):
                    self.candidate = (index, items, self._after_comments(end))
                return index + 1
        # Comments between lists leave them one log; a total may follow them.
        end = self._after_comments(end)
        if self.open is not None and not self.open.heading:
            self.open.end = end
        return end

    def _doubt(self, level: int, line: int) -> None:
        """A timed list at ``line`` that is no log of its own: the log a paragraph
        ended just above it (at the same level) may go on there."""
        if self.unsure is None or self.unsure[1] != level:
            return
        index = self.unsure[0]
        why = f"the timed list on line {line} may belong to it"
        self.found[index] = replace(self.found[index], doubt=why)
        self.unsure = None

    def _after_comments(self, index: int) -> int:
        tokens = self.tokens
        while index < len(tokens) and _is_comment(tokens[index]):
            index += 1
        return index

    def _start(self, total: Total | None, index: int, items: list[_Item]) -> _Open:
        token = self.tokens[index]
        open_ = _Open(total, token, token.level)
        open_.items.extend(items)
        open_.lists.append(_line_of(token))
        return open_

    def _close(self, open_: _Open | None, total_at: TotalPlace | None = "above") -> None:
        """Build the tree of a log whose reading is over."""
        if open_ is None:
            return
        total = open_.total
        if total is None and self._only_planned(open_.items):
            self._doubt(open_.container, _line_of(open_.token) + 1)
            return  # open tasks with estimates and no total: a to-do list
        entries, notes = self._entries(open_.items)
        if total is None:
            walked = _walk(entries)
            if not any(
                entry.duration is not None or entry.duration_error is not None for entry in walked
            ) or not _times_work(entries):
                self._doubt(open_.container, _line_of(open_.token) + 1)
                return  # no total, and no timed chapter or exercise: not a log
            total_at = None
        line = _line_of(open_.token)
        text = self.lines[line]
        column = len(text) - len(text.lstrip())
        span = Span(line + 1, column + 1, line + 1, len(text.rstrip()) + 1)
        shape = Shape(total_at, open_.chapters, tuple(line + 1 for line in open_.lists))
        self.found.append(Log(span, total, entries, notes, shape, open_.restated, open_.doubt))
        self.unsure = None  # a log of its own below: the one above has ended for good

    def _heading(
        self, open_: _Open | None, pending: Total | None, opener: Token, inline: Token, level: int
    ) -> tuple[_Open | None, Total | None]:
        """A heading: a chapter of a log written with headings, or the end of a log."""
        depth = int(opener.tag[1:]) if opener.tag[1:].isdigit() else 1
        same = open_ is not None and open_.heading == depth and open_.container == level
        head = parse_head(_flatten(inline).plain)
        chapter = head.kind in ("chapter", "exercise") or (
            head.token is not None and (same or pending is not None)
        )
        if (
            open_ is not None
            and open_.heading
            and open_.container == level
            and depth > open_.heading
        ):
            # A deeper heading inside a chapter: an exercise of it when it is
            # timed or names one (`### exercise 1.1 (1h)`), else a section.
            if chapter or head.token is not None:
                item = _Item(inline=inline)
                open_.items[-1].subitems.append(item)
                open_.current = item
            else:
                open_.current = open_.items[-1]
            return open_, pending
        if chapter:
            if open_ is None or not same:
                self._close(open_)
                self.unsure = None
                open_ = _Open(pending, opener, level)
                open_.heading, open_.chapters = depth, "headings"
                open_.lists.append(_line_of(opener))
                pending = None
            open_.items.append(_Item(inline=inline))
            open_.current = open_.items[-1]
            return open_, pending
        if open_ is not None and open_.container == level:
            self._close(open_)
            open_ = None
        return open_, None  # a heading that is neither total nor chapter: a new part

    def _between(
        self,
        total: Total,
        index: int,
        open_: _Open | None,
        candidate: tuple[int, list[_Item], int] | None,
    ) -> tuple[bool, str | None]:
        """Does the total line at ``index`` open the list right under it, and if it
        does, why it may rather sum the timed list right above it?

        Between two timed lists a total opens the one below (`Total Hours: 6`
        above its log), unless it is the sum of the list above and not of the
        one below. When it is the sum of neither, which log it belongs to is a
        guess: ``--fix`` must not rewrite it.
        """
        if not self._opens_list(index) or self._introduces(self.tokens[index]):
            return self._opens_list(index), None
        level = self.tokens[index - 1].level
        above: list[_Item] | None = None
        if open_ is not None and not open_.heading and open_.container == level:
            above = open_.items if open_.end == index - 1 else None
        elif open_ is None and candidate is not None and candidate[2] == index - 1:
            above = candidate[1]
        if above is None or total.duration is None:
            return True, None
        stated = total.duration.hours
        up = _stated_sum(above)
        down = _stated_sum(self._read_list(self._after_comments(index + 2))[0])
        if down == stated:
            return True, None
        if up == stated:
            return False, None
        line = total.span.line
        return True, f"the total on line {line} may be the one of the list above it"

    def _opens_list(self, index: int) -> bool:
        """Is the total line whose inline is at ``index`` right above a list (its
        own, then, rather than the one above it)?"""
        tokens = self.tokens
        after = self._after_comments(index + 2)  # past the inline and its closing tag
        return (
            after < len(tokens)
            and tokens[after].type in _LIST_OPEN
            and tokens[after].level == tokens[index - 1].level
        )

    def _introduces(self, inline: Token) -> bool:
        """Does this total line introduce what follows (`Split into the following:`)?"""
        return inline.content.rstrip(" \t*_").endswith(":")


def _is_comment(token: Token) -> bool:
    return token.type == "html_block" and token.content.lstrip().startswith("<!--")
