"""Property tests of --fix on generated logs: random depth, units, indentation,
bullets and line endings, with some stated numbers corrupted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena_lint.fixes import fix_text
from arena_lint.settings import Settings

SUMS = {"total-mismatch", "subtotal-mismatch"}
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Node:
    minutes: int  # leaves: drawn; parents: the sum of their children
    children: list[Node] = field(default_factory=list)
    corrupt: int | None = None  # a wrong value to write instead


def write(minutes: int, style: str) -> str:
    """A duration in one of three styles; values are multiples of 6 minutes."""
    if style == "tenths":
        tenths = minutes // 6
        return f"{tenths // 10}.{tenths % 10}h"
    if style == "minutes":
        return f"{minutes}min"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}m" if hours and rest else (f"{hours}h" if hours else f"{rest}m")


@st.composite
def trees(draw: st.DrawFn, depth: int) -> Node:
    if depth == 0 or draw(st.booleans()):
        return Node(6 * draw(st.integers(1, 40)))
    children = [draw(trees(depth - 1)) for _ in range(draw(st.integers(1, 4)))]
    return Node(sum(child.minutes for child in children), children)


@dataclass
class Log:
    entries: list[Node]
    style: str
    indent: str
    bullet: str
    newline: str
    bom: bool
    final_newline: bool
    leaf_lines: list[int] = field(default_factory=list)

    def render(self, corrupted: bool) -> str:
        total = sum(entry.minutes for entry in self.entries)
        head = (
            f"Total Hours: {write(total, 'tenths')[:-1]}"
            if self.style == "tenths"
            else (f"Total: {write(total, self.style)}")
        )
        lines = [head]
        self.leaf_lines = []

        def emit(node: Node, level: int, index: int) -> None:
            value = node.corrupt if corrupted and node.corrupt is not None else node.minutes
            if not node.children:
                self.leaf_lines.append(len(lines))
            lines.append(
                f"{self.indent * level}{self.bullet} {write(value, self.style)} task {index}"
            )
            for position, child in enumerate(node.children):
                emit(child, level + 1, position)

        for position, entry in enumerate(self.entries):
            emit(entry, 0, position)
        text = self.newline.join(lines) + (self.newline if self.final_newline else "")
        return ("\ufeff" if self.bom else "") + text


def _nodes(nodes: list[Node]) -> list[Node]:
    found = []
    for node in nodes:
        found.append(node)
        found.extend(_nodes(node.children))
    return found


@st.composite
def logs(draw: st.DrawFn) -> Log:
    return Log(
        entries=[draw(trees(3)) for _ in range(draw(st.integers(1, 4)))],
        style=draw(st.sampled_from(["tenths", "minutes", "compound"])),
        indent=draw(st.sampled_from(["  ", "    ", "\t"])),
        bullet=draw(st.sampled_from(["-", "*", "+"])),
        newline=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        bom=draw(st.booleans()),
        final_newline=draw(st.booleans()),
    )


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
    parents = [node for node in _nodes(log.entries) if node.children]
    if not parents:
        return
    _corrupt(data.draw, parents)
    original, corrupted = log.render(False), log.render(True)
    fixed = fix_text(corrupted, "p.md", Settings())
    assert fixed.text == original
    assert [d.rule for d in fixed.diagnostics if d.rule in SUMS] == []
    again = fix_text(fixed.text, "p.md", Settings())
    assert (again.text, again.fixed) == (fixed.text, 0)


_NUMBER = re.compile(r"(?<=[-*+] )\S+|(?<=Total Hours: )\S+|(?<=Total: )\S+")


@EXAMPLES
@given(log=logs(), data=st.data())
def test_corrupted_leaves_change_only_numbers_above_them(log: Log, data: st.DataObject) -> None:
    leaves = [node for node in _nodes(log.entries) if not node.children]
    _corrupt(data.draw, leaves)
    corrupted = log.render(True)
    fixed = fix_text(corrupted, "p.md", Settings())
    assert _sum_errors(fixed.text) == []
    before, after = corrupted.splitlines(), fixed.text.splitlines()
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert _NUMBER.sub("N", old) == _NUMBER.sub("N", new)
    again = fix_text(fixed.text, "p.md", Settings())
    assert (again.text, again.fixed) == (fixed.text, 0)
    # The leaves are the truth: every leaf keeps its (corrupted) number.
    assert all(before[index] == after[index] for index in log.leaf_lines)


def test_writing_styles_round_trip() -> None:
    from arena_lint.durations import parse_duration

    for minutes in (6, 54, 60, 66, 120, 246):
        for style in ("tenths", "minutes", "compound"):
            parsed = parse_duration(write(minutes, style))
            assert parsed is not None
            assert parsed.hours == Fraction(minutes, 60)
