"""arena-lint report: numbers from the tree, in every format, and the SVG chart."""

from __future__ import annotations

import csv
import io
import json
import re
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from arena_lint.api import lint_paths
from arena_lint.cli import main
from arena_lint.durations import exact_string
from arena_lint.report import HoursReport, from_results
from arena_lint.report.chart import LABEL, WIDTH
from arena_lint.report.chart import render as render_chart
from arena_lint.report.csv_format import render as render_csv
from arena_lint.report.markdown import render as render_markdown
from arena_lint.report.table import bar
from arena_lint.report.table import render as render_text
from arena_lint.schema_check import load
from arena_lint.settings import Settings

from .conftest import FIXTURES

POSTS = FIXTURES / "posts"


def _report(*paths: Path) -> HoursReport:
    results = list(lint_paths([str(path) for path in paths], Settings(), keep=True))
    assert [d for r in results for d in r.diagnostics if d.rule == "unreadable-file"] == []
    return from_results(results)


def test_done_when_with_the_seed(tmp_path: Path, seed_text: str) -> None:
    post = tmp_path / "seed.md"
    post.write_text(seed_text)
    result = CliRunner().invoke(main, ["report", "--width", "100", str(post)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    chapters = [line for line in lines if line.startswith("  Chapter")]
    assert [line.split("  ")[1].strip() for line in chapters] == [
        "Chapter 0 Fundamentals",
        "Chapter 1 Transformers & Mech Interp",
        "Chapter 2 Reinforcement Learning",
        "Chapter 3 Training at Scale",
    ]
    figures = [line.split()[-3:-1] for line in chapters]
    assert figures == [["8.7h", "20.4%"], ["8.0h", "18.7%"], ["16.0h", "37.5%"], ["10.0h", "23.4%"]]
    assert all(line.endswith("#") for line in chapters)  # a bar each (ASCII off a terminal)
    assert lines[0].startswith(f"{post}:16: 42.7h")
    assert "  skipped: 0.1 Ray Tracing" in lines


def test_a_folder_of_posts_aggregates(tmp_path: Path) -> None:
    (tmp_path / "ch1.md").write_text(
        "Total Hours: 3\n- 3h Chapter 1: Vectors\n    - 1h exercise 1.1 Spans\n"
        "    - 2h exercise 1.2 Bases\n"
    )
    (tmp_path / "ch2.md").write_text(
        "Total Hours: 4.5\n- 4.5h Chapter 2: Maps\n    - 4.5h exercise 2.1 Kernels\n"
        "- 1h Chapter 1: Vectors, again\n    - 1h exercise 1.2 Bases\n"
    )
    built = _report(tmp_path)
    assert [log.path for log in built.logs] == [str(tmp_path / "ch1.md"), str(tmp_path / "ch2.md")]
    totals = {row.label: row.hours for row in built.all.rows}
    assert totals == {"Chapter 1 Vectors": Fraction(4), "Chapter 2 Maps": Fraction(9, 2)}
    (chapter_1, _) = built.all.rows
    bases = chapter_1.children[1]
    assert (bases.number, bases.hours, bases.duplicate) == ("1.2", Fraction(3), True)
    assert chapter_1.children[0].duplicate is False
    text = render_text(built, width=80, ascii=True)
    assert "all logs: 8.5h" in text
    assert "1.2 Bases (x2)" in text


def test_a_broken_log_says_so_and_uses_the_leaves(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text("Total Hours: 9\n- 5h Chapter 1: A\n    - 2h exercise 1.1 X\n")
    built = _report(post)
    (log,) = built.logs
    assert (log.stated, log.total, log.errors) == (Fraction(9), Fraction(2), 2)
    assert "(stated 9.0h; the entries are used)  [2 errors in this log" in render_text(built)


def _flat_json(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    out = []
    for row in rows:
        out.append(row)
        out.extend(_flat_json(row["children"]))  # type: ignore[arg-type]
    return out


def test_json_validates_and_matches_the_tree() -> None:
    built = _report(POSTS / "tabs.md", POSTS / "two_logs.md", POSTS / "ordered.md")
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--format",
            "json",
            *(str(POSTS / n) for n in ("tabs.md", "two_logs.md", "ordered.md")),
        ],
    )
    data = json.loads(result.stdout)
    Draft202012Validator(load("report.schema.json")).validate(data)
    assert data == json.loads(json.dumps(built.to_json()))
    tabs = data["logs"][0]
    assert (tabs["stated"], tabs["hours"]) == ("21.5", "21.5")
    assert [row["hours"] for row in tabs["rows"]] == ["6.5", "9", "6"]
    assert tabs["counts"] == {"chapters": 3, "exercises": 5, "skipped": 1, "entries": 8}


def test_csv_and_markdown_carry_every_row() -> None:
    built = _report(POSTS / "tabs.md")
    rows = list(csv.DictReader(io.StringIO(render_csv(built))))
    mine = [row for row in rows if row["log"] != "all logs"]
    entries = [row for _, row in built.logs[0].walk()]
    assert [(r["number"], r["hours"]) for r in mine] == [
        (e.number or "", exact_string(e.hours)) for e in entries
    ]
    assert sum(Fraction(r["hours"]) for r in mine if r["depth"] == "0") == Fraction(43, 2)
    markdown = render_markdown(built)
    assert markdown.count("\n| ") == len(entries) + 1  # the header row too
    assert "| **Chapter 1 Tensors and autograd** | 6.5h | 30.2% |" in markdown
    assert "| &nbsp;&nbsp;2.1 Image basics | skipped |  |" in markdown


def test_svg_bars_match_the_numbers() -> None:
    built = _report(POSTS / "tabs.md")
    svg = render_chart(built.all)
    root = ElementTree.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("width") == str(WIDTH)
    groups = root.findall("s:g[@class='chapter']", ns)
    assert [g.get("data-label") for g in groups] == [row.label for row in built.all.rows]
    longest = max(row.hours for row in built.all.rows)
    full = None
    for group, row in zip(groups, built.all.rows, strict=True):
        segments = group.findall("s:rect", ns)
        widths = [float(s.get("width", "0")) for s in segments]
        assert sum(Fraction(s.get("data-hours", "0")) for s in segments) == row.hours
        if row.hours == longest:
            full = sum(widths)
        assert float(segments[0].get("x", "0")) == LABEL
    assert full is not None
    for group, row in zip(groups, built.all.rows, strict=True):
        total_width = sum(float(s.get("width", "0")) for s in group.findall("s:rect", ns))
        assert abs(total_width - float(row.hours / longest) * full) < 0.05


def test_chart_option_writes_the_svg(tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    result = CliRunner().invoke(main, ["report", "--chart", str(target), str(POSTS / "tabs.md")])
    assert result.exit_code == 0
    assert ElementTree.fromstring(target.read_text()).tag.endswith("svg")


def test_bars_in_eighths_and_ascii() -> None:
    assert bar(Fraction(1, 2), 10) == "█████"
    assert bar(Fraction(1, 16), 10) == "▋"
    assert bar(Fraction(1, 2), 10, ascii=True) == "#####"
    assert bar(Fraction(0), 10) == ""


def test_long_titles_are_fitted_to_the_width(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text("Total: 1h\n- 1h Chapter 1: " + "A very long title " * 10 + "\n")
    text = render_text(_report(post), width=60)
    assert all(len(line) <= 60 for line in text.splitlines()[1:])
    assert "…" in text


def test_report_keeps_the_check_command_the_default(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text("Total: 3h\n- 1h a\n")
    assert CliRunner().invoke(main, [str(post)]).exit_code == 1
    assert CliRunner().invoke(main, ["check", str(post)]).exit_code == 1
    # report shows the figures, and fails as check does over a wrong sum (#12).
    assert CliRunner().invoke(main, ["report", str(post)]).exit_code == 1
    post.write_text("Total: 1h\n- 1h a\n")
    assert CliRunner().invoke(main, ["report", str(post)]).exit_code == 0


def test_readme_shows_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ arena-lint report examples/study-log.md\n(.*?)```", readme, re.S)
    assert shown is not None
    result = CliRunner().invoke(main, ["report", "examples/study-log.md"])
    assert result.output == shown[1]


def test_report_fails_as_check_does_on_an_error_outside_the_log(tmp_path: Path) -> None:
    # Invalid front matter (AL002) is above the log, yet check fails on it: so does report,
    # and it says which post beside its numbers.
    post = tmp_path / "p.md"
    post.write_text("---\ntitle: [unclosed\n---\n\nTotal: 1h\n- 1h a\n")
    assert CliRunner().invoke(main, ["check", str(post)]).exit_code == 1
    result = CliRunner().invoke(main, ["report", str(post)])
    assert result.exit_code == 1
    assert "1 error" in result.output
    assert CliRunner().invoke(main, ["report", "--by", "week", str(post)]).exit_code == 1


def test_markdown_escapes_emphasis_and_cell_breaks_in_titles(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    # Written escaped in the post, so these reach the title as characters.
    post.write_text("Total: 2h\n- 2h Chapter 1: \\*\\*bold\\*\\* a|b snake\\_case \\~x\\~\n")
    markdown = render_markdown(_report(post))
    assert (
        "| **Chapter 1 \\*\\*bold\\*\\* a\\|b snake\\_case \\~x\\~** | 2.0h | 100.0% |" in markdown
    )
