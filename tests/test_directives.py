"""Suppression comments: what they silence, by name or code, and where."""

from __future__ import annotations

import pytest

from arena_lint import Settings, lint_text
from arena_lint.config import Overrides, build

LOG = "- 3h  Chapter 2: B\n- 1h  Chapter 1: A\n"
# Unsuppressed: 1:5 and 2:5 extra-whitespace, 2:3 numbering-order, 1:1 missing-total.


def _found(text: str, settings: Settings | None = None) -> list[str]:
    return [f"{d.line}:{d.rule}" for d in lint_text(text, "post.md", settings)]


CASES = [
    (
        "nothing",
        LOG,
        ["1:missing-total", "1:extra-whitespace", "2:numbering-order", "2:extra-whitespace"],
    ),
    (
        "disable-next-line by name",
        "<!-- arena-lint-disable-next-line extra-whitespace -->\n" + LOG,
        ["2:missing-total", "3:numbering-order", "3:extra-whitespace"],
    ),
    (
        "disable-next-line by code, several rules",
        "<!-- arena-lint-disable-next-line AL301 missing-total -->\n" + LOG,
        ["3:numbering-order", "3:extra-whitespace"],
    ),
    (
        "disable-file, all rules",
        LOG + "\n<!-- arena-lint-disable-file -->\n",
        [],
    ),
    (
        "directives take names or codes, not prefixes",
        "<!-- arena-lint-disable AL3 -->\n",
        ["1:unused-suppression"],
    ),
    (
        "disable region up to enable",
        "- 3h  Chapter 2: B\n\n<!-- arena-lint-disable extra-whitespace -->\n\n"
        "- 1h  Chapter 1: A\n\n<!-- arena-lint-enable -->\n\n- 1h  Chapter 3: C\n",
        [
            "1:missing-total",
            "1:extra-whitespace",
            "5:missing-total",
            "9:missing-total",
            "9:extra-whitespace",
        ],
    ),
    (
        "disable all, enable one",
        "<!-- arena-lint-disable -->\n<!-- arena-lint-enable extra-whitespace -->\n" + LOG,
        ["3:extra-whitespace", "4:extra-whitespace"],
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_suppression(title: str, text: str, expected: list[str]) -> None:
    assert _found(text) == expected


def test_directive_for_a_rule_switched_off_is_not_unused() -> None:
    settings = build({"ignore": ["extra-whitespace"]}, None, Overrides())
    text = "<!-- arena-lint-disable-next-line extra-whitespace -->\n- 3h Chapter 1: A\n"
    assert _found(text, settings) == ["2:missing-total"]


def test_unused_suppression_can_be_switched_off() -> None:
    settings = build({"ignore": ["unused-suppression"]}, None, Overrides())
    assert _found("<!-- arena-lint-disable-file -->\n# Nothing here\n", settings) == []
    assert _found("<!-- arena-lint-disable-file -->\n# Nothing here\n") == ["1:unused-suppression"]
