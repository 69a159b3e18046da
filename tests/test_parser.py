"""Table-driven tests of entry shapes, total lines and what counts as a log."""

from __future__ import annotations

from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from arena_lint import lint_text, parse_text, parser
from arena_lint.cli import main
from arena_lint.model import Entry, Log, number_key
from arena_lint.parser import Head, parse_head


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


NOT_TOTALS = [
    "Total: 5 tasks",
    "Totally 5h",
    "Total: 42.7",  # no unit and no word that says hours
    "Grand total: 3h",
    "The total was 5h",
    "Total time spent on this was 5h",  # prose: no separator before the number
    "Total hours:",  # a heading for the list, no number
    "totalitarian 4h",
    "Total cost of the course: 50",  # more words, but nothing says hours
    "Total: 6:30",  # a score or a time of day: no unit is said
    "Total of all the things we did was 5h",  # words, but no colon: prose
]


@pytest.mark.parametrize("line", NOT_TOTALS)
def test_not_total_lines(line: str) -> None:
    # An exercise keeps the list below a log without a total, so the line's
    # verdict shows as the log's total.
    assert _only_log(f"{line}\n\n- 1h exercise 1.1\n").total is None


# #12 class 1: a line that starts like a total is one, whatever follows it.
TOTALS_WITH_TRAILING_TEXT = [
    ("Total Hours: 50 (approx.). Split into the following:", Fraction(50), "50"),
    ("Total Hours: 50 <!-- updated weekly -->", Fraction(50), "50"),
    ("Total Hours: 50 \u2014 split into the following:", Fraction(50), "50"),
    ("Total time spent: 50h", Fraction(50), "50h"),
    ("Total Hours = 50", Fraction(50), "50"),
    ("Total hours: 50h (approx)", Fraction(50), "50h"),
    ("Total Hours - 6.5 so far", Fraction(13, 2), "6.5"),
    ("**Total study time:** 1h30m, give or take", Fraction(3, 2), "1h30m"),
    ("Total Hours: 42.7 Split into the following", Fraction(427, 10), "42.7"),
    # A few more words before a colon or equals sign.
    ("Total hours so far: 50", Fraction(50), "50"),
    ("Total time this week: 5h", Fraction(5), "5h"),
]


@pytest.mark.parametrize(("line", "hours", "token"), TOTALS_WITH_TRAILING_TEXT)
def test_total_lines_with_trailing_text(line: str, hours: Fraction, token: str) -> None:
    log = _only_log(f"{line}\n- 6h exercise 1.1\n")
    assert log.total is not None
    assert log.total.duration is not None
    assert (log.total.duration.hours, log.total.duration.text) == (hours, token)
    found = {d.rule for d in lint_text(f"{line}\n- 6h exercise 1.1\n", "p.md")}
    assert "missing-total" not in found
    assert "total-mismatch" in found


@pytest.mark.parametrize(
    ("line", "token"),
    [
        ("Total Hours: many", "many"),
        ("Total Hours: ~50", "~50"),
        ("Total hours: 4,5", "4,5"),
        ("Total time: 50", "50"),  # `time` does not say the unit
        ("Total Hours: -3", "-3"),
        ("Total: 2.3.1h", "2.3.1h"),
        ("Total Hours: 6:30", "6:30"),  # a clock time, never read as 6
        ("Total time: 7:05.", "7:05"),
    ],
)
def test_a_total_whose_number_cannot_be_read_is_invalid(line: str, token: str) -> None:
    text = f"{line}\n- 6h exercise 1.1\n"
    log = _only_log(text)
    assert log.total is not None
    assert log.total.duration is None
    assert log.total.duration_error is not None
    assert log.total.duration_error.text == token
    found = [(d.rule, d.line) for d in lint_text(text, "p.md")]
    assert ("invalid-duration", 1) in found
    assert "missing-total" not in {rule for rule, _ in found}


@pytest.mark.parametrize(
    ("text", "logs"),
    [
        ("- 3 apples\n- 12 hours of sleep is a myth\n- a third item\n", 0),
        ("- 2h reading\n- skipped exercise 1.1\n", 1),
        ("- skipped exercise 1.1\n- skipped exercise 1.2\n", 0),
        ("Total: 2h\n\n```\n- 2h in a fence\n```\n", 0),
        ("Total: 2h\n\n    - 2h in indented code\n", 0),
        ("Total: 2h\n\n<div>\n\n- 2h exercise 1.1 not in the html block, after it\n", 1),
        ("Total: 2h\n\n<div>\n\n- 2h after an html block, which cancels the total\n", 0),
        ("Total: 2h\n\n# A heading cancels the total\n\n- some\n- list\n", 0),
        ("Total: 2h\n<!-- a comment does not -->\n- some\n- list\n", 1),
        ("- Week 1\n  - 2h reading\n  - 1h writing\n- Week 2\n", 0),
        ("- Week 1\n  - 2h exercise 1.1\n  - 1h writing\n- Week 2\n", 1),
        # #12 class 2: a timed list with no total and no chapter or exercise is a to-do list.
        ("- 1h laundry\n- 45min run\n", 0),
        ("- 1h laundry\n  - 30min wash\n  - 30min dry\n", 0),
        ("Total: 2h\n- 1h laundry\n- 1h run\n", 1),  # under a total it is a log
        ("- 1h reading\n- 2h Chapter 1: Basics\n", 1),
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


def test_a_to_do_list_gets_no_findings() -> None:
    assert lint_text("# Sunday\n\n- 1h laundry\n- 45min run\n- 2.5 hours reading\n", "p.md") == []


# #12 class 3: numbers are read whole.
@pytest.mark.parametrize(
    ("item", "kind", "number"),
    [
        ("1h exercise 3.1a Bandits", "exercise", "3.1a"),
        ("1h exercise 3.1b: Bandits", "exercise", "3.1b"),
        ("1h exercise 3.10 Bandits", "exercise", "3.10"),
        ("1h exercise A.1 Appendix", "exercise", "A.1"),
        ("1h Exercise 2a. Warm-up", "exercise", "2a"),
        ("1h exercise 3.1abc notes", "other", None),
        ("1h exercise a brief one", "other", None),
        ("1h Chapter 12: Scale", "chapter", "12"),
        ("1h Chapter 1.2 is no chapter", "other", None),
    ],
)
def test_numbers_are_read_whole(item: str, kind: str, number: str | None) -> None:
    head = parse_head(item[3:] if item.startswith("1h ") else item)
    assert (head.kind, head.number) == (kind, number)
    assert (_entry(item).kind, _entry(item).number) == (kind, number)


def test_numbers_order_naturally() -> None:
    numbers = ["3.10", "A.1", "3.1b", "3.1", "3.2", "3.1a", "3"]
    assert sorted(numbers, key=number_key) == ["3", "3.1", "3.1a", "3.1b", "3.2", "3.10", "A.1"]


def test_parse_head_is_the_entry_grammar() -> None:
    head = parse_head("skipped  exercise 0.1 Rays since it was optional.", ((22, 26, "u"),))
    assert head == Head(None, True, "exercise", "0.1", "Rays", "u", "since it was optional.")
    timed = parse_head("2.3h exercise 0.2: CNN. Dense.")
    assert timed.token is not None
    assert (timed.token.text, timed.token.hours, timed.title, timed.tail) == (
        "2.3h",
        Fraction(23, 10),
        "CNN",
        "Dense.",
    )
    assert parse_head("a note") == Head(title="a note")


# #12 class 6: deep nesting is read, or reported where reading stopped.
def test_a_ten_level_list_before_a_log_hides_nothing() -> None:
    deep = "".join("  " * level + "- level\n" for level in range(10))
    text = deep + "\nTotal Hours: 9\n- 1h Chapter 1\n"
    assert [(d.rule, d.line) for d in lint_text(text, "p.md")] == [("total-mismatch", 12)]


def test_a_log_nested_as_deep_as_is_read_is_checked_in_full() -> None:
    # 48 levels of chapters-in-chapters, each stating the one below: the walks
    # over the tree (sums, rounding, JSON) stay within Python's recursion limit.
    depth = 48
    lines = ["Total Hours: 2"]
    lines += ["  " * level + f"- 2h Chapter {level + 1}" for level in range(depth - 1)]
    lines.append("  " * (depth - 1) + "- 3h exercise 47.1")
    text = "\n".join(lines) + "\n"
    document = parse_text(text)
    assert document.unparsed is None
    assert document.to_json()["logs"]
    found = [(d.rule, d.line) for d in lint_text(text, "p.md") if d.rule.endswith("mismatch")]
    assert found == [("subtotal-mismatch", depth)]


def test_nesting_past_the_limit_is_reported_where_it_stops() -> None:
    deep = "".join("  " * level + "- level\n" for level in range(60))
    text = deep + "\nTotal Hours: 9\n- 1h Chapter 1\n"
    assert parse_text(text).unparsed is not None
    found = [(d.rule, d.line) for d in lint_text(text, "p.md")]
    assert found == [("unparsed-content", 50)]
    quotes = ">" * 150 + " Total Hours: 9\n"
    assert [d.rule for d in lint_text(quotes, "p.md")] == ["unparsed-content"]


# A grammar of real total phrasings: every output is read as a total, right value.
_WORDS = st.sampled_from(["Hours", "hours", "Hrs", "hour", "Time", "time spent", "Study time"])
_SEPARATORS = st.sampled_from([":", " :", " =", " -", " \u2014", " \u2013", ""])
_UNITS = st.sampled_from(["h", " h", "hrs", " hours"])
_TRAILING = st.sampled_from(
    [
        "",
        ".",
        ". Split into the following:",
        " (approx.)",
        " <!-- updated weekly -->",
        " \u2014 split into the following:",
        ", roughly",
        " so far",
    ]
)
_MARKUP = st.sampled_from(["{}", "**{}**", "_{}_", "## {}", "### {}", "- {}"])


@settings(max_examples=300, deadline=None)
@given(
    word=_WORDS,
    separator=_SEPARATORS,
    tenths=st.integers(1, 9999),
    unit=_UNITS,
    bare=st.booleans(),
    trailing=_TRAILING,
    markup=_MARKUP,
    bold_label=st.booleans(),
)
def test_total_phrasings_are_read(
    word: str,
    separator: str,
    tenths: int,
    unit: str,
    bare: bool,
    trailing: str,
    markup: str,
    bold_label: bool,
) -> None:
    number = f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)
    # A bare number is hours only where the words say hours.
    written = number if bare and word.lower().startswith("h") else number + unit
    label = f"Total {word}{separator}"
    if bold_label and markup == "{}":
        label = f"**{label}**"
    line = markup.format(f"{label} {written}{trailing}")
    text = f"{line}\n\n- 1h exercise 1.1\n" if not markup.startswith("-") else f"{line}\n  - 1h a\n"
    (log,) = parse_text(text).logs
    assert log.total is not None, line
    assert log.total.duration is not None, line
    assert log.total.duration.hours == Fraction(tenths, 10), line
    assert log.total.duration.literal, line


def test_a_disable_line_comment_is_not_part_of_an_entrys_title() -> None:
    # `<!-- arena-lint-disable-line ... -->` at the end of an entry is the documented
    # way to silence it; a reader never sees the comment, and report, the outline
    # and cross-post matching by title must not either.
    text = (
        "Total Hours: 5\n- 2h Chapter 1: Vectors\n"
        "- 3h Reading group <!-- arena-lint-disable-line untimed-entry -->\n"
        "    - 3h exercise 1.1 Spans <!-- a reminder. to myself -->; notes <!-- x -->\n"
    )
    (log,) = parse_text(text).logs
    reading = log.entries[1]
    assert reading.title == "Reading group"
    assert reading.children[0].title == "Spans"
    assert reading.children[0].notes == ("notes",)
    result = CliRunner().invoke(main, ["report", "-"], input=text)
    assert "<!--" not in result.output


# #22: a log as its author wrote it -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "duration", "kind", "number", "title"),
    [
        ("Chapter 2 (3h)", "3h", "chapter", "2", None),
        ("exercise 2.1 (1.5h)", "1.5h", "exercise", "2.1", None),
        ("Chapter 1: Tensors — 4h", "4h", "chapter", "1", "Tensors"),
        ("exercise 1.2 Autograd: 30min", "30min", "exercise", "1.2", "Autograd"),
        ("exercise 1.3 Backprop - 1h30. Slow.", "1h30", "exercise", "1.3", "Backprop"),
        ("[x] 1h exercise 1.1 Tensors", "1h", "exercise", "1.1", "Tensors"),
        # Not a time set apart, or not ending the first sentence: no duration.
        ("exercise 1.4 Read 2 chapters", None, "exercise", "1.4", "Read 2 chapters"),
        ("Chapter 3: 5 people came (late)", None, "chapter", "3", "5 people came"),
        ("exercise 1.5 took 2h to set up, then more", None, "exercise", "1.5", None),
    ],
)
def test_a_duration_before_or_after_the_title(
    text: str, duration: str | None, kind: str, number: str, title: str | None
) -> None:
    head = parse_head(text)
    assert (head.token.text if head.token else None, head.kind, head.number) == (
        duration,
        kind,
        number,
    )
    if title is not None:
        assert head.title == title
    assert head.after == (duration is not None and not text.startswith(("[x]", duration)))


def test_task_items_and_skipped_words() -> None:
    assert parse_head("[ ] exercise 1.2 Autograd").task == "open"
    assert parse_head("[ ] exercise 1.2 Autograd").skipped  # not done yet: zero
    assert parse_head("[x] 1h exercise 1.1").task == "done"
    assert parse_head("exercise 1.2 (skipped)").skipped
    zero = parse_head("0h exercise 0.1 (skipped, seen it before)")
    assert zero.skipped
    assert zero.token is None
    assert not parse_head("exercise 1.3 I skipped lunch").skipped


@pytest.mark.parametrize(
    ("text", "shape", "total", "entries"),
    [
        ("- 4h Chapter 1\n- 2h Chapter 2\n\nTotal: 6h\n", ("below", "list"), "6h", ["4h", "2h"]),
        (
            "- 4h Chapter 1\n- 2h Chapter 2\n- **Total: 6h**\n",
            ("last item", "list"),
            "6h",
            ["4h", "2h"],
        ),
        (
            "## Total (6h)\n\n- 4h Chapter 1\n- 2h Chapter 2\n",
            ("above", "list"),
            "6h",
            ["4h", "2h"],
        ),
        (
            "Total: 5h\n\n## Chapter 1: A (3h)\n\n- 3h exercise 1.1\n\n### Notes\n\nfine\n\n"
            "## Chapter 2: B (2h)\n\n- 2h exercise 2.1\n\n## Reflections\n\n- 9h unrelated\n",
            ("above", "headings"),
            "5h",
            ["3h", "2h"],
        ),
        (
            "Total: 6h\n- 4h Chapter 1\n\t- 2h exercise 1.1\n<!-- a comment -->\n"
            "\t- 2h exercise 1.2\n- 2h Chapter 2\n",
            ("above", "list"),
            "6h",
            ["4h", "2h"],
        ),
        ("Total: 6h\n- 4h Chapter 1\n* 2h Chapter 2\n", ("above", "list"), "6h", ["4h", "2h"]),
    ],
)
def test_log_shapes_are_read_whole(
    text: str, shape: tuple[str, str], total: str, entries: list[str]
) -> None:
    log = _only_log(text)
    assert (log.shape.total, log.shape.chapters) == shape
    assert log.total is not None
    assert log.total.duration is not None
    assert log.total.duration.text == total
    assert [entry.duration.text if entry.duration else None for entry in log.entries] == entries


def test_two_logs_each_with_its_total_under_it() -> None:
    text = (
        "**Week 1**\n\n- 2h reading\n- 1h notes\n\nTotal: 3h\n\n"
        "**Week 2**\n\n- 4h reading\n\nTotal: 4h\n"
    )
    logs = parse_text(text).logs
    assert [
        (log.total.duration.text if log.total and log.total.duration else None) for log in logs
    ] == [
        "3h",
        "4h",
    ]
    assert [len(log.entries) for log in logs] == [2, 1]


def test_metres_are_not_minutes() -> None:
    assert parse_text("Total distance: 5000m\n\n- 2000m warm-up\n- 3000m main set\n").logs == ()
    assert _only_log("Total: 45m\n- 45m exercise 1.1\n").total is not None


@pytest.mark.parametrize(
    "between",
    [
        "<!-- one -->\n<!-- two -->\n",
        "<!--\n  a note over\n  several lines\n-->\n",
        "<!-- one -->\n\n<!--\ntwo\n-->\n",
    ],
)
def test_comments_over_several_lines_inside_a_nested_log_do_not_split_it(between: str) -> None:
    text = (
        f"Total: 6h\n- 4h Chapter 1\n  - 2h exercise 1.1\n{between}"
        "  - 2h exercise 1.2\n- 2h Chapter 2\n"
    )
    log = _only_log(text)
    assert [len(entry.children) for entry in log.entries] == [2, 0]
    assert lint_text(text, "p.md") == []


class _CountingLines(list[str]):
    """Lines that count how many of them are read, one by one or in slices."""

    read = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        found = super().__getitem__(key)
        self.read += len(found) if isinstance(key, slice) else 1
        return found


@pytest.mark.parametrize(
    "unit",
    [
        "- 1h exercise 1.1\n<!-- a comment -->\n",
        "- 1h exercise 1.1\n<!-- never closed\n",
        "- 1h exercise 1.1\n<!-- one -->\n<!-- two -->\n<!-- three -->\nprose\n\n",
    ],
)
def test_comments_between_items_are_found_in_one_pass(unit: str) -> None:
    # Reading the rest of the file again at each comment made a post of many
    # short lists and comments take quadratic time.
    lines = _CountingLines((unit * 2000).split("\n"))
    blank = parser._uncomment(lines)
    assert lines.read <= 12 * len(lines)
    if "closed" not in unit and "prose" not in unit:
        assert len(blank) == 1999  # each but the last, which no item follows


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Plank 3m", "3m"),
        ("exercise 1.6 took 45min", "45min"),
        ("exercise 1.7 Backprop 1.5h. Slow going.", "1.5h"),
        ("Row 2000m", "2000m"),  # metres or minutes: the reader cannot tell
    ],
)
def test_a_duration_only_a_space_sets_apart_is_reported_never_dropped(
    text: str, token: str
) -> None:
    # Read as a note, `- Plank 3m` vanished from the sum and --fix rewrote a
    # correct total; read as a time, `- Row 2000m` would be 33 hours.
    head = parse_head(text)
    assert head.token is not None
    assert (head.token.text, head.token.hours, head.after) == (token, None, True)
    assert head.token.error is not None
    assert head.token.error.startswith("is not set apart from the title")


@pytest.mark.parametrize(
    "text", ["exercise 1.8 Read 2 chapters", "exercise 1.9 (skipped) saved 2h", "Chapter 2 3h ago"]
)
def test_a_number_ending_an_entry_without_a_unit_or_after_skipped_is_no_duration(
    text: str,
) -> None:
    assert parse_head(text).token is None
