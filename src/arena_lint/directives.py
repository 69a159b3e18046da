"""Suppression comments in the Markdown, as markdownlint users know them.

``<!-- arena-lint-disable rule-a AL302 -->`` ... ``<!-- arena-lint-enable -->``,
``<!-- arena-lint-disable-next-line rule -->``, ``<!-- arena-lint-disable-file rule -->``;
with no rule named, all rules. Comments inside code blocks are text, not directives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .span import Span

Kind = Literal["disable", "enable", "disable-next-line", "disable-file"]

_DIRECTIVE = re.compile(
    r"<!--\s*arena-lint-(disable-next-line|disable-file|disable|enable)(?![\w-])(.*?)-->", re.S
)


@dataclass(frozen=True, slots=True)
class Directive:
    kind: Kind
    rules: tuple[str, ...]
    """As written (names or codes); empty for all rules."""
    span: Span


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
        if line in in_code:
            continue
        end_line = bisect_right(line_starts, match.end()) - 1
        span = Span(
            line + 1,
            match.start() - line_starts[line] + 1,
            end_line + 1,
            match.end() - line_starts[end_line] + 1,
        )
        kind: Kind = match[1]  # type: ignore[assignment]
        found.append(Directive(kind, tuple(match[2].split()), span))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Outcome:
    suppressed: frozenset[int]
    """Indexes of the findings the directives silence."""
    unused: tuple[tuple[Directive, str], ...]
    """Directives (with the rule named, or ``""`` for all) that silenced nothing."""
    unknown: tuple[tuple[Directive, str], ...]
    """Directives naming a rule that does not exist, with that name."""


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
    resolved: list[tuple[Directive, tuple[str, ...]]] = []
    for directive in directives:
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
    return Outcome(frozenset(suppressed), tuple(unused), tuple(unknown))


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
        if directive.span.line > line:
            continue
        if kind == "disable" and (not names or rule in names):
            region = (index, rule if names else "")
        elif kind == "enable" and (not names or rule in names):
            region = None
    return region
