"""Rule docs: complete, generated pages up to date, and every example linted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from arena_lint import lint_text
from arena_lint.config import Overrides, build
from arena_lint.docs import examples, expected_pages, sections
from arena_lint.rules import all_rules
from arena_lint.rules.base import Rule

ROOT = Path(__file__).resolve().parents[1]
IDS = [rule.name for rule in all_rules()]
# Rules about files or about arena-lint itself: their examples are output, not Markdown.
NO_MARKDOWN_EXAMPLE = {"unreadable-file", "internal-error", "unwritable-file"}
# The outline rules' examples are checked against the shipped ARENA outline.
WITH_OUTLINE = build(
    {"outline": "examples/courses/arena.toml"}, ROOT / ".arena-lint.toml", Overrides()
)


@pytest.mark.parametrize("rule", all_rules(), ids=IDS)
def test_every_rule_is_documented(rule: Rule[Any]) -> None:
    assert set(sections(rule)) >= {"What it does", "Why", "Example", "Fix"}
    assert rule.summary.endswith(".")


@pytest.mark.parametrize(
    "rule",
    [r for r in all_rules() if r.name not in NO_MARKDOWN_EXAMPLE],
    ids=lambda rule: rule.name,
)
def test_bad_example_triggers_exactly_its_rule_and_the_fix_nothing(rule: Rule[Any]) -> None:
    bad, good = examples(rule)
    assert bad is not None
    assert good is not None
    settings = WITH_OUTLINE if rule.group == "outline" else None
    assert {d.rule for d in lint_text(bad, "example.md", settings)} == {rule.name}
    assert lint_text(good, "fixed.md", settings) == []


def test_checked_in_pages_are_up_to_date() -> None:
    folder = ROOT / "docs" / "rules"
    expected = expected_pages()
    stale = [
        name
        for name, content in expected.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != content
    ]
    extra = sorted({path.name for path in folder.glob("*.md")} - set(expected))
    assert (stale, extra) == ([], []), "run: python -m arena_lint.docs"
