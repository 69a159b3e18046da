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
        # The comments do not split the log: one log, one missing total.
        "- 3h  Chapter 2: B\n\n<!-- arena-lint-disable extra-whitespace -->\n\n"
        "- 1h  Chapter 1: A\n\n<!-- arena-lint-enable -->\n\n- 1h  Chapter 3: C\n",
        [
            "1:missing-total",
            "1:extra-whitespace",
            "5:numbering-order",
            "9:extra-whitespace",
        ],
    ),
    (
        "disable all, enable one",
        "<!-- arena-lint-disable -->\n<!-- arena-lint-enable extra-whitespace -->\n" + LOG,
        ["3:extra-whitespace", "4:extra-whitespace"],
    ),
    (
        "disable-line silences its own line only",
        "- 3h  Chapter 2: B <!-- arena-lint-disable-line extra-whitespace -->\n"
        "- 1h  Chapter 1: A\n",
        ["1:missing-total", "2:numbering-order", "2:extra-whitespace"],
    ),
    (
        "disable-line with no rule silences every rule on its line",
        "- 3h  Chapter 2: B <!-- arena-lint-disable-line -->\n- 1h  Chapter 1: A\n",
        ["2:numbering-order", "2:extra-whitespace"],
    ),
    (
        "disable-line on a line of its own silences nothing",
        "<!-- arena-lint-disable-line extra-whitespace -->\n" + LOG,
        [
            "1:unused-suppression",
            "2:missing-total",
            "2:extra-whitespace",
            "3:numbering-order",
            "3:extra-whitespace",
        ],
    ),
    (
        "a misspelled directive silences nothing and is reported",
        "<!-- arena-lint-disabel-next-line extra-whitespace -->\n" + LOG,
        [
            "1:unused-suppression",
            "2:missing-total",
            "2:extra-whitespace",
            "3:numbering-order",
            "3:extra-whitespace",
        ],
    ),
    (
        "near miss: a directive named in a code block is only text",
        "```\n<!-- arena-lint-disabel -->\n```\n",
        [],
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


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("disabel-next-line", "disable-next-line"),
        ("disable-nextline", "disable-next-line"),
        ("disable-lines", "disable-line"),
        ("Disable-File", "disable-file"),
        ("enabel", "enable"),
        ("disble", "disable"),
    ],
)
def test_a_misspelled_directive_names_the_closest_one(written: str, suggested: str) -> None:
    text = f"<!-- arena-lint-{written} extra-whitespace -->\n# Notes\n"
    [finding] = lint_text(text, "post.md")
    assert finding.rule == "unused-suppression"
    assert (finding.line, finding.column) == (1, 1)
    assert f"`arena-lint-{written}`" in finding.message
    assert f"did you mean `arena-lint-{suggested}`?" in finding.message


def test_a_directive_like_nothing_known_lists_the_known_ones() -> None:
    [finding] = lint_text("<!-- arena-lint-frobnicate -->\n", "post.md")
    assert "did you mean" not in finding.message
    for kind in ("disable", "enable", "disable-next-line", "disable-line", "disable-file"):
        assert f"`arena-lint-{kind}`" in finding.message


def test_a_misspelled_directive_is_not_reported_when_the_rule_is_off() -> None:
    settings = build({"ignore": ["unused-suppression"]}, None, Overrides())
    assert _found("<!-- arena-lint-disabel-file -->\n# Notes\n", settings) == []
