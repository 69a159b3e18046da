"""Suppression comments in the Markdown, as markdownlint users know them.

``<!-- arena-lint-disable rule-a AL302 -->`` ... ``<!-- arena-lint-enable -->``,
``<!-- arena-lint-disable-next-line rule -->``, ``<!-- arena-lint-disable-line rule -->``
(the comment's own line), ``<!-- arena-lint-disable-file rule -->``; with no rule
named, all rules. Comments inside code blocks are text, not directives. A comment
that starts ``arena-lint-`` but names no known directive is found too (kind
``unknown``), with the closest known one, so that a misspelling is reported
instead of silently doing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, cast

from .span import Span

Kind = Literal["disable", "enable", "disable-next-line", "disable-line", "disable-file", "unknown"]

#: The directives a comment may name, as written after ``arena-lint-``.
KINDS: tuple[str, ...] = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")

# Any comment that starts like a directive: the name is checked against KINDS,
# so that a misspelled one is reported rather than ignored.
_DIRECTIVE = re.compile(r"<!--\s*arena-lint-([\w-]*)(.*?)-->", re.S)


@dataclass(frozen=True, slots=True)
class Directive:
    kind: Kind
    rules: tuple[str, ...]
    """As written (names or codes); empty for all rules."""
    span: Span
    written: str = ""
    """For an ``unknown`` directive, its name as written (``disabel-next-line``)."""

    @property
    def suggestion(self) -> str | None:
        """For an ``unknown`` directive, the known one closest to what was written."""
        if self.kind != "unknown":
            return None
        from difflib import get_close_matches  # only for a misspelled comment

        close = get_close_matches(self.written.lower(), KINDS, n=1, cutoff=0.6)
        return close[0] if close else None


def find(text: str, line_starts: list[int], code_lines: Iterable[range]) -> tuple[Directive, ...]:
    """The directives in ``text``, skipping those on ``code_lines`` (0-based)."""
    if "arena-lint-" not in text:
        return ()
    from bisect import bisect_right

    in_code: set[int] = set()
    for lines in code_lines:
        in_code.update(lines)
    found = []
    for match in _DIRECTIVE.finditer(text):
        line = bisect_right(line_starts, match.start()) - 1
        if line in in_code or _in_code_span(text, line_starts[line], match.start()):
            continue
        end_line = bisect_right(line_starts, match.end()) - 1
        span = Span(
            line + 1,
            match.start() - line_starts[line] + 1,
            end_line + 1,
            match.end() - line_starts[end_line] + 1,
        )
        if match[1] in KINDS:
            found.append(Directive(cast(Kind, match[1]), tuple(match[2].split()), span))
        else:
            found.append(Directive("unknown", tuple(match[2].split()), span, match[1]))
    return tuple(found)


def _in_code_span(text: str, line_start: int, at: int) -> bool:
    """Is ``at`` inside an inline code span (`` `<!-- arena-lint-... -->` ``) on its
    line? Docs quote directives that way; an odd number of backticks before it
    on the line opens a span it sits in."""
    return text.count("`", line_start, at) % 2 == 1


def misspelling(directive: Directive) -> str:
    """The message for an ``unknown`` directive: what was written, what was meant."""
    written = f"`arena-lint-{directive.written}`"
    if directive.suggestion is not None:
        return f"unknown directive {written}; did you mean `arena-lint-{directive.suggestion}`?"
    known = ", ".join(f"`arena-lint-{kind}`" for kind in KINDS)
    return f"unknown directive {written}; known directives: {known}"


@dataclass(frozen=True, slots=True)
class Outcome:
    suppressed: frozenset[int]
    """Indexes of the findings the directives silence."""
    unused: tuple[tuple[Directive, str], ...]
    """Directives (with the rule named, or ``""`` for all) that silenced nothing."""
    unknown: tuple[tuple[Directive, str], ...]
    """Directives naming a rule that does not exist, with that name."""
    misspelled: tuple[Directive, ...] = ()
    """Comments that start ``arena-lint-`` but name no known directive."""


def apply(
    directives: tuple[Directive, ...],
    findings: list[tuple[int, str]],
    canonical: Callable[[str], str | None],
    enabled: Callable[[str], bool],
) -> Outcome:
    """Which of ``findings`` ((line, rule name) pairs) the directives silence.

    ``canonical`` turns a name or code into a rule name (``None`` if unknown);
    ``enabled`` says whether a rule runs at all: a directive for a rule that is
    switched off is not "unused".
    """
    unknown = []
    misspelled = tuple(directive for directive in directives if directive.kind == "unknown")
    resolved: list[tuple[Directive, tuple[str, ...]]] = []
    for directive in directives:
        if directive.kind == "unknown":
            continue  # it silences nothing, and its rules may be words of prose
        names = []
        for written in directive.rules:
            name = canonical(written)
            if name is None:
                unknown.append((directive, written))
            else:
                names.append(name)
        resolved.append((directive, tuple(names)))

    used: set[tuple[int, str]] = set()  # (directive index, rule name or "")
    suppressed = set()
    for number, (line, rule) in enumerate(findings):
        by = _responsible(resolved, line, rule)
        if by is not None:
            suppressed.add(number)
            used.add(by)

    unused = []
    for index, (directive, silenced) in enumerate(resolved):
        if directive.kind == "enable" or (directive.rules and not silenced):
            continue
        for name in silenced if silenced else ("",):
            if (index, name) not in used and (not name or enabled(name)):
                unused.append((directive, name))
    return Outcome(frozenset(suppressed), tuple(unused), tuple(unknown), misspelled)


def _responsible(
    resolved: list[tuple[Directive, tuple[str, ...]]], line: int, rule: str
) -> tuple[int, str] | None:
    """The directive (index, name it silences under) that silences ``rule`` on ``line``."""
    region: tuple[int, str] | None = None  # the disable region open at ``line``
    for index, (directive, names) in enumerate(resolved):
        kind = directive.kind
        if kind == "disable-file" and (not names or rule in names):
            return index, rule if names else ""
        if kind == "disable-next-line":
            if directive.span.end_line + 1 == line and (not names or rule in names):
                return index, rule if names else ""
            continue
        if kind == "disable-line":
            # The lines the comment itself is on (a comment may span lines).
            on_line = directive.span.line <= line <= directive.span.end_line
            if on_line and (not names or rule in names):
                return index, rule if names else ""
            continue
        if directive.span.line > line:
            continue
        if kind == "disable" and (not names or rule in names):
            region = (index, rule if names else "")
        elif kind == "enable" and (not names or rule in names):
            region = None
    return region
