"""report --chart: stacked bars per period or chapter, a legend, labelled axes, escaped titles."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from arena_lint.api import lint_paths
from arena_lint.cli import main
from arena_lint.report import HoursReport, Unit
from arena_lint.report.chart import PALETTE, fill, render, render_report, render_timeline, ticks
from arena_lint.report.periods import build_report
from arena_lint.settings import Settings

NS = {"s": "http://www.w3.org/2000/svg"}

POSTS = {
    "2024-05-06-first.md": (
        "Total Hours: 6\n- 4h Chapter 1: Sets\n    - 1.5h exercise 1.1 Unions\n"
        "    - 2.5h exercise 1.2 Products\n- 2h Chapter 2: Relations\n"
    ),
    "2024-05-22-third.md": "Total Hours: 3\n- 3h Chapter 2: Relations\n",
    "2024-06-01-june.md": "Total Hours: 0.5\n- 0.5h Chapter 3: Functions\n",
    "loose-notes.md": "Total Hours: 1\n- 1h Chapter 1: Sets\n",
}


def _report(folder: Path, unit: Unit, posts: dict[str, str] = POSTS) -> HoursReport:
    for name, text in posts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return build_report(lint_paths([str(folder)], Settings(), keep=True), unit)


def _texts(element: ElementTree.Element) -> list[str]:
    return ["".join(text.itertext()) for text in element.iterfind(".//s:text", NS)]


def _axis(root: ElementTree.Element, name: str) -> ElementTree.Element:
    axis = root.find(f".//s:g[@data-axis='{name}']", NS)
    assert axis is not None, name
    return axis


def test_ticks_are_round_and_reach_the_top() -> None:
    assert ticks(Fraction(9, 2)) == [Fraction(n) for n in range(6)]
    assert ticks(Fraction(37)) == [Fraction(n) for n in (0, 10, 20, 30, 40)]
    assert ticks(Fraction(3, 10)) == [Fraction(n, 10) for n in range(4)]
    assert ticks(Fraction(0)) == [0, 1]


def test_colours_are_okabe_ito_then_hatched() -> None:
    assert [fill(i) for i in range(7)] == PALETTE
    assert PALETTE == ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
    assert fill(7) == "url(#hatch-0)"
    assert fill(9) == "url(#hatch-2)"


def test_weekly_chart_stacks_chapters_with_legend_axes_and_running_line(tmp_path: Path) -> None:
    built = _report(tmp_path, "week")
    line = built.timeline
    assert line is not None
    root = ElementTree.fromstring(render_timeline(line))
    legend = root.find(".//s:g[@class='legend']", NS)
    assert legend is not None
    assert _texts(legend) == [
        "Chapter 1 Sets",
        "Chapter 2 Relations",
        "Chapter 3 Functions",
        "running total (right axis)",
    ]
    swatches = [rect.get("fill") for rect in legend.iterfind(".//s:rect", NS)]
    assert swatches == PALETTE[:3]
    # The busiest week has 6h: a 0..6 axis in steps of 2; the running total
    # reaches 9.5h of dated posts: 0..10 in steps of 2.
    per_week = _axis(root, "hours per week")
    assert _texts(per_week) == ["0", "2", "4", "6", "hours per week"]
    assert _texts(_axis(root, "total hours")) == ["0", "2", "4", "6", "8", "10", "total hours"]

    groups = root.findall("s:g[@class='period']", NS)
    assert [g.get("data-label") for g in groups] == [
        "2024-05-06",
        "2024-05-13",
        "2024-05-20",
        "2024-05-27",
    ]
    unit = None
    for group, period in zip(groups, line.periods, strict=True):
        segments = group.findall("s:rect", NS)
        assert sum(Fraction(s.get("data-hours", "")) for s in segments) == period.hours
        assert [s.get("fill") for s in segments] == [
            fill(i) for i, hours in enumerate(period.chapters) if hours
        ]
        height = sum(float(s.get("height", "")) for s in segments)
        if period.hours:
            unit = unit or height / float(period.hours)
            assert height == pytest.approx(float(period.hours) * unit, abs=0.05)
        # Stacked: each segment sits on the one below it.
        for lower, upper in itertools.pairwise(segments):
            top = float(upper.get("y", "")) + float(upper.get("height", ""))
            assert top == pytest.approx(float(lower.get("y", "")), abs=0.01)
    assert unit == pytest.approx(260 / 6, abs=0.01)  # the plot is 260px for 0..6h
    running = root.find("s:polyline[@class='running']", NS)
    assert running is not None
    ys = [float(point.split(",")[1]) for point in running.get("points", "").split()]
    assert len(ys) == 4
    assert ys == sorted(ys, reverse=True)  # never falls: SVG's y grows downwards
    assert ys[-1] == pytest.approx(56 + 260 - 260 * 9.5 / 10, abs=0.01)
    note = root.find("s:text[@class='note']", NS)
    assert note is not None
    assert "".join(note.itertext()).startswith("Not drawn: 1.0h in 1 undated post")


def test_monthly_chart_and_the_cli_option(tmp_path: Path) -> None:
    _report(tmp_path, "month")  # writes the posts
    target = tmp_path / "out" / "months.svg"
    target.parent.mkdir()
    args = ["report", "--by", "month", "--chart", str(target), str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    root = ElementTree.parse(target).getroot()
    groups = root.findall("s:g[@class='period']", NS)
    assert [(g.get("data-label"), g.get("data-running")) for g in groups] == [
        ("2024-05", "9"),
        ("2024-06", "9.5"),
    ]
    assert "".join(root.find("s:text[@class='title']", NS).itertext()) == (  # type: ignore[union-attr]
        "Hours per month: 10.5h"
    )


def test_chapter_chart_gains_an_axis_and_a_legend(tmp_path: Path) -> None:
    built = _report(tmp_path, "post")
    root = ElementTree.fromstring(render_report(built))
    legend = root.find(".//s:g[@class='legend']", NS)
    assert legend is not None
    assert _texts(legend) == [row.label for row in built.all.rows]
    # Chapter 1 has 5h over two posts: 0..5 in steps of 1.
    assert _texts(_axis(root, "hours")) == ["0", "1", "2", "3", "4", "5", "hours"]
    chapters = root.findall("s:g[@class='chapter']", NS)
    colours = [{s.get("fill") for s in g.findall("s:rect", NS)} for g in chapters]
    assert colours == [{PALETTE[0]}, {PALETTE[1]}, {PALETTE[2]}]  # one colour per chapter


HOSTILE = 'x" onmouseover="alert(1)" y="', "</svg><script>alert(2)</script>"


@pytest.mark.parametrize("unit", ["post", "week"])
def test_titles_stay_text(tmp_path: Path, unit: Unit) -> None:
    posts = {
        "2024-01-01-a.md": f"Total Hours: 2\n- 1h Chapter 1: {HOSTILE[0]}\n- 1h {HOSTILE[1]}\n"
    }
    svg = render_report(_report(tmp_path, unit, posts))
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    everything = list(root.iter())
    assert not any(el.tag.endswith("script") for el in everything)
    assert not any("onmouseover" in el.attrib for el in everything)
    shown = " ".join(_texts(root))
    assert 'Chapter 1 x" onmouseover=' in shown  # cut short, as any long label
    assert HOSTILE[1] in shown
    tooltips = ["".join(title.itertext()) for title in root.iterfind(".//s:title", NS)]
    assert any(f"Chapter 1 {HOSTILE[0]}: 1.0h" in tip for tip in tooltips)


def test_more_chapters_than_colours_are_hatched(tmp_path: Path) -> None:
    log = "".join(f"- 1h Chapter {n}: Part {n}\n" for n in range(1, 10))
    svg = render(_report(tmp_path, "post", {"p.md": f"Total Hours: 9\n{log}"}).all)
    root = ElementTree.fromstring(svg)
    fills = [rect.get("fill") for rect in root.iterfind("s:g[@class='chapter']/s:rect", NS)]
    assert fills[7:] == ["url(#hatch-0)", "url(#hatch-1)"]
    assert root.find(".//s:pattern[@id='hatch-1']", NS) is not None


def test_the_readme_chart_is_the_current_one(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    built = build_report(lint_paths(["examples/study-log.md"], Settings(), keep=True))
    shown = (root / "docs" / "report-example.svg").read_text(encoding="utf-8")
    assert render_report(built) == shown, "regenerate: arena-lint report --chart docs/..."


def test_exercises_over_their_chapters_hours_stay_inside_the_axis() -> None:
    from arena_lint.report.chart import LABEL, WIDTH
    from arena_lint.report.records import Row, Section

    # An outline's chapter spent 1h, its exercise 3h (logged under another chapter):
    # the stacked bar is 3h long, and the axis must reach it.
    exercise = Row("exercise", "1.1", "Drawn long", Fraction(3))
    chapter = Row("chapter", "1", "Short", Fraction(1), children=[exercise])
    root = ElementTree.fromstring(render(Section(None, None, [chapter]), planned=[Fraction(2)]))
    right = LABEL + (WIDTH - LABEL - 70)
    ns = "{http://www.w3.org/2000/svg}"
    segments = [r for r in root.iter(f"{ns}rect") if r.get("class") == "segment"]
    assert segments
    assert all(float(r.get("x", 0)) + float(r.get("width", 0)) <= right + 0.01 for r in segments)
