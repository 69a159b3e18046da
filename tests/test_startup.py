"""The start-up path stays lean (issue #16): what a run over a file with no log
imports.

Times are measured by ``benchmarks/run.py``, never here; these tests pin the
reasons the start is fast, so a change that brings a heavy module back fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main

NO_LOG = "# Notes on attention\n\nSome prose about heads and queries.\n\n- a point\n- another\n"

#: Modules a run over a file with no log must not import: each costs a
#: measurable part of a start (the parser and YAML, the rules and the stamp,
#: exact arithmetic, the dataclass machinery, pathlib). gettext's locale
#: (click's own --help and click.Path) is allowed since issue #21: ~1 ms that
#: the no-log row's goal pays for ~90 fewer lines.
NOT_ON_THE_START = (
    "arena_lint.engine",
    "arena_lint.parser",
    "arena_lint.model",
    "arena_lint.rules.base",
    "markdown_it",
    "yaml",
    "jsonschema",
    "fractions",
    "dataclasses",
    "pathlib",
    "tomllib",  # no pyproject.toml on the way up in this test
    "tempfile",
    "difflib",
)


def _modules_after_run(*arguments: str, cwd: Path) -> tuple[int, set[str], str]:
    # Only what the run imports: the interpreter's start (site, an editable
    # install's finder) is not arena-lint's to choose.
    code = (
        "import sys, json\n"
        "before = set(sys.modules)\n"
        "from arena_lint.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as stop:\n"
        "    status = stop.code\n"
        "print(json.dumps([status, sorted(set(sys.modules) - before)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    status, modules = json.loads(done.stdout.splitlines()[-1])
    return status, set(modules), done.stdout


def test_a_file_with_no_log_is_checked_without_the_heavy_modules(tmp_path: Path) -> None:
    post = tmp_path / "notes.md"
    post.write_text(NO_LOG, encoding="utf-8")
    status, modules, output = _modules_after_run(str(post), cwd=tmp_path)
    assert status == 0
    assert "All checks passed" in output
    assert sorted(modules.intersection(NOT_ON_THE_START)) == []


@pytest.mark.parametrize(
    "table",
    [
        "[tool.arena-lint]\nstrict = true\n",
        '[tool."arena-lint"]\nstrict = true\n',
        # The same key spelt with escapes.
        '[tool."\\u0061rena-lint"]\nstrict = true\n',
    ],
)
def test_a_pyproject_that_configures_us_is_read(tmp_path: Path, table: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    post = tmp_path / "post.md"
    # A warning (extra whitespace) fails the run only when strict is read.
    post.write_text("Total Hours: 1\n- 1h  Chapter 1: Basics\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(post)])
    assert result.exit_code == 1, result.output
    assert "extra-whitespace" in result.output


def test_help_and_version_are_click_s_own() -> None:
    runner = CliRunner()
    for arguments in (["--help"], ["-h"], ["check", "--help"], ["report", "--help"]):
        result = runner.invoke(main, arguments)
        assert result.exit_code == 0, arguments
        assert "Show this message and exit." in result.output
    version = runner.invoke(main, ["--version"])
    assert version.exit_code == 0
    assert version.output.startswith("arena-lint, version ")
    listing = runner.invoke(main, ["--help"]).output
    assert all(name in listing for name in ("check", "report", "server"))


def test_the_pyproject_shortcut_reads_no_link_to_outside_the_repository(tmp_path: Path) -> None:
    repository, outside = tmp_path / "blog", tmp_path / "elsewhere"
    (repository / ".git").mkdir(parents=True)
    outside.mkdir()
    # Not even a byte of it is read to look for our table: the link is refused
    # first, as for a pyproject that does configure arena-lint.
    (outside / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    (repository / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    post = repository / "notes.md"
    post.write_text(NO_LOG, encoding="utf-8")
    result = CliRunner().invoke(main, [str(post)])
    assert result.exit_code == 2
    assert "outside the repository" in result.output


def test_the_command_exits_without_the_collector_s_last_walk(tmp_path: Path) -> None:
    post = tmp_path / "notes.md"
    post.write_text(NO_LOG, encoding="utf-8")
    # atexit runs after the command has ended, before the interpreter's own
    # clean-up: by then every object is frozen, so the last collections skip them.
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from arena_lint.cli import entry\n"
        "entry()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(post)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["All checks passed (1 file checked).", "frozen True"]


def test_the_installed_command_is_the_entry_that_freezes() -> None:
    from importlib.metadata import entry_points

    (script,) = [
        item for item in entry_points(group="console_scripts") if item.name == "arena-lint"
    ]
    assert script.value == "arena_lint.cli:entry"
