"""Table-driven tests of entry shapes, total lines and what counts as a log."""

from __future__ import annotations

from fractions import Fraction

import pytest

from arena_lint import parse_text
from arena_lint.model import Entry, Log


def _only_log(text: str) -> Log:
    logs = parse_text(text).logs
    assert len(logs) == 1, logs
    return logs[0]


def _entry(item: str) -> Entry:
    """The single entry of a log holding ``item`` under a total."""
    (entry,) = _only_log(f"Total Hours: 1\n- {item}\n").entries
    return entry


ENTRY_SHAPES = [
    # item text -> (hours, skipped, kind, number, title, url, notes)
    (
        "8.7h [Chapter 0: Fundamentals](https://x.org/ch0)",
        (Fraction(87, 10), False, "chapter", "0", "Fundamentals", "https://x.org/ch0", ()),
    ),
    (
        "10.0h [Chapter 3 Training at Scale](https://x.org/ch3)",
        (Fraction(10), False, "chapter", "3", "Training at Scale", "https://x.org/ch3", ()),
    ),
    (
        "2h Chapter 4: [Evals](https://x.org/4)",
        (Fraction(2), False, "chapter", "4", "Evals", "https://x.org/4", ()),
    ),
    (
        "2.3h exercise 0.2 [CNN](https://x.org/cnn). I learnt about `as_strided`.",
        (
            Fraction(23, 10),
            False,
            "exercise",
            "0.2",
            "CNN",
            "https://x.org/cnn",
            ("I learnt about `as_strided`.",),
        ),
    ),
    (
        "skipped  exercise 0.1 [Rays](https://x.org/[0.1]_Rays) since it was optional.",
        (
            Fraction(0),
            True,
            "exercise",
            "0.1",
            "Rays",
            "https://x.org/[0.1]_Rays",
            ("since it was optional.",),
        ),
    ),
    (
        "2.0h  exercise 0.5 [Backprop](https://x.org/bp) (skipped part 3). Dense.",
        (
            Fraction(2),
            False,
            "exercise",
            "0.5",
            "Backprop",
            "https://x.org/bp",
            ("(skipped part 3). Dense.",),
        ),
    ),
    (
        "Exercise 1.10: Circuits",
        (None, False, "exercise", "1.10", "Circuits", None, ()),
    ),
    (
        "**1h30m** reading. The appendix on [norms](https://x.org/n) too.",
        (Fraction(3, 2), False, "other", None, "reading", None, ("The appendix on norms too.",)),
    ),
    ("45 min part 1", (Fraction(3, 4), False, "other", None, "part 1", None, ())),
    ("2 hrs", (Fraction(2), False, "other", None, None, None, ())),
    (
        "1h 15min exercise 2.1 Bandits; slow going",
        (Fraction(5, 4), False, "exercise", "2.1", "Bandits", None, ("slow going",)),
    ),
]


@pytest.mark.parametrize(("item", "expected"), ENTRY_SHAPES, ids=[s[0][:40] for s in ENTRY_SHAPES])
def test_entry_shapes(item: str, expected: tuple[object, ...]) -> None:
    entry = _entry(item)
    shape = (
        entry.hours(),
        entry.skipped,
        entry.kind,
        entry.number,
        entry.title,
        entry.url,
        entry.notes,
    )
    assert shape == expected


def test_note_bullets_attach_to_their_parent() -> None:
    log = _only_log(
        "Total Hours: 3\n- 3h Chapter 1: Basics\n  - a note without hours\n    - and its detail\n"
        "- a note on the whole log\n"
    )
    (chapter,) = log.entries
    assert chapter.children == ()
    assert chapter.notes == ("a note without hours", "and its detail")
    assert log.notes == ("a note on the whole log",)


def test_nesting_to_any_depth_with_positions() -> None:
    text = "Total: 1h\n- 1h a\n    - 1h b\n        - 1h c\n            - 1h d\n"
    (a,) = _only_log(text).entries
    d = a.children[0].children[0].children[0]
    assert d.title == "d"
    assert (d.span.line, d.span.column) == (5, 15)
    assert d.duration is not None
    assert (d.duration.span.line, d.duration.span.column, d.duration.span.end_column) == (5, 15, 17)


TOTAL_LINES = [
    ("Total Hours: 42.7. Split into the following:", Fraction(427, 10)),
    ("**Total time:** 12h", Fraction(12)),
    ("## Total: 6.5h", Fraction(13, 2)),
    ("Total: 2h 30m", Fraction(5, 2)),
    ("Total hours 3", Fraction(3)),
    ("_Total_: 90min", Fraction(3, 2)),
]


@pytest.mark.parametrize(("line", "hours"), TOTAL_LINES)
def test_total_lines(line: str, hours: Fraction) -> None:
    log = _only_log(f"{line}\n\n- 1h something\n")
    assert log.total is not None
    assert log.total.duration is not None
    assert log.total.duration.hours == hours


@pytest.mark.parametrize(
    "line", ["Total: 5 tasks", "Totally 5h", "Total: 42.7", "Grand total: 3h", "Total Hours: many"]
)
def test_not_total_lines(line: str) -> None:
    # Without a total the list below is still a log (every item is timed),
    # so the line's verdict shows as the log's total.
    assert _only_log(f"{line}\n\n- 1h something\n").total is None


@pytest.mark.parametrize(
    ("text", "logs"),
    [
        ("- 3 apples\n- 12 hours of sleep is a myth\n- a third item\n", 0),
        ("- 2h reading\n- skipped exercise 1.1\n", 1),
        ("- skipped exercise 1.1\n- skipped exercise 1.2\n", 0),
        ("Total: 2h\n\n```\n- 2h in a fence\n```\n", 0),
        ("Total: 2h\n\n    - 2h in indented code\n", 0),
        ("Total: 2h\n\n<div>\n\n- 2h inside an html block? no, after it\n", 1),
        ("Total: 2h\n\n# A heading cancels the total\n\n- some\n- list\n", 0),
        ("Total: 2h\n<!-- a comment does not -->\n- some\n- list\n", 1),
        ("- Week 1\n  - 2h reading\n  - 1h writing\n- Week 2\n", 1),
        ("Total: 3h\n- 3h a\n\nTotal: 2h\n- 2h b\n\nTotal: 1h\n- 1h c\n", 3),
        ("> Total: 1h\n> - 1h quoted log\n", 1),
        ("- Total: 2h\n  - 1h a\n  - 1h b\n", 1),
        ("", 0),
    ],
)
def test_what_is_a_log(text: str, logs: int) -> None:
    assert len(parse_text(text).logs) == logs


def test_total_in_a_list_item_opens_its_nested_list() -> None:
    log = _only_log("- Total: 2h\n  - 1h a\n  - 1h b\n")
    assert log.total is not None
    assert [entry.title for entry in log.entries] == ["a", "b"]


def test_crlf_cr_and_lf_give_the_same_positions() -> None:
    lf = "Total: 2h\n\n- 1h a\n- 2h  b\n"
    spans = []
    for newline in ("\n", "\r\n", "\r"):
        entries = _only_log(lf.replace("\n", newline)).entries
        spans.append([entry.span for entry in entries])
    assert spans[0] == spans[1] == spans[2]


def test_front_matter_keeps_line_numbers() -> None:
    document = parse_text("---\ntitle: x\ndate: 2024-01-02\n---\nTotal: 1h\n- 1h a\n")
    assert document.front_matter is not None
    assert document.front_matter.data == {"title": "x", "date": "2024-01-02"}
    (log,) = document.logs
    assert log.total is not None
    assert log.total.span.line == 5
    assert log.entries[0].span.line == 6
