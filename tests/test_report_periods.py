"""arena-lint report --by week|month: post dates, periods, running totals, every format."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from arena_lint.api import lint_paths
from arena_lint.cli import main
from arena_lint.report import HoursReport, Unit
from arena_lint.report.periods import build_report, next_start, period_start, post_date
from arena_lint.schema_check import load
from arena_lint.settings import Settings

# Three weekly posts (two of them in one ISO week's neighbours, one after a gap
# week) and one post with no date anywhere: the case of the issue.
BLOG = {
    "week-one.md": (
        "---\ntitle: Starting out\ndate: 2024-03-05\n---\n"
        "Total Hours: 4\n- 4h Chapter 1: Counting\n"
        "    - 1.5h exercise 1.1 Permutations\n    - 2.5h exercise 1.2 Binomials\n"
    ),
    "2024-03-14-second-week.md": (
        "---\ntitle: Second week\n---\n"
        "Total Hours: 3.25\n- 1.25h Chapter 1: Counting\n    - 1.25h exercise 1.3 Pigeonholes\n"
        "- 2h Chapter 2: Graphs\n    - 2h exercise 2.1 Trees\n"
    ),
    "week-four.md": (
        '---\ntitle: After a week off\ndate: "2024-03-28 20:15:00 +0100"\n---\n'
        "Total Hours: 5\n- 5h Chapter 2: Graphs\n"
        "    - 3h exercise 2.2 Matchings\n    - 2h exercise 2.3 Colourings\n"
    ),
    "scratch.md": (
        "Total Hours: 0.5\n- 0.5h Chapter 3: Probability\n    - 0.5h exercise 3.1 Dice\n"
    ),
}


def _blog(folder: Path, posts: dict[str, str] = BLOG) -> Path:
    for name, text in posts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["report", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    Draft202012Validator(load("report.schema.json")).validate(data)
    assert isinstance(data, dict)
    return data


def _report(folder: Path, unit: Unit, **bounds: datetime.date) -> HoursReport:
    results = lint_paths([str(folder)], Settings(), keep=True)
    return build_report(results, unit, bounds.get("since"), bounds.get("until"))


def test_done_when_weeks_chapters_running_total_and_the_undated_post(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    data = _json("--by", "week", str(blog))
    line = data["timeline"]
    assert isinstance(line, dict)
    assert line["by"] == "week"
    assert line["chapters"] == ["Chapter 1 Counting", "Chapter 2 Graphs", "Chapter 3 Probability"]
    periods = line["periods"]
    # ISO weeks from the first post's Monday to the last's; the empty week is kept.
    assert [p["label"] for p in periods] == ["2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"]
    assert [(p["start"], p["end"]) for p in periods][1] == ("2024-03-11", "2024-03-17")
    assert [p["hours"] for p in periods] == ["4", "3.25", "0", "5"]
    assert [[c["hours"] for c in p["chapters"]] for p in periods] == [
        ["4", "0", "0"],
        ["1.25", "2", "0"],
        ["0", "0", "0"],
        ["0", "5", "0"],
    ]
    assert [p["running"] for p in periods] == ["4", "7.25", "7.25", "12.25"]
    assert [p["posts"] for p in periods] == [
        [str(blog / "week-one.md")],
        [str(blog / "2024-03-14-second-week.md")],
        [],
        [str(blog / "week-four.md")],
    ]
    undated = line["undated"]
    assert isinstance(undated, dict)
    assert (undated["label"], undated["hours"], undated["posts"]) == (
        "undated",
        "0.5",
        [str(blog / "scratch.md")],
    )
    # The running total ends at the sum of every log, the undated one included.
    all_logs = data["all"]
    assert isinstance(all_logs, dict)
    assert undated["running"] == all_logs["hours"] == line["hours"] == "12.75"
    dates = {Path(p["path"]).name: (p["date"], p["source"], p["reason"]) for p in line["posts"]}
    assert dates == {
        "week-one.md": ("2024-03-05", "front matter", None),
        "2024-03-14-second-week.md": ("2024-03-14", "file name", None),
        "week-four.md": ("2024-03-28", "front matter", None),
        "scratch.md": (None, None, "no date in its front matter or file name"),
    }


def test_months_agree_with_the_weeks_summed_by_month(tmp_path: Path) -> None:
    posts = {
        **BLOG,
        "2024-04-02-april.md": "Total Hours: 1\n- 1h Chapter 2: Graphs\n",
        "2024-05-30-may.md": "Total Hours: 2.5\n- 2.5h Chapter 4: Series\n",
    }
    blog = _blog(tmp_path, posts)
    weeks = _report(blog, "week").timeline
    months = _report(blog, "month").timeline
    assert weeks is not None
    assert months is not None
    assert [p.label for p in months.periods] == ["2024-03", "2024-04", "2024-05"]
    # Each week's posts lie in one month here, so the weeks sum to the months.
    by_month: dict[str, list[Fraction]] = defaultdict(lambda: [Fraction(0)] * 4)
    dates = {post.path: post.date for post in weeks.dates}
    for week in weeks.periods:
        for path in week.posts:
            day = dates[path]
            assert day is not None
            assert period_start(day, "week") == week.start
        months_of_week = {f"{dates[path]:%Y-%m}" for path in week.posts}
        assert len(months_of_week) <= 1
        for month in months_of_week:
            by_month[month] = [a + b for a, b in zip(by_month[month], week.chapters, strict=True)]
    assert [row.label for row in weeks.chapters] == [row.label for row in months.chapters]
    assert {p.label: p.chapters for p in months.periods} == dict(by_month)
    assert months.undated is not None
    assert weeks.undated is not None
    assert months.undated.chapters == weeks.undated.chapters
    assert months.rows[-1].running == weeks.rows[-1].running == Fraction(51, 4) + 1 + Fraction(5, 2)


def test_since_and_until_bound_the_range_and_leave_undated_posts_out(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    data = _json("--by", "week", "--since", "2024-03-10", "--until", "2024-04-10", str(blog))
    line = data["timeline"]
    assert isinstance(line, dict)
    assert (line["since"], line["until"]) == ("2024-03-10", "2024-04-10")
    # The range's own weeks, even the empty one at its end; week-one.md is out.
    labels = [p["label"] for p in line["periods"]]
    assert labels[1:] == ["2024-03-11", "2024-03-18", "2024-03-25", "2024-04-01", "2024-04-08"]
    assert labels[0] == "2024-03-04"  # --since 2024-03-10 is that week's Sunday
    assert [p["hours"] for p in line["periods"]] == ["0", "3.25", "0", "5", "0", "0"]
    assert line["undated"] is None
    assert line["hours"] == data["all"]["hours"] == "8.25"  # type: ignore[index]
    assert [Path(log["path"]).name for log in data["logs"]] == [  # type: ignore[attr-defined]
        "2024-03-14-second-week.md",
        "week-four.md",
    ]


def test_since_after_until_is_a_usage_error(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    result = CliRunner().invoke(
        main, ["report", "--since", "2024-05-01", "--until", "2024-04-01", str(blog)]
    )
    assert result.exit_code == 2
    assert "is after --until" in result.output


@pytest.mark.parametrize(
    ("front_matter", "name", "expected"),
    [
        ("date: 2024-01-07\n", "post.md", (datetime.date(2024, 1, 7), "front matter")),
        (
            "date: 2024-01-07T23:30:00-05:00\n",
            "post.md",
            (datetime.date(2024, 1, 7), "front matter"),
        ),
        ("date: 2024-01-07 10:00:00\n", "post.md", (datetime.date(2024, 1, 7), "front matter")),
        # Jekyll's own spelling, which YAML leaves a string (its offset has no colon).
        (
            'date: "2024-01-07 10:00:00 +0100"\n',
            "p.md",
            (datetime.date(2024, 1, 7), "front matter"),
        ),
        ('date: "2024-01-07T09:00:00.000Z"\n', "p.md", (datetime.date(2024, 1, 7), "front matter")),
        ("title: x\n", "2023-12-31-new-years-eve.md", (datetime.date(2023, 12, 31), "file name")),
        # The front matter wins over the file name.
        ("date: 2024-02-02\n", "2023-12-31-x.md", (datetime.date(2024, 2, 2), "front matter")),
        ("title: x\n", "2023-12-31.md", (None, "no date in its front matter or file name")),
        ("title: x\n", "2023-02-30-x.md", (None, "no date in its front matter or file name")),
        ('date: "last tuesday"\n', "2023-12-31-x.md", (None, "'last tuesday' is not a date")),
        ("date: 2024\n", "p.md", (None, "'2024' is not a date")),
        ('date: "2024-13-01"\n', "p.md", (None, "'2024-13-01' is not a date")),
    ],
)
def test_a_post_date_from_front_matter_or_file_name(
    tmp_path: Path,
    front_matter: str,
    name: str,
    expected: tuple[datetime.date | None, str],
) -> None:
    post = tmp_path / name
    post.write_text(f"---\n{front_matter}---\nTotal Hours: 1\n- 1h Chapter 1: A\n")
    (result,) = lint_paths([str(post)], Settings(), keep=True)
    assert result.document is not None
    assert result.document.front_matter is not None
    when = post_date(result.path, result.document.front_matter.data)
    assert when.date == expected[0]
    assert when.source.endswith(expected[1])


def test_toml_front_matter_dates(tmp_path: Path) -> None:
    post = tmp_path / "hugo.md"
    post.write_text('+++\ntitle = "x"\ndate = 2024-06-30T22:00:00Z\n+++\nTotal Hours: 1\n- 1h a\n')
    (result,) = lint_paths([str(post)], Settings(), keep=True)
    assert result.document is not None
    assert result.document.front_matter is not None
    when = post_date(result.path, result.document.front_matter.data)
    assert (when.date, when.source) == (datetime.date(2024, 6, 30), "front matter")


def test_periods_cross_a_year() -> None:
    assert period_start(datetime.date(2025, 1, 1), "week") == datetime.date(2024, 12, 30)
    assert period_start(datetime.date(2024, 12, 31), "month") == datetime.date(2024, 12, 1)
    assert next_start(datetime.date(2024, 12, 1), "month") == datetime.date(2025, 1, 1)
    assert next_start(datetime.date(2024, 12, 30), "week") == datetime.date(2025, 1, 6)


def test_text_markdown_and_csv_carry_the_periods(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    runner = CliRunner()
    text = runner.invoke(main, ["report", "--by", "week", "--width", "100", str(blog)]).output
    lines = text.splitlines()
    assert lines[0] == "hours by week: 12.75h in 4 posts (ISO weeks, from Monday)"
    assert lines[1].split() == ["week", "of", "hours", "total", "Ch", "1", "Ch", "2", "Ch", "3"]
    assert lines[4].split() == ["2024-03-18", "0.00h", "7.25h", "-", "-", "-"]  # no bar
    assert lines[5].split()[:3] == ["2024-03-25", "5.00h", "12.25h"]
    assert lines[5].endswith("#" * 30)  # the longest week has the full bar
    assert lines[6].split()[:3] == ["undated", "0.50h", "12.75h"]
    assert f"  undated: {blog / 'scratch.md'} (no date in its front matter or file name)" in lines
    assert "  Ch 2: Chapter 2 Graphs" in lines

    markdown = runner.invoke(main, ["report", "--by", "month", "--format", "markdown", str(blog)])
    assert "| month | hours | total | Chapter 1 Counting | Chapter 2 Graphs |" in markdown.output
    assert "| 2024-03 | 12.25h | **12.25h** | 5.25h | 7.00h |  |" in markdown.output
    assert "| undated | 0.50h | **12.75h** |  |  | 0.50h |" in markdown.output

    table = runner.invoke(main, ["report", "--by", "week", "--format", "csv", str(blog)]).output
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [row["period"] for row in rows][-2:] == ["2024-03-25", "undated"]
    for row in rows:
        chapters = [Fraction(row[name]) for name in ("Chapter 1 Counting", "Chapter 2 Graphs")]
        assert sum(chapters) + Fraction(row["Chapter 3 Probability"]) == Fraction(row["hours"])
    assert rows[-1]["running"] == "12.75"
    assert sum(Fraction(row["hours"]) for row in rows) == Fraction(51, 4)


def test_a_narrow_terminal_drops_the_chapter_columns(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    text = CliRunner().invoke(main, ["report", "--by", "week", "--width", "40", str(blog)])
    table = [line for line in text.output.splitlines()[1:] if not line.startswith("  undated:")]
    assert len(table) == 7  # the heading, 5 rows, the pointer to the other formats
    assert all(len(line) <= 40 for line in table)
    assert "  per chapter: --format csv or json" in text.output
    assert "Ch 1" not in text.output


def test_hostile_chapter_titles_stay_text_in_every_format(tmp_path: Path) -> None:
    _blog(tmp_path, {"2024-01-01-x.md": "Total Hours: 1\n- 1h =HYPERLINK(1)|<b>\x1b[31m\n"})
    runner = CliRunner()
    table = runner.invoke(main, ["report", "--by", "week", "--format", "csv", str(tmp_path)])
    assert next(csv.reader(io.StringIO(table.output)))[-1].startswith("'=HYPERLINK")
    markdown = runner.invoke(
        main, ["report", "--by", "week", "--format", "markdown", str(tmp_path)]
    )
    assert "\\|\\<b\\>" in markdown.output
    assert "\x1b" not in markdown.output + table.output
    text = runner.invoke(main, ["report", "--by", "week", str(tmp_path)])
    assert "\x1b" not in text.output
    assert "\\x1b" in text.output


def test_by_post_is_todays_report(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(main, ["report", "--format", "json", str(blog)]).output
    assert "timeline" not in json.loads(plain)
    assert runner.invoke(
        main, ["report", "--by", "post", "--format", "json", str(blog)]
    ).output == (plain)


def test_no_dated_post_in_the_range(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    result = CliRunner().invoke(
        main, ["report", "--by", "week", "--since", "2030-01-01", str(blog)]
    )
    assert result.exit_code == 0
    assert result.stdout == "No dated posts in the range.\n"
    assert "no post falls in the range --since 2030-01-01" in result.stderr


@pytest.mark.parametrize("bound", [("--since", "2030-01-01"), ("--until", "2000-01-01")])
@pytest.mark.parametrize("unit", ["post", "week"])
def test_an_empty_range_is_said_on_standard_error(
    tmp_path: Path, bound: tuple[str, str], unit: str
) -> None:
    blog = _blog(tmp_path)
    result = CliRunner().invoke(main, ["report", "--by", unit, *bound, str(blog)])
    assert result.exit_code == 0
    # Three dated posts are out of the range, and the undated one with them.
    assert result.stderr == (
        f"arena-lint: warning: no post falls in the range {' '.join(bound)} "
        "(3 dated posts left out, and 1 undated)\n"
    )
    kept = CliRunner().invoke(main, ["report", "--since", "2024-03-10", str(blog)])
    assert kept.stderr == ""


# --- hostile dates: a long run of empty periods is one row (issue #23) ----------------------

FAR_APART = {
    "first.md": "---\ndate: 0001-01-01\n---\nTotal Hours: 1\n- 1h Chapter 1: Old\n",
    "middle.md": "---\ndate: 2024-03-05\n---\nTotal Hours: 2\n- 2h Chapter 2: New\n",
    "last.md": "---\ndate: 9999-12-31\n---\nTotal Hours: 3\n- 3h Chapter 3: Far\n",
}


@pytest.mark.parametrize("unit", ["week", "month"])
@pytest.mark.parametrize("output_format", ["text", "markdown", "csv", "json", "html"])
def test_posts_at_the_ends_of_the_calendar_give_a_small_report(
    tmp_path: Path, unit: str, output_format: str
) -> None:
    blog = _blog(tmp_path, FAR_APART)
    result = CliRunner().invoke(
        main, ["report", "--by", unit, "--format", output_format, str(blog)]
    )
    assert result.exit_code == 0, result.output
    # Before: 521,722 weekly rows (197 MB of JSON). Now the three posts' periods
    # and the two runs between them.
    assert len(result.output) < 20_000
    gaps = result.output.count("no posts from ")
    # Once a run; the page also names it in its chart (title, label, tooltip).
    assert gaps == 2 if output_format != "html" else gaps in (4, 6)
    assert len(result.output.splitlines()) < 400  # not a line per week


@pytest.mark.parametrize("unit", ["week", "month"])
def test_a_long_run_of_empty_periods_is_one_row_in_every_field(tmp_path: Path, unit: Unit) -> None:
    blog = _blog(tmp_path, FAR_APART)
    data = _json("--by", unit, str(blog))
    line = data["timeline"]
    assert isinstance(line, dict)
    periods = line["periods"]
    assert len(periods) == 5
    gap = periods[1]
    first_gap_day = "0001-01-08" if unit == "week" else "0001-02-01"
    assert gap["start"] == first_gap_day
    assert gap["label"] == f"no posts from {first_gap_day} to {gap['end']}"
    assert (gap["hours"], gap["running"], gap["posts"]) == ("0", "1", [])
    assert all(chapter["hours"] == "0" for chapter in gap["chapters"])
    # The run covers every period between its neighbours, none twice.
    report = _report(blog, unit)
    assert report.timeline is not None
    rows = report.timeline.periods
    for before, after in itertools.pairwise(rows):
        assert before.end is not None
        assert after.start is not None
        assert after.start - before.end == datetime.timedelta(days=1)
    weeks_or_months = sum(period.count for period in rows)
    if unit == "week":  # every Monday from 0001-01-01 to 9999-12-27
        assert (
            weeks_or_months == (datetime.date(9999, 12, 27) - datetime.date(1, 1, 1)).days // 7 + 1
        )
    else:
        assert weeks_or_months == 9999 * 12  # every month of the calendar
    assert "periods" not in periods[0]
    assert gap["periods"] == rows[1].count
    assert sum(row.hours for row in rows) == Fraction(6)


def test_short_gaps_are_kept_period_by_period(tmp_path: Path) -> None:
    from arena_lint.report.periods import MAX_EMPTY_RUN

    def blog_with_gap(folder: Path, empty_weeks: int) -> HoursReport:
        folder.mkdir()
        later = datetime.date(2024, 1, 1) + datetime.timedelta(weeks=empty_weeks + 1)
        posts = {
            "a.md": "---\ndate: 2024-01-01\n---\nTotal Hours: 1\n- 1h Chapter 1: A\n",
            "b.md": f"---\ndate: {later}\n---\nTotal Hours: 1\n- 1h Chapter 1: A\n",
        }
        return _report(_blog(folder, posts), "week")

    kept = blog_with_gap(tmp_path / "kept", MAX_EMPTY_RUN).timeline
    assert kept is not None
    assert [period.count for period in kept.periods] == [1] * (MAX_EMPTY_RUN + 2)
    joined = blog_with_gap(tmp_path / "joined", MAX_EMPTY_RUN + 1).timeline
    assert joined is not None
    assert [period.count for period in joined.periods] == [1, MAX_EMPTY_RUN + 1, 1]


def test_a_range_without_posts_is_one_row(tmp_path: Path) -> None:
    blog = _blog(tmp_path, FAR_APART)
    data = _json("--by", "week", "--since", "0002-01-01", "--until", "9999-01-01", str(blog))
    line = data["timeline"]
    assert isinstance(line, dict)
    before, middle, after = line["periods"]
    assert before["label"] == "no posts from 0001-12-31 to 2024-03-03"  # from since's Monday
    assert middle["posts"] == ["middle.md"] or middle["posts"][0].endswith("middle.md")
    assert after["label"] == "no posts from 2024-03-11 to 9999-01-03"  # to until's Sunday
