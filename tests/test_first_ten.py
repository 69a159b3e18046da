"""A new user's first ten minutes: every run says what it did and what to do next."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main

from .test_discovery import GOOD, needs_git


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll-like blog: its built site is ignored by git."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "blog"
    (repo / "_site").mkdir(parents=True)
    (repo / "_posts").mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("_site/\n")
    (repo / "_site" / "week-3.md").write_text(GOOD)
    (repo / "_posts" / "week-3.md").write_text(GOOD)
    (repo / "_posts" / "notes.txt").write_text("not a post\n")
    monkeypatch.chdir(repo)
    return repo


@needs_git
@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["_site"], "_site: ignored by git (.gitignore)"),
        (["--exclude", "_posts", "_posts"], "_posts: excluded by `exclude`"),
    ],
)
def test_a_run_that_checks_nothing_says_why(blog: Path, args: list[str], why: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "0 files checked" in result.stdout
    assert f"arena-lint: warning: no file checked: {why}" in result.stderr


@needs_git
def test_a_folder_whose_posts_are_all_ignored_says_so(blog: Path) -> None:
    (blog / "_posts" / ".gitignore").write_text("*.md\n")
    result = CliRunner().invoke(main, ["_posts"])
    assert "_posts: every file matching `include` is ignored by git" in result.stderr


@needs_git
def test_a_folder_without_markdown_says_so(blog: Path) -> None:
    (blog / "assets").mkdir()
    (blog / "assets" / "logo.svg").write_text("<svg/>")
    result = CliRunner().invoke(main, ["assets"])
    assert "no file checked: assets: no file matches `include` (*.md, *.markdown)" in result.stderr
    report = CliRunner().invoke(main, ["report", "assets"])
    assert "no file checked: assets: no file matches `include`" in report.stderr


@needs_git
def test_a_run_that_checks_files_says_nothing_aside(blog: Path) -> None:
    result = CliRunner().invoke(main, ["_posts"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert "1 file checked" in result.stdout


@needs_git
def test_an_empty_selection_is_said(blog: Path) -> None:
    (blog / "pyproject.toml").write_text("[tool.arena-lint]\nselect = []\n")
    result = CliRunner().invoke(main, ["_posts"])
    assert "warning: no rule is selected" in result.stderr
    assert "no rule" not in CliRunner().invoke(main, ["--select", "ALL", "_posts"]).stderr
