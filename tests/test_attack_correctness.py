"""Regressions found by attacking the one pipeline: every command tells the same
truth about a post, never crashes on it and never takes unbounded time on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint.cli import main

REPORT_FORMATS = ["text", "markdown", "csv", "json", "html"]


def _dated_post(date: str) -> str:
    return (
        f"---\ntitle: Late in the calendar\ndate: {date}\n---\n\n"
        "Total Hours: 3\n- 3h Chapter 1: Basics\n\t- 3h exercise 1.1 Tensors\n"
    )


@pytest.mark.parametrize("unit", ["week", "month"])
@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_a_post_dated_on_the_calendars_last_day_is_reported(
    tmp_path: Path, unit: str, fmt: str
) -> None:
    # The period after December 9999 (or after its last ISO week) does not exist:
    # it used to be computed anyway, a traceback out of `report`.
    post = tmp_path / "last.md"
    post.write_text(_dated_post("9999-12-31"), encoding="utf-8")
    chart = tmp_path / "chart.svg"
    args = ["report", "--by", unit, "--format", fmt, "--chart", str(chart), str(post)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "9999-12" in result.output
    assert chart.read_text(encoding="utf-8").startswith("<svg")


def test_the_last_period_of_the_calendar_ends_on_its_last_day(tmp_path: Path) -> None:
    post = tmp_path / "last.md"
    post.write_text(_dated_post("9999-12-31"), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--by", "week", "--format", "json", str(post)])
    assert result.exit_code == 0, result.output
    (period,) = json.loads(result.output)["timeline"]["periods"]
    assert (period["start"], period["end"], period["hours"]) == ("9999-12-27", "9999-12-31", "3")
