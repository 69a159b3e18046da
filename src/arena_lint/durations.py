"""Durations as people write them in study logs, read exactly.

A duration is a :class:`fractions.Fraction` of hours, never a float, so that
``0.1h + 0.2h == 0.3h`` and three times ``20min`` is ``1h``.

One grammar reads every duration. :data:`_SHAPE` finds a token (anything
shaped like a duration, readable or not); :data:`_EXACT` then tells its parts
(hours, minutes, units, the spaces between). Reading (:func:`scan`), style
detection (:func:`style`), precision (:func:`resolution`), ``--fix``
rewriting (:func:`rewrite`) and the prefilter (:data:`START`) all come from
these two patterns, so a new duration syntax is added here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from .lexicon import HOURS, MINUTES, SIGNS, START

_HOURS = HOURS
_MINUTES = MINUTES
# A token ends where a word would go on: "3 mangoes" is no duration.
_END = r"(?![\w]|\.\d)"
_SIGNS = SIGNS
_DIGITS = r"[\d.,]*\d[\d.,]*"
_RANGE = re.compile(r"\d[a-z]*[ \t]?[-\u2013][ \t]?[\d.]", re.IGNORECASE)

# The shape of a token: a signed, dotted or comma'd number with a unit, maybe
# followed by minutes (`2.3.1h`, `-2h`, `2,5h`, `1.5h30m` are shaped like
# durations and are reported), `1h30` (minutes without their unit, right after
# the hours), a range (`1-2h`) or an approximation (`~2h`), both reported as
# they cannot be summed; or, only after `Total Hours:`, a bare number; or, where
# asked for, a clock time (`1:30`), reported too.
_SHAPE = re.compile(
    rf"(?P<unit>[{START}]?{_DIGITS}(?:[ \t]?[-\u2013][ \t]?{_DIGITS})?[ \t]?(?:{_HOURS}|{_MINUTES})"
    rf"(?:[ \t]*{_DIGITS}[ \t]?(?:{_MINUTES})|(?<=[hH])\d+(?![\w.,]))?){_END}"
    rf"|(?P<clock>[{START}]?\d{{1,3}}:[0-5]\d)(?![\w:]|\.\d)"
    rf"|(?P<bare>[{START}]?{_DIGITS})(?![\w])",
    re.IGNORECASE,
)
# The readable forms, matched against a whole token: `2.3h`, `2 hrs`, `.5h`,
# `90min`, `1h30m`, `1h 15min`, `2 hours 5 minutes`, and a bare `42.7`.
_EXACT = re.compile(
    rf"(?P<h>\d+)(?P<s1>[ \t]?)(?P<hu>{_HOURS})(?P<s2>[ \t]*)"
    rf"(?P<m>\d+)(?:(?P<s3>[ \t]?)(?P<mu>{_MINUTES}))?"
    rf"|(?P<n>\d+(?:\.\d+)?|\.\d+)(?:(?P<s>[ \t]?)(?:(?P<nhu>{_HOURS})|(?P<nmu>{_MINUTES})))?",
    re.IGNORECASE,
)

#: Longer numbers are refused: no log needs them and int() has a digit limit.
MAX_DIGITS = 30


@dataclass(frozen=True, slots=True)
class Token:
    """A duration token read at the start of a string.

    ``hours`` is ``None`` when the token is shaped like a duration but cannot
    be read; ``error`` then says why. ``style`` maps each writing choice the
    token shows to its value (see :func:`style`); ``resolution`` is the hours
    one unit of its last written digit stands for; ``decimals`` counts the
    digits after its decimal point.
    """

    text: str
    hours: Fraction | None
    error: str | None = None
    bare: bool = False

    @property
    def end(self) -> int:
        return len(self.text)

    @property
    def style(self) -> dict[str, str]:
        return style(self.text)

    @property
    def resolution(self) -> Fraction:
        return resolution(self.text)

    @property
    def decimals(self) -> int:
        return _decimals(self.text)


# After a duration, the rest of a range whose both ends have units: `1h-2h`,
# `1h - 2h`, an en or em dash too (`1-2h` is one token of the shape itself).
_RANGE_TAIL = re.compile(r"[ \t]*[-\u2013\u2014][ \t]*(?=\d)")
_A_RANGE = "is a range; write the time spent as one figure"


def scan(text: str, *, bare_hours: bool = False, clock: bool = False) -> Token | None:
    """Read the duration token at the start of ``text``.

    Returns ``None`` when ``text`` does not start with anything shaped like a
    duration. With ``bare_hours``, a number without a unit counts as hours
    (`Total Hours: 42.7`), whatever follows it. With ``clock``, a clock time
    (`1:30`) is a token that cannot be read (it says neither hours nor a time
    of day); without, it is no token. A range of two durations (`1h-2h`) is one
    token that cannot be read, never its first end.
    """
    token = _scan(text, bare_hours, clock)
    if token is not None and token.hours is not None:
        tail = _RANGE_TAIL.match(text, token.end)
        if tail is not None:
            other = _scan(text[tail.end() :], False, False)
            if other is not None and other.hours is not None:
                return Token(text[: tail.end() + other.end], None, _A_RANGE)
    return token


def _scan(text: str, bare_hours: bool, clock: bool) -> Token | None:
    shape = _SHAPE.match(text)
    if shape is None:
        return None
    token = shape.group(0)
    group = shape.lastgroup
    if group == "clock":
        if clock:
            hours, _, minutes = token.lstrip(SIGNS).partition(":")
            why = f"is a clock time; write `{int(hours)}h{minutes}m` if it is the time spent"
            return Token(token, None, why)
        # Its hours alone, as a bare number: a total line says what a clock means.
        token = token.partition(":")[0]
        group = "bare"
    if group == "bare":
        if not bare_hours:
            return None
        token = token.rstrip(".,")  # `42.7.` ends a sentence; `12,` a clause
        if not token or not token[-1].isdigit():
            return None
        exact = _EXACT.fullmatch(token)
        if exact is None:
            reason = _why_unreadable(token).replace(" followed by a unit", "")
            return Token(token, None, reason, bare=True)
        number = exact["n"]
        if len(number) > MAX_DIGITS:
            return Token(token, None, "has too many digits", bare=True)
        return _checked(token, _fraction(number), bare=True)
    return _read(token)


@lru_cache(maxsize=4096)
def _read(token: str) -> Token:
    exact = _EXACT.fullmatch(token)
    if exact is None or (exact["n"] is not None and exact["s"] is None):
        return Token(token, None, _why_unreadable(token))
    if exact["h"] is not None:
        hours, minutes = exact["h"], exact["m"]
        if len(hours) + len(minutes) > MAX_DIGITS:
            return Token(token, None, "has too many digits")
        if int(minutes) >= 60:
            return Token(token, None, f"has {int(minutes)} minutes; write whole hours instead")
        return _checked(token, int(hours) + Fraction(int(minutes), 60))
    number = exact["n"]
    if len(number) > MAX_DIGITS:
        return Token(token, None, "has too many digits")
    value = _fraction(number)
    return _checked(token, value if exact["nhu"] else value / 60)


@lru_cache(maxsize=4096)
def _fraction(number: str) -> Fraction:
    """``Fraction("2.5")`` parses its text slowly; logs repeat the same few numbers."""
    return Fraction(number)


def _checked(token: str, hours: Fraction, *, bare: bool = False) -> Token:
    if hours == 0:
        return Token(token, None, "is zero; write `skipped` for an item you did not do", bare)
    return Token(token, hours, None, bare)


_NOT_A_DURATION = "is not a number followed by a unit"


def why_unreadable(text: str) -> str | None:
    """Why ``text``, as a whole, is not one duration when the grammar can tell (a
    range, an approximation, a comma); ``None`` when it is not shaped like one."""
    token = scan(text)
    if token is not None and token.error:
        return token.error
    reason = _why_unreadable(text) if text else _NOT_A_DURATION
    return None if reason == _NOT_A_DURATION else reason


def _why_unreadable(token: str) -> str:
    if token[0] in "~\u2248":
        return f"is approximate; write `{token[1:].strip()}` if that is the time spent"
    if _RANGE.search(token):
        return _A_RANGE
    if token[0] in _SIGNS:
        return "is negative" if token[0] != "+" else "has a sign; write the number alone"
    if "," in token:
        return "uses a comma; write the decimal point as `.`"
    point = re.match(r"(\d+)\.(?!\d)[ \t]?([a-z]+)$", token, re.IGNORECASE)
    if point is not None:  # `2.h`: the decimals were left out
        whole, unit = point.groups()
        return f"has a point and no decimals; write `{whole}{unit}` or `{whole}.0{unit}`"
    if re.match(r"\d+\.\d+[ \t]?[a-z]+[ \t]*\d", token, re.IGNORECASE):
        return "mixes decimal hours with minutes; write `1h30m` or `1.5h`"
    return _NOT_A_DURATION


def is_duration_start(text: str) -> bool:
    """Cheap test: does ``text`` begin with something shaped like a duration (a unit
    included: a bare number is a duration only after `Total Hours:`)?"""
    shape = _SHAPE.match(text)
    return shape is not None and shape.lastgroup == "unit"


@lru_cache(maxsize=4096)
def style(token: str) -> dict[str, str]:
    """The choices a writer made in ``token``, one value per aspect.

    Aspects are only present where the token shows them: ``hour-unit`` and
    ``minute-unit`` (spelling and spacing: ``h``, `` hours``, ``min``),
    ``whole`` (a whole number of hours as ``2h`` or ``2.0h``), ``fraction``
    (a part hour as ``1.5h`` or with minutes: ``90min``, ``1h30m``). Two
    tokens clash only on an aspect both show, so ``2h``, ``45m`` and ``1h30m``
    go together, as do ``2.0h`` and ``8.7h``; ``2h`` and ``2.0h`` do not.
    The result is cached and shared: do not change it.
    """
    aspects: dict[str, str] = {}
    exact = _EXACT.fullmatch(token)
    if exact is None:
        return aspects
    if exact["h"] is not None:
        aspects["hour-unit"] = exact["s1"] + exact["hu"].lower()
        aspects["minute-unit"] = (exact["s3"] or "") + (exact["mu"] or "").lower()
        aspects["fraction"] = "minutes"
        return aspects
    number, space = exact["n"], exact["s"] or ""
    if exact["nhu"] is not None:
        aspects["hour-unit"] = space + exact["nhu"].lower()
        if "." in number:
            whole = _fraction(number).denominator == 1
            aspects["whole" if whole else "fraction"] = "N.0" if whole else "decimal"
        else:
            aspects["whole"] = "N"
    elif exact["nmu"] is not None:
        aspects["minute-unit"] = space + exact["nmu"].lower()
        aspects["fraction"] = "minutes"
    return aspects


def resolution(token: str) -> Fraction:
    """Hours one unit of the last written digit stands for: ``8.7h`` -> 1/10,
    ``2h`` -> 1, ``90min`` and ``1h30m`` -> 1/60, a bare ``42.7`` -> 1/10."""
    exact = _EXACT.fullmatch(token)
    if exact is not None and (exact["h"] is not None or exact["nmu"] is not None):
        return Fraction(1, 10 ** _decimals(token) * 60)
    return Fraction(1, 10 ** _decimals(token))


def resolution_decimals(text: str) -> int:
    """How many decimals ``text`` writes (``6.0h`` -> 1, ``2h`` -> 0)."""
    return _decimals(text)


def _decimals(text: str) -> int:
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


Notation = str  # "decimal" (`2.75h`), "minutes" (`2h45m`, `20min`) or "fraction" (`1/7h`)


def format_hours(
    hours: Fraction, *, signed: bool = False, notation: Notation | None = None, decimals: int = 0
) -> str:
    """Write an exact number of hours: ``8.7h``, else ``1h20m``, else ``1/7h``;
    or in the ``notation`` asked for (see :func:`notation_for`). In decimal
    notation, at least ``decimals`` decimals (a post that writes ``6.0h`` is
    told ``6.0h``, not ``6h``)."""
    sign = "-" if hours < 0 else ("+" if signed else "")
    value = abs(hours)
    if notation is None:
        notation = notation_for((value,))
    if notation == "decimal":
        decimal = _decimal_with(value, decimals) if decimals else _decimal(value)
        if decimal is not None:
            return f"{sign}{decimal}h"
    if notation in ("decimal", "minutes"):
        minutes = value * 60
        if minutes.denominator == 1:
            whole_hours, rest = divmod(minutes.numerator, 60)
            if not rest:
                return f"{sign}{whole_hours}h"
            return f"{sign}{whole_hours}h{rest}m" if whole_hours else f"{sign}{rest}min"
    return f"{sign}{value.numerator}/{value.denominator}h"


def notation_for(values: tuple[Fraction, ...], *, minutes: bool = False) -> Notation:
    """One notation that writes every one of ``values`` exactly, so that a message
    says all its numbers one way: the log's own (``minutes`` when it writes part
    hours as minutes) when it fits them all, else the other, else fractions."""
    fits_decimal = all(_decimal(abs(value)) is not None for value in values)
    fits_minutes = all((value * 60).denominator == 1 for value in values)
    for notation, fits in (
        (("minutes", fits_minutes), ("decimal", fits_decimal))
        if minutes
        else (("decimal", fits_decimal), ("minutes", fits_minutes))
    ):
        if fits:
            return notation
    return "fraction"


def exact_string(hours: Fraction) -> str:
    """Hours as an exact, JSON-safe string: ``"8.7"``, or ``"1/3"``."""
    decimal = _decimal(hours)
    return decimal if decimal is not None else f"{hours.numerator}/{hours.denominator}"


def _decimal(value: Fraction) -> str | None:
    """``value`` in decimal notation, or ``None`` when that is not exact."""
    denominator = value.denominator
    # A fraction has a finite decimal form when its denominator is 2^a * 5^b.
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    sign = "-" if value < 0 else ""
    text = str(abs((value * 10**digits).numerator))
    if digits:
        text = text.rjust(digits + 1, "0")
        text = f"{text[:-digits]}.{text[-digits:]}"
    return sign + text


_SINGULAR = {"hours": "hour", "hrs": "hr", "minutes": "minute", "mins": "min"}
_PLURAL = {"hour": "hours", "hr": "hrs", "minute": "minutes"}  # "min" stays "min"


def rewrite(
    token: str, hours: Fraction, *, minutes_style: bool = False, bare_whole: bool = False
) -> tuple[str | None, str | None]:
    """``token`` written anew with the value ``hours``, in the writer's style.

    ``8.7h`` -> ``8.8h``, ``42.7`` -> ``42.8``, ``2h`` -> ``3h``, ``1h30m`` ->
    ``1h45m``, ``90min`` -> ``105min``; decimals are kept, and added only when
    the value needs them. ``45m`` grows into ``1h15m`` (the letter ``m`` is the
    compound notation's), and with ``minutes_style`` (the log writes part hours
    as minutes) ``2h`` becomes ``2h30m`` rather than ``2.5h``; with ``bare_whole``
    (the log writes whole hours as ``2h``, not ``2.0h``) ``2.5h`` becomes ``2h``. Returns
    ``(text, None)``, or ``(None, reason)`` when the value cannot be written
    exactly in that style (a third of an hour in decimals) or is not positive.
    """
    if hours <= 0:
        return None, f"{format_hours(hours)} is not a positive duration"
    exact = _EXACT.fullmatch(token)
    if exact is None:
        return None, f"`{token}` is not a duration arena-lint can rewrite"
    minutes = hours * 60
    hour_unit, minute_unit = exact["nhu"] or "", exact["nmu"] or ""
    simple = exact["n"] is not None
    if simple and minutes.denominator == 1 and "." not in exact["n"]:
        letter_m = minute_unit in ("m", "M") and minutes >= 60
        whole_h = hour_unit in ("h", "H") and minutes_style and hours.denominator != 1
        if letter_m or whole_h:
            # Grow into the compound form `1h15m`, with the letters' case kept.
            hour_unit = hour_unit or ("H" if minute_unit == "M" else "h")
            minute_unit = minute_unit or ("M" if hour_unit == "H" else "m")
            exact = _EXACT.fullmatch(f"0{hour_unit}0{minute_unit}")
            assert exact is not None
            simple = False
    if not simple:
        if minutes.denominator != 1:
            return None, f"{format_hours(hours)} is not a whole number of minutes"
        whole, rest = divmod(minutes.numerator, 60)
        hour_part = f"{whole}{exact['s1']}{_unit(exact['hu'], whole)}"
        minute_part = f"{rest}{exact['s3'] or ''}{_unit(exact['mu'] or '', rest)}"
        if not rest:
            return hour_part, None
        if not whole:
            if exact["mu"] is None:  # `1h30` shrinks to `0h45`: no unit, no minutes
                return f"0{exact['s1']}{_unit(exact['hu'], 0)}{rest}", None
            return minute_part, None
        return f"{hour_part}{exact['s2']}{minute_part}", None
    value = minutes if minute_unit else hours
    keep = 0 if bare_whole and not minute_unit and hours.denominator == 1 else _decimals(exact["n"])
    written = _decimal_with(value, keep)
    if written is None:
        unit = "minutes" if minute_unit else "hours"
        return None, f"{format_hours(hours)} cannot be written exactly in decimal {unit}"
    unit = minute_unit or hour_unit
    return f"{written}{exact['s'] or ''}{_unit(unit, value)}", None


def _decimal_with(value: Fraction, decimals: int) -> str | None:
    """``value`` with at least ``decimals`` decimals, or ``None`` if no decimal is exact."""
    exact = _decimal(value)
    if exact is None:
        return None
    whole, _, fraction = exact.partition(".")
    fraction = fraction.ljust(decimals, "0")
    return f"{whole}.{fraction}" if fraction else whole


def _unit(unit: str, value: Fraction | int) -> str:
    """The unit as written, made singular or plural for ``value`` when it is a word."""
    lower = unit.lower()
    singular = _SINGULAR.get(lower)
    if singular is not None and value == 1:
        return unit[: len(singular)]
    plural = _PLURAL.get(lower)
    if plural is not None and value != 1:
        return unit + plural[len(lower) :]
    return unit
