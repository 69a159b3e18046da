"""Property tests of --fix on generated logs: random depth, units, indentation,
bullets and line endings, with some stated numbers corrupted."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_lint import lint_text
from arena_lint.api import fix_text
from arena_lint.diagnostics import Severity
from arena_lint.settings import Settings

from .strategies import Log, Node, logs, nodes, write

SUMS = {"total-mismatch", "subtotal-mismatch"}
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _corrupt(draw: Callable[..., Any], nodes: list[Node]) -> None:
    for node in draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3, unique_by=id)):
        node.corrupt = node.minutes + 6 * draw(st.sampled_from([-3, -1, 1, 2, 7]))
        if node.corrupt <= 0:
            node.corrupt = node.minutes + 6


def _sum_errors(text: str) -> list[str]:
    return [d.rule for d in fix_text(text, "p.md", Settings()).diagnostics if d.rule in SUMS]


@EXAMPLES
@given(log=logs(), data=st.data())
def test_corrupted_parents_are_restored_exactly(log: Log, data: st.DataObject) -> None:
    parents = [node for node in nodes(log.entries) if node.children]
    if not parents:
        return
    _corrupt(data.draw, parents)
    original, corrupted = log.render(False), log.render(True)
    fixed = fix_text(corrupted, "p.md", Settings())
    assert fixed.after == original
    assert [d.rule for d in fixed.diagnostics if d.rule in SUMS] == []
    again = fix_text(fixed.after, "p.md", Settings())
    assert (again.after, again.fixed) == (fixed.after, 0)


_NUMBER = re.compile(r"(?<=[-*+] )\S+|(?<=Total Hours: )\S+|(?<=Total: )\S+")


@EXAMPLES
@given(log=logs(), data=st.data())
def test_corrupted_leaves_change_only_numbers_above_them(log: Log, data: st.DataObject) -> None:
    leaves = [node for node in nodes(log.entries) if not node.children]
    _corrupt(data.draw, leaves)
    corrupted = log.render(True)
    fixed = fix_text(corrupted, "p.md", Settings())
    assert fixed.after is not None
    assert _sum_errors(fixed.after) == []
    before, after = corrupted.splitlines(), fixed.after.splitlines()
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert _NUMBER.sub("N", old) == _NUMBER.sub("N", new)
    again = fix_text(fixed.after, "p.md", Settings())
    assert (again.after, again.fixed) == (fixed.after, 0)
    # The leaves are the truth: every leaf keeps its (corrupted) number.
    assert all(before[index] == after[index] for index in log.leaf_lines)


def test_writing_styles_round_trip() -> None:
    from arena_lint.durations import scan

    for minutes in (6, 54, 60, 66, 120, 246):
        for style in ("tenths", "minutes", "compound"):
            parsed = scan(write(minutes, style))
            assert parsed is not None
            assert parsed.hours == Fraction(minutes, 60)


@EXAMPLES
@given(log=logs(), data=st.data())
def test_fix_is_idempotent_and_adds_no_error(log: Log, data: st.DataObject) -> None:
    # #13: numbers spelled with escapes or entities (strategies.escaped) are read
    # as decoded and never edited in place of their source text.
    _corrupt(data.draw, nodes(log.entries))
    corrupted = log.render(True)
    errors_before = {d.rule for d in lint_text(corrupted, "p.md") if d.severity is Severity.ERROR}
    fixed = fix_text(corrupted, "p.md", Settings())
    assert fixed.after is not None
    again = fix_text(fixed.after, "p.md", Settings())
    assert (again.after, again.fixed) == (fixed.after, 0)
    assert {d.rule for d in again.diagnostics if d.severity is Severity.ERROR} <= errors_before
    before, after = corrupted.splitlines(), fixed.after.splitlines()
    assert all(before[index] == after[index] for index in log.leaf_lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total Hours: 3\n- 2\\.5h Chapter 1\n", "Total Hours: 2.5\n- 2\\.5h Chapter 1\n"),
        ("Total Hours: 3\n- 2&#46;5h Chapter 1\n", "Total Hours: 2.5\n- 2&#46;5h Chapter 1\n"),
        ("Total Hours: 4&#50;.7\n- 6h Chapter 1\n", "Total Hours: 4&#50;.7\n- 6h Chapter 1\n"),
        ("Total Hours&#50;: 42.7.\n- 6h Chapter 1\n", "Total Hours&#50;: 42.7.\n- 6h Chapter 1\n"),
        (
            # The chapter is not fixable (escaped); the total, written plainly, is.
            "Total: 3h\n- 2&#46;5h Chapter 1\n  - 1h exercise 1.1\n",
            "Total: 2.5h\n- 2&#46;5h Chapter 1\n  - 1h exercise 1.1\n",
        ),
    ],
)
def test_escaped_numbers_are_never_corrupted(text: str, expected: str) -> None:
    fixed = fix_text(text, "p.md", Settings())
    assert fixed.after == expected
    assert fix_text(expected, "p.md", Settings()).after == expected
