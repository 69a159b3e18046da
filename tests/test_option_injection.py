"""A file name is never read as an option (issue #23).

pre-commit runs ``entry + args + file names``; the GitHub Action runs
``args + paths``. Both put ``--`` before what others name, so a committed file
called ``-oREADME.md``, ``--exclude=*.md`` or ``--exit-zero`` is a file to
check, not an instruction.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.test_integrations import BAD, GIT_ENV, GOOD, ROOT, _action, _run_step

README = "# My blog\n\nNothing to see.\n"
FIXED = BAD.replace("Total Hours: 4", "Total Hours: 3")


def test_every_hook_entry_ends_with_a_separator() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        # pre-commit appends the user's args and then the file names to the entry.
        assert hook["entry"].split()[-1] == "--", hook["id"]
        assert "args" not in hook  # defaults a user's `args:` would silently replace


def test_the_action_puts_a_separator_before_the_paths() -> None:
    (run,) = [step for step in _action()["runs"]["steps"] if step.get("id") == "run"]
    assert '"${args[@]}" -- "${paths[@]}"' in run["run"]


# -- the Action's run step, with the interpreter that has arena-lint as its venv -------------


def _workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "good.md").write_text(GOOD, encoding="utf-8")
    (workspace / "bad.md").write_text(BAD, encoding="utf-8")
    venv = tmp_path / "runner" / "arena-lint-venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', "utf-8")
    (venv / "python").chmod(0o755)
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(tmp_path / "runner"),
    }
    env.pop("GITHUB_OUTPUT", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    return workspace, env


def _run(
    workspace: Path, env: dict[str, str], paths: str, args: str = "", sarif: str = ""
) -> subprocess.CompletedProcess[str]:
    (run,) = [step for step in _action()["runs"]["steps"] if step.get("id") == "run"]
    return _run_step(run, {"paths": paths, "args": args, "sarif": sarif}, env, workspace)


def test_an_option_among_the_action_paths_is_a_path(tmp_path: Path) -> None:
    workspace, env = _workspace(tmp_path)
    # Before: `--exit-zero` was an option and the failing run passed.
    done = _run(workspace, env, "bad.md --exit-zero")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "'--exit-zero' does not exist" in done.stderr
    # A committed file of that name is checked like any other.
    (workspace / "--exit-zero").write_text(BAD, encoding="utf-8")
    done = _run(workspace, env, "bad.md --exit-zero")
    assert done.returncode == 1, done.stdout + done.stderr
    annotated = sorted(
        line.split("file=")[1].split(",")[0] for line in done.stdout.splitlines() if "file=" in line
    )
    assert annotated == ["--exit-zero", "bad.md"]


def test_the_action_reads_every_line_of_paths_and_args(tmp_path: Path) -> None:
    workspace, env = _workspace(tmp_path)
    # Before: only "good.md" (the first line) was checked, and the run passed.
    done = _run(workspace, env, "good.md\nbad.md\n")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "file=bad.md," in done.stdout
    # `--select` on one line, its value on the next: one option, read whole.
    done = _run(workspace, env, "good.md\r\n  bad.md", args="--select\nAL101")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "AL101 total-mismatch" in done.stdout
    # An empty paths input still means the workspace.
    done = _run(workspace, env, "\n")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "file=bad.md," in done.stdout


@pytest.mark.parametrize("sarif", ["lnk/../x.sarif", "lnk/../../x.sarif", "lnk/x.sarif"])
def test_a_sarif_path_through_a_committed_link_is_resolved_before_the_check(
    tmp_path: Path, sarif: str
) -> None:
    workspace, env = _workspace(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    (workspace / "lnk").symlink_to(elsewhere, target_is_directory=True)
    done = _run(workspace, env, ".", sarif=sarif)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "symbolic link in the workspace" in done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*.sarif")) == []


def test_a_sarif_path_with_dot_dot_but_no_link_is_written(tmp_path: Path) -> None:
    workspace, env = _workspace(tmp_path)
    (workspace / "reports").mkdir()
    done = _run(workspace, env, ".", sarif="reports/../x.sarif")
    assert done.returncode == 1, done.stdout + done.stderr
    assert (workspace / "x.sarif").is_file()


# -- the real pre-commit ---------------------------------------------------------------------


def _snapshot_of_this_project(target: Path, env: dict[str, str]) -> str:
    """A git repository holding this working tree as it is (committed or not), for
    pre-commit to install from; its commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    subprocess.run(["git", "init", "-q", str(target)], check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "snapshot"], cwd=target, check=True, env=env)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=target, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.slow
def test_pre_commit_never_reads_a_committed_file_name_as_an_option(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("the hooks are installed from this project's git checkout")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    project = tmp_path / "project"
    project.mkdir()
    rev = _snapshot_of_this_project(project, env)
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "README.md").write_text(README, encoding="utf-8")
    (blog / "good.md").write_text(GOOD, encoding="utf-8")
    for hostile in ("-oREADME.md", "--exclude=*.md", "--exit-zero"):
        (blog / hostile).write_text(BAD, encoding="utf-8")
    config = {
        "repos": [
            {
                "repo": str(project),
                "rev": rev,
                "hooks": [
                    {"id": "arena-lint"},
                    # A user who widens the files: `--exit-zero` (text, not Markdown) is named too.
                    {"id": "arena-lint", "alias": "text-files", "types": ["text"]},
                    # A user's args land after the separator: loud, never an option.
                    {"id": "arena-lint", "alias": "with-args", "args": ["--strict"]},
                    {"id": "arena-lint-fix"},
                ],
            }
        ]
    }
    (blog / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(blog)], check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=blog, check=True, env=env)

    def run(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", hook, "--all-files"],
            cwd=blog,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    checked = run("arena-lint")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "-oREADME.md:3:14: AL101 total-mismatch" in checked.stdout
    assert "--exclude=*.md:3:14: AL101 total-mismatch" in checked.stdout
    assert (blog / "README.md").read_text(encoding="utf-8") == README

    text = run("text-files")
    assert text.returncode == 1, text.stdout + text.stderr
    assert "--exit-zero:3:14: AL101 total-mismatch" in text.stdout

    with_args = run("with-args")
    assert with_args.returncode == 1, with_args.stdout + with_args.stderr
    assert "'--strict' does not exist" in with_args.stdout

    fixed = run("arena-lint-fix")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert (blog / "-oREADME.md").read_text(encoding="utf-8") == FIXED
    assert (blog / "--exclude=*.md").read_text(encoding="utf-8") == FIXED
    assert (blog / "README.md").read_text(encoding="utf-8") == README
    committed = ["-oREADME.md", "--exclude=*.md", "--exit-zero"]
    assert sorted(p.name for p in blog.iterdir()) == sorted(
        [".git", ".pre-commit-config.yaml", "README.md", "good.md", *committed]
    )
