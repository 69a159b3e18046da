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
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "arena-lint"
    assert hook["entry"] == "arena-lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs this project as a git checkout")
    repo = tmp_path / "blog"
    _posts(repo)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "arena-lint",
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
    assert "bad.md:3:14: AL101 total-mismatch stated 4h, entries sum to 3h (-1h)" in failed.stdout


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
    assert {"paths", "args", "sarif"} <= set(action["inputs"])
    for step in action["runs"]["steps"]:
        # Inputs reach scripts through env:, never spliced into the script.
        assert "${{" not in step["run"]


def _run_step(
    step: dict[str, Any], inputs: dict[str, str], env: dict[str, str], workspace: Path
) -> subprocess.CompletedProcess[str]:
    step_env = dict(env)
    for key, value in step.get("env", {}).items():
        step_env[key] = re.sub(
            r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m[1]], str(value)
        )
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=workspace,
        env=step_env,
        capture_output=True,
        text=True,
        check=False,
    )


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
    install, run = action["runs"]["steps"]

    installed = _run_step(install, defaults, env, workspace)
    assert installed.returncode == 0, installed.stderr[-3000:]

    inputs = {**defaults, "sarif": "arena-lint.sarif"}
    result = _run_step(run, inputs, env, workspace)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        "::error file=bad.md,line=3,col=14,endLine=3,endColumn=15,"
        "title=AL101 total-mismatch::stated 4h, entries sum to 3h (-1h)"
    )
    text = summary.read_text()
    assert "## arena-lint" in text
    assert "| AL101 total-mismatch | error | 1 |" in text
    assert "| good.md | 3 | 3h | 3h |" in text
    sarif = json.loads((workspace / "arena-lint.sarif").read_text())
    assert [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    ] == ["bad.md"]

    clean = _run_step(
        run, {**defaults, "paths": "good.md README.md", "args": "--strict"}, env, workspace
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "::error" not in clean.stdout
