"""--fix and --diff end with exactly what check says of the text they leave.

A pass of the repair loop runs only the rules that repair; the rest run once,
on the tree of the final text. These tests hold that shortcut to the slow
path: the result of a repair (findings, hours, tree) equals a check of its
``after`` text, over the fixture posts and generated logs, when no pass finds
an edit, when several passes are needed, and when the write fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

import arena_lint.atomic
import arena_lint.fixes
from arena_lint import engine
from arena_lint.api import FileResult, fix_text, run, run_text
from arena_lint.config import Overrides, build
from arena_lint.diagnostics import Diagnostic
from arena_lint.settings import Settings

from .conftest import FIXTURES
from .strategies import Log, logs, nodes

_CONFIGURE = re.compile(r"<!-- configure-file (\{.*?\}) -->")
EVERY_FIX = build({"fixable": ["ALL"]}, None, Overrides())
PARENTS = build({"fix-trust": "parents"}, None, Overrides())


def _same_as_check(fixed: FileResult, settings: Settings, path: str = "post.md") -> None:
    assert fixed.after is not None
    checked = run_text(fixed.after, path, settings)
    assert fixed.diagnostics == checked.diagnostics
    assert fixed.logs == checked.logs
    assert fixed.document == checked.document


def _texts() -> list[tuple[str, str]]:
    """Every post the fixtures hold: whole posts, and the inputs of the rule and fix cases."""
    found = [
        (path.name, path.read_bytes().decode("utf-8"))
        for path in sorted((FIXTURES / "posts").glob("*.md"))
    ]
    for folder in ("rules", "fix"):
        for path in sorted((FIXTURES / folder).glob("*.md")):
            for line, title, text, _ in read_fixture_file(path):
                found.append((f"{path.stem}:{line}:{title}", text))
    return found


TEXTS = _texts()


def _configured(text: str) -> Settings:
    match = _CONFIGURE.search(text)
    return build(json.loads(match[1]), None, Overrides()) if match else Settings()


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_a_repair_ends_with_the_check_of_its_text(name: str, text: str) -> None:
    for own in (_configured(text), EVERY_FIX, PARENTS):
        _same_as_check(fix_text(text, "post.md", own), own)


EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text a log may hold besides its numbers: findings of the rules that do not
# repair, and suppressions (used, unused, misspelled) whose verdict weighs them all.
_EXTRAS = [
    "",
    "<!-- arena-lint-disable-next-line duplicate-entry -->\n",
    "<!-- arena-lint-disable-next-line total-mismatch -->\n",
    "<!-- arena-lint-disabel-line -->\n",
    "<!-- arena-lint-disable subtotal-mismatch -->\n",
    "Some  words  with  extra  spaces.\n\n",
]


@EXAMPLES
@given(log=logs(), data=st.data())
def test_generated_repairs_end_with_the_check_of_their_text(log: Log, data: st.DataObject) -> None:
    everything = nodes(log.entries)
    for node in data.draw(st.lists(st.sampled_from(everything), max_size=3, unique_by=id)):
        node.corrupt = node.minutes + 6 * data.draw(st.sampled_from([-2, -1, 1, 3]))
        if node.corrupt <= 0:
            node.corrupt = node.minutes + 6
    extra = data.draw(st.sampled_from(_EXTRAS))
    text = extra + log.render(True)
    own = data.draw(st.sampled_from([Settings(), EVERY_FIX, PARENTS]))
    _same_as_check(fix_text(text, "post.md", own), own)


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    applied: list[int] = []
    real = arena_lint.fixes.apply

    def counted(text: str, edits: list[Any]) -> str:
        applied.append(len(edits))
        return real(text, edits)

    monkeypatch.setattr(arena_lint.fixes, "apply", counted)
    return applied


def test_no_edit_found_gives_the_check_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing to repair, but findings of rules that only report and an unused
    # suppression: the one pass's tree serves the whole check.
    text = (
        "<!-- arena-lint-disable-next-line total-mismatch -->\n"
        "Total Hours: 3\n"
        "- 1h Chapter 1: A\n"
        "- 2h Chapter 3: B\n"
        "- skipped Chapter 3: C\n"
    )
    applied = _passes(monkeypatch)
    fixed = fix_text(text, "post.md", Settings())
    assert applied == []
    assert fixed.after == text
    rules = {d.rule for d in fixed.diagnostics}
    assert {"unused-suppression", "duplicate-entry"} <= rules
    _same_as_check(fixed, Settings())


def test_several_passes_end_with_the_check_of_the_last_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An exercise is wrong, so is its chapter and the total: one pass each, and a
    # suppression that is used only in the final text's findings.
    text = (
        "Total Hours: 9\n"
        "- 4h Chapter 1: A\n"
        "    - 3h exercise 1.1 Views\n"
        "        - 1h exercise 1.1a Left\n"
        "        - 1h exercise 1.1b Right\n"
        "    - 1h exercise 1.1 Views again\n"
        "- 2h Chapter 2: B\n"
        "- 1h Chapter 2: C <!-- arena-lint-disable-line duplicate-entry -->\n"
    )
    applied = _passes(monkeypatch)
    fixed = fix_text(text, "post.md", Settings())
    assert applied == [2, 1, 1]
    assert fixed.after is not None
    assert "- 2h exercise 1.1 Views" in fixed.after
    assert "- 3h Chapter 1" in fixed.after
    assert "Total Hours: 6" in fixed.after
    assert {d.rule for d in fixed.diagnostics} == {"duplicate-entry"}  # one not suppressed
    _same_as_check(fixed, Settings())


def test_a_failed_write_reports_the_check_of_the_text_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "<!-- arena-lint-disable-next-line numbering-order -->\n"
        "Total Hours: 5\n- 2h Chapter 1: A\n- 2h Chapter 1: B\n"
    )
    post = tmp_path / "post.md"
    post.write_text(text, encoding="utf-8")

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(arena_lint.atomic, "replace_post", refuse)
    fixed = run(str(post), Settings(), mode="fix")
    assert post.read_text(encoding="utf-8") == text
    checked = run(str(post), Settings())
    assert checked.document is not None
    failed = engine.problem(
        str(post), "unwritable-file", "not fixed: Permission denied", Settings(), checked.document
    )
    expected = sorted([*checked.diagnostics, *failed], key=Diagnostic.sort_key)
    assert fixed.diagnostics == expected
    assert {"unused-suppression", "total-mismatch", "unwritable-file"} <= {
        d.rule for d in fixed.diagnostics
    }
    assert (fixed.after, fixed.fixed, fixed.logs) == (text, 0, checked.logs)
    assert fixed.document == checked.document
