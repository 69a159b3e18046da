"""Where users run it: the pre-commit hook and the GitHub Action, for real.

These install arena-lint into fresh environments (tens of seconds, PyPI
needed); they are marked ``slow`` and ``.ci/run`` runs them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, validators

ROOT = Path(__file__).resolve().parents[1]
GOOD = "# A post\n\nTotal Hours: 3\n- 1h Chapter 1: A\n- 2h Chapter 2: B\n"
BAD = "# Another\n\nTotal Hours: 4\n- 1h Chapter 1: A\n- 2h Chapter 2: B\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def _posts(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text(GOOD)
    (folder / "bad.md").write_text(BAD)
    (folder / "README.md").write_text("# No log here\n\n- just\n- a list\n")


def test_pre_commit_hooks_file() -> None:
    check, fix = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (check["id"], fix["id"]) == ("arena-lint", "arena-lint-fix")
    for hook in (check, fix):
        # --force-exclude: the configuration's exclude applies to the files pre-commit names.
        assert hook["entry"].split()[:2] == ["arena-lint", "check"]
        assert "--force-exclude" in hook["entry"].split()
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        # One run over every staged file: one summary, one pool of workers.
        assert hook["require_serial"] is True
    assert "--fix" in fix["entry"].split()
    assert "--fix" not in check["entry"].split()


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs this project as a git checkout")
    repo = tmp_path / "blog"
    _posts(repo)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def try_repo(*files: str, hook: str = "arena-lint") -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            hook,
            "--files",
            *files,
        ]
        return subprocess.run(
            command, cwd=repo, env=env, capture_output=True, text=True, check=False
        )

    passed = try_repo("good.md", "README.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    failed = try_repo("good.md", "bad.md")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert (
        "bad.md:3:14: AL101 [*] total-mismatch stated 4h, entries sum to 3h (-1h)" in failed.stdout
    )
    # Many files are one run (require_serial), not a batch per CPU: one summary.
    copies = [f"bad-{number}.md" for number in range(8)]
    for name in copies:
        (repo / name).write_text(BAD)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    many = try_repo(*copies, "good.md", "README.md")
    summaries = [line for line in many.stdout.splitlines() if line.startswith("Found ")]
    assert summaries == ["Found 8 errors and 0 warnings in 8 of 10 files. 8 fixable with `--fix`."]
    for name in copies:
        (repo / name).unlink()
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    # The configuration's exclude holds for files pre-commit names (--force-exclude).
    (repo / ".arena-lint.toml").write_text('exclude = ["bad.md"]\n')
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    assert try_repo("good.md", "bad.md").returncode == 0
    # The fixing hook repairs the sum: pre-commit fails the commit once, with the file fixed.
    (repo / ".arena-lint.toml").unlink()
    fixed = try_repo("good.md", "bad.md", hook="arena-lint-fix")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert (repo / "bad.md").read_text() == BAD.replace("Total Hours: 4", "Total Hours: 3")


def _action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text())
    return data


def test_action_validates_against_the_github_action_schema() -> None:
    schema_text = (
        resources.files("check_jsonschema")
        .joinpath("builtin_schemas/vendor/github-actions.json")
        .read_text("utf-8")
    )
    schema = json.loads(schema_text)
    cls = validators.validator_for(schema, default=Draft7Validator)
    cls(schema).validate(_action())
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "sarif", "version", "python-version"} <= set(action["inputs"])
    assert set(action["outputs"]) == {"errors", "warnings", "files"}
    steps = action["runs"]["steps"]
    setup, cache = [step for step in steps if "uses" in step]
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    # The job's Python is the user's: setup-python does not change PATH, and the
    # action calls the interpreter by the path it outputs.
    assert setup["with"]["update-environment"] is False
    (install,) = [step for step in steps if step.get("name") == "Install arena-lint"]
    assert install["env"]["ARENA_LINT_PYTHON"] == "${{ steps.python.outputs.python-path }}"
    assert not any(re.search(r"(^|\s)python\s+-m", step.get("run", ""), re.M) for step in steps)
    # The installed tool is cached, keyed on the interpreter and on what is installed.
    assert cache["uses"].startswith("actions/cache@")
    assert cache["with"]["path"] == "${{ runner.temp }}/arena-lint-venv"
    assert "steps.python.outputs.python-version" in cache["with"]["key"]
    assert "hashFiles(steps.key.outputs.file)" in cache["with"]["key"]
    assert install["env"]["ARENA_LINT_CACHE_HIT"] == "${{ steps.cache.outputs.cache-hit }}"
    for step in steps:
        # Inputs reach scripts through env:, never spliced into the script.
        assert "${{" not in step.get("run", "")
    # One arena-lint run gives the annotations, the SARIF file and the outputs.
    assert sum("-m arena_lint --format" in step.get("run", "") for step in steps) == 1


def _run_step(
    step: dict[str, Any],
    inputs: dict[str, str],
    env: dict[str, str],
    workspace: Path,
    steps: dict[str, dict[str, str]] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a composite step's script; ``steps`` holds earlier steps' outputs by id."""
    step_env = dict(env)
    known = steps or {}
    for key, value in step.get("env", {}).items():
        value = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m[1]], str(value))
        step_env[key] = re.sub(
            r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}",
            lambda m: known.get(m[1], {}).get(m[2], ""),
            value,
        )
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=workspace,
        env=step_env,
        capture_output=True,
        text=True,
        check=False,
    )


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


@pytest.mark.slow
def test_action_steps_as_github_runs_them(tmp_path: Path) -> None:
    action = _action()
    workspace = tmp_path / "workspace"
    _posts(workspace)
    summary = tmp_path / "summary.md"
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner_temp),
    }
    env.pop("VIRTUAL_ENV", None)
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    # actions/setup-python and actions/cache are GitHub's; here this Python stands
    # in for the one setup-python gives, and the cache is missed.
    *prepare, run = [step for step in action["runs"]["steps"] if "run" in step]
    assert run["id"] == "run"

    outputs_of: dict[str, dict[str, str]] = {"python": {"python-path": sys.executable}}
    for step in prepare:
        step_output = tmp_path / f"output-{len(outputs_of)}"
        step_output.write_text("")
        step_env = {**env, "GITHUB_OUTPUT": str(step_output)}
        done = _run_step(step, defaults, step_env, workspace, outputs_of)
        assert done.returncode == 0, done.stderr[-3000:]
        outputs_of[step.get("id", str(len(outputs_of)))] = _outputs(step_output)
    assert outputs_of["key"]["file"].startswith(".arena-lint-cache-key.")
    assert sorted(p.name for p in workspace.iterdir()) == ["README.md", "bad.md", "good.md"]

    def run_step(inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
        output = tmp_path / "output"
        output.write_text("")
        result = _run_step(run, inputs, {**env, "GITHUB_OUTPUT": str(output)}, workspace)
        return result, _outputs(output)

    result, outputs = run_step({**defaults, "sarif": "arena-lint.sarif"})
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        "::error file=bad.md,line=3,col=14,endLine=3,endColumn=15,"
        "title=AL101 total-mismatch::stated 4h, entries sum to 3h (-1h)"
    )
    assert outputs == {"errors": "1", "warnings": "0", "files": "3"}
    text = summary.read_text()
    assert "## arena-lint" in text
    assert "| AL101 total-mismatch | error | 1 |" in text
    assert "| good.md | 3 | 3h | 3h |  |" in text
    sarif = json.loads((workspace / "arena-lint.sarif").read_text())
    assert [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    ] == ["bad.md"]

    clean, outputs = run_step({**defaults, "paths": "good.md README.md", "args": "--strict"})
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "::error" not in clean.stdout
    assert outputs == {"errors": "0", "warnings": "0", "files": "2"}


def _stub_python(tmp_path: Path) -> Path:
    """A stand-in `python` that makes a venv laid out as on Windows (Scripts/), answers
    `-m arena_lint --version` when $WORKS is set, and records what else it is asked."""
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "python").write_text(
        "#!/bin/sh\n"
        'if [ "$1 $2" = "-m venv" ]; then\n'
        '  for last; do :; done; mkdir -p "$last/Scripts" && cp "$0" "$last/Scripts/python"\n'
        'elif [ "$1 $2 $3" = "-m arena_lint --version" ]; then [ -n "$WORKS" ]\n'
        'else echo "$@" >> "$RECORD"; fi\n'
    )
    (stub / "python").chmod(0o755)
    return stub / "python"


def _install(
    tmp_path: Path, version: str = "", *, python: str = "", hit: str = "", works: str = ""
) -> subprocess.CompletedProcess[str]:
    workspace = tmp_path / "workspace"
    workspace.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ["PATH"],  # no `python` of the stub's here: only its path is given
        "GITHUB_ACTION_PATH": "<action>",
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(tmp_path),
        "RECORD": str(tmp_path / "record"),
        "WORKS": works,
    }
    (install,) = [
        step for step in _action()["runs"]["steps"] if step.get("name") == "Install arena-lint"
    ]
    outputs = {"python": {"python-path": python}, "cache": {"cache-hit": hit}}
    return _run_step(install, {"version": version}, env, workspace, outputs)


@pytest.mark.parametrize(
    ("version", "requirement"),
    [
        ("", "<action>"),
        ("0.2.0", "arena-lint==0.2.0"),
        ("git+https://example.org/arena-lint@abc123", "git+https://example.org/arena-lint@abc123"),
    ],
)
def test_action_install_step_on_a_windows_layout(
    tmp_path: Path, version: str, requirement: str
) -> None:
    done = _install(tmp_path, version, python=str(_stub_python(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "record").read_text().split()[-1] == requirement
    assert (tmp_path / "arena-lint-venv" / "Scripts" / "python").exists()


def test_action_install_step_uses_the_cached_tool(tmp_path: Path) -> None:
    python = str(_stub_python(tmp_path))
    assert _install(tmp_path, python=python).returncode == 0  # the first run installs
    (tmp_path / "record").unlink()
    # Restored from the cache, and it runs: nothing is installed.
    done = _install(tmp_path, python=python, hit="true", works="1")
    assert done.returncode == 0, done.stderr
    assert "using the cached install" in done.stdout
    assert not (tmp_path / "record").exists()
    # Restored but broken (its interpreter gone): installed again.
    done = _install(tmp_path, python=python, hit="true", works="")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "record").read_text().split()[-1] == "<action>"


def test_action_install_step_needs_setup_pythons_path(tmp_path: Path) -> None:
    done = _install(tmp_path)
    assert done.returncode == 2
    assert "setup-python gave no interpreter path" in done.stdout
