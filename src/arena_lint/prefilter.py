"""A cheap, conservative test that a text cannot hold a log.

Most Markdown in a blog repository (READMEs, posts without a log) needs no
parse at all: a file with no total line, no list item that starts like a
duration or ``skipped``, no front matter and no suppression comment cannot
yield any finding. When in doubt the answer is "maybe", and the file is
parsed: a test compares this shortcut with the full parse on every fixture
and on generated text.
"""

from __future__ import annotations

import re

from .lexicon import HOURS, MINUTES

# Between a number and its unit, markup a reader does not see: `2**h**`,
# `2[h](url)`, `[2](url)h`, `[2][ref]h` all read as `2h`. Bounded, and the
# link's destination is looked at only after `](` or `][`, so no line costs
# much more than a pass.
_LINK_GAP = r"[*_]{0,4}\](?:\([^)\n]{0,200}\)|\[[^\]\n]{0,200}\])[ \t*_)]{0,4}"
_TIMED = rf"\d(?:[ \t*_\[\]]{{0,8}}|{_LINK_GAP})(?:{HOURS}|{MINUTES})|\d:[0-5]\d|skipped"

# Anything that could start a log, a finding or a directive: a "total" anywhere;
# a list item or heading with a number and a unit (or a clock time) anywhere in
# its line, since a duration may come before or after the title (`2h exercise
# 1.1`, `Chapter 2 (3h)`, `[x] 1h ...`), or "skipped"; an escape or entity
# (`\-2h`, `&#50;h` is "2h"); a list item with no text on its line (its text
# may follow); a numeric entity anywhere (it may spell "Total"); a
# suppression comment. The characters of a duration come from the grammar's
# own lexicon.
_MAYBE = re.compile(
    r"total|arena-lint-|&#"
    r"|^[ \t>]*(?:[-*+]|\d{1,9}[.)]|\#{1,6})(?:[ \t]*$|[ \t].*?"
    rf"(?:{_TIMED}|[&\\]))",
    re.IGNORECASE | re.MULTILINE,
)
# A duration on a line of its own may still be an entry's or a chapter's: an
# item's text goes on over the next lines (`- Chapter 1 Tensors` / `  — 4h`) and
# a heading may be underlined (`Chapter 1 (3h)` / `---`). Such a text has both
# a list item or an underline somewhere and a duration somewhere.
# A table's delimiter row (`|---|---|`) counts too: a log written as a table is
# reported (:mod:`arena_lint.tables`).
_STRUCTURE = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)]|=+|-+)(?:[ \t]|$)|\|?[ \t]*:?-+:?[ \t]*\|)", re.MULTILINE
)
ANY_TIMED = re.compile(_TIMED, re.IGNORECASE)
"""Anything shaped like a time: a number and a unit, a clock, `skipped`."""


def may_hold_log(text: str) -> bool:
    """``False`` only when ``text`` (LF-normalised, no BOM) surely yields no finding."""
    if text.startswith(("---", "+++")):
        return True  # front matter is checked even in a post without a log
    if _MAYBE.search(text) is not None:
        return True
    return ANY_TIMED.search(text) is not None and _STRUCTURE.search(text) is not None
