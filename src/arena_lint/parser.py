"""Markdown tokens -> typed tree.

markdown-it-py gives block tokens with line maps; this module finds total
lines and log lists among them and turns list items into :class:`Entry`
nodes, with positions taken from the source lines (inline tokens carry none).
Nothing inside code blocks, fenced code or HTML blocks is ever a log: those
are single tokens whose content is never looked at.
"""

from __future__ import annotations

import gc
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Literal, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import directives, frontmatter
from .directives import Directive
from .durations import Token as DurationToken
from .durations import scan
from .model import (
    Chapters,
    Document,
    Duration,
    DurationError,
    Entry,
    Kind,
    Link,
    Log,
    Shape,
    Span,
    Total,
    TotalPlace,
)
from .source import Source

_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_NOT_A_LOG = frozenset({"fence", "code_block", "html_block", "hr"})

# A total line: the word total, words that say it is time, a separator, then a
# duration; whatever follows is free text (`Total Hours: 50 (approx.)`).
_TOTAL = re.compile(
    r"[ \t]*total(?:[ \t]+(?P<word>(?:study[ \t]+)?(?:hours?|hrs?|time)"
    r"(?:[ \t]+(?:spent|studied|logged))?|spent)\b)?"
    # A few more words before a colon or equals sign: `Total hours so far: 50`,
    # `Total time this week: 5h` (only with the sign, so prose stays prose).
    r"(?P<extra>(?<=[A-Za-z])(?:[ \t]+[A-Za-z]+){1,3}(?=[ \t]*[:=]))?"
    r"[ \t]*(?P<sep>[:=(\u2013\u2014]|-{1,2})?[ \t]*",
    re.I,
)
# Words that say a total is one of time, where an `m` could be metres.
_TIME_WORDS = re.compile(
    r"\b(?:time|hours?|hrs?|minutes?|mins?|study|studied|spent|logged)\b", re.I
)
# `6:30`: a clock time, which a bare number would read as 6.
_CLOCK = re.compile(r"\d+:\d")
_HOURS_WORD = re.compile(r"(?:study[ \t]+)?h", re.I)
_SKIPPED = re.compile(r"skipped\b[ \t]*:?[ \t]*", re.I)
# `(skipped)`, `(skipped, seen it before)`, `- skipped` after the title.
_SKIPPED_AFTER = re.compile(r"(?:\(|[\u2013\u2014-][ \t]*)skipped\b", re.I)
# A task-list item's box: `[x] 1h exercise 1.1`, `[ ] exercise 1.2`.
_TASK = re.compile(r"\[(?P<mark>[ xX])\][ \t]+")
# Where a duration written after the title starts: `(3h)`, `— 4h`, ` - 4h`, `: 4h`.
_AFTER = re.compile(r"[ \t]*(?P<open>\()[ \t]*|[ \t]*(?:[\u2013\u2014]|[ \t]-{1,2}|:)[ \t]*")
# A duration at the end of the first sentence after a mere space (`- Plank 3m`).
_BARE_AFTER = re.compile(r"(?<=\w)[ \t]+(?P<token>[\d.]+[ \t]?[A-Za-z]+)[ \t]*[.;,]?[ \t]*$")
# What may follow such a duration: the end of the entry's first sentence.
_AFTER_END = re.compile(r"[ \t]*(?:[.;,]|[ \t]\(|$)")
# Where an entry's first sentence ends (its title and a duration after it live there).
_SENTENCE_END = re.compile(r"\.(?:[ \t]|$)|;|\n|$")
# A line that is one HTML comment (a suppression, say), and the lines around it.
_COMMENT_LINE = re.compile(r"[ \t]*<!--(?:(?!-->).)*-->[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_SEPARATOR = r"[ \t]*[:.\u2013\u2014-]?[ \t]*"
# Numbers are read whole: `3`, `3.10`, `3.1a`, an appendix's `A.1`. A number
# ends where no letter, digit or `.digit` follows (`3.1abc` is no number).
_NUMBER_END = r"(?![\w]|\.\d)"
_CHAPTER = re.compile(rf"chapter[ \t]+(?P<number>\d+){_NUMBER_END}{_SEPARATOR}", re.I)
_EXERCISE = re.compile(
    rf"exercise[ \t]+(?P<number>(?:\d+|(?-i:[A-Z])(?=\.\d))(?:\.\d+)*(?-i:[a-z])?)"
    rf"{_NUMBER_END}{_SEPARATOR}",
    re.I,
)
# Where a title written without a link ends: a full stop, a bracket, a semicolon.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TITLE_END = re.compile(r"\.(?:\s|$)|\s\(|;|$")
# `[text](address with spaces)`: CommonMark leaves it as text, not a link.
_UNLINKED = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\((?P<url>[^()\s<>]+[ \t][^()<>\n]*)\)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

#: markdown-it stops reading blocks nested deeper than this (the commonmark
#: preset says 20: a 10-level list). A list level is two (list and item); 100
#: reads 49 levels and stays far below Python's recursion limit here and in
#: the tree walks. Deeper content is reported as unchecked, never skipped silently.
MAX_NESTING = 100


class _Markdown(MarkdownIt):
    """CommonMark, with link destinations kept as the author wrote them."""

    def normalizeLink(self, url: str) -> str:
        # The default percent-encodes (`[0.1]` -> `%5B0.1%5D`); the tree and the
        # link rules want the URL as written, and skipping this is cheaper.
        return url


_markdown: MarkdownIt | None = None


def markdown() -> MarkdownIt:
    """The shared parser (built once: building it costs more than a small post)."""
    global _markdown
    if _markdown is None:
        _markdown = build_markdown()
    return _markdown


def build_markdown() -> MarkdownIt:
    """A new parser (CommonMark, nesting bounded by :data:`MAX_NESTING`)."""
    return _Markdown("commonmark", {"maxNesting": MAX_NESTING})


def parse(source: Source) -> Document:
    """Build the typed tree of ``source``."""
    with collector_paused():
        # The tokens die with `_parse`'s frame, before the collector runs again:
        # its next pass then walks the tree alone, not the tree and the tokens.
        return _parse(source)


def _parse(source: Source) -> Document:
    front_matter, skip = frontmatter.split(source.lines)
    body = source.text
    if skip:
        # Blank lines keep markdown-it's line numbers equal to the file's.
        start = source.line_starts[skip] if skip < len(source.lines) else len(source.text)
        body = "\n" * skip + source.text[start:]
    if "<!--" in body:
        blank = _uncomment(source.lines)
        if blank:
            lines = body.split("\n")
            for index in blank:
                lines[index] = ""
            body = "\n".join(lines)
    tokens = markdown().parse(body)
    logs = _Builder(source.lines, tokens).logs()
    found: tuple[Directive, ...] = ()
    if "arena-lint-" in source.text:
        code = [
            range(*token.map)
            for token in tokens
            if token.type in ("fence", "code_block") and token.map is not None
        ]
        found = directives.find(source.text, source.line_starts, code)
    return Document(source.path, front_matter, tuple(logs), source.lines, found, _unparsed(tokens))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while the tokens and the tree are built
    (and, in :func:`arena_lint.api.run`, while the rules read the tree).

    Both are long-lived and acyclic: they are freed by reference counting, and
    the collector finds nothing in them. Yet each allocation counts towards its
    next pass, and a full pass walks every object alive, so on a 5 MB log the
    collector re-walked the growing token list about ten times (a third of the
    parse's CPU time), then the tree three more times while the rules ran. A
    check leaves only a few hundred cyclic objects behind, collected as usual
    once the collector runs again. Nested uses are free; a collector the
    caller disabled stays disabled.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _unparsed(tokens: list[Token]) -> Span | None:
    """Where markdown-it gave up on nesting: the first block it opened at the limit.

    At that level it skips the block's content to the block's end, silently.
    """
    for token in tokens:
        if (
            token.type in ("list_item_open", "blockquote_open")
            and token.level >= MAX_NESTING - 1
            and token.map is not None
        ):
            line = token.map[0] + 1
            return Span(line, 1, line, 1)
    return None


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


class _Builder:
    """Reads the logs of a token stream as their author wrote them.

    A log is a list of entries, or headings that name chapters with lists
    under them, with a total line above it, below it or as its last item. A
    change of bullet or a comment between items does not end it (CommonMark
    starts a new list there; a reader does not); a new total, a heading that
    is not a chapter or any other block does.
    """

    def __init__(self, lines: list[str], tokens: list[Token]) -> None:
        self.lines = lines
        self.tokens = tokens
        self.found: list[Log] = []
        # A log a paragraph ended (its index, its level): a timed list after
        # that text may be its continuation.
        self.unsure: tuple[int, int] | None = None
        # Why the total waiting for its list may be the one of the list above it.
        self.pending_doubt: str | None = None

    def logs(self) -> list[Log]:
        tokens = self.tokens
        open_: _Open | None = None
        pending: Total | None = None
        pending_level = 0
        # A timed list no total opened: a total right under it makes it a log.
        candidate: tuple[int, list[_Item], int] | None = None
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "inline":
                opener = tokens[index - 1]
                level = opener.level
                total = (
                    self._total(token)
                    if opener.type in ("paragraph_open", "heading_open")
                    else None
                )
                if total is not None:
                    below = open_ is not None and open_.container == level
                    if below and open_ is not None and not open_.heading:
                        below = open_.end == index - 1  # right under the list
                    opens, doubt = self._between(total, index, open_, candidate)
                    below = below and not opens
                    if open_ is not None and below and not self._introduces(token):
                        if open_.total is None:
                            open_.total = total
                            self._close(open_, "below")
                        else:
                            open_.restated = total  # stated above and again below
                            self._close(open_)
                        open_, candidate, self.unsure = None, None, None
                        index += 1
                        continue
                    if (
                        open_ is None
                        and candidate is not None
                        and candidate[2] == index - 1
                        and not self._introduces(token)
                        and not opens
                    ):
                        list_index, items, _ = candidate
                        self._close(self._start(total, list_index, items), "below")
                        candidate = None
                        index += 1
                        continue
                    self._close(open_)
                    open_, candidate, self.unsure = None, None, None
                    pending, pending_level = total, level
                    self.pending_doubt = doubt
                elif opener.type == "heading_open":
                    open_, pending = self._heading(open_, pending, opener, token, level)
                    candidate, self.unsure = None, None
                elif open_ is not None and open_.heading and open_.container == level:
                    open_.current.paragraphs.append(token)  # a chapter's own text
                elif open_ is not None and open_.container == level:
                    closed = len(self.found)
                    self._close(open_)
                    if len(self.found) > closed and open_.total is not None:
                        self.unsure = (closed, level)  # a timed list after this text may go on
                    open_ = None
            elif kind in _LIST_OPEN:
                items, end = self._read_list(index)
                level = token.level
                if open_ is not None and open_.heading and open_.container == level:
                    open_.current.sublists.append(index)  # the exercises of a chapter
                elif open_ is not None and open_.container == level and open_.end == index:
                    # A change of bullet: the same log, maybe ending with its total.
                    last = self._total(items[-1].inline) if items[-1].inline else None
                    open_.lists.append(_line_of(token))
                    if last is not None and open_.total is None:
                        open_.items.extend(items[:-1])
                        open_.total = last
                        self._close(open_, "last item")
                        open_ = None
                    else:
                        open_.items.extend(items)
                else:
                    self._close(open_)
                    open_ = None
                    found = len(self.found)
                    last = self._total(items[-1].inline) if items and items[-1].inline else None
                    if pending is not None:
                        open_ = self._start(pending, index, items)
                        open_.doubt, self.pending_doubt = self.pending_doubt, None
                        pending = None
                    elif last is not None and len(items) > 1:
                        self._close(self._start(last, index, items[:-1]), "last item")
                    elif self._all_timed(items):
                        # Without a total, a timed list is a log only when it names a
                        # chapter or an exercise: `- 1h laundry` is a to-do list.
                        open_ = self._start(None, index, items)
                    if open_ is None and len(self.found) == found:
                        # Not a log: a total right under it may make it one, and
                        # its items may hold a total or a log of their own.
                        if self._any_timed(items):
                            self._doubt(level, _line_of(token) + 1)
                        if self._any_timed(items) and (candidate is None or index > candidate[2]):
                            candidate = (index, items, self._after_comments(end))
                        index += 1
                        continue
                # Comments between lists leave them one log; a total may follow them.
                end = self._after_comments(end)
                if open_ is not None and not open_.heading:
                    open_.end = end
                index = end
                continue
            elif kind in _NOT_A_LOG:
                # A comment (a suppression, say) between a total and its list is no break.
                if not _is_comment(token):
                    self._close(open_)
                    open_, pending, candidate, self.unsure = None, None, None, None
            elif token.nesting == -1 and (
                (open_ is not None and token.level < open_.container)
                or (pending is not None and token.level < pending_level)
            ):
                # The container that held the log or the total line has closed.
                self._close(open_)
                open_, pending, candidate, self.unsure = None, None, None, None
            index += 1
        self._close(open_)
        return self.found

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


def _is_comment(token: Token) -> bool:
    return token.type == "html_block" and token.content.lstrip().startswith("<!--")


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


def _uncomment(lines: list[str]) -> list[int]:
    """The lines of HTML comments between two lines of a list.

    At column 0 such a comment ends the list for CommonMark (and makes the
    next indented item a code block), while its reader still sees one log:
    the parser reads these lines as blank. A run of comments counts as one,
    with blank lines between them, and so does a comment over several lines.
    Suppression comments are found in the source text, so they still apply.
    """
    found: list[int] = []
    count = len(lines)
    # The next line holding `-->` from each line on: one pass, so that no
    # unclosed `<!--` makes the scan read the rest of the file again.
    closes = [-1] * (count + 1)
    for index in range(count - 1, -1, -1):
        closes[index] = index if "-->" in lines[index] else closes[index + 1]
    previous = False  # the last line with text was an item or indented
    index = 0
    while index < count:
        line = lines[index]
        run = _comment_run(lines, index, closes) if previous and "<!--" in line else index
        if run > index:
            after = run
            while after < count and not lines[after].strip():
                after += 1
            if after < count and _ITEM_LINE.match(lines[after]) is not None:
                found.extend(i for i in range(index, run) if lines[i].strip())
            previous = False  # the same run, read from any of its lines, ends alike
            index = run
            continue
        if line.strip():
            previous = _ITEM_LINE.match(line) is not None or line[:1] in " \t"
        index += 1
    return found


def _comment_run(lines: list[str], index: int, closes: list[int]) -> int:
    """The index after the comments (each alone on its lines, maybe over several
    lines, maybe with blank lines between them) that start at ``index``; ``index``
    when none starts there."""
    end = index
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        stripped = line.lstrip(" \t")
        if not stripped.startswith("<!--"):
            break
        close = stripped.find("-->", 4)
        last = index
        if close < 0:
            if len(stripped) != len(line):
                # Indented, it is an item's: a less indented line ends that item,
                # and the comment with it, for CommonMark and for the reader.
                break
            last = closes[index + 1]
            if last < 0:
                break  # never closed
            stripped = lines[last]
            close = stripped.find("-->")
        if stripped[close + 3 :].strip():
            break  # unclosed, or text after it: not a comment line
        if index == last and _COMMENT_LINE.fullmatch(line) is None:
            break  # `<!-- a --> <!-- b -->` and the like: left to CommonMark
        index = end = last + 1
    return end


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


#: A task-list item's box: ``[x]`` done, ``[ ]`` open.
Task = Literal["done", "open"]


class Head(NamedTuple):
    """What an entry's text says before its notes (see :func:`parse_head`)."""

    token: DurationToken | None = None
    """The duration before or after the title, readable or not."""
    skipped: bool = False
    kind: Kind = "other"
    number: str | None = None
    title: str | None = None
    url: str | None = None
    tail: str = ""
    """The free text after the title: the first note."""
    start: int = 0
    """Where ``token`` starts in the text."""
    task: Task | None = None
    after: bool = False
    """``token`` is written after the title (`Chapter 2 (3h)`)."""


def parse_head(text: str, links: tuple[tuple[int, int, str], ...] = ()) -> Head:
    """Read an entry's text: task box, duration or `skipped`, chapter or exercise
    and its number, title, link, a duration after the title, and the tail.
    ``links`` are the (start, end, url) of the links in ``text``, as markdown-it
    found them.

    >>> parse_head("2.5h exercise 3.1a [Bandits](u). Slow going").number
    '3.1a'
    >>> parse_head("exercise 2.1 (1.5h)").token.text
    '1.5h'
    """
    rest = 0
    task: Task | None = None
    box = _TASK.match(text)
    if box is not None:
        task, rest = ("open" if box["mark"] == " " else "done"), box.end()
    start = rest
    token = scan(text[rest:], clock=True)
    skipped = False
    after = False
    stop = len(text)  # where the title may end
    resume = -1  # with a duration after the title: where the text goes on
    if token is not None:
        rest += token.end
    else:
        marker = _SKIPPED.match(text, rest)
        if marker is not None:
            skipped = True
            rest = marker.end()
        else:
            found = _after(text, rest)
            if found is not None:
                token, start, stop, resume = found
                after = True
    if (
        token is not None
        and token.hours is None
        and token.error
        and token.error.startswith("is zero")
    ):
        if _SKIPPED_AFTER.search(text, rest) is not None:
            token, skipped = None, True  # `0h exercise 0.1 (skipped, seen it before)`
    elif token is None and not skipped and _SKIPPED_AFTER.search(text, rest) is not None:
        skipped = True
    if task == "open" and token is None:
        skipped = True  # not done yet: it counts as zero, as a skipped item does
    while rest < len(text) and text[rest].isspace():
        rest += 1
    kind: Kind = "other"
    number: str | None = None
    chapter = _CHAPTER.match(text, rest, stop)
    if chapter is not None:
        kind, number, rest = "chapter", chapter["number"], chapter.end()
    else:
        exercise = _EXERCISE.match(text, rest, stop)
        if exercise is not None:
            kind, number, rest = "exercise", exercise["number"], exercise.end()
    title, url, tail = _title(text, rest, links, stop)
    if resume >= 0:
        tail = _tidy(text[resume:])
    return Head(token, skipped, kind, number, title, url, tail, start, task, after)


def _after(text: str, rest: int) -> tuple[DurationToken, int, int, int] | None:
    """A duration written after the title, in the entry's first sentence:
    the token, where it starts, where the title stops and where the text goes on.

    Only a token set apart (in parentheses, after a dash or a colon) and ending
    the sentence counts: `- Read 2 chapters` or `- 5 people came` are no times.
    One with a unit after a mere space is returned unreadable (see below).
    """
    end = _SENTENCE_END.search(text, rest)
    limit = end.start() if end is not None else len(text)
    for match in _AFTER.finditer(text, rest, limit):
        at = match.end()
        token = scan(text[at:limit] if match["open"] is None else text[at:], clock=True)
        if token is None:
            continue
        close = at + token.end
        if match["open"] is not None:
            tail = re.match(r"[ \t]*\)", text[close:])
            if tail is None:
                continue
            close += tail.end()
        elif _AFTER_END.match(text, close) is None:
            continue
        return token, at, match.start(), close
    # A token that only a space sets apart, ending the sentence (`- Plank 3m`,
    # `- exercise 1.1 took 2h`): a reader may take it for the time spent, or
    # not (`- Row 2000m` is metres). Never read, never silently dropped: it is
    # reported at the token, and the log is not fixed.
    last = _BARE_AFTER.search(text, rest, limit)
    if last is not None and _SKIPPED_AFTER.search(text, rest, limit) is None:
        token = scan(text[last.start("token") : limit])
        if token is not None and token.hours is not None and token.end == len(last["token"]):
            why = f"is not set apart from the title; write `({token.text})` if it is the time spent"
            at = last.start("token")
            return DurationToken(token.text, None, why), at, last.start(), at + token.end
    return None


def read_total(text: str) -> tuple[int, DurationToken] | None:
    """The duration a total line states, with its offset in ``text``; ``None``
    when ``text`` is not a total line.

    A line that starts like a total is one whatever follows its number. When
    its words say it is a total of time but no number can be read there, the
    token is unreadable (and reported), never ignored.
    """
    match = _TOTAL.match(text)
    if match is None:
        return None
    word = match["word"] or ""
    start = match.end()
    rest = text[start:]
    token = scan(rest, bare_hours=True)
    if (
        token is not None
        and not word
        and match["extra"]  # words between `total` and the sign: `Total distance:`
        and token.text.rstrip().endswith(("m", "M"))
        and not _TIME_WORDS.search(text, 0, match.end())
    ):
        return None  # `Total distance: 5000m`: metres, not minutes
    if token is not None and token.bare and _CLOCK.match(rest):
        if not word:
            return None  # `Total: 6:30` says no unit: a score, a time of day
        clock = rest.split(None, 1)[0].rstrip(".,;")
        token = DurationToken(clock, None, "is a clock time; write it as `6h30m` or `6.5h`")
    elif token is not None and token.bare and not _HOURS_WORD.match(word):
        if not word:
            return None  # `Total: 5 tasks`, `Total: 42.7`: the unit is not said
        token = DurationToken(token.text, None, f"has no unit; write `{token.text}h`")
    if token is None:
        if not word or match["sep"] is None or not rest.strip():
            return None  # prose that mentions a total
        written = rest.split(None, 1)[0]
        token = DurationToken(written, None, "is not a number of hours")
    return start, token


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


def _title(
    plain: str, start: int, links: tuple[tuple[int, int, str], ...], stop: int | None = None
) -> tuple[str | None, str | None, str]:
    """Title, URL and the free text after them, from ``plain[start:]``.

    The entry's link is the first one that begins before the title's first
    sentence ends (`[Chapter 0: Fundamentals](url)`, `exercise 0.2 [CNN](url)`);
    a link further on belongs to the notes.
    """
    # A comment's own punctuation ends no title: it is masked, length kept.
    masked = _HTML_COMMENT.sub(lambda m: "\0" * len(m[0]), plain) if "<!--" in plain else plain
    limit = len(plain) if stop is None else stop
    boundary = _TITLE_END.search(masked, start, limit)
    title_end = boundary.start() if boundary else limit
    for link_start, link_end, href in links:
        if link_end <= start or link_start > title_end:
            continue
        before = _unseen(plain[start:link_start]).strip(" \t:-\u2013\u2014")
        title = before or _unseen(plain[max(start, link_start) : link_end]).strip()
        return title or None, href, _tidy(plain[link_end:])
    title = _unseen(plain[start:title_end]).strip()
    return title or None, None, _tidy(plain[title_end:])


def _unseen(text: str) -> str:
    """``text`` without its HTML comments, which a reader never sees (a
    ``<!-- arena-lint-disable-line ... -->`` at the end of an entry is no title)."""
    if "<!--" not in text:
        return text
    return " ".join(_HTML_COMMENT.sub(" ", text).split())


def _tidy(text: str) -> str:
    return _unseen(text).strip().lstrip(".;:,").strip()
