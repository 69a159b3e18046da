"""Every rule reads a log a fixed number of times, however many findings it has.

A rule that walked the whole log again for each finding (the sum checks did,
to learn the log's minute style and whether it is fixable) made a log of
10,000 wrong chapters take minutes. Counting walks is deterministic where a
timing is not; ``benchmarks/run.py`` measures the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from arena_lint.api import fix_text, lint_text
from arena_lint.config import Overrides, build
from arena_lint.model import Entry, Log
from arena_lint.settings import Settings

PARENTS = build({"fix-trust": "parents"}, None, Overrides())


def wrong_chapters(count: int) -> str:
    """``count`` chapters whose stated hours are one more than their exercises."""
    lines = [f"Total Hours: {3 * count}"]
    for number in range(1, count + 1):
        lines += [
            f"- 3h Chapter {number}: Part {number}",
            f"    - 1h exercise {number}.1 Reading",
            f"    - 1h exercise {number}.2 Problems",
        ]
    return "\n".join(lines) + "\n"


def wrong_single_parts(count: int) -> str:
    """``count`` chapters of one exercise, stated an hour over it (``fix-trust =
    "parents"`` then repairs the exercise)."""
    lines = [f"Total Hours: {3 * count}"]
    for number in range(1, count + 1):
        lines += [f"- 3h Chapter {number}: Part {number}", f"    - 2h exercise {number}.1 All"]
    return "\n".join(lines) + "\n"


def untimed_exercises(count: int) -> str:
    """``count`` chapters, each with one exercise that has no time."""
    lines = [f"Total Hours: {2 * count}"]
    for number in range(1, count + 1):
        lines += [
            f"- 2h Chapter {number}: Part {number}",
            f"    - 1h exercise {number}.1 Reading",
            f"    - exercise {number}.2 Problems",
        ]
    return "\n".join(lines) + "\n"


def walks(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> int:
    """How many times ``run`` reads a log whole (``Log.walk``, which ``parents`` uses too)."""
    calls = 0
    original = Log.walk

    def counted(self: Log) -> Iterator[Entry]:
        nonlocal calls
        calls += 1
        return original(self)

    monkeypatch.setattr(Log, "walk", counted)
    run()
    monkeypatch.undo()
    return calls


@pytest.mark.parametrize(
    ("make", "settings", "rule"),
    [
        (wrong_chapters, Settings(), "subtotal-mismatch"),
        (wrong_single_parts, PARENTS, "subtotal-mismatch"),
        (untimed_exercises, PARENTS, "untimed-entry"),
    ],
    ids=["sums", "sums-fix-trust-parents", "untimed-fix-trust-parents"],
)
def test_walks_do_not_grow_with_findings(
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[int], str],
    settings: Settings,
    rule: str,
) -> None:
    few, many = make(5), make(60)
    findings = [d for d in lint_text(many, "post.md", settings) if d.rule == rule]
    assert len(findings) == 60
    assert all(d.fix for d in findings), "each finding carries its repair"
    check_few = walks(monkeypatch, lambda: lint_text(few, "post.md", settings))
    check_many = walks(monkeypatch, lambda: lint_text(many, "post.md", settings))
    assert check_many == check_few
    fix_few = walks(monkeypatch, lambda: fix_text(few, "post.md", settings))
    fix_many = walks(monkeypatch, lambda: fix_text(many, "post.md", settings))
    assert fix_many == fix_few


def test_messages_keep_the_log_style() -> None:
    """Read once, the minute style still shapes every message and repair."""
    text = (
        "Total Hours: 4h\n- 2h30m Chapter 1: A\n    - 1h exercise 1.1 B\n    - 45m exercise 1.2 C\n"
    )
    text += "- 1h30m Chapter 2: D\n    - 1h exercise 2.1 E\n    - 45m exercise 2.2 F\n"
    found = [d for d in lint_text(text, "post.md") if d.rule == "subtotal-mismatch"]
    assert [d.message for d in found] == [
        "stated 2h30m, entries sum to 1h45m (-45min)",
        "stated 1h30m, entries sum to 1h45m (+15min)",
    ]
    assert [d.fix[0].text for d in found] == ["1h45m", "1h45m"]
