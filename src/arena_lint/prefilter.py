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

from .lexicon import START

# Anything that could start a log, a finding or a directive: a "total" anywhere;
# a list item whose text starts like a duration token (the characters come from
# the duration grammar itself, lexicon.START), "skipped", an entity (`&#50;h`
# is "2h") or a backslash escape (`\-2h`), after any emphasis, link or heading
# marks; a list item with no text on its line (its text may follow); a numeric
# entity anywhere (it may spell "Total"); a suppression comment.
_MAYBE = re.compile(
    r"total|arena-lint-|&#"
    rf"|^[ \t>]*(?:[-*+]|\d{{1,9}}[.)])(?:[ \t]+[ \t>*_~#`\[(]*(?:[{START}&\\]|skipped)|[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)


def may_hold_log(text: str) -> bool:
    """``False`` only when ``text`` (LF-normalised, no BOM) surely yields no finding."""
    if text.startswith(("---", "+++")):
        return True  # front matter is checked even in a post without a log
    return _MAYBE.search(text) is not None
