"""One way out: every output of every command goes through ``cli.emit``, which
names the user's path when it cannot write; options that would mean nothing
together are usage errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main

WRONG = "Total Hours: 3\n- 1h Chapter 1: One\n- 1h Chapter 2: Two\n"
FORGED = "::error file=x::forged\n\n" + WRONG


def _post(tmp_path: Path, text: str = WRONG) -> Path:
    post = tmp_path / "post.md"
    post.write_text(text, encoding="utf-8")
    return post


def test_dump_tree_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    result = CliRunner().invoke(main, ["--dump-tree", "-o", str(target), str(_post(tmp_path))])
    assert (result.exit_code, result.output) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["logs"][0]["total"] is not None


@pytest.mark.parametrize(
    "extra", [["--fix"], ["--diff"], ["--statistics"], ["--format", "json"]], ids=str
)
def test_dump_tree_with_an_option_it_ignores_is_a_usage_error(
    tmp_path: Path, extra: list[str]
) -> None:
    post = _post(tmp_path)
    result = CliRunner().invoke(main, ["--dump-tree", *extra, str(post)])
    assert result.exit_code == 2
    assert "--dump-tree prints the tree only" in result.output
    assert post.read_text(encoding="utf-8") == WRONG  # --fix did nothing either


def _cannot_write(
    result_output: str, path: Path, reason: str = "No such file or directory"
) -> bool:
    return f"arena-lint: cannot write {path}: {reason}\n" in result_output


def _blocked(tmp_path: Path) -> Path:
    """A folder that cannot be made: a file is in its way (a missing one is made)."""
    blocker = tmp_path / "blocked"
    blocker.write_text("a file, not a folder\n")
    return blocker


def test_output_copy_that_cannot_be_written_names_the_path(tmp_path: Path) -> None:
    target = _blocked(tmp_path) / "out.sarif"
    result = CliRunner().invoke(main, ["--output", f"sarif:{target}", str(_post(tmp_path))])
    assert result.exit_code == 2
    assert _cannot_write(result.output, target, "Not a directory")


def test_dump_tree_file_that_cannot_be_written_names_the_path(tmp_path: Path) -> None:
    target = _blocked(tmp_path) / "t.json"
    result = CliRunner().invoke(main, ["--dump-tree", "-o", str(target), str(_post(tmp_path))])
    assert result.exit_code == 2
    assert _cannot_write(result.output, target, "Not a directory")


def test_chart_that_cannot_be_written_names_the_path(tmp_path: Path) -> None:
    target = _blocked(tmp_path) / "chart.svg"
    result = CliRunner().invoke(main, ["report", "--chart", str(target), str(_post(tmp_path))])
    assert result.exit_code == 2
    assert _cannot_write(result.output, target, "Not a directory")


@pytest.mark.parametrize("variable", ["GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"])
def test_github_step_file_that_cannot_be_written_names_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    target = tmp_path / "missing" / "step.txt"
    monkeypatch.setenv(variable, str(target))
    result = CliRunner().invoke(main, ["--format", "github", str(_post(tmp_path))])
    assert result.exit_code == 2
    assert _cannot_write(result.output, target)


def test_github_step_file_is_appended_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    outputs = tmp_path / "outputs.txt"
    outputs.write_text("earlier=1\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    CliRunner().invoke(main, ["--format", "github", str(_post(tmp_path))])
    text = outputs.read_text(encoding="utf-8")
    assert text.startswith("earlier=1\n")
    assert len(text) > len("earlier=1\n")


def test_fix_stdin_is_fenced_in_a_github_log(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = CliRunner().invoke(main, ["--fix", "-"], input=FORGED)
    assert plain.stdout.startswith("::error file=x::forged\n\nTotal Hours: 2\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    fenced = CliRunner().invoke(main, ["--fix", "-"], input=FORGED)
    lines = fenced.stdout.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert (len(token), lines[-1]) == (32, f"::{token}::")
    assert "\n".join(lines[1:-1]) + "\n" == plain.stdout


def test_fix_stdin_into_a_file_is_the_post_alone(tmp_path: Path) -> None:
    # Redirected to a file, standard output is not the log: the post stays whole.
    target = tmp_path / "fixed.md"
    environment = {**os.environ, "GITHUB_ACTIONS": "true"}
    with target.open("wb") as out:
        subprocess.run(
            [sys.executable, "-m", "arena_lint", "--fix", "-"],
            input=FORGED.encode(),
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=environment,
            check=False,
        )
    assert target.read_text(encoding="utf-8") == FORGED.replace("Hours: 3", "Hours: 2")


def test_fix_stdin_too_large_to_check_is_passed_on_whole() -> None:
    from arena_lint.source import MAX_BYTES

    # Over the cap, the post is not checked; `--fix - < a > b` must still give it
    # all back, not an empty file.
    post = WRONG.encode() + b"x" * (MAX_BYTES + 5)
    done = subprocess.run(
        [sys.executable, "-m", "arena_lint", "--fix", "-"],
        input=post,
        capture_output=True,
        check=False,
    )
    assert done.stdout == post
    assert b"unreadable-file is larger than the 6 MB a post can be" in done.stderr
    assert done.returncode == 1


def test_a_full_standard_output_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full (Linux)")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "arena_lint", str(_post(tmp_path))],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "arena-lint: cannot write standard output: No space left on device\n"


def test_unchecked_file_note_goes_to_standard_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00broken")
    result = CliRunner().invoke(main, ["report", str(bad)])
    assert result.exit_code == 1
    assert "unreadable-file" in result.stderr
    assert "unreadable-file" not in result.stdout


def test_an_input_post_refused_as_output_is_named_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A committed name is the repository's choice: its escape sequence and
    # newline must not reach the terminal in the usage error.
    monkeypatch.chdir(tmp_path)
    name = "week\x1b[2J\n1.md"
    Path(name).write_text("Total Hours: 1\n- 1h Chapter 1: Basics\n")
    for option in (["-o", name], ["--output", f"json:{name}"]):
        result = CliRunner().invoke(main, [name, *option])
        assert result.exit_code == 2
        assert f"Error: {option[0]} week\\x1b[2J\\n1.md: is an input post; not written" in (
            result.stderr
        )
        assert "\x1b" not in result.stderr
    chart = CliRunner().invoke(main, ["report", name, "--chart", name])
    assert "Error: --chart week\\x1b[2J\\n1.md: is an input post" in chart.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "out.json", "--output", "json:out.json"],
        ["--output", "json:out.json", "--output", "sarif:./out.json"],
        ["--output", "json:out.json", "--output", "sarif:link.json"],
        ["report", "-o", "out.json", "--chart", "out.json"],
    ],
)
def test_two_outputs_to_one_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # Only the last one written would be left, with nothing said of the other.
    monkeypatch.chdir(tmp_path)
    _post(tmp_path)
    Path("out.json").write_text("before")
    Path("link.json").symlink_to("out.json")
    result = CliRunner().invoke(main, [*args, "post.md"])
    assert result.exit_code == 2
    assert "writes that file too; give each output its own file" in result.stderr
    assert Path("out.json").read_text() == "before"


def test_outputs_to_their_own_files_and_to_a_stream_are_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _post(tmp_path)
    args = ["-o", "new/a.txt", "--output", "json:new/b.json", "--output", "text:/dev/null"]
    result = CliRunner().invoke(main, [*args, "--output", "sarif:/dev/null", "post.md"])
    assert result.exit_code == 1
    assert Path("new/a.txt").read_text().startswith("post.md:1:14: AL101")
    assert [item["code"] for item in json.loads(Path("new/b.json").read_text())] == ["AL101"]
