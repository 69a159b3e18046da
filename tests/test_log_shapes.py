"""The shapes of a log as bloggers write them (#22), from the reader's side.

``tests/fixtures/shapes/`` holds posts in pairs: ``<shape>_correct.md`` (its sums
right) and ``<shape>_wrong*.md`` (one stated figure off), plus ``near_*.md`` posts
that hold no log. Beside each post, ``<name>.expected`` lists its findings
(``line:column: CODE rule``, sorted; empty: clean) and ``<name>.hours``, when
there, the hours of each log in the order of the post, one exact figure a line.

Conventions the expected files follow: total-mismatch sits on the total's number
as written (wherever the total is: above, below, last bullet, heading),
subtotal-mismatch on the parent entry's number (also after the entry or in a
heading), invalid-duration on the unreadable token itself (``~`` included).
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from arena_lint import Settings, lint_path
from arena_lint.api import fix_text, run_text
from arena_lint.cli import main
from arena_lint.report import from_results

from .conftest import FIXTURES
from .strategies import Chapter, Shape, ShapedLog, render_shape, shaped_logs, spell

SHAPES = FIXTURES / "shapes"
POSTS = sorted(SHAPES.glob("*.md"))
WRONG = [post for post in POSTS if "_wrong" in post.stem]
CLEAN = [post for post in POSTS if post not in WRONG]
HOURS = [post for post in POSTS if post.with_suffix(".hours").is_file()]


def _ids(posts: list[Path]) -> list[str]:
    return [post.stem for post in posts]


def _twin(wrong: Path) -> Path:
    """The correct post a wrong one was made from."""
    return wrong.with_name(wrong.stem.split("_wrong")[0] + "_correct.md")


def _expected(post: Path) -> list[str]:
    return post.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def _unreadable(post: Path) -> bool:
    """A post whose expected findings include an unreadable duration."""
    return any(" AL103 " in line for line in _expected(post))


def _copy(post: Path, tmp_path: Path) -> Path:
    copy = tmp_path / post.name
    shutil.copyfile(post, copy)
    return copy


@pytest.mark.parametrize("post", POSTS, ids=_ids(POSTS))
def test_shape_findings(post: Path) -> None:
    found = [
        f"{item.line}:{item.column}: {item.code} {item.rule}"
        for item in lint_path(str(post), Settings()).diagnostics
    ]
    assert found == _expected(post)


@pytest.mark.parametrize("post", WRONG, ids=_ids(WRONG))
def test_diff_changes_only_the_wrong_figure(runner: CliRunner, post: Path, tmp_path: Path) -> None:
    copy = _copy(post, tmp_path)
    result = runner.invoke(main, ["--diff", str(copy)])
    assert copy.read_bytes() == post.read_bytes(), "--diff writes nothing"
    changed = [
        line
        for line in result.output.splitlines()
        if line[:1] in "-+" and not line.startswith(("---", "+++"))
    ]
    if _unreadable(post):
        # An unreadable duration under the total: the reading is a guess, so
        # there is nothing to show (exit 0: no diff, as documented); --fix says why.
        assert (result.exit_code, changed) == (0, []), result.output
        return
    wrong = post.read_text(encoding="utf-8").splitlines()
    right = _twin(post).read_text(encoding="utf-8").splitlines()
    differ = [(old, new) for old, new in zip(wrong, right, strict=True) if old != new]
    assert len(differ) == 1, "a wrong twin differs from its correct post in one line"
    (old, new), *_ = differ
    assert changed == [f"-{old}", f"+{new}"], result.output
    assert result.exit_code == 1


@pytest.mark.parametrize("post", WRONG, ids=_ids(WRONG))
def test_fix_restores_the_wrong_figure(runner: CliRunner, post: Path, tmp_path: Path) -> None:
    copy = _copy(post, tmp_path)
    result = runner.invoke(main, ["--fix", str(copy)])
    if _unreadable(post):
        assert copy.read_bytes() == post.read_bytes(), "no edit where the reading is unsure"
        assert "not fixable" in result.output, result.output
        return
    assert copy.read_bytes() == _twin(post).read_bytes(), result.output
    again = runner.invoke(main, ["--fix", str(copy)])
    assert copy.read_bytes() == _twin(post).read_bytes(), again.output
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("post", CLEAN, ids=_ids(CLEAN))
def test_fix_and_diff_leave_a_correct_post_alone(
    runner: CliRunner, post: Path, tmp_path: Path
) -> None:
    copy = _copy(post, tmp_path)
    diff = runner.invoke(main, ["--diff", str(copy)])
    assert not [line for line in diff.output.splitlines() if line.startswith(("---", "+++"))]
    fixed = runner.invoke(main, ["--fix", str(copy)])
    assert copy.read_bytes() == post.read_bytes(), fixed.output
    assert fixed.output.splitlines()[-1].startswith("Fixed 0 of "), fixed.output


def _report(runner: CliRunner, post: Path) -> list[dict[str, object]]:
    result = runner.invoke(main, ["report", "--format", "json", str(post)])
    assert result.exit_code in (0, 1), result.output
    logs: list[dict[str, object]] = json.loads(result.output)["logs"]
    return logs


@pytest.mark.parametrize("post", HOURS, ids=_ids(HOURS))
def test_report_hours_are_the_totals_written(runner: CliRunner, post: Path) -> None:
    written = [Fraction(line) for line in post.with_suffix(".hours").read_text("utf-8").split()]
    logs = _report(runner, post)
    assert [Fraction(str(log["hours"])) for log in logs] == written
    stated = [log["stated"] for log in logs]
    assert [Fraction(str(value)) if value is not None else None for value in stated] == written


READABLE_WRONG = [post for post in WRONG if not _unreadable(post)]


@pytest.mark.parametrize("post", READABLE_WRONG, ids=_ids(READABLE_WRONG))
def test_report_of_a_wrong_twin_counts_the_entries(runner: CliRunner, post: Path) -> None:
    """The computed hours are those of the leaves, so a wrong stated figure does
    not change them: they are the correct twin's."""
    twin = _twin(post).with_suffix(".hours").read_text("utf-8").split()
    hours = [Fraction(str(log["hours"])) for log in _report(runner, post)]
    assert hours == [Fraction(figure) for figure in twin]


def test_every_shape_of_the_issue_has_its_posts() -> None:
    names = {post.stem for post in POSTS}
    for prefix in "abcdefghij":
        assert any(n.startswith(f"{prefix}_") and n.endswith("_correct") for n in names), prefix
        assert any(n.startswith(f"{prefix}_") and "_wrong" in n for n in names), prefix
    for wrong in WRONG:
        assert _twin(wrong).is_file(), wrong.name
        assert _expected(wrong), f"{wrong.name} expects a finding"
    for post in POSTS:
        correct_sums = post.stem.endswith("_correct") or post.stem.startswith("near_")
        if correct_sums:
            sums = [line for line in _expected(post) if " AL101 " in line or " AL102 " in line]
            assert sums == [], post.name
        if post.stem.endswith("_correct") and not _unreadable(post):
            assert post.with_suffix(".hours").is_file(), post.name
    raw = {post.stem: post.read_bytes() for post in POSTS}
    assert b"\n<!-- arena-lint-disable-next-line" in raw["a_comment_correct"]
    assert b"\n* " in raw["b_blank_bullets_correct"]
    assert b"\n\n- " in raw["b_blank_bullets_correct"]
    assert b"\n- **Total: " in raw["c_total_last_bullet_correct"]
    assert b"\n## Total (" in raw["c_total_heading_correct"]
    assert b"\n## Chapter 1: " in raw["e_heading_chapters_correct"]
    assert b"- [x] " in raw["g_tasks_correct"]
    assert b"- [ ] " in raw["g_tasks_correct"]
    for token in (b"1-2h", b"1:30", b"~2h"):
        assert token in raw["i_unreadable_correct"]


# Generated shapes: a log whose sums are known, written in a drawn shape.

SHAPE_EXAMPLES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _findings(text: str) -> set[tuple[int, str]]:
    # mixed-duration-format is about style, and the shapes do not choose it.
    return {(d.line, d.code) for d in run_text(text, "post.md").diagnostics if d.code != "AL302"}


@SHAPE_EXAMPLES
@given(log=shaped_logs())
def test_generated_shapes_find_exactly_the_wrong_sums(log: ShapedLog) -> None:
    assert _findings(log.text) == set(log.expected), log.text


@SHAPE_EXAMPLES
@given(log=shaped_logs())
def test_generated_shapes_fix_restores_the_figure(log: ShapedLog) -> None:
    fixed = fix_text(log.text, "post.md", Settings())
    assert (fixed.fixed > 0) == log.perturbed
    assert fixed.after is not None
    if fixed.after == log.original:
        return
    # The wrong figure may have been spelled another way than the right one
    # (`30m` for `1h15`): --fix writes the value in the style of what it
    # rewrites (`1h15m`). Then only that line differs, and the post is clean.
    changed = [
        (old, new)
        for old, new in zip(fixed.after.splitlines(), log.original.splitlines(), strict=True)
        if old != new
    ]
    assert len(changed) == 1, (log.text, fixed.after)
    assert _findings(fixed.after) == set(), fixed.after
    assert (
        from_results([run_text(fixed.after, "post.md")]).to_json()["logs"][0]["stated"]
        == (from_results([run_text(log.original, "post.md")]).to_json()["logs"][0]["stated"])
    )


@SHAPE_EXAMPLES
@given(log=shaped_logs())
def test_generated_shapes_report_the_known_sum(log: ShapedLog) -> None:
    report = from_results([run_text(log.text, "post.md")]).to_json()
    assert [Fraction(str(section["hours"])) for section in report["logs"]] == [log.hours]


def test_the_generator_writes_a_known_post() -> None:
    chapters = [
        Chapter("Tensors", [Fraction(3, 2), Fraction(0), Fraction(1)], skipped=1),
        Chapter("Attention", [], own=Fraction(3, 4)),
    ]
    shape = Shape(
        syntax="colonless",
        total_place="last_bullet",
        headings=False,
        position="parenthesis",
        loose=False,
        bullet_change=True,
        indent="\t",
        comment=True,
    )
    text, places = render_shape(chapters, shape, wrong=(0, Fraction(3)))
    assert text == (
        "I keep my study hours in this post.\n\n"
        "- Chapter 1: Tensors (3h)\n"
        "<!-- arena-lint-disable-next-line extra-whitespace -->\n"
        "\t- exercise 1.1  Tensors (1h30)\n"
        "\t- exercise 1.2 Tensors (skipped)\n"
        "\t- exercise 1.3 Tensors (1h)\n"
        "* Chapter 2: Attention (45m)\n"
        "* **Total: 3h15**\n\n"
        "More next week.\n"
    )
    assert places == {0: 3, 1: 8, -1: 9}


def test_spell_writes_each_syntax() -> None:
    hours = [Fraction(1, 4), Fraction(3, 2), Fraction(2), Fraction(9, 4)]
    assert [spell(h, "decimal") for h in hours] == ["0.25h", "1.5h", "2h", "2.25h"]
    assert [spell(h, "minutes") for h in hours] == ["15min", "90min", "120min", "135min"]
    assert [spell(h, "compound") for h in hours] == ["15m", "1h30m", "2h", "2h15m"]
    assert [spell(h, "colonless") for h in hours] == ["15m", "1h30", "2h", "2h15"]
