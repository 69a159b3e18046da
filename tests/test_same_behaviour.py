"""Regressions found by running the command before and after the speed-ups of
issue #16 on the same inputs: each case here printed or exited differently."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main


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
