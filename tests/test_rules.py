"""Each rule against its marked fixture file: cases that trigger it and near misses.

A case in ``tests/fixtures/rules/<rule-name>.md`` is a title, the input and the
expected findings of that rule (``line:column: message``), separated by lines
holding a single dot; a new case needs no code. Findings are compared by line
and column (the message is there for the reader, so rewording one breaks no
case). An input whose first line is ``<!-- configure-file {...} -->`` (JSON,
the keys of ``[tool.arena-lint]``) is checked with that configuration, as
markdownlint's test files do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from arena_lint import lint_text
from arena_lint.config import Overrides, build
from arena_lint.rules import all_rules
from arena_lint.settings import Settings

from .conftest import FIXTURES

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.md"))
# Reported by the pipeline about whole files; tested in test_pipeline.py, test_cli.py
# and test_writes.py.
FILE_LEVEL = {"unreadable-file", "internal-error", "unwritable-file"}


def _cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for path in RULE_FIXTURES:
        for line, title, text, expected in read_fixture_file(path):
            cases.append((path.stem, f"{path.stem}:{line}:{title}", text, expected))
    return cases


CASES = _cases()


@pytest.mark.parametrize(
    ("rule", "title", "text", "expected"), CASES, ids=[case[1] for case in CASES]
)
def test_rule_fixture(rule: str, title: str, text: str, expected: str) -> None:
    found = [
        f"{item.line}:{item.column}"
        for item in lint_text(text, "case.md", _configuration(text))
        if item.rule == rule
    ]
    assert found == [line.split(": ", 1)[0] for line in expected.splitlines()], title


def _configuration(text: str) -> Settings:
    match = _CONFIGURE.match(text)
    # As if written in a configuration file at the repository's top, so that a
    # file it names (an outline) is found there, whatever the current folder.
    config = FIXTURES.parent.parent / ".arena-lint.toml"
    return build(json.loads(match[1]), config, Overrides()) if match else Settings()


_CONFIGURE = re.compile(r"<!-- configure-file (\{.*?\}) -->")


@pytest.mark.parametrize("rule", [rule.name for rule in all_rules() if rule.name not in FILE_LEVEL])
def test_every_rule_has_a_trigger_and_a_near_miss(rule: str) -> None:
    path = FIXTURES / "rules" / f"{rule}.md"
    assert path.is_file(), f"no fixture file for {rule}"
    expectations = [case[3] for case in read_fixture_file(path)]
    assert any(expected.strip() for expected in expectations), "no case triggers the rule"
    assert any(not expected.strip() for expected in expectations), "no near miss"


def test_fixture_files_name_real_rules() -> None:
    names = {rule.name for rule in all_rules()}
    assert {Path(path).stem for path in RULE_FIXTURES} <= names


def test_missing_total_never_asks_for_a_line_that_is_there() -> None:
    # #12: a total the list cannot use (in a block quote) is named, not asked for again.
    text = "> **Total Hours:** 50\n\n- 3h Chapter 1: Basics\n- 3h Chapter 2: Models\n"
    (finding,) = [d for d in lint_text(text, "p.md") if d.rule == "missing-total"]
    assert finding.message.startswith("the total on line 1 does not open this log")
    plain = lint_text("- 3h Chapter 1: Basics\n- 3h Chapter 2: Models\n", "p.md")
    assert [d.message for d in plain] == [
        "this log has no total line; add `Total Hours: 6` before it"
    ]
