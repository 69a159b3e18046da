"""The parser's speed-ups change nothing but time: each is checked against the slow form."""

from __future__ import annotations

import gc
from collections.abc import MutableMapping
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from arena_lint import lint_text, parse_text, parser, placing, reader
from arena_lint.fastlink import one_link
from arena_lint.model import exact_sum
from arena_lint.parser import build_markdown
from arena_lint.rules import malformed_link

from .test_unbreakable import _spec_examples

LOG = "Total Hours: 3\n- 1h [Chapter 1: One](https://x.example/1)\n- 2h exercise 1.1 Two\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_leaves_the_collector_as_it_found_it(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert len(parse_text(LOG).logs) == 1
        assert gc.isenabled() is enabled

        def fail(self: object) -> None:
            assert not gc.isenabled()  # the tree is built with the collector paused
            raise RuntimeError("inside the pause")

        monkeypatch.setattr(reader.LogReader, "logs", fail)
        with pytest.raises(RuntimeError, match="inside the pause"):
            parse_text(LOG)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_rules_run_with_the_collector_paused_and_it_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from arena_lint import engine

    seen: list[bool] = []
    check = engine.check

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check", spy)
    assert gc.isenabled()
    assert [d.rule for d in lint_text("Total Hours: 4\n- 3h exercise 1.1 One\n")] == [
        "total-mismatch"
    ]
    assert seen == [False]
    assert gc.isenabled()


# -- the inline fast path: token for token what markdown-it makes ------------------

FAST = build_markdown()
SLOW = build_markdown(fast=False)
MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _dump(tokens: list[Token]) -> list[MutableMapping[str, Any]]:
    """Every field of every token, children included (type, tag, attrs, content,
    markup, info, map, nesting, level, meta, block, hidden)."""
    return [token.as_dict() for token in tokens]


def _slow_inline(src: str) -> list[Token]:
    return SLOW.inline.parse(src, SLOW, {}, [])


# Pieces chosen to sit on every edge of the fast path's pattern. The plain ones
# start no inline syntax (the fast path takes strings made of them); the others
# are each character that starts some, entities, escapes, line breaks.
_PLAIN_PIECES = [
    "a", "Z", "9", " ", "  ", "\t", ".", ",", ":", ";", "-", "#", "~", "=", "+", "@", "(",
    ")", '"', "'", "é", "\u00a0", "\u2028", "\u3000", "\U0001f600", "\x00", "\x7f",
    "x@y.example", "https://x.example",
]  # fmt: skip
_OTHER_PIECES = [
    "[", "]", "![", "<", ">", "*", "**", "_", "`", "``", "\\", "\\[", "\\*", "&", "&amp;",
    "&#35;", "&#x41;", "&bogus;", "\n", "\r", "\n  ", "  \n", "<b>", "<https://x.example>",
]  # fmt: skip
_PLAIN_URL_PIECES = [
    "https://x.example", "/a", "b", "%20", "%", "?q=1", "#f", "*", "_", "[", "]", "`", '"t"',
    "'t'", ":", "é", "HTTP://X.EXAMPLE", "data:image/png;base64,x", "mailto:a@b.example",
]  # fmt: skip
_OTHER_URL_PIECES = [
    "(", ")", "()", " ", "\t", "\\", "\\)", "&amp;", "&", "<", ">", "\u00a0", "\n", "\x01",
    "\x7f", "javascript:x", "JavaScript:x", "javascript:alert(1)", "vbscript:x", "file:///x",
    "data:text/html,x",
]  # fmt: skip


def _strings(plain: list[str], other: list[str], mode: int) -> st.SearchStrategy[str]:
    """Mode 0: plain pieces only; 1: plain around one other piece; 2: any pieces."""
    plain_run = st.lists(st.sampled_from(plain), max_size=6).map("".join)
    if mode == 0:
        return plain_run
    if mode == 1:
        return st.tuples(plain_run, st.sampled_from(other), plain_run).map("".join)
    return st.lists(st.sampled_from(plain + other), max_size=8).map("".join)


@st.composite
def _inline_strings(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=30))  # anything at all
    # Mostly plain; one part (or all) drawn wider, so that near misses come often.
    wide = draw(st.sampled_from(["none", "before", "label", "url", "after", "all"]))
    modes = {
        part: (2 if wide == "all" else int(wide == part))
        for part in ("before", "label", "url", "after")
    }
    before = draw(_strings(_PLAIN_PIECES, _OTHER_PIECES, modes["before"]))
    label = draw(_strings(_PLAIN_PIECES, _OTHER_PIECES, modes["label"]))
    url = draw(_strings(_PLAIN_URL_PIECES, _OTHER_URL_PIECES, modes["url"]))
    after = draw(_strings(_PLAIN_PIECES, _OTHER_PIECES, modes["after"]))
    return f"{before}[{label}]({url}){after}"


@MANY
@given(_inline_strings())
@example("2.5h exercise 1.1 [Attention](https://x.example/1). Slow going")
@example("[](https://x.example)")
@example("[a](javascript:alert(1))")
@example("a [b](c) d ")
@example(" [b](c)")
def test_the_fast_path_reads_an_inline_as_markdown_it_does(src: str) -> None:
    fast = one_link(src, FAST)
    if fast is not None:
        assert _dump(fast) == _dump(_slow_inline(src))


def test_the_fast_path_takes_the_lines_of_a_log() -> None:
    lines = [
        "13.2h [Chapter 0: Value circuit](https://example.org/ch0)",
        "3.1h exercise 0.1 [reward](https://example.org/ch0/1). Stride optimiser, (slow).",
        "[Chapter 2](https://x.example/a?b=1#c) 2h",
        "2h exercise 1.1 [é ü](https://x.example/%C3%A9) notes: see \u00a0 below",
        "1h [a](b)",
    ]
    for line in lines:
        fast = one_link(line, FAST)
        assert fast is not None, line
        assert _dump(fast) == _dump(_slow_inline(line))
    # Each of these has a second reading: markdown-it's.
    for line in [
        "1h [a](javascript:x)",
        "1h [a](b) and [c](d)",
        "1h *[a](b)*",
        "1h [a](b&amp;c)",
        "1h [a](<b>)",
        "1h [a](b 'title')",
        "1h [a]()",
        "1h ![a](b)",
        "1h [a](b)\nmore",
        "1h [a\\]](b)",
    ]:
        assert one_link(line, FAST) is None, line


def _document_dump(md: Any, text: str) -> list[MutableMapping[str, Any]]:
    return _dump(md.parse(text))


def test_every_commonmark_example_gives_the_same_tokens() -> None:
    examples = _spec_examples()
    if not examples:
        pytest.skip("the CommonMark spec is not here; CI has it beside the checkout")
    differ = [
        i
        for i, text in enumerate(examples)
        if _document_dump(FAST, text) != _document_dump(SLOW, text)
    ]
    assert differ == []


@SOME
@given(
    st.lists(
        st.tuples(st.sampled_from(["- ", "    - ", "1. ", "> - ", "# ", ""]), _inline_strings()),
        max_size=6,
    ),
    st.sampled_from(["", "[a]: https://ref.example\n\n", "[b]: <x> 't'\n[ ]: y\n\n"]),
)
def test_a_document_gives_the_same_tokens_either_way(
    lines: list[tuple[str, str]], references: str
) -> None:
    # Reference definitions fill the parse's environment, which the link rule reads.
    text = references + "Total Hours: 3\n" + "".join(f"{marker}{src}\n" for marker, src in lines)
    assert _document_dump(FAST, text) == _document_dump(SLOW, text)


def test_the_shared_parser_takes_the_fast_path_unless_a_rule_is_added() -> None:
    from markdown_it.rules_core import inline

    assert inline not in parser.markdown().core.ruler.getRules("")
    assert inline in SLOW.core.ruler.getRules("")
    text = "- 1h [a](b) ~~c~~\n"
    plugged = build_markdown()
    assert _document_dump(plugged, text) == _document_dump(SLOW, text)
    plugged.enable("strikethrough")
    SLOW.enable("strikethrough")
    try:
        assert _document_dump(plugged, text) == _document_dump(SLOW, text)
        assert "s_open" in str(_document_dump(plugged, text))
    finally:
        SLOW.disable("strikethrough")


# -- placing a duration: the shortcut agrees with the alignment walk --------------

_SOURCE_CHARS = st.sampled_from([*"ab1.5h \t*_#&;\\[]", "&#49;", "\\.", "é"])


@st.composite
def _placements(draw: st.DrawFn) -> tuple[list[str], int, int, int, str, int, int]:
    lines = draw(
        st.lists(st.lists(_SOURCE_CHARS, max_size=12).map("".join), min_size=1, max_size=3)
    )
    line = draw(st.integers(0, len(lines) - 1))
    last_line = draw(st.integers(line, len(lines) - 1))
    column = draw(st.integers(0, len(lines[line]) + 2))
    if draw(st.booleans()):  # the text as written there (the shortcut's case), maybe more
        plain = lines[line][column : column + draw(st.integers(0, 12))]
        plain += draw(st.lists(_SOURCE_CHARS, max_size=3).map("".join))
    else:
        plain = draw(st.lists(_SOURCE_CHARS, max_size=10).map("".join))
    end = draw(st.integers(0, len(plain)))
    start = draw(st.integers(0, end))
    return lines, line, last_line, column, plain, start, end


@MANY
@given(_placements())
@example((["2.5h a"], 0, 0, 0, "2.5h a", 0, 4))
@example((["2\\.5h a"], 0, 0, 0, "2.5h a", 0, 4))
@example((["ab", "c"], 0, 1, 2, "", 0, 0))
def test_placing_a_token_agrees_with_the_alignment(
    case: tuple[list[str], int, int, int, str, int, int],
) -> None:
    assert placing._place(*case) == placing._align(*case)


# -- malformed-link: the shortcut for plain web addresses ---------------------------

_URL_PARTS = [
    "https://", "http://", "HTTP://", "x.example", "/", "//", "a", "-", ".", "~", ":", "?q",
    "#f", " ", "\t", "[", "]", "é", "%20", "@", "", "javascript:",
]  # fmt: skip
_URL_TEXT = st.lists(st.sampled_from(_URL_PARTS), max_size=6).map("".join)


@SOME
@given(st.one_of(st.from_regex(malformed_link._PLAIN_WEB, fullmatch=True), _URL_TEXT, st.text()))
@example("https://example.org/ch0/1")
@example("https://example.org//x")
@example("https:/example.org")
def test_a_link_is_judged_alike_with_or_without_the_shortcut(url: str) -> None:
    assert malformed_link.problem_of(url) == malformed_link._problem_of(url)


# -- sums: adding numerators per denominator is adding Fractions --------------------

_HOURS = st.fractions(max_denominator=120).filter(lambda value: abs(value) < 10**6)


@SOME
@given(st.lists(st.one_of(_HOURS, st.fractions(), st.integers(-5, 5).map(Fraction)), max_size=12))
def test_the_exact_sum_is_the_sum(values: list[Fraction]) -> None:
    total = exact_sum(values)
    assert type(total) is Fraction
    assert total == sum(values, Fraction(0))
    assert (total.numerator, total.denominator) == (sum(values, Fraction(0)).as_integer_ratio())
