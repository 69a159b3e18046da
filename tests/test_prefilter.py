"""The prefilter never skips a file the full parse has findings for.

Its list-item test is built from the duration grammar's own first characters
(``durations.START``); these properties check the whole shortcut against the
full parse, with ten times the examples of the generic robustness properties.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_lint import lint_text
from arena_lint.api import check_document
from arena_lint.durations import scan
from arena_lint.lexicon import START
from arena_lint.parser import parse
from arena_lint.prefilter import may_hold_log
from arena_lint.settings import Settings
from arena_lint.source import Source

# Ten times tests/test_unbreakable.py's 400 examples.
TENFOLD = settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _full(text: str) -> list[str]:
    document = parse(Source.from_text(text, "p.md"))
    return [f"{d.line}:{d.column}:{d.rule}" for d in check_document(document, Settings())]


# Pieces of logs, near-logs and odd numbers: every character a token may start
# with, escapes, entities, list markers, chapter and exercise words, totals.
_PIECES = [*"0123456789.,-+\u2212hm &\\*_#>`[(\n\t"]
_PIECES += ["- ", "  - ", "* ", "1. ", "\n- ", "Chapter 1 ", "exercise 3.1a ", "skipped "]
_PIECES += [",2.5h ", "2\\.5h ", "2&#46;5h ", "\\-2h ", "90min ", "1h30m ", "min", "hours"]
_PIECES += ["Total Hours: ", "total ", "<!-- arena-lint-disable -->", "---\n", "**", "[x](u) "]
# The shapes of #22: durations after the title or on the item's next line,
# heading chapters (ATX and underlined), task boxes, ranges, clock times,
# approximations, comments over several lines, totals under the list.
_PIECES += ["Chapter 2 ", "(3h)", " \u2014 4h", ": 30min", "\n  ", "\n===\n", "## ", "### "]
_PIECES += ["[x] ", "[ ] ", "1-2h", "1:30", "~2h", "1h30", " 3m", "(skipped)", "**h**"]
_PIECES += [
    "[h](u)",
    "[2](u)h",
    "[2][r]h",
    "\n\n[r]: u\n",
    "<!--\n",
    "-->\n",
    "\n\nTotal: 6h\n",
    "- **Total: 6h**\n",
    "> ",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@TENFOLD
@given(text=_TEXTS)
def test_prefilter_never_skips_a_file_with_findings(text: str) -> None:
    if not may_hold_log(Source.from_text(text).text):
        assert _full(text) == []


_FIRST = re.compile(rf"[{START}]")


@TENFOLD
@given(text=st.text(alphabet=st.sampled_from([*"0123456789.,-+\u2212 \thmHMinoursa"]), max_size=12))
def test_every_token_starts_with_a_character_the_prefilter_knows(text: str) -> None:
    # The prefilter's list-item test is built from START: a token starting
    # anywhere else would be read by the parser and skipped by the shortcut.
    for bare in (False, True):
        token = scan(text, bare_hours=bare)
        if token is not None:
            assert _FIRST.match(token.text), token


def test_a_list_item_starting_with_a_comma_is_not_skipped() -> None:
    # The old shortcut skipped this file while the full parse reported it.
    text = "- ,2.5h Chapter 1: Basics\n"
    assert may_hold_log(text)
    assert [d.rule for d in lint_text(text, "p.md")] == ["missing-total", "invalid-duration"]


def test_an_escaped_sign_is_not_skipped() -> None:
    text = "- \\-2h Chapter 1: Basics\n"
    assert may_hold_log(text)
    assert "invalid-duration" in {d.rule for d in lint_text(text, "p.md")}


def test_plain_prose_and_a_list_of_words_are_skipped() -> None:
    assert not may_hold_log("# Notes\n\n- apples\n- pears\n\nSome prose.\n")


def test_a_duration_on_an_items_next_line_or_over_an_underline_is_not_skipped() -> None:
    # The parser reads each as a timed chapter; the old shortcut looked only at
    # the item's or the heading's own line, and at `2h` written without markup.
    for text in (
        "- Chapter 1 Tensors\n  \u2014 4h\n",
        "Chapter 1: Basics (3h)\n===\n",
        "- Chapter 1 (\n2h)\n",
        "- 2**h** Chapter 1\n",
        "- 2[h](u) Chapter 1\n",
        "- [2](https://x.example/a_(b))h Chapter 1\n",
        "- [2][r]h Chapter 1\n\n[r]: https://x.example\n",
    ):
        assert may_hold_log(text), text
        assert _full(text), text
