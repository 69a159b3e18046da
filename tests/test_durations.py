"""Table-driven tests of the duration grammar and of exact arithmetic."""

from __future__ import annotations

from fractions import Fraction

import pytest

from arena_lint.durations import exact_string, format_hours, rewrite, scan, style

READABLE = [
    # (text at the start of an entry, token, hours)
    ("2.3h exercise 0.2", "2.3h", Fraction(23, 10)),
    ("2.3 h exercise", "2.3 h", Fraction(23, 10)),
    ("2 hrs of reading", "2 hrs", Fraction(2)),
    ("1 hr", "1 hr", Fraction(1)),
    ("1.5 hours", "1.5 hours", Fraction(3, 2)),
    ("45m", "45m", Fraction(3, 4)),
    ("45 min on slides", "45 min", Fraction(3, 4)),
    ("90min", "90min", Fraction(3, 2)),
    ("20 minutes", "20 minutes", Fraction(1, 3)),
    ("1h30m", "1h30m", Fraction(3, 2)),
    ("1h 15min", "1h 15min", Fraction(5, 4)),
    ("2h 30m total", "2h 30m", Fraction(5, 2)),
    ("2 hours 5 minutes", "2 hours 5 minutes", Fraction(25, 12)),
    ("16.0h [Chapter 2](u)", "16.0h", Fraction(16)),
    (".5h", ".5h", Fraction(1, 2)),
    ("2H", "2H", Fraction(2)),
    ("2h, then", "2h", Fraction(2)),
    ("99999999999999999999h", "99999999999999999999h", Fraction(99999999999999999999)),
]


@pytest.mark.parametrize(("text", "token", "hours"), READABLE)
def test_readable_durations(text: str, token: str, hours: Fraction) -> None:
    parsed = scan(text)
    assert parsed is not None
    assert (parsed.text, parsed.hours, parsed.error) == (token, hours, None)


UNREADABLE = [
    # (text, token, words the reason must contain)
    ("2.3.1h exercise", "2.3.1h", "not a number"),
    ("1h75m", "1h75m", "75 minutes"),
    ("-2h", "-2h", "negative"),
    ("0h", "0h", "zero"),
    ("0.0h", "0.0h", "zero"),
    ("0 min", "0 min", "zero"),
    ("2,5h", "2,5h", "comma"),
    ("1.5h30m", "1.5h30m", "decimal hours with minutes"),
    ("1" * 40 + "h", "1" * 40 + "h", "too many digits"),
]


@pytest.mark.parametrize(("text", "token", "reason"), UNREADABLE)
def test_unreadable_durations(text: str, token: str, reason: str) -> None:
    parsed = scan(text)
    assert parsed is not None
    assert parsed.text == token
    assert parsed.hours is None
    assert parsed.error is not None
    assert reason in parsed.error


@pytest.mark.parametrize(
    "text",
    [
        "3 apples",
        "3 mangoes",
        "12 people",
        "h2 heading",
        "I spent 2h",  # a duration must come first
        "skipped exercise",
        "",
        "1e309h",
        "2hello",
        "2.5",  # a bare number is hours only after `Total Hours:`
    ],
)
def test_not_durations(text: str) -> None:
    assert scan(text) is None


@pytest.mark.parametrize(
    ("text", "token", "hours"),
    [
        ("42.7. Split into the following:", "42.7", Fraction(427, 10)),
        ("42.7", "42.7", Fraction(427, 10)),
        ("12, roughly", "12", Fraction(12)),
        ("12h", "12h", Fraction(12)),
    ],
)
def test_bare_hours(text: str, token: str, hours: Fraction) -> None:
    parsed = scan(text, bare_hours=True)
    assert parsed is not None
    assert (parsed.text, parsed.hours) == (token, hours)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("5 tasks", "5"),
        ("42.7 Split into", "42.7"),
        ("50 <!-- weekly -->", "50"),
        ("50 (approx.)", "50"),
    ],
)
def test_bare_hours_are_read_whatever_follows(text: str, token: str) -> None:
    # Whether a bare number is a total is the total line's grammar's call
    # (tests/test_parser.py); here it is only read whole.
    parsed = scan(text, bare_hours=True)
    assert parsed is not None
    assert parsed.text == token
    assert parsed.hours is not None


@pytest.mark.parametrize(
    ("text", "token", "reason"),
    [("4.2.1", "4.2.1", "is not a number"), ("4,5 h", "4,5 h", "comma"), ("-3", "-3", "negative")],
)
def test_bare_numbers_that_cannot_be_read(text: str, token: str, reason: str) -> None:
    parsed = scan(text, bare_hours=True)
    assert parsed is not None
    assert (parsed.text, parsed.hours) == (token, None)
    assert parsed.error is not None
    assert reason in parsed.error


@pytest.mark.parametrize("text", ["42.7", "4,5", "1h", "5 tasks"])
def test_a_bare_number_is_no_duration_without_bare_hours(text: str) -> None:
    parsed = scan(text)
    assert (parsed is None) is (text[-1].isdigit() or text == "5 tasks")


def test_arithmetic_is_exact() -> None:
    def hours(text: str) -> Fraction:
        parsed = scan(text)
        assert parsed is not None
        assert parsed.hours is not None
        return parsed.hours

    assert hours("0.1h") + hours("0.2h") == hours("0.3h")
    assert hours("20min") * 3 == hours("1h")
    assert sum((hours(t) for t in ["2.3h", "2.4h", "2.0h", "2.0h"]), Fraction(0)) == hours("8.7h")


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (Fraction(427, 10), "42.7h"),
        (Fraction(16), "16h"),
        (Fraction(1, 10), "0.1h"),
        (Fraction(1, 100), "0.01h"),
        (Fraction(1, 3), "20min"),
        (Fraction(4, 3), "1h20m"),
        (Fraction(1, 7), "1/7h"),
        (Fraction(-1, 10), "-0.1h"),
    ],
)
def test_format_hours(hours: Fraction, text: str) -> None:
    assert format_hours(hours) == text


def test_format_hours_signed() -> None:
    assert format_hours(Fraction(1, 10), signed=True) == "+0.1h"
    assert format_hours(Fraction(-1, 10), signed=True) == "-0.1h"


@pytest.mark.parametrize(
    ("hours", "text"), [(Fraction(87, 10), "8.7"), (Fraction(1, 3), "1/3"), (Fraction(2), "2")]
)
def test_exact_string(hours: Fraction, text: str) -> None:
    assert exact_string(hours) == text


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("2.3h", "16.0h", False),
        ("2.25h", "2.5h", False),
        ("3h", "4.5h", False),  # a whole and a part hour: no choice to clash on
        ("2h", "45m", False),
        ("1h30m", "45m", False),
        ("1h30m", "2h", False),
        ("2h", "2.0h", True),
        ("90min", "1.5h", True),
        ("1h30m", "1.5h", True),
        ("2 hours", "2h", True),
        ("45m", "45min", True),
    ],
)
def test_style_clashes(a: str, b: str, clash: bool) -> None:
    style_a, style_b = style(a), style(b)
    shared = style_a.keys() & style_b.keys()
    assert any(style_a[key] != style_b[key] for key in shared) is clash


REWRITES = [
    # (token as written, new value in hours, expected text)
    ("8.7h", Fraction(88, 10), "8.8h"),
    ("42.7", Fraction(428, 10), "42.8"),
    ("2h", Fraction(3), "3h"),
    ("1h30m", Fraction(7, 4), "1h45m"),
    ("90min", Fraction(7, 4), "105min"),
    ("16.0h", Fraction(17), "17.0h"),
    ("8.7h", Fraction(35, 4), "8.75h"),  # more decimals only when needed
    ("2h", Fraction(5, 2), "2.5h"),
    ("2.3 h", Fraction(2), "2.0 h"),
    ("1h 15min", Fraction(2), "2h"),
    ("1h 15min", Fraction(1, 2), "30min"),
    ("2 hours", Fraction(1), "1 hour"),
    ("1 hour", Fraction(3), "3 hours"),
    ("45 minutes", Fraction(1, 60), "1 minute"),
    ("2 hrs", Fraction(1), "1 hr"),
    ("2H", Fraction(4), "4H"),
    ("45m", Fraction(5, 4), "1h15m"),
    ("42m", Fraction(1), "1h"),
    ("45min", Fraction(5, 4), "75min"),
]


@pytest.mark.parametrize(("token", "hours", "expected"), REWRITES)
def test_rewrite_keeps_the_writers_style(token: str, hours: Fraction, expected: str) -> None:
    assert rewrite(token, hours) == (expected, None)
    parsed = scan(expected, bare_hours=True)
    assert parsed is not None
    assert parsed.hours == hours


@pytest.mark.parametrize(
    ("token", "hours", "reason"),
    [
        ("8.7h", Fraction(1, 3), "20min cannot be written exactly in decimal hours"),
        ("1h30m", Fraction(1, 120), "is not a whole number of minutes"),
        ("90min", Fraction(1, 7), "cannot be written exactly in decimal minutes"),
        ("2h", Fraction(0), "is not a positive duration"),
        ("2h", Fraction(-1), "is not a positive duration"),
    ],
)
def test_rewrite_refuses_what_the_style_cannot_say(
    token: str, hours: Fraction, reason: str
) -> None:
    text, why = rewrite(token, hours)
    assert text is None
    assert why is not None
    assert reason in why


def test_rewrite_in_a_log_that_writes_minutes() -> None:
    assert rewrite("2h", Fraction(5, 2), minutes_style=True) == ("2h30m", None)
    assert rewrite("2h", Fraction(5, 2)) == ("2.5h", None)
    assert rewrite("2h", Fraction(3), minutes_style=True) == ("3h", None)
