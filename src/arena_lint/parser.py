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
from dataclasses import dataclass, field
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from . import directives, frontmatter
from .directives import Directive
from .durations import Token as DurationToken
from .durations import is_duration_start, scan
from .model import Document, Duration, DurationError, Entry, Kind, Link, Log, Span, Total
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
    r"(?:(?<=[A-Za-z])(?:[ \t]+[A-Za-z]+){1,3}(?=[ \t]*[:=]))?"
    r"[ \t]*(?P<sep>[:=\u2013\u2014]|-{1,2})?[ \t]*",
    re.I,
)
# `6:30`: a clock time, which a bare number would read as 6.
_CLOCK = re.compile(r"\d+:\d")
_HOURS_WORD = re.compile(r"(?:study[ \t]+)?h", re.I)
_SKIPPED = re.compile(r"skipped\b[ \t]*:?[ \t]*", re.I)
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


def build_markdown(*, fast: bool = True) -> MarkdownIt:
    """A new parser; ``fast`` reads an inline holding one plain link without
    markdown-it's inline rules (see :func:`one_link`), to the same tokens."""
    md = _Markdown("commonmark", {"maxNesting": MAX_NESTING})
    if fast:
        md.core.ruler.at("inline", _inline)
    return md


# -- the inline fast path ------------------------------------------------------
#
# Nearly every line of a log is `TEXT [LABEL](URL) TEXT`, and markdown-it's
# inline parser spends a third of a long log's parse trying each of its rules
# at each special character of it. A line made only of characters that start
# no inline syntax around one link with a plain destination has only one
# reading, built here directly; any other line goes to markdown-it. The
# property tests in tests/test_parser_speed.py check token for token that both
# read every line the fast path accepts alike.

#: The inline rules the fast path stands in for: with any other set (a plugin)
#: it stays off.
_INLINE_RULES = [
    "text", "newline", "escape", "backticks", "emphasis",
    "link", "image", "autolink", "html_inline", "entity",
]  # fmt: skip
_INLINE_RULES2 = ["balance_pairs", "emphasis", "fragments_join"]
# Text that starts no inline syntax: no escape, link or image bracket, autolink
# or HTML, emphasis, code span, entity, line break.
_PLAIN = r"[^\\\[\]<>*_`&!\n\r]*"
# A destination markdown-it reads as written: no space or control character
# (they end it), no parenthesis (nesting), no `<` form, no escape or entity
# (decoded); not empty (an empty one takes another path).
_ONE_LINK = re.compile(
    rf"(?P<before>{_PLAIN})\[(?P<label>{_PLAIN})\]"
    rf"\((?P<url>[^\s()<>\\&\x00-\x1f\x7f]+)\)(?P<after>{_PLAIN})"
)


def one_link(src: str, md: MarkdownIt) -> list[Token] | None:
    """The inline tokens of ``src`` when it is plain text around one plain link
    (what ``md.inline.parse`` would make of it), else ``None``."""
    match = _ONE_LINK.fullmatch(src)
    if match is None:
        return None
    href = md.normalizeLink(match["url"])
    if not md.validateLink(href):
        return None  # `javascript:`: markdown-it reads such a line another way
    before, label, after = match.group("before", "label", "after")
    tokens = []
    if before:
        tokens.append(Token("text", "", 0, content=before))
    tokens.append(Token("link_open", "a", 1, attrs={"href": href}))
    if label:
        tokens.append(Token("text", "", 0, level=1, content=label))
    tokens.append(Token("link_close", "a", -1))
    if after:
        tokens.append(Token("text", "", 0, content=after))
    return tokens


def _inline(state: StateCore) -> None:
    """markdown-it's core `inline` rule, with :func:`one_link` tried first."""
    md = state.md
    # Checked at each parse: a rule enabled after the parser was built turns it off.
    applies = (
        md.inline.ruler.get_active_rules() == _INLINE_RULES
        and md.inline.ruler2.get_active_rules() == _INLINE_RULES2
        and md.options["maxNesting"] > 1  # the label is read one level down
    )
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            fast = one_link(token.content, md) if applies else None
            if fast is None:
                md.inline.parse(token.content, md, state.env, token.children)
            else:
                token.children.extend(fast)


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


class _Text(NamedTuple):
    """An inline token's text without markup, and its links as (start, end, url)."""

    # NamedTuples here and in `Head`: one of each is made per entry, and a
    # frozen dataclass sets each field through object.__setattr__.

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
                log = None
                if pending is not None:
                    log = self._log(pending, token, items)
                elif self._all_timed(items):
                    # Without a total, a timed list is a log only when it names a
                    # chapter or an exercise: `- 1h laundry` is a to-do list.
                    log = self._log(None, token, items)
                    if all(entry.kind == "other" for entry in log.walk()):
                        log = None
                if log is not None:
                    logs.append(log)
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
            content = item.inline.content
            # Escapes and entities are read as markdown-it decodes them (`\\-2h`).
            text = _flatten(item.inline).plain if "\\" in content or "&" in content else content
            text = text.lstrip("*_")
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
            duration, error = self._timed(head.token, 0, plain, line, column, last_line)
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
        self, token: DurationToken, start: int, plain: str, line: int, column: int, last_line: int
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
    0-based, to ``last_line``; how links are placed (also by :mod:`arena_lint.retree`).

    Falls back to the start position when the text is not found verbatim
    (an escaped character, a reference link defined elsewhere).
    """
    for index in range(line, (last_line if last_line is not None else line) + 1):
        found = lines[index].find(needle, column if index == line else 0)
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


class Head(NamedTuple):
    """What an entry's text says before its notes (see :func:`parse_head`)."""

    token: DurationToken | None = None
    """The duration at the start of the text, readable or not."""
    skipped: bool = False
    kind: Kind = "other"
    number: str | None = None
    title: str | None = None
    url: str | None = None
    tail: str = ""
    """The free text after the title: the first note."""


def parse_head(text: str, links: tuple[tuple[int, int, str], ...] = ()) -> Head:
    """Read an entry's text: duration or `skipped`, chapter or exercise and its
    number, title, link and tail. ``links`` are the (start, end, url) of the
    links in ``text``, as markdown-it found them.

    >>> parse_head("2.5h exercise 3.1a [Bandits](u). Slow going").number
    '3.1a'
    """
    token = scan(text)
    skipped = False
    rest = 0
    if token is not None:
        rest = token.end
    else:
        marker = _SKIPPED.match(text)
        if marker is not None:
            skipped = True
            rest = marker.end()
    while rest < len(text) and text[rest].isspace():
        rest += 1
    kind: Kind = "other"
    number: str | None = None
    chapter = _CHAPTER.match(text, rest)
    if chapter is not None:
        kind, number, rest = "chapter", chapter["number"], chapter.end()
    else:
        exercise = _EXERCISE.match(text, rest)
        if exercise is not None:
            kind, number, rest = "exercise", exercise["number"], exercise.end()
    title, url, tail = _title(text, rest, links)
    return Head(token, skipped, kind, number, title, url, tail)


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
    plain: str, start: int, links: tuple[tuple[int, int, str], ...]
) -> tuple[str | None, str | None, str]:
    """Title, URL and the free text after them, from ``plain[start:]``.

    The entry's link is the first one that begins before the title's first
    sentence ends (`[Chapter 0: Fundamentals](url)`, `exercise 0.2 [CNN](url)`);
    a link further on belongs to the notes.
    """
    # A comment's own punctuation ends no title: it is masked, length kept.
    masked = _HTML_COMMENT.sub(lambda m: "\0" * len(m[0]), plain) if "<!--" in plain else plain
    boundary = _TITLE_END.search(masked, start)
    title_end = boundary.start() if boundary else len(plain)
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
