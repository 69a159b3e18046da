"""Markdown tokens -> typed tree.

markdown-it-py gives block tokens with line maps; this module finds total
lines and log lists among them and turns list items into :class:`Entry`
nodes, with positions taken from the source lines (inline tokens carry none).
Nothing inside code blocks, fenced code or HTML blocks is ever a log: those
are single tokens whose content is never looked at.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import directives, fastlink, frontmatter, tables
from .directives import Directive
from .heads import Head as Head
from .heads import parse_head as parse_head
from .heads import read_total as read_total
from .model import (
    Document,
    Span,
)
from .placing import locate as locate
from .reader import LogReader
from .source import Source

# A line that is one HTML comment (a suppression, say), and the lines around it.
_COMMENT_LINE = re.compile(r"[ \t]*<!--(?:(?!-->).)*-->[ \t]*")
_ITEM_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")

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
    markdown-it's inline rules (see :func:`arena_lint.fastlink.one_link`), to
    the same tokens."""
    md = _Markdown("commonmark", {"maxNesting": MAX_NESTING})
    if fast:
        md.core.ruler.at("inline", fastlink.inline)
    return md


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
    logs = LogReader(source.lines, tokens).logs()
    found: tuple[Directive, ...] = ()
    if "arena-lint-" in source.text:
        code = [
            range(*token.map)
            for token in tokens
            if token.type in ("fence", "code_block") and token.map is not None
        ]
        found = directives.find(source.text, source.line_starts, code)
    # A table is one paragraph to CommonMark: a log written as one is reported.
    in_tables = tables.log_tables(tokens) if tables.MAY_HOLD_TABLE.search(body) else ()
    return Document(
        source.path, front_matter, tuple(logs), source.lines, found, _unparsed(tokens), in_tables
    )


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
