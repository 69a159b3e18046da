"""Regressions found by running the command before and after the speed-ups of
issue #16 on the same inputs: each case here printed or exited differently."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.api import lint_text, run_text
from arena_lint.cli import main
from arena_lint.settings import Settings

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover - exercised on Python 3.10 only
    pass


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["missing.md"], "Try 'arena-lint check --help' for help."),
        (["check"], "Try 'arena-lint check --help' for help."),
        (["check", "--bogus", "x.md"], "Try 'arena-lint check --help' for help."),
        (["-h", "--version"], "Try 'arena-lint --help' for help."),
        (["report", "missing.md"], "Try 'arena-lint report --help' for help."),
    ],
)
def test_usage_errors_point_to_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], hint: str
) -> None:
    # click prints this line under the usage only for a command it finds a help
    # option on; the hand-written -h/--help options must still be found.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args, prog_name="arena-lint")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == hint


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"]])
def test_help_is_the_last_option_listed(args: list[str]) -> None:
    result = CliRunner().invoke(main, args, prog_name="arena-lint")
    assert result.exit_code == 0
    options = result.stdout.split("Options:\n", 1)[1].split("\n\n", 1)[0]
    assert options.splitlines()[-1].split() == [
        "-h,",
        "--help",
        "Show",
        "this",
        "message",
        "and",
        "exit.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "x = = 1\n",  # not TOML
        "[project\nname = 'blog'\n",
        "[project]\nname = 'a'\n[project]\nname = 'b'\n",  # a table twice
        "[project]\nname = 'a'\nname = 'b'\n",  # a key twice
        "name = 'a'\r\r\n",
        "[project]\x00\n",
    ],
)
def test_a_pyproject_that_is_not_toml_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Whether or not it could name [tool.arena-lint], as when every
    # pyproject.toml on the way was parsed.
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "post.md").write_text("Total Hours: 1.0\n- 1.0h [A](https://a.example)\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["post.md"])
    assert result.exit_code == 2
    assert "pyproject.toml: not valid TOML" in result.stderr


def test_a_pyproject_that_is_not_utf8_or_too_large_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "post.md").write_text("Total Hours: 1.0\n- 1.0h [A](https://a.example)\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(b"[project]\nname = '\xe9'\n")
    result = CliRunner().invoke(main, ["post.md"])
    assert (result.exit_code, "not UTF-8" in result.stderr) == (2, True)
    (tmp_path / "pyproject.toml").write_bytes(b"# x\n" * 300_000)
    result = CliRunner().invoke(main, ["post.md"])
    assert (result.exit_code, "larger than" in result.stderr) == (2, True)


_BAD_SUM = "Total Hours: 3.0\n- 1.0h [A](https://a.example)\n\t- 0.5h x [B](https://b.example)\n"


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("sub/post.md", "AL102"),  # sub's configuration ignores AL101
        ("sub/", "AL101"),  # a file named sub, in the folder of the root's configuration
        ("sub/.", "AL101"),
        ("sub//", "AL101"),
        ("sub/./post.md", "AL102"),
        ("sub/../post.md", "AL101"),
    ],
)
def test_stdin_filename_takes_the_configuration_of_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, rule: str
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".arena-lint.toml").write_text("ignore = ['AL102']\n", encoding="utf-8")
    (tmp_path / "sub" / ".arena-lint.toml").write_text("ignore = ['AL101']\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["--stdin-filename", name, "--format", "json", "-"], input=_BAD_SUM
    )
    assert [finding["code"] for finding in json.loads(result.stdout)] == [rule]


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
