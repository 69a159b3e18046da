"""The parser's speed-ups change nothing but time: each is checked against the slow form."""

from __future__ import annotations

import gc
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from arena_lint import lint_text, parse_text, placing, reader
from arena_lint.model import exact_sum
from arena_lint.rules import malformed_link

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


MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
