"""The command line: output, exit statuses, paths, standard input, bad input."""

from __future__ import annotations

import builtins
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from arena_lint import __version__
from arena_lint.cli import main
from arena_lint.schema_check import DIAGNOSTICS, LOG, load

from .conftest import FIXTURES

POSTS = FIXTURES / "posts"
GOOD = "Total Hours: 3\n- 1h Chapter 1: A\n- 2h Chapter 2: B\n"
BAD = "Total Hours: 4\n- 1h Chapter 1: A\n- 2h Chapter 2: B\n"
WARNED = "Total Hours: 3\n- 1h  Chapter 1: A\n- 2h Chapter 2: B\n"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_file_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, [_write(tmp_path, "a.md", GOOD)])
    assert result.exit_code == 0
    assert result.output == "All checks passed (1 file checked).\n"


def test_error_exits_1_with_file_line_col(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", BAD)
    result = runner.invoke(main, [path])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:1:14: AL101 total-mismatch stated 4h, entries sum to 3h (-1h)",
        "Found 1 error and 0 warnings in 1 of 1 file.",
    ]


def test_warnings_exit_0_unless_strict(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", WARNED)
    assert runner.invoke(main, [path]).exit_code == 0
    assert runner.invoke(main, ["--strict", path]).exit_code == 1


def test_json_output_validates_against_its_schema(runner: CliRunner, tmp_path: Path) -> None:
    paths = [_write(tmp_path, "bad.md", BAD), _write(tmp_path, "warned.md", WARNED)]
    result = runner.invoke(main, ["--format", "json", *paths])
    data = json.loads(result.output)
    Draft202012Validator(load(DIAGNOSTICS)).validate(data)
    assert [(d["rule"], d["severity"], d["line"], d["column"]) for d in data] == [
        ("total-mismatch", "error", 1, 14),
        ("extra-whitespace", "warning", 2, 5),
    ]
    assert set(data[0]) >= {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "rule",
        "severity",
        "message",
    }


def test_json_output_of_a_file_without_a_log_is_an_empty_array(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["--format", "json", _write(tmp_path, "a.md", "# Hello\n")])
    assert (result.exit_code, result.output) == (0, "[]\n")


def test_folders_are_searched_for_markdown_skipping_hidden_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    _write(tmp_path, "one.md", BAD)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "two.markdown", BAD)
    _write(tmp_path / "sub", "notes.txt", BAD)
    (tmp_path / ".hidden").mkdir()
    _write(tmp_path / ".hidden", "three.md", BAD)
    result = runner.invoke(main, ["--format", "json", str(tmp_path)])
    paths = [
        Path(item["path"]).relative_to(tmp_path).as_posix() for item in json.loads(result.output)
    ]
    assert paths == ["one.md", "sub/two.markdown"]


def test_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["-"], input=BAD)
    assert result.exit_code == 1
    assert result.output.startswith("-:1:14: AL101 total-mismatch")


def test_unreadable_file_is_reported_and_the_others_still_checked(
    runner: CliRunner, tmp_path: Path
) -> None:
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"Total: 1h\n- 1h a\n\xff\xfe\x00 not text")
    utf16 = tmp_path / "utf16.md"
    utf16.write_bytes("Total: 1h\n".encode("utf-16") + b"\x00")  # a BOM, then an odd byte
    bad = _write(tmp_path, "bad.md", BAD)
    result = runner.invoke(main, ["--format", "json", str(binary), str(utf16), bad])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [(Path(d["path"]).name, d["rule"]) for d in data] == [
        ("bad.md", "total-mismatch"),
        ("binary.md", "unreadable-file"),
        ("utf16.md", "unreadable-file"),
    ]
    assert "line 3, column 1" in data[1]["message"]
    assert "not UTF-16 text" in data[2]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_fifo_is_refused_without_blocking(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = runner.invoke(main, [str(fifo)])
    assert result.exit_code == 1
    assert "AL001 unreadable-file is not a regular file" in result.output


def test_a_file_that_cannot_be_opened_is_reported(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = _write(tmp_path, "locked.md", GOOD)
    good = _write(tmp_path, "good.md", GOOD)
    real = builtins.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    result = runner.invoke(main, [locked, good])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{locked}:1:1: AL001 unreadable-file Permission denied",
        "Found 1 error and 0 warnings in 1 of 2 files.",
    ]


def test_a_bug_in_one_file_becomes_an_internal_error_finding(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import arena_lint.api
    from arena_lint.model import Document
    from arena_lint.parser import parse as real_parse
    from arena_lint.source import Source

    def parse(source: Source) -> Document:
        if source.path.endswith("boom.md"):
            raise ValueError("simulated bug")
        return real_parse(source)

    monkeypatch.setattr(arena_lint.parser, "parse", parse)
    boom, bad = _write(tmp_path, "boom.md", GOOD), _write(tmp_path, "bad.md", BAD)
    result = runner.invoke(main, ["--format", "json", boom, bad])
    assert result.exit_code == 1
    rules = [(Path(d["path"]).name, d["rule"]) for d in json.loads(result.output)]
    assert rules == [("bad.md", "total-mismatch"), ("boom.md", "internal-error")]
    assert "ValueError: simulated bug" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["does-not-exist.md"], "does not exist"),
        (["--format", "xml", "x.md"], "Invalid value for '--format'"),
        (["--no-such-option"], "No such option"),
        ([], "give at least one PATH"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_help_explains_exit_statuses(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Exit status" in result.output
    assert "--format" in result.output


def test_dump_tree_prints_json_valid_against_the_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--dump-tree", str(POSTS / "tabs.md")])
    assert result.exit_code == 0
    tree = json.loads(result.output)
    Draft202012Validator(load(LOG)).validate(tree)
    assert [entry["number"] for entry in tree["logs"][0]["entries"]] == ["1", "2", "3"]


def test_dump_tree_takes_one_file(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--dump-tree", str(POSTS)])
    assert result.exit_code == 2
    assert "exactly one file" in result.output


def test_front_matter_schema_option(runner: CliRunner, tmp_path: Path) -> None:
    schema = tmp_path / "blog.schema.json"
    schema.write_text(json.dumps({"type": "object", "required": ["title", "tags"]}))
    post = _write(tmp_path, "a.md", "---\ntitle: x\n---\n" + GOOD)
    result = runner.invoke(main, ["--front-matter-schema", str(schema), post])
    assert result.exit_code == 1
    assert "AL003 schema-violation front matter: 'tags' is a required property" in result.output


def test_log_schema_option_places_violations_on_the_entry(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A house rule: every top-level entry has a link.
    schema = tmp_path / "tree.schema.json"
    schema.write_text(
        json.dumps(
            {
                "type": "object",
                "properties": {
                    "logs": {
                        "items": {
                            "properties": {
                                "entries": {"items": {"properties": {"url": {"type": "string"}}}}
                            }
                        }
                    }
                },
            }
        )
    )
    post = _write(tmp_path, "a.md", "Total Hours: 3\n- 1h [Chapter 1: A](u)\n- 2h Chapter 2: B\n")
    result = runner.invoke(main, ["--log-schema", str(schema), post])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{post}:3:3: AL003 schema-violation log tree: None is not of type 'string' "
        "(at $.logs[0].entries[1].url)"
    )


def test_no_color_unless_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", BAD)
    assert "\x1b[" not in runner.invoke(main, [path]).output
    assert "\x1b[" in runner.invoke(main, ["--color", "always", path], color=True).output


def test_installed_console_script(tmp_path: Path) -> None:
    """The real `arena-lint` the package installs, in a subprocess."""
    script = shutil.which("arena-lint", path=os.path.dirname(sys.executable))
    assert script is not None, "arena-lint is not installed beside this Python"
    bad = _write(tmp_path, "bad.md", BAD)
    result = subprocess.run([script, bad], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"{bad}:1:14: AL101 total-mismatch" in result.stdout
    module = subprocess.run(
        [sys.executable, "-m", "arena_lint", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 0
    assert module.stdout.startswith("arena-lint, version ")


def test_json_findings_link_their_rule_page(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--format", "json", _write(tmp_path, "a.md", BAD)])
    (finding,) = json.loads(result.output)
    tag = f"https://github.com/arena-lint/arena-lint/blob/v{__version__}/"
    assert finding["url"] == f"{tag}docs/rules/total-mismatch.md"
    root = Path(__file__).resolve().parents[1]
    assert (root / finding["url"].removeprefix(tag)).is_file()


def test_exit_zero_quiet_and_statistics(runner: CliRunner, tmp_path: Path) -> None:
    text = BAD.replace("- 1h Chapter", "- 1h  Chapter")
    path = _write(tmp_path, "a.md", text)
    assert runner.invoke(main, ["--exit-zero", path]).exit_code == 0
    quiet = runner.invoke(main, ["--quiet", path]).output.splitlines()
    assert [line.split()[1] for line in quiet[:-1]] == ["AL101"]
    assert quiet[-1] == "Found 1 error and 1 warning in 1 of 1 file."
    statistics = runner.invoke(main, ["--statistics", path]).output.splitlines()
    assert statistics == [
        "1  AL101  total-mismatch (error)",
        "1  AL301  extra-whitespace (warning)",
        "Found 1 error and 1 warning in 1 of 1 file.",
    ]


def test_select_and_ignore_on_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", BAD.replace("- 1h Chapter", "- 1h  Chapter"))
    assert runner.invoke(main, ["--ignore", "AL1", path]).exit_code == 0
    result = runner.invoke(main, ["--select", "style,total-mismatch", "--format", "json", path])
    assert [d["rule"] for d in json.loads(result.output)] == ["total-mismatch", "extra-whitespace"]


def test_list_rules_names_every_rule(runner: CliRunner) -> None:
    from arena_lint.rules import all_rules

    result = runner.invoke(main, ["--list-rules"])
    assert result.exit_code == 0
    assert [line.split()[:2] for line in result.output.splitlines()] == [
        [rule.code, rule.name] for rule in all_rules()
    ]


@pytest.mark.parametrize("how", ["name", "code"])
def test_explain_every_rule(runner: CliRunner, how: str) -> None:
    from arena_lint.docs import page
    from arena_lint.rules import all_rules

    for rule in all_rules():
        result = runner.invoke(main, ["--explain", rule.name if how == "name" else rule.code])
        assert result.exit_code == 0
        assert result.output == page(rule)


def test_explain_an_unknown_rule_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--explain", "nope"])
    assert result.exit_code == 2
    assert "no rule named 'nope'" in result.output


def test_jobs_give_the_same_findings_in_the_same_order(runner: CliRunner) -> None:
    serial = runner.invoke(main, ["--format", "json", "-j", "1", str(POSTS)])
    parallel = runner.invoke(main, ["--format", "json", "-j", "2", str(POSTS)])
    assert len(list(POSTS.glob("*.md"))) >= 8  # enough files for two workers
    assert parallel.exit_code == serial.exit_code == 1
    assert json.loads(parallel.output) == json.loads(serial.output) != []


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
    # option on: -h/--help on every command.
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
