"""Markdown tokens -> typed tree.

markdown-it-py gives block tokens with line maps; this module finds total
lines and log lists among them and turns list items into :class:`Entry`
nodes, with positions taken from the source lines (inline tokens carry none).
Nothing inside code blocks, fenced code or HTML blocks is ever a log: those
are single tokens whose content is never looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import directives, frontmatter
from .directives import Directive
from .durations import Parsed, is_duration_start, parse_duration
from .model import Document, Duration, DurationError, Entry, Kind, Link, Log, Span, Total
from .source import Source

_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_NOT_A_LOG = frozenset({"fence", "code_block", "html_block", "hr"})

# `Total Hours: 42.7`, `**Total time:** 12h`, `Total: 2h 30m`, `Total 5h`.
_TOTAL = re.compile(r"[ \t]*total(?:[ \t]+(?P<word>hours?|hrs?|time))?[ \t]*:?[ \t]*", re.I)
_HOURS_WORD = re.compile(r"h", re.I)
_SKIPPED = re.compile(r"skipped\b[ \t]*:?[ \t]*", re.I)
_SEPARATOR = r"[ \t]*[:.\u2013\u2014-]?[ \t]*"
_CHAPTER = re.compile(rf"chapter[ \t]+(?P<number>\d+)(?![.\d]\d){_SEPARATOR}", re.I)
_EXERCISE = re.compile(rf"exercise[ \t]+(?P<number>\d+(?:\.\d+)*)\b{_SEPARATOR}", re.I)
# Where a title written without a link ends: a full stop, a bracket, a semicolon.
_TITLE_END = re.compile(r"\.(?:\s|$)|\s\(|;|$")


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
        _markdown = _Markdown("commonmark")
    return _markdown


def parse(source: Source) -> Document:
    """Build the typed tree of ``source``."""
    front_matter, skip = frontmatter.split(source.lines)
    body = source.text
    if skip:
        # Blank lines keep markdown-it's line numbers equal to the file's.
        start = source.line_starts[skip] if skip < len(source.lines) else len(source.text)
        body = "\n" * skip + source.text[start:]
    tokens = markdown().parse(body)
    logs = _Builder(source.lines, tokens).logs()
    found: tuple[Directive, ...] = ()
    if "arena-lint-" in body:
        code = [
            range(*token.map)
            for token in tokens
            if token.type in ("fence", "code_block") and token.map is not None
        ]
        found = directives.find(source.text, source.line_starts, code)
    return Document(source.path, front_matter, tuple(logs), source.lines, found)


@dataclass(slots=True)
class _Item:
    """A list item as block tokens: its first paragraph, other paragraphs, nested lists."""

    inline: Token | None = None
    paragraphs: list[Token] = field(default_factory=list)
    sublists: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Text:
    """An inline token's text without markup, and its links as (start, end, url)."""

    plain: str
    links: tuple[tuple[int, int, str], ...]


class _Builder:
    def __init__(self, lines: list[str], tokens: list[Token]) -> None:
        self.lines = lines
        self.tokens = tokens

    def logs(self) -> list[Log]:
        tokens = self.tokens
        logs: list[Log] = []
        pending: Total | None = None
        pending_level = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "inline":
                opener = tokens[index - 1].type
                total = self._total(token) if opener in ("paragraph_open", "heading_open") else None
                if total is not None:
                    pending, pending_level = total, token.level - 1
                elif opener == "heading_open":
                    pending = None
            elif kind in _LIST_OPEN:
                items, end = self._read_list(index)
                if pending is not None or self._all_timed(items):
                    logs.append(self._log(pending, token, items))
                    pending = None
                    index = end
                    continue
            elif kind in _NOT_A_LOG:
                # A comment (a suppression, say) between a total and its list is no break.
                if not (kind == "html_block" and token.content.startswith("<!--")):
                    pending = None
            elif token.nesting == -1 and token.level < pending_level:
                # The container that held the total line has closed.
                pending = None
            index += 1
        return logs

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
            if item.inline is None:
                return False
            text = item.inline.content.lstrip("*_")
            if is_duration_start(text):
                timed = True
            elif _SKIPPED.match(text) is None:
                return False
        return timed

    def _log(self, total: Total | None, token: Token, items: list[_Item]) -> Log:
        entries, notes = self._entries(items)
        line = _line_of(token)
        text = self.lines[line]
        column = len(text) - len(text.lstrip())
        span = Span(line + 1, column + 1, line + 1, len(text.rstrip()) + 1)
        return Log(span, total, entries, notes)

    def _entries(self, items: list[_Item]) -> tuple[tuple[Entry, ...], tuple[str, ...]]:
        entries: list[Entry] = []
        notes: list[str] = []
        for item in items:
            entry = self._entry(item)
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
        inline = item.inline
        if inline is None:
            if not children:
                return notes
            line = children[0].span.line  # an item with no text of its own
            span = Span(line, 1, line, 1)
            return Entry(
                span,
                None,
                None,
                False,
                "other",
                None,
                None,
                None,
                (),
                tuple(notes),
                tuple(children),
            )

        text = _flatten(inline)
        plain = text.plain
        line = _line_of(inline)
        last_line = (inline.map[1] - 1) if inline.map else line
        raw = self.lines[line]
        first = inline.content.split("\n", 1)[0]
        column = _content_column(raw, first)
        span = Span(line + 1, column + 1, last_line + 1, len(self.lines[last_line].rstrip()) + 1)

        duration: Duration | None = None
        error: DurationError | None = None
        skipped = False
        rest = 0
        parsed = parse_duration(plain)
        if parsed is not None:
            lead = len(raw) - column - len(raw[column:].lstrip("*_"))
            token_span = self._locate(parsed.text, line, column + lead)
            duration, error = _timed(parsed, token_span)
            rest = parsed.end
        else:
            marker = _SKIPPED.match(plain)
            if marker is not None:
                skipped = True
                rest = marker.end()
        while rest < len(plain) and plain[rest].isspace():
            rest += 1

        kind: Kind = "other"
        number: str | None = None
        for pattern, name in ((_CHAPTER, "chapter"), (_EXERCISE, "exercise")):
            match = pattern.match(plain, rest)
            if match is not None:
                kind, number, rest = name, match["number"], match.end()  # type: ignore[assignment]
                break

        title, url, tail = _title(plain, rest, text.links)
        if tail:
            notes.insert(0, tail)
        links = tuple(
            Link(plain[start:end], href, self._locate(href, line, column, last_line))
            for start, end, href in text.links
        )
        if duration is None and error is None and not skipped and kind == "other" and not children:
            return [plain, *notes]
        return Entry(
            span,
            duration,
            error,
            skipped,
            kind,
            number,
            title,
            url,
            links,
            tuple(notes),
            tuple(children),
        )

    def _total(self, inline: Token) -> Total | None:
        content = inline.content
        if content[:12].lstrip("*_# \t").lower()[:5] != "total":
            return None  # the cheap test, before flattening the inline tokens
        plain = _flatten(inline).plain
        match = _TOTAL.match(plain)
        if match is None:
            return None
        word = match["word"] or ""
        parsed = parse_duration(
            plain[match.end() :], bare_hours=_HOURS_WORD.match(word) is not None
        )
        if parsed is None:
            return None
        line = _line_of(inline)
        raw = self.lines[line]
        column = _content_column(raw, content.split("\n", 1)[0])
        start = raw.lower().find("total", column)
        token_span = self._locate(parsed.text, line, max(start, column))
        duration, error = _timed(parsed, token_span)
        span = Span(line + 1, column + 1, line + 1, len(raw.rstrip()) + 1)
        return Total(span, duration, error)

    # -- positions -------------------------------------------------------------

    def _locate(self, needle: str, line: int, column: int, last_line: int | None = None) -> Span:
        """Where ``needle`` is written, searching from (line, column) to ``last_line``.

        Falls back to the start position when the text is not found verbatim
        (an escaped character, a reference link defined elsewhere).
        """
        for index in range(line, (last_line if last_line is not None else line) + 1):
            found = self.lines[index].find(needle, column if index == line else 0)
            if found >= 0:
                return Span(index + 1, found + 1, index + 1, found + len(needle) + 1)
        return Span(line + 1, column + 1, line + 1, column + 1)


def _line_of(token: Token) -> int:
    return token.map[0] if token.map else 0


def _content_column(raw: str, first: str) -> int:
    """0-based column where an inline's first line of content starts in ``raw``."""
    first = first.strip()
    stripped = raw.rstrip()
    if first and stripped.endswith(first):
        return len(stripped) - len(first)
    found = raw.find(first) if first else -1
    return found if found >= 0 else len(raw) - len(raw.lstrip())


def _timed(parsed: Parsed, span: Span) -> tuple[Duration | None, DurationError | None]:
    if parsed.hours is None:
        return None, DurationError(parsed.text, parsed.error or "cannot be read", span)
    return Duration(parsed.hours, parsed.text, span), None


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
    plain: str, start: int, links: tuple[tuple[int, int, str], ...]
) -> tuple[str | None, str | None, str]:
    """Title, URL and the free text after them, from ``plain[start:]``.

    The entry's link is the first one that begins before the title's first
    sentence ends (`[Chapter 0: Fundamentals](url)`, `exercise 0.2 [CNN](url)`);
    a link further on belongs to the notes.
    """
    boundary = _TITLE_END.search(plain, start)
    title_end = boundary.start() if boundary else len(plain)
    for link_start, link_end, href in links:
        if link_end <= start or link_start > title_end:
            continue
        before = plain[start:link_start].strip(" \t:-\u2013\u2014")
        title = before or plain[max(start, link_start) : link_end].strip()
        return title or None, href, _tidy(plain[link_end:])
    title = plain[start:title_end].strip()
    return title or None, None, _tidy(plain[title_end:])


def _tidy(text: str) -> str:
    return text.strip().lstrip(".;:,").strip()
