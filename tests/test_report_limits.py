"""``report`` at the edges of its input: the calendar's last day, and time
linear in a log's length and a timeline's span."""

from __future__ import annotations

import json
import time
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


def _long_log(chapters: int, exercises: int) -> str:
    lines = [f"Total Hours: {chapters * exercises}"]
    for chapter in range(1, chapters + 1):
        lines.append(f"- {exercises}h Chapter {chapter}: Part {chapter}")
        lines += [f"\t- 1h exercise {chapter}.{n} Drill" for n in range(1, exercises + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_report_time_grows_linearly_with_a_logs_length(tmp_path: Path, fmt: str) -> None:
    # Every figure used to rescan every row of its table to choose its decimals:
    # 5,000 exercises took over a minute to report and `check` under a second.
    post = tmp_path / "long.md"
    post.write_text(_long_log(40, 100), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["report", "--format", fmt, str(post)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert "4000.0h" in result.output
    assert elapsed < 10, f"report took {elapsed:.1f}s"


def test_a_long_timeline_is_reported_in_linear_time(tmp_path: Path) -> None:
    # Two posts 60 years apart: 3,000 weeks, the empty ones between them one row (#23).
    (tmp_path / "a.md").write_text(_dated_post("1964-01-06"), encoding="utf-8")
    (tmp_path / "b.md").write_text(_dated_post("2024-01-01"), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["report", "--by", "week", str(tmp_path)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert result.output.count("\n  19") + result.output.count("\n  20") == 2
    assert "\n  no posts from 1964-01-13 to 2023-12-31 " in result.output
    assert elapsed < 10, f"report took {elapsed:.1f}s"
