"""Front matter that parses but cannot be built: a finding at its line, in every command.

A value YAML or TOML reads but Python cannot make (a 30th of February, hour 25,
a 5,000-digit integer, nesting no front matter needs) and a key written twice
are ``front-matter-invalid`` at the key's line; never an internal error, never a
traceback, never silence. The log below the front matter is still checked and
fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint import lint_text
from arena_lint.cli import main

# The log states 5h over entries that sum to 3h: --fix has something to do.
LOG = "Total Hours: 5\n\n- 1h Chapter 1: Tensors\n- 2h Chapter 2: Gradients\n"

# name -> (front matter block, 1-based line of the finding)
BROKEN = {
    "no 30th of February": ("---\ntitle: notes\ndate: 2024-02-30\n---\n", 3),
    "hour 25, minute 61": ("---\ndate: 2024-01-01 25:61:00\n---\n", 2),
    "a word tagged as a float": ("---\ntitle: !!float abc\n---\n", 2),
    "an offset of 99 hours": ("---\ndate: 2024-01-01 10:00:00 +99:00\n---\n", 2),
    "a 5,000-digit YAML integer": ("---\ntitle: x\nviews: " + "7" * 5000 + "\n---\n", 3),
    "a 5,000-digit TOML integer": ('+++\ntitle = "x"\nviews = ' + "7" * 5000 + "\n+++\n", 3),
    "a huge hexadecimal integer": ("---\nviews: 0x" + "f" * 5000 + "\n---\n", 2),
    "TOML inline tables 500 deep": (
        "+++\ntitle = 'x'\nmeta = " + "{a = " * 500 + "1" + "}" * 500 + "\n+++\n",
        3,
    ),
    "TOML dotted key 500 deep": ("+++\ntitle = 'x'\nmeta" + ".a" * 500 + " = 1\n+++\n", 3),
    "TOML table header 500 deep": (
        "+++\ntitle = 'x'\n[meta" + ".a" * 500 + "]\nb = 1\n+++\n",
        3,
    ),
    "a YAML key twice": ("---\nn: 1\nn: 2\n---\n", 3),
    "a YAML timestamp tag on a word": ("---\nupdated: !!timestamp soon\n---\n", 2),
}


def _post(tmp_path: Path, name: str) -> tuple[Path, int]:
    front_matter, line = BROKEN[name]
    path = tmp_path / "post.md"
    path.write_text(front_matter + LOG, encoding="utf-8")
    return path, line


def _findings(output: str) -> list[tuple[int, str]]:
    return [(item["line"], item["rule"]) for item in json.loads(output)]


@pytest.mark.parametrize("name", list(BROKEN))
def test_check_reports_the_key_line(runner: CliRunner, tmp_path: Path, name: str) -> None:
    path, line = _post(tmp_path, name)
    result = runner.invoke(main, ["--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    found = _findings(result.output)
    assert (line, "front-matter-invalid") in found
    assert "internal-error" not in {rule for _, rule in found}
    # The log is still read: its wrong total is reported too.
    assert "total-mismatch" in {rule for _, rule in found}


@pytest.mark.parametrize("name", list(BROKEN))
def test_fix_repairs_the_log_and_keeps_the_finding(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    path, line = _post(tmp_path, name)
    before = path.read_text(encoding="utf-8")
    result = runner.invoke(main, ["--fix", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert _findings(result.output) == [(line, "front-matter-invalid")]
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("Total Hours: 5", "Total Hours: 3")


@pytest.mark.parametrize("name", list(BROKEN))
def test_diff_shows_the_log_repair(runner: CliRunner, tmp_path: Path, name: str) -> None:
    path, _ = _post(tmp_path, name)
    result = runner.invoke(main, ["--diff", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "-Total Hours: 5\n+Total Hours: 3\n" in result.output


@pytest.mark.parametrize("name", list(BROKEN))
def test_report_still_reports_the_log(runner: CliRunner, tmp_path: Path, name: str) -> None:
    path, _ = _post(tmp_path, name)
    result = runner.invoke(main, ["report", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(result.output)
    titles = [row["title"] for row in data["all"]["rows"]]
    assert titles == ["Tensors", "Gradients"]


NEAR_MISSES = {
    "a real leap day": "---\ndate: 2024-02-29\n---\n",
    "the last second of a day, with an offset": "---\ndate: 2024-01-01 23:59:59 +14:00\n---\n",
    "a long but printable integer": "---\nviews: " + "7" * 4000 + "\n---\n",
    "nesting 50 deep": "+++\nmeta = " + "[" * 50 + "1" + "]" * 50 + "\n+++\n",
    "a merge overridden": "---\nbase: &b {title: a}\npost:\n  <<: *b\n  title: b\n---\n",
    "a number tag on a number": "---\nrating: !!float 4\n---\n",
}


@pytest.mark.parametrize("name", list(NEAR_MISSES))
def test_near_misses_are_valid(name: str) -> None:
    text = NEAR_MISSES[name] + LOG.replace("Total Hours: 5", "Total Hours: 3")
    assert [d.rule for d in lint_text(text, "post.md")] == []
