"""The post arena-lint was created from: the acceptance test of the core issue.

It lives beside the checkout (../shared/seed/); without it these tests skip
with the reason.
"""

from __future__ import annotations

from collections import Counter

from arena_lint import Severity, lint_text
from arena_lint.parser import parse
from arena_lint.source import Source


def test_seed_gives_exactly_the_expected_warnings(seed_text: str) -> None:
    found = lint_text(seed_text, "seed.md")
    assert all(item.severity is Severity.WARNING for item in found)
    assert Counter(item.rule for item in found) == {
        "extra-whitespace": 8,
        "malformed-link": 1,
        "duplicate-link": 2,
    }
    malformed = next(item for item in found if item.rule == "malformed-link")
    assert "wandb.ai//" in malformed.message
    assert sorted(item.line for item in found if item.rule == "duplicate-link") == [27, 28]


def test_seed_tree(seed_text: str) -> None:
    (log,) = parse(Source.from_text(seed_text, "seed.md")).logs
    assert log.total is not None
    assert log.total.duration is not None
    assert str(log.total.duration.hours) == "427/10"
    chapters = [(e.kind, e.number, e.title, str(e.hours())) for e in log.entries]
    assert chapters == [
        ("chapter", "0", "Fundamentals", "87/10"),
        ("chapter", "1", "Transformers & Mech Interp", "8"),
        ("chapter", "2", "Reinforcement Learning", "16"),
        ("chapter", "3", "Training at Scale", "10"),
    ]
    first = log.entries[0].children[0]
    assert (first.skipped, first.number, first.title) == (True, "0.1", "Ray Tracing")
    assert first.url == "https://arena-ch0-fundamentals.streamlit.app/[0.1]_Ray_Tracing"
    assert log.entries[3].children == ()
    assert log.entries[3].notes[0].startswith("I spent most of my time")


def test_seed_with_an_exercise_changed_has_one_subtotal_error(seed_text: str) -> None:
    changed = seed_text.replace("2.3h exercise 0.2", "2.4h exercise 0.2")
    errors = [d for d in lint_text(changed, "seed.md") if d.severity is Severity.ERROR]
    assert [(d.rule, d.line, d.column) for d in errors] == [("subtotal-mismatch", 17, 3)]
    assert errors[0].message == "stated 8.7h, entries sum to 8.8h (+0.1h)"


def test_seed_with_the_total_changed_has_one_total_error(seed_text: str) -> None:
    changed = seed_text.replace("Total Hours: 42.7", "Total Hours: 42.8")
    errors = [d for d in lint_text(changed, "seed.md") if d.severity is Severity.ERROR]
    assert [(d.rule, d.line, d.column) for d in errors] == [("total-mismatch", 16, 14)]
    assert errors[0].message == "stated 42.8h, entries sum to 42.7h (-0.1h)"
