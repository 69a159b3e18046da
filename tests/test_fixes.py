"""--fix and --diff: what is repaired, in which style, and that files are never damaged."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it.utils import read_fixture_file

import arena_lint.atomic
import arena_lint.fixes
from arena_lint.api import fix_text, lint_text, run_text
from arena_lint.cli import main
from arena_lint.config import Overrides, build
from arena_lint.fixes import Edit, apply
from arena_lint.settings import Settings

from .conftest import FIXTURES

SETTINGS = {
    "sums": Settings(),
    "parents": build({"fix-trust": "parents"}, None, Overrides()),
    "style": build({"fixable": ["ALL"]}, None, Overrides()),
}
CASES = [
    (name, f"{name}:{line}:{title}", text, expected)
    for name in SETTINGS
    for line, title, text, expected in read_fixture_file(FIXTURES / "fix" / f"{name}.md")
]


@pytest.mark.parametrize(("kind", "title", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_fix_fixture(kind: str, title: str, text: str, expected: str) -> None:
    fixed = fix_text(text, "post.md", SETTINGS[kind])
    assert fixed.after == expected, title
    again = fix_text(fixed.after, "post.md", SETTINGS[kind])
    assert (again.after, again.fixed) == (fixed.after, 0), "a second --fix changes nothing"
    if "refused" in title and "suppressed" not in title:
        reasons = [d.message for d in fixed.diagnostics if d.rule.endswith("mismatch")]
        assert reasons, "a refusal is reported"
        assert all("not fixable: " in message for message in reasons)


def test_refusal_says_why() -> None:
    (finding,) = [
        d
        for d in fix_text(CASES_BY_TITLE["third"], "p.md", Settings()).diagnostics
        if d.rule == "subtotal-mismatch"
    ]
    assert finding.message == (
        "stated 1h, entries sum to 20min (-40min); "
        "not fixable: 20min cannot be written exactly in decimal hours"
    )


CASES_BY_TITLE = {"third": "Total Hours: 1\n- 1.0h Chapter 1: Basics\n    - 20min exercise 1.1 S\n"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Total: 3h\r\n- 1h a\r\n- 1h b\r\n", "Total: 2h\r\n- 1h a\r\n- 1h b\r\n"),
        ("Total: 3h\r- 1h a\r- 1h b", "Total: 2h\r- 1h a\r- 1h b"),
        ("\ufeffTotal: 3h\n- 1h a \t\n- 1h b", "\ufeffTotal: 2h\n- 1h a \t\n- 1h b"),
        ("Total: 3h\r\n- 1h a\n- 1h b\r", "Total: 2h\r\n- 1h a\n- 1h b\r"),
        (
            "\ufeff- 2h Chapter 1\n  - 1h x\n\t- 1h y\n",
            "\ufeff- 1h Chapter 1\n  - 1h x\n\t- 1h y\n",
        ),
    ],
)
def test_every_byte_outside_the_edits_is_kept(raw: str, expected: str) -> None:
    assert fix_text(raw, "p.md", Settings()).after == expected


def test_apply_counts_a_bom_and_crlf() -> None:
    from arena_lint.fixes import Edit
    from arena_lint.model import Span

    text = "\ufeffab  c\r\nd  e"
    edits = [Edit(Span(1, 3, 1, 5), " "), Edit(Span(2, 2, 2, 4), "_")]
    assert apply(text, edits) == "\ufeffab c\r\nd_e"


def _post(tmp_path: Path, text: str, name: str = "post.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


BROKEN = "Total Hours: 3\n- 2.0h Chapter 1: A\n    - 1.5h exercise 1.1 X\n- 1.0h  Chapter 2: B\n"
REPAIRED = (
    "Total Hours: 2.5\n- 1.5h Chapter 1: A\n    - 1.5h exercise 1.1 X\n- 1.0h  Chapter 2: B\n"
)


def test_cli_fix_reports_fixed_and_remaining(tmp_path: Path) -> None:
    post = _post(tmp_path, BROKEN)
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert post.read_text() == REPAIRED
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        # check finds the chapter and the spaces; the total follows the chapter
        "Fixed 1 of 2 findings; 1 remaining (0 errors, 1 warning; 1 file checked). "
        "1 with `--fix --fixable style`."
    )
    again = CliRunner().invoke(main, ["--fix", str(post)])
    assert again.output.splitlines()[-1].startswith("Fixed 0 of 1 finding; 1 remaining")


def test_cli_fixable_all_also_collapses_whitespace(tmp_path: Path) -> None:
    post = _post(tmp_path, BROKEN)
    CliRunner().invoke(main, ["--fix", "--fixable", "ALL", str(post)])
    assert post.read_text() == REPAIRED.replace("1.0h  Chapter", "1.0h Chapter")


def test_cli_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    post = _post(tmp_path, BROKEN)
    result = CliRunner().invoke(main, ["--diff", str(post)])
    assert result.exit_code == 1
    assert post.read_text() == BROKEN
    assert f"--- {post}\n+++ {post}\n" in result.output
    assert "\n-Total Hours: 3\n" in result.output
    assert "\n+Total Hours: 2.5\n" in result.output
    clean = _post(tmp_path, REPAIRED, "clean.md")
    assert CliRunner().invoke(main, ["--diff", str(clean)]).exit_code == 0


def test_cli_fix_from_standard_input_writes_the_text_to_standard_output() -> None:
    result = CliRunner().invoke(main, ["--fix", "-"], input=BROKEN)
    assert result.stdout == REPAIRED
    assert "Fixed 1 of 2 findings; 1 remaining" in result.stderr


def test_unchanged_file_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    post = _post(tmp_path, REPAIRED)

    def refuse(path: Path, original: bytes, data: bytes) -> None:
        raise AssertionError("must not write")

    monkeypatch.setattr(arena_lint.atomic, "replace_post", refuse)
    assert CliRunner().invoke(main, ["--fix", str(post)]).exit_code == 0


def test_permission_bits_are_kept(tmp_path: Path) -> None:
    post = _post(tmp_path, BROKEN)
    os.chmod(post, 0o640)
    CliRunner().invoke(main, ["--fix", str(post)])
    assert stat.S_IMODE(post.stat().st_mode) == 0o640
    assert post.read_text() == REPAIRED


def test_a_file_changed_while_being_checked_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _post(tmp_path, BROKEN)
    real = arena_lint.fixes.next_edits

    def edit_meanwhile(*args: Any) -> list[Edit]:
        post.write_text(BROKEN + "- 1h Chapter 3: written by the user meanwhile\n")
        return real(*args)

    monkeypatch.setattr(arena_lint.fixes, "next_edits", edit_meanwhile)
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert (
        "unwritable-file not fixed: changed on disk while being fixed; not written" in result.output
    )
    assert post.read_text().endswith("written by the user meanwhile\n")


def test_an_interrupted_write_leaves_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _post(tmp_path, BROKEN)

    def fail(source: str, target: str, **folders: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        arena_lint.atomic.replace_post(post, BROKEN.encode(), b"half")
    assert post.read_text() == BROKEN
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert "not fixed" in result.output
    assert post.read_text() == BROKEN


def test_done_when_with_the_seed(tmp_path: Path, seed_text: str) -> None:
    changed = seed_text.replace("2.3h exercise 0.2", "2.4h exercise 0.2")
    post = _post(tmp_path, changed)
    first = CliRunner().invoke(main, ["--fix", str(post)])
    assert first.exit_code == 0
    expected = changed.replace("Total Hours: 42.7", "Total Hours: 42.8").replace(
        "- 8.7h [Chapter 0", "- 8.8h [Chapter 0"
    )
    assert post.read_bytes() == expected.encode("utf-8")
    second = CliRunner().invoke(main, ["--fix", str(post)])
    assert second.output.splitlines()[-1].startswith("Fixed 0 of 11 findings; 11 remaining")
    assert post.read_bytes() == expected.encode("utf-8")


def test_a_sum_waits_for_its_parts_so_fixing_takes_two_readings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One exercise changed: its chapter is off, and the total (from the chapters as
    # written) looks off too. Fixed bottom-up, one reading finds the chapter, the
    # second confirms: the total is never rewritten to a wrong value and back.
    import arena_lint.api as api

    text = (
        "Total Hours: 4\n"
        "- 3h Chapter 1: Basics\n    - 1h exercise 1.1 Setup\n    - 1h exercise 1.2 Tensors\n"
        "- 2h Chapter 2: Models\n"
    )
    readings: list[str] = []
    real, real_pass = api._check, api._pass

    def reading(text: str, path: str, settings: Settings, **kwargs: Any) -> api.FileResult:
        readings.append(path)
        return real(text, path, settings, **kwargs)

    def repairing(text: str, path: str, settings: Settings) -> tuple[api.FileResult, Any]:
        readings.append(path)
        return real_pass(text, path, settings)

    monkeypatch.setattr(api, "_check", reading)
    monkeypatch.setattr(api, "_pass", repairing)
    fixed = fix_text(text, "p.md", Settings())
    assert fixed.after == text.replace("- 3h Chapter 1", "- 2h Chapter 1")
    # Both findings of the text as read (the chapter, and the total it throws off) are gone.
    assert (len(readings), fixed.fixed, fixed.found) == (2, 2, 2)


def test_a_fix_inside_a_comment_over_several_lines_is_read_again() -> None:
    # The comment is not closed where the item ends: it runs on to line 4, whose
    # number --fix rewrites, and the directive names what its text says then.
    text = (
        "Total Hours: 1.0\n"
        "- 0.5h [a](https://a.example)\n"
        "  <!-- arena-lint-disable-next-line bogus\n"
        "- 0.7h [b](https://b.example) -->\n"
        "  - 0.5h x [c](https://c.example)\n"
    )
    fixed = run_text(text, "post.md", Settings(), mode="fix")
    assert fixed.after == text.replace("0.7h", "0.5h")
    assert fixed.diagnostics == lint_text(fixed.after, "post.md", Settings())
    assert "`0.5h`" in " ".join(item.message for item in fixed.diagnostics)
