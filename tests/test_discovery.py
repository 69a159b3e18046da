"""Which files a run checks: folder walks honour git's ignore files, globs are
gitignore-style, and standard input can be given a name."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main
from arena_lint.discovery import discover, matches, matches_any
from arena_lint.rules.catalog import ALL
from arena_lint.settings import Settings

GOOD = "# Week 3\n\nTotal Hours: 3\n- 1h Chapter 1: Basics\n- 2h Chapter 2: Nets\n"
BAD = "# Week 4\n\nTotal Hours: 5\n- 1h Chapter 1: Basics\n- 2h Chapter 2: Nets\n"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _write(root: Path, *names: str, text: str = GOOD) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _names(found: list[str], root: Path) -> set[str]:
    return {Path(path).resolve().relative_to(root.resolve()).as_posix() for path in found}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own: git's global configuration is what the test writes."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _blog(tmp_path: Path, home: Path) -> Path:
    """A git repository with ignore files at every level git reads."""
    repo = tmp_path / "blog"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _write(
        repo,
        "index.md",
        "posts/a.md",
        "posts/sub/b.md",
        "posts/old.bak.md",  # root .gitignore, seen from a walk of posts/ too
        "posts/drafts/c.md",  # posts/.gitignore
        "posts/drafts/keep.md",  # re-included there with !
        "_site/index.md",
        "node_modules/pkg/README.md",
        "private.md",  # .git/info/exclude
        "scratch.tmp.md",  # the global excludes file
        "posts/sub/x.tmp.md",
        "notes.txt",  # not Markdown: not included
    )
    (repo / ".gitignore").write_text("# built or installed\n_site/\nnode_modules/\n*.bak.md\n")
    (repo / "posts" / ".gitignore").write_text("drafts/*\n!drafts/keep.md\n")
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("/private.md\n")
    (home / ".gitconfig").write_text("[core]\n\texcludesFile = ~/global-ignore\n")
    (home / "global-ignore").write_text("*.tmp.md\n")
    return repo


KEPT = {"index.md", "posts/a.md", "posts/sub/b.md", "posts/drafts/keep.md"}


@needs_git
def test_a_folder_walk_skips_what_git_ignores(tmp_path: Path, home: Path) -> None:
    repo = _blog(tmp_path, home)
    assert _names(discover([str(repo)], Settings()), repo) == KEPT
    # git itself agrees on which Markdown files are not ignored.
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {name for name in listed if name.endswith(".md")} == KEPT
    # A walk of a subfolder still obeys the .gitignore files above it.
    posts = _names(discover([str(repo / "posts")], Settings()), repo)
    assert posts == {name for name in KEPT if name.startswith("posts/")}


@needs_git
def test_gitignore_can_be_turned_off_and_named_files_are_checked(
    tmp_path: Path, home: Path
) -> None:
    repo = _blog(tmp_path, home)
    everything = _names(discover([str(repo)], Settings(respect_gitignore=False)), repo)
    assert everything == KEPT | {
        "posts/old.bak.md",
        "posts/drafts/c.md",
        "_site/index.md",
        "node_modules/pkg/README.md",
        "private.md",
        "scratch.tmp.md",
        "posts/sub/x.tmp.md",
    }
    named = str(repo / "_site" / "index.md")
    assert discover([named], Settings()) == [named]


@needs_git
def test_the_default_global_excludes_file(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _blog(tmp_path, home)
    (home / ".gitconfig").unlink()  # no core.excludesFile: git reads $XDG_CONFIG_HOME/git/ignore
    config = tmp_path / "xdg"
    (config / "git").mkdir(parents=True)
    (config / "git" / "ignore").write_text("index.md\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    found = _names(discover([str(repo)], Settings()), repo)
    assert found == (KEPT - {"index.md"}) | {"scratch.tmp.md", "posts/sub/x.tmp.md"}


@needs_git
def test_a_nested_repository_has_its_own_rules(tmp_path: Path, home: Path) -> None:
    repo = _blog(tmp_path, home)
    inner = repo / "vendor" / "theme"
    inner.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(inner)], check=True)
    _write(inner, "old.bak.md", "docs/skip.md")
    (inner / ".gitignore").write_text("docs/\n")
    found = _names(discover([str(repo)], Settings()), repo)
    assert found - KEPT == {"vendor/theme/old.bak.md"}


@needs_git
def test_the_command_line_walks_as_git_does(
    runner: CliRunner, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _blog(tmp_path, home)
    for name in ("posts/a.md", "_site/index.md", "posts/drafts/c.md"):
        (repo / name).write_text(BAD)
    monkeypatch.chdir(repo)
    result = runner.invoke(main, ["--format", "json", "."])
    assert result.exit_code == 1
    assert [d["path"] for d in json.loads(result.output)] == ["posts/a.md"]
    result = runner.invoke(main, ["--format", "json", "--no-respect-gitignore", "."])
    assert sorted(d["path"] for d in json.loads(result.output)) == [
        "_site/index.md",
        "posts/a.md",
        "posts/drafts/c.md",
    ]


# --- gitignore-style globs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        (["posts/*.md"], "posts/a.md", True),
        (["posts/*.md"], "posts/sub/b.md", False),  # `*` stays within a folder
        (["posts/**/*.md"], "posts/sub/b.md", True),
        (["posts/**/*.md"], "posts/a.md", True),  # `**/` matches no folder too
        (["*.md"], "posts/sub/b.md", True),  # no `/`: a name at any depth
        (["/index.md"], "posts/index.md", False),  # a leading `/` anchors
        (["drafts/"], "posts/drafts/c.md", True),  # a folder and all inside it
        (["drafts/"], "drafts", False),  # a trailing `/`: folders only
        (["drafts/*", "!drafts/keep.md"], "drafts/keep.md", False),  # `!` re-includes
        (["drafts/*", "!drafts/keep.md"], "drafts/c.md", True),
        (["drafts/", "!drafts/keep.md"], "drafts/keep.md", True),  # not inside an excluded folder
        (["*.md", "!README.md"], "docs/README.md", False),
    ],
)
def test_gitignore_style_globs(patterns: list[str], path: str, expected: bool) -> None:
    assert matches_any(path, patterns) is expected


def test_include_exclude_and_negation_in_a_walk(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "posts/a.md",
        "posts/sub/b.md",
        "posts/drafts/c.md",
        "posts/drafts/keep.md",
        "other/d.md",
    )
    only_top = Settings(include=("posts/*.md",), root=tmp_path)
    assert _names(discover([str(tmp_path)], only_top), tmp_path) == {"posts/a.md"}
    deep = Settings(
        include=("posts/**/*.md",), exclude=("**/drafts/*", "!**/drafts/keep.md"), root=tmp_path
    )
    assert _names(discover([str(tmp_path)], deep), tmp_path) == {
        "posts/a.md",
        "posts/sub/b.md",
        "posts/drafts/keep.md",
    }


def test_per_file_ignores_are_gitignore_style(tmp_path: Path) -> None:
    settings = Settings(
        per_file_ignores=(
            ("posts/*.md", frozenset({"extra-whitespace"})),
            ("!posts/**", frozenset({"missing-total"})),  # everything outside posts/
        ),
        root=tmp_path,
    )

    def ignored(name: str) -> set[str]:
        return set(ALL) - settings.rules_for(str(tmp_path / name))

    assert ignored("posts/a.md") == {"extra-whitespace"}
    assert ignored("posts/sub/b.md") == set()
    assert ignored("pages/c.md") == {"missing-total"}
    assert matches("posts/sub/b.md", "posts/**/b.md")
    assert not matches("posts/sub/b.md", "!posts/**")


def test_exclude_and_extend_exclude_on_the_command_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".arena-lint.toml").write_text('exclude = ["drafts/"]\n')
    _write(tmp_path, "a.md", "drafts/b.md", "old/c.md", text=BAD)
    monkeypatch.chdir(tmp_path)

    def paths(*args: str) -> list[str]:
        result = runner.invoke(main, ["--format", "json", *args, "."])
        return sorted(d["path"] for d in json.loads(result.output))

    assert paths() == ["a.md", "old/c.md"]
    assert paths("--extend-exclude", "old") == ["a.md"]
    assert paths("--exclude", "old/,a.md") == ["drafts/b.md"]  # replaces the file's list


def test_force_exclude_applies_exclude_to_named_files(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.arena-lint]\nexclude = ["drafts/**"]\n')
    _write(tmp_path, "drafts/deep/b.md", "a.md", text=BAD)
    monkeypatch.chdir(tmp_path)
    named = runner.invoke(main, ["drafts/deep/b.md", "a.md"])
    assert "drafts/deep/b.md:3:14: AL101" in named.output
    forced = runner.invoke(main, ["--force-exclude", "drafts/deep/b.md", "a.md"])
    assert forced.exit_code == 1
    assert "drafts/deep/b.md" not in forced.output
    assert "a.md:3:14: AL101" in forced.output


def test_pathspec_is_loaded_only_when_a_glob_is_matched(tmp_path: Path) -> None:
    _write(tmp_path, "post.md")
    probe = (
        "import sys\nfrom arena_lint.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('pathspec' in sys.modules)"
    )

    def loads_pathspec(*args: str) -> str:
        command = [sys.executable, "-c", probe, *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    assert loads_pathspec(str(tmp_path / "post.md")).endswith("False\n")
    assert loads_pathspec(str(tmp_path)).endswith("True\n")


# --- standard input with a name --------------------------------------------------------------


def test_stdin_filename_names_the_input_in_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--stdin-filename", "posts/week4.md", "-"], input=BAD)
    assert result.exit_code == 1
    assert result.output.startswith("posts/week4.md:3:14: AL101 total-mismatch")
    # With no PATH, --stdin-filename reads standard input.
    result = runner.invoke(main, ["--format", "json", "--stdin-filename", "w.md"], input=BAD)
    assert [d["path"] for d in json.loads(result.output)] == ["w.md"]


def test_stdin_filename_finds_configuration_and_per_file_ignores(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".arena-lint.toml").write_text(
        'per-file-ignores = { "drafts/**" = ["total-mismatch"] }\nexclude = ["old/"]\n'
    )
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / ".arena-lint.toml").write_text('select = ["malformed-link"]\n')
    monkeypatch.chdir(tmp_path)

    def rules(name: str, *args: str) -> list[str]:
        result = runner.invoke(
            main, ["--format", "json", *args, "--stdin-filename", name, "-"], input=BAD
        )
        return [d["rule"] for d in json.loads(result.output)]

    assert rules("posts/a.md") == ["total-mismatch"]
    assert rules("drafts/x/a.md") == []  # per-file-ignores
    assert rules("notes/a.md") == []  # the configuration nearest to the name
    assert rules("old/a.md") == ["total-mismatch"]  # named: checked...
    assert rules("old/a.md", "--force-exclude") == []  # ...unless --force-exclude


def test_stdin_filename_with_fix_writes_standard_output_only(
    runner: CliRunner, tmp_path: Path
) -> None:
    named = tmp_path / "post.md"
    named.write_text("# not this text\n")
    result = runner.invoke(main, ["--fix", "--stdin-filename", str(named), "-"], input=BAD)
    assert result.stdout.startswith(BAD.replace("Total Hours: 5", "Total Hours: 3"))
    assert named.read_text() == "# not this text\n"


# --- more output from the same run -----------------------------------------------------------


def test_output_writes_more_formats_from_one_run(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "good.md")
    _write(tmp_path, "bad.md", text=BAD)
    monkeypatch.chdir(tmp_path)
    outputs = tmp_path / "github-output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    args = ["--format", "github", "--output", "sarif:r.sarif", "--output", "junit:r.xml", "."]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output.startswith("::error file=bad.md,line=3,col=14")
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["AL101"]
    assert 'tests="2" failures="1"' in (tmp_path / "r.xml").read_text()
    assert outputs.read_text() == "errors=1\nwarnings=0\nfiles=2\n"
    wrong = runner.invoke(main, ["--output", "yaml:r.yaml", "."])
    assert wrong.exit_code == 2
    assert "FORMAT:PATH" in wrong.output


def test_help_lists_the_subcommands(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[0] for line in commands] == ["check", "report", "server"]
    assert "Usage: main check" not in result.output
    assert "--fix" in runner.invoke(main, ["check", "--help"]).output


def test_the_project_home_is_declared_once() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from arena_lint import HOMEPAGE

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    urls = tomllib.loads(pyproject.read_text("utf-8"))["project"]["urls"]
    assert urls["Homepage"] == HOMEPAGE
    assert urls["Repository"] == HOMEPAGE


# --- globs that are no globs (issue #23) -----------------------------------------------------

INVALID_GLOBS = ["[z-a]", "!", "\\", "[[:foo:]]"]


@needs_git
@pytest.mark.parametrize("bad", INVALID_GLOBS)
def test_an_invalid_line_in_gitignore_is_skipped_as_git_skips_it(
    tmp_path: Path, home: Path, bad: str
) -> None:
    repo = tmp_path / "blog"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _write(repo, "kept.md", "ignored.md")
    (repo / ".gitignore").write_text(f"{bad}\nignored.md\n", encoding="utf-8")
    assert _names(discover([str(repo)], Settings()), repo) == {"kept.md"}
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(listed) == [".gitignore", "kept.md"]  # git agrees


@pytest.mark.parametrize("bad", INVALID_GLOBS)
@pytest.mark.parametrize(
    ("where", "table", "args"),
    [
        ("exclude", 'exclude = ["{glob}"]', []),
        ("include", 'include = ["{glob}"]', []),
        ("per-file-ignores", '[per-file-ignores]\n"{glob}" = ["style"]', []),
        ("per-file-ignores", '[per-file-ignores]\n"!{glob}" = ["style"]', []),
        ("--exclude", "", ["--exclude", "{glob}"]),
        ("--extend-exclude", "", ["--extend-exclude", "{glob}"]),
    ],
)
def test_an_invalid_glob_in_configuration_is_one_line_and_exit_2(
    tmp_path: Path, bad: str, where: str, table: str, args: list[str]
) -> None:
    _write(tmp_path, "post.md", text=BAD)
    toml_glob = bad.replace("\\", "\\\\")
    (tmp_path / ".arena-lint.toml").write_text(table.replace("{glob}", toml_glob), "utf-8")
    commands = [["check", "--exit-zero"], ["check", "--force-exclude"]]
    for command in commands if args else [*commands, ["report"]]:  # report has no --exclude
        arguments = [*command, *(arg.replace("{glob}", bad) for arg in args), str(tmp_path)]
        done = subprocess.run(
            [sys.executable, "-m", "arena_lint", *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        (line,) = done.stderr.splitlines()
        assert line.startswith("arena-lint: ")
        assert f"{where}: " in line
        assert "is not a valid glob" in line
        assert "Traceback" not in done.stdout


@needs_git
def test_a_gitignore_over_the_size_cap_is_named_in_a_warning(tmp_path: Path, home: Path) -> None:
    from arena_lint.discovery import MAX_IGNORE_BYTES

    repo = tmp_path / "blog"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _write(repo, "post.md", "ignored.md")
    padding = "# filler\n" * (MAX_IGNORE_BYTES // 9 + 1)
    (repo / "sub").mkdir()
    (repo / "sub" / ".gitignore").write_text(padding + "*.md\n", encoding="utf-8")
    _write(repo, "sub/c.md")
    done = subprocess.run(
        [sys.executable, "-m", "arena_lint", "check", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (warning,) = done.stderr.splitlines()
    assert warning.startswith("arena-lint: warning: ")
    assert str(repo / "sub" / ".gitignore") in warning
    assert "not applied" in warning
    assert "3 files" in done.stdout  # the file's patterns did not apply: sub/c.md is checked
