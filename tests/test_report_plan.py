"""arena-lint report --outline: a course's plan against its posts, in every format.

The expectations are worked out by hand from the outline and posts below:

- planned: chapter 1 6h (1.1, 1.2, 1.3: 2h each), chapter 2 8h (2.1 3h, 2.2 5h),
  chapter 3 4h (3.1 2.5h, 3.2 1.5h): 18h.
- logged: 1.1 1.5h, 1.2 2h, 1.3 skipped (week of 2024-05-06); 2.1 4.25h and
  4.1 1h, not in the outline (2024-05-15, no course named); 3.1 2.75h and 2.3
  0.5h, not in the outline (2024-05-29). A post of another course is left out.
- finished: 1.1 + 1.2 + 1.3 (skipped) + 2.1 + 3.1 = 2 + 2 + 2 + 3 + 2.5 = 11.5
  of 18 planned hours: 23/36, 64%; 6.5h left (2.2 and 3.2).
- pace over 4 weeks (2024-05-06 to the week of 2024-05-27): 3.5 + 5.25 + 3.25 =
  12h / 4 = 3h a week; 6.5h at 3h a week is 15 1/6 days, 16 whole days after
  2024-05-29: 2024-06-14. Over 2 weeks: 3.25h / 2 = 1.625h a week; 6.5 * 7 /
  1.625 = 28 days: 2024-06-26.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from arena_lint.api import lint_paths
from arena_lint.cli import main
from arena_lint.course import Outline, load_outline
from arena_lint.report import HoursReport
from arena_lint.report.chart import render_plan, render_report
from arena_lint.report.csv_format import render as render_csv
from arena_lint.report.html import render as render_html
from arena_lint.report.markdown import render as render_markdown
from arena_lint.report.periods import build_report
from arena_lint.report.plan import Plan
from arena_lint.report.planning import Target
from arena_lint.report.table import render as render_text
from arena_lint.schema_check import load
from arena_lint.settings import Settings

OUTLINE = """\
course = "Waves"

[[chapters]]
number = "1"
title = "Sampling"
hours = 6
[[chapters.exercises]]
number = "1.1"
title = "Aliasing"
hours = 2
[[chapters.exercises]]
number = "1.2"
title = "Nyquist rate"
hours = 2
[[chapters.exercises]]
number = "1.3"
title = "Reconstruction"
hours = 2

[[chapters]]
number = "2"
title = "Filters"
hours = 8
[[chapters.exercises]]
number = "2.1"
title = "Moving average"
hours = 3
[[chapters.exercises]]
number = "2.2"
title = "FIR design"
hours = 5

[[chapters]]
number = "3"
title = "Spectra"
hours = 4
[[chapters.exercises]]
number = "3.1"
title = "The DFT"
hours = 2.5
[[chapters.exercises]]
number = "3.2"
title = "Windowing"
hours = 1.5
"""

POSTS = {
    "week-one.md": (
        "---\ntitle: First steps with waves\ndate: 2024-05-06\ncourse: Waves\n---\n"
        "I began the signals course this week.\n\n"
        "Total Hours: 3.5\n- 3.5h Chapter 1: Sampling\n"
        "    - 1.5h exercise 1.1 Aliasing\n    - 2h exercise 1.2 Nyquist rate\n"
        "    - skipped exercise 1.3 Reconstruction, the maths was familiar\n"
    ),
    "filters.md": (
        "---\ntitle: Filters, finally\ndate: 2024-05-15\n---\n"
        "Total Hours: 5.25\n- 4.25h Chapter 2: Filters\n"
        "    - 4.25h exercise 2.1 Moving average\n"
        "- 1h Chapter 4: Wavelets\n    - 1h exercise 4.1 Haar\n"
    ),
    "spectra.md": (
        "---\ntitle: Into the spectrum\ndate: 2024-05-29\ncourse: Waves\n---\n"
        "Total Hours: 3.25\n- 2.75h Chapter 3: Spectra\n    - 2.75h exercise 3.1 The DFT\n"
        "- 0.5h Chapter 2: Filters\n    - 0.5h exercise 2.3 Notch filters\n"
    ),
    "knitting.md": (
        "---\ndate: 2024-05-28\ncourse: Knitting\n---\n"
        "Total Hours: 5\n- 5h Chapter 1: Casting on\n    - 5h exercise 1.1 Long tail\n"
    ),
}


def _blog(folder: Path, posts: dict[str, str] = POSTS, outline: str = OUTLINE) -> Path:
    (folder / "blog").mkdir()
    for name, text in posts.items():
        (folder / "blog" / name).write_text(text, encoding="utf-8")
    (folder / "waves.toml").write_text(outline, encoding="utf-8")
    return folder


def _report(folder: Path, unit: str = "post", weeks: int = 4) -> HoursReport:
    outline = load_outline(folder / "waves.toml", root=None)
    results = lint_paths([str(folder / "blog")], Settings(), keep=True)
    return build_report(results, unit, outlines=[outline], pace_weeks=weeks)  # type: ignore[arg-type]


def _plan(folder: Path, weeks: int = 4) -> Plan:
    (plan,) = _report(folder, weeks=weeks).plans
    assert isinstance(plan, Plan)
    return plan


def test_spent_against_planned_statuses_share_pace_and_finish(tmp_path: Path) -> None:
    plan = _plan(_blog(tmp_path))
    rows = [
        (depth, item.number, item.spent, item.planned, item.status) for depth, item in plan.walk()
    ]
    assert rows == [
        (0, "1", Fraction(7, 2), Fraction(6), "done"),
        (1, "1.1", Fraction(3, 2), Fraction(2), "done"),
        (1, "1.2", Fraction(2), Fraction(2), "done"),
        (1, "1.3", Fraction(0), Fraction(2), "skipped"),
        (0, "2", Fraction(19, 4), Fraction(8), "in progress"),
        (1, "2.1", Fraction(17, 4), Fraction(3), "done"),
        (1, "2.2", Fraction(0), Fraction(5), "not started"),
        (0, "3", Fraction(11, 4), Fraction(4), "in progress"),
        (1, "3.1", Fraction(11, 4), Fraction(5, 2), "done"),
        (1, "3.2", Fraction(0), Fraction(3, 2), "not started"),
    ]
    assert (plan.by, plan.finished, plan.hours) == (
        "hours",
        Fraction(23, 36),
        (Fraction(23, 2), Fraction(18)),
    )
    assert plan.leaves == (5, 7)
    assert (plan.planned, plan.spent, plan.remaining) == (
        Fraction(18),
        Fraction(11),
        Fraction(13, 2),
    )
    assert plan.status == "in progress"
    # The Knitting post is another course's; the post naming none is counted.
    assert [Path(post).name for post in plan.posts] == ["filters.md", "spectra.md", "week-one.md"]
    assert [(row.kind, row.number, row.hours) for row in plan.extra] == [
        ("chapter", "4", 1),
        ("exercise", "4.1", 1),
        ("exercise", "2.3", Fraction(1, 2)),
    ]
    pace = plan.pace
    assert (pace.weeks, pace.counted, pace.hours, pace.per_week) == (
        4,
        4,
        Fraction(12),
        Fraction(3),
    )
    assert (pace.as_of, pace.finish) == (datetime.date(2024, 5, 29), datetime.date(2024, 6, 14))


def test_a_shorter_pace_window(tmp_path: Path) -> None:
    pace = _plan(_blog(tmp_path), weeks=2).pace
    assert (pace.counted, pace.hours, pace.per_week) == (2, Fraction(13, 4), Fraction(13, 8))
    assert pace.finish == datetime.date(2024, 6, 26)


def test_text(tmp_path: Path) -> None:
    text = render_text(_report(_blog(tmp_path)), width=100, ascii=True)
    plan = text[text.index("plan: Waves") :].splitlines()
    assert plan[0] == f"plan: Waves ({tmp_path / 'waves.toml'}), 3 posts"
    assert plan[1] == "  64% finished: 11.50h of 18.00h planned hours; 11.00h spent"
    assert [line.split() for line in plan[3:6]] == [
        ["Chapter", "1", "Sampling", "3.50h", "6.00h", "done"],
        ["1.1", "Aliasing", "1.50h", "2.00h", "done"],
        ["1.2", "Nyquist", "rate", "2.00h", "2.00h", "done"],
    ]
    assert plan[6].split()[-3:] == ["-", "2.00h", "skipped"]
    assert plan[9].split()[-4:] == ["-", "5.00h", "not", "started"]
    assert plan[13].startswith("  not in the outline: Chapter 4 Wavelets 1.00h (")
    assert plan[-1] == (
        "  pace 3.00h/week over the last 4 weeks to 2024-05-29; "
        "projected finish 2024-06-14 (6.50h left)"
    )


def test_markdown(tmp_path: Path) -> None:
    text = render_markdown(_report(_blog(tmp_path)))
    escaped = str(tmp_path / "waves.toml").replace("_", "\\_")  # pytest's test_... folder
    assert f"### Plan: Waves ({escaped}): 64% finished" in text
    assert "| **Chapter 2 Filters** | 4.75h | 8.00h | in progress |" in text
    assert "| &nbsp;&nbsp;2.1 Moving average | 4.25h | 3.00h | done |" in text
    assert "| &nbsp;&nbsp;1.3 Reconstruction | - | 2.00h | skipped |" in text
    assert "projected finish 2024-06-14 (6.50h left)." in text
    assert "- not in the outline: 2.3 Notch filters, 0.50h (" in text


def test_csv(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(_report(_blog(tmp_path))))))
    course = rows[0]
    assert (course["kind"], course["course"], course["spent"], course["planned"]) == (
        "course",
        "Waves",
        "11",
        "18",
    )
    assert (course["finished"], course["per_week"], course["finish"]) == (
        "23/36",
        "3",
        "2024-06-14",
    )
    assert course["status"] == "in progress"
    items = {row["number"]: row for row in rows[1:]}
    assert (items["3.1"]["spent"], items["3.1"]["planned"], items["3.1"]["status"]) == (
        "2.75",
        "2.5",
        "done",
    )
    assert items["2.2"]["status"] == "not started"
    assert items["4.1"]["status"] == "not in the outline"
    assert sum(Fraction(row["spent"]) for row in rows if row["depth"] == "1") == 12


def test_json_validates(tmp_path: Path) -> None:
    folder = _blog(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--format",
            "json",
            "--outline",
            str(folder / "waves.toml"),
            str(folder / "blog"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    Draft202012Validator(load("report.schema.json")).validate(data)
    (plan,) = data["plans"]
    assert (plan["name"], plan["planned"], plan["spent"], plan["remaining"]) == (
        "Waves",
        "18",
        "11",
        "6.5",
    )
    assert plan["finished"] == {
        "by": "hours",
        "share": "23/36",
        "percent": 63.89,
        "items": 5,
        "of": 7,
    }
    assert plan["pace"]["per_week"] == "3"
    assert plan["pace"]["finish"] == "2024-06-14"
    chapter_2 = plan["chapters"][1]
    assert (chapter_2["spent"], chapter_2["status"]) == ("4.75", "in progress")
    assert [child["status"] for child in chapter_2["children"]] == ["done", "not started"]
    assert [item["number"] for item in plan["not_in_outline"]] == ["4", "4.1", "2.3"]


def test_html_and_chart(tmp_path: Path) -> None:
    built = _report(_blog(tmp_path))
    page = render_html(built)
    root = ElementTree.fromstring(page.split("\n", 1)[1])  # well-formed past the doctype
    ns = {"h": "http://www.w3.org/1999/xhtml", "s": "http://www.w3.org/2000/svg"}
    rows = root.findall(".//h:table[@class='plan']/h:tbody/h:tr", ns)
    assert [row.get("data-status") for row in rows][:5] == [
        "done",
        "done",
        "done",
        "skipped",
        "in progress",
    ]
    assert ["".join(cell.itertext()) for cell in rows[5]] == [
        "2.1 Moving average",
        "4.25h",
        "3.00h",
        "done",
    ]
    # The page's chart is the plan's: a planned mark per chapter, at its hours.
    marks = root.findall(".//s:line[@class='planned']", ns)
    assert [mark.get("data-hours") for mark in marks] == ["6", "8", "4"]
    svg = ElementTree.fromstring(render_plan(built.plans[0]))
    bars = svg.findall(".//s:g[@class='chapter']", ns)
    assert [bar.get("data-hours") for bar in bars] == ["3.5", "4.75", "2.75"]


def test_the_timeline_chart_draws_the_plan_beside_the_running_total(tmp_path: Path) -> None:
    built = _report(_blog(tmp_path), "week")
    svg = ElementTree.fromstring(render_report(built))
    ns = {"s": "http://www.w3.org/2000/svg"}
    (planned,) = svg.findall(".//s:line[@class='planned']", ns)
    assert (planned.get("data-hours"), planned.get("data-course")) == ("18", "Waves")
    # The right axis reaches the plan (18h), above the running total (17h).
    running = svg.find(".//s:g[@data-axis='total hours']", ns)
    assert running is not None
    ticks = [tick.text for tick in running.findall("s:text[@class='tick']", ns)]
    assert ticks[-1] == "20"
    assert (svg.find(".//s:polyline[@class='running']", ns)) is not None


def test_no_pace_yet_without_dates_and_never_a_division_by_zero(tmp_path: Path) -> None:
    undated = {
        name: text.replace("date: ", "written: ")
        for name, text in POSTS.items()
        if name != "knitting.md"
    }
    plan = _plan(_blog(tmp_path, undated))
    assert (plan.pace.per_week, plan.pace.finish) == (None, None)
    assert plan.pace_line() == "no pace yet (no dated post of this course)"
    # Dated, but nothing logged in the weeks counted: still no pace.
    (tmp_path / "blog" / "week-one.md").write_text(
        "---\ndate: 2024-05-06\n---\nTotal Hours: 0\n- skipped Chapter 1: Sampling\n"
    )
    for name in ("filters.md", "spectra.md"):
        (tmp_path / "blog" / name).unlink()
    plan = _plan(tmp_path)
    assert plan.pace.per_week is None
    assert plan.pace_line().startswith("no pace yet (no hours logged in the last 1 week")
    assert [item.status for item in plan.items] == ["skipped", "not started", "not started"]


def test_share_by_count_when_hours_are_not_planned(tmp_path: Path) -> None:
    unplanned = "\n".join(
        line for line in OUTLINE.splitlines() if not line.startswith("hours") or "= 6" in line
    )
    plan = _plan(_blog(tmp_path, outline=unplanned))
    # Chapter 1's 6h is shared by its three exercises; the other leaves have none.
    assert (plan.by, plan.finished, plan.hours, plan.remaining) == (
        "count",
        Fraction(5, 7),
        None,
        None,
    )
    assert plan.summary().startswith("71% finished: 5 of 7 items")
    assert plan.pace.per_week == 3
    assert plan.pace.note == "no projected finish: an item left to do has no planned hours"


def test_a_finished_course(tmp_path: Path) -> None:
    posts = dict(POSTS)
    posts["last.md"] = (
        "---\ndate: 2024-06-03\ncourse: Waves\n---\nTotal Hours: 6\n"
        "- 4.5h Chapter 2: Filters\n    - 4.5h exercise 2.2 FIR design\n"
        "- 1.5h Chapter 3: Spectra\n    - 1.5h exercise 3.2 Windowing\n"
    )
    plan = _plan(_blog(tmp_path, posts))
    assert (plan.finished, plan.remaining, plan.status) == (Fraction(1), Fraction(0), "done")
    assert [item.status for item in plan.items] == ["done", "done", "done"]
    assert plan.pace.finish is None
    assert plan.pace_line().endswith("; finished")


def test_titles_are_escaped_everywhere(tmp_path: Path) -> None:
    hostile = OUTLINE.replace('"Aliasing"', '"<b>=cmd|x</b>\\u001b[31m"').replace(
        'course = "Waves"', 'course = "##[group]Waves"'
    )
    posts = {
        "p.md": '---\ndate: 2024-05-06\ncourse: "##[group]Waves"\n---\nTotal Hours: 1\n'
        "- 1h Chapter 9: <script>x</script>\n    - 1h exercise 9.1 =HYPERLINK(1)\n"
    }
    built = _report(_blog(tmp_path, posts, hostile))
    assert [plan.name for plan in built.plans] == ["##[group]Waves"]
    text = render_text(built, ascii=True)
    assert "1.1 <b>=cmd|x</b>\\x1b[31m" in text  # shown, escaped
    assert "plan: ##\\x5bgroup]Waves" in text
    assert "\x1b" not in text
    assert "##[" not in text
    markdown = render_markdown(built)
    assert "<b>" not in markdown
    assert "<script>" not in markdown
    assert "\\<b\\>=cmd\\|x\\</b\\>" in markdown
    page = render_html(built)
    assert "&lt;b&gt;=cmd|x&lt;/b&gt;" in page
    assert "<b>" not in page
    assert "<script>" not in page
    ElementTree.fromstring(page.split("\n", 1)[1])
    cells = [cell for row in csv.reader(io.StringIO(render_csv(built))) for cell in row]
    assert "'=HYPERLINK(1)" in cells
    assert not any(cell.startswith("=") for cell in cells)


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json", "html"])
def test_a_bad_outline_is_one_line_and_exit_2(tmp_path: Path, fmt: str) -> None:
    folder = _blog(tmp_path, outline='course = "Waves"\n[[chapters]]\nnumber = 1\n')
    result = CliRunner().invoke(
        main,
        ["report", "--format", fmt, "--outline", str(folder / "waves.toml"), str(folder / "blog")],
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "waves.toml" in result.output


def test_target_takes_the_posts_of_its_course() -> None:
    outline = Outline("o.toml", "Waves", ())
    default, by_name = Target(outline), Target(outline, frozenset({"signals"}), unnamed=False)
    assert [default.takes(c) for c in (None, "Waves", "waves", "Knitting")] == [
        True,
        True,
        True,
        False,
    ]
    assert [by_name.takes(c) for c in (None, "Waves", "Signals", "Knitting")] == [
        False,
        True,
        True,
        False,
    ]


def test_the_configured_outline_is_used_without_the_option(tmp_path: Path) -> None:
    folder = _blog(tmp_path)
    (folder / ".arena-lint.toml").write_text('outline = "waves.toml"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--format", "json", str(folder / "blog")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    Draft202012Validator(load("report.schema.json")).validate(data)
    (plan,) = data["plans"]
    assert (plan["finished"]["share"], plan["pace"]["finish"]) == ("23/36", "2024-06-14")


def test_outlines_by_course_take_only_the_posts_naming_them(tmp_path: Path) -> None:
    folder = _blog(tmp_path)
    (folder / ".arena-lint.toml").write_text(
        '[outlines]\nsignals = "waves.toml"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["report", "--format", "json", str(folder / "blog")])
    assert result.exit_code == 0, result.output
    (plan,) = json.loads(result.stdout)["plans"]
    # filters.md names no course: not chosen by name, so 2.1 is not started.
    assert [Path(post).name for post in plan["posts"]] == ["spectra.md", "week-one.md"]
    assert plan["chapters"][1]["children"][0]["status"] == "not started"
    assert plan["finished"]["share"] == "17/36"


def test_the_report_and_the_rules_agree_on_each_posts_outline(tmp_path: Path) -> None:
    # Which outline a post belongs to is the rules' choice (rules/outlines.outline_for):
    # the report counts a post towards the outline its own configuration gives it.
    from arena_lint.config import Resolver
    from arena_lint.rules.outlines import OutlineOptions, outline_for

    (tmp_path / ".git").mkdir()
    (tmp_path / "waves.toml").write_text(OUTLINE, encoding="utf-8")
    knots = OUTLINE.replace('course = "Waves"', 'course = "Knots"')
    (tmp_path / "knots.toml").write_text(knots, encoding="utf-8")
    (tmp_path / ".arena-lint.toml").write_text(
        'outline = "waves.toml"\n[outlines]\nropes = "knots.toml"\n', encoding="utf-8"
    )
    (tmp_path / "sub").mkdir()  # a folder of its own: another course by default
    (tmp_path / "sub" / ".arena-lint.toml").write_text(
        'outline = "../knots.toml"\n', encoding="utf-8"
    )
    body = "Total Hours: 1\n- 1h Chapter 1: Sampling\n    - 1h exercise 1.1 Aliasing\n"
    posts = {
        "unnamed.md": None,
        "waves.md": "waves",
        "ropes.md": "Ropes",
        "knitting.md": "Knitting",  # a course no outline is for
        "sub/unnamed.md": None,
        "sub/waves.md": "Waves",  # sub's configuration has no outline for it
        "sub/knots.md": "knots",
    }
    for name, course in posts.items():
        front = f"---\ndate: 2024-05-06\ncourse: {course}\n---\n" if course else ""
        (tmp_path / name).write_text(front + body, encoding="utf-8")
    results = lint_paths([str(tmp_path)], Settings(), keep=True)
    resolver = Resolver()
    ruled = {}
    for result in results:
        options = resolver.settings_for(result.path).options
        assert result.document is not None
        chosen = outline_for(
            result.document, OutlineOptions(options.get("outline"), options.get("outlines", ()))
        )
        ruled[Path(result.path).relative_to(tmp_path).as_posix()] = chosen and chosen.name
    assert ruled == {
        "unnamed.md": "Waves",
        "waves.md": "Waves",
        "ropes.md": "Knots",
        "knitting.md": None,
        "sub/unnamed.md": "Knots",
        "sub/waves.md": None,
        "sub/knots.md": "Knots",
    }
    ran = CliRunner().invoke(main, ["report", "--format", "json", str(tmp_path)])
    assert ran.exit_code == 0, ran.output
    reported: dict[str, str | None] = dict.fromkeys(posts)
    plans = json.loads(ran.stdout)["plans"]
    for plan in plans:
        for post in plan["posts"]:
            name = Path(post).resolve().relative_to(tmp_path.resolve()).as_posix()
            assert reported[name] is None, f"{name} in two plans"
            reported[name] = plan["name"]
    assert reported == ruled
    # One plan per outline file, however the configurations spell its path.
    assert sorted(plan["name"] for plan in plans) == ["Knots", "Waves"]


def test_a_number_written_with_leading_zeros_is_the_outlines(tmp_path: Path) -> None:
    posts = {
        "week-one.md": POSTS["week-one.md"]
        .replace("Chapter 1:", "Chapter 01:")
        .replace("exercise 1.2", "exercise 1.02")
    }
    plan = _plan(_blog(tmp_path, posts))
    chapter = plan.items[0]
    assert (chapter.spent, chapter.status) == (Fraction(7, 2), "done")
    assert [(c.number, c.spent, c.status) for c in chapter.children] == [
        ("1.1", Fraction(3, 2), "done"),
        ("1.2", Fraction(2), "done"),
        ("1.3", Fraction(0), "skipped"),
    ]
    assert plan.extra == []


def test_an_exercise_logged_without_its_chapter_counts_for_the_chapter(tmp_path: Path) -> None:
    # One post logs chapter 1 (1.5h, exercise 1.1); another only `2h exercise 1.2`,
    # with no chapter above it: chapter 1 has 3.5h spent, and so has the course.
    posts = {
        "one.md": "---\ndate: 2024-05-06\n---\nTotal Hours: 1.5\n"
        "- 1.5h Chapter 1: Sampling\n    - 1.5h exercise 1.1 Aliasing\n",
        "two.md": "---\ndate: 2024-05-07\n---\nTotal Hours: 2\n- 2h exercise 1.2 Nyquist rate\n",
    }
    plan = _plan(_blog(tmp_path, posts))
    chapter = plan.items[0]
    assert [c.spent for c in chapter.children] == [Fraction(3, 2), Fraction(2), Fraction(0)]
    assert chapter.spent == Fraction(7, 2)
    assert plan.spent == Fraction(7, 2)
    assert plan.extra == []


def test_markdown_escapes_an_outlines_titles(tmp_path: Path) -> None:
    outline = OUTLINE.replace('title = "Sampling"', 'title = "**Sampling** a|b_c"')
    text = render_markdown(_report(_blog(tmp_path, outline=outline)))
    assert "| **Chapter 1 \\*\\*Sampling\\*\\* a\\|b\\_c** | 3.50h | 6.00h |" in text


@pytest.mark.parametrize("weeks", [0, -1])
def test_build_report_refuses_a_pace_below_one_week(tmp_path: Path, weeks: int) -> None:
    with pytest.raises(ValueError, match="pace_weeks"):
        _report(_blog(tmp_path), weeks=weeks)
