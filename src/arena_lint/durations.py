"""Durations as people write them in study logs, read exactly.

A duration is a :class:`fractions.Fraction` of hours, never a float, so that
``0.1h + 0.2h == 0.3h`` and three times ``20min`` is ``1h``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

_HOURS = r"h|hrs?|hours?"
_MINUTES = r"m|mins?|minutes?"
# A token ends where a word would go on: "3 mangoes" is no duration.
_END = r"(?![\w]|\.\d)"

# `1h30m`, `1h 15min`, `2 hours 30 minutes`: whole hours, then whole minutes.
_COMPOUND = re.compile(
    rf"(?P<h>\d+)[ \t]?(?:{_HOURS})[ \t]*(?P<m>\d+)[ \t]?(?:{_MINUTES}){_END}", re.IGNORECASE
)
# `2.3h`, `2.3 h`, `2 hrs`, `45m`, `90min`, `.5h`.
_SIMPLE = re.compile(
    rf"(?P<n>\d+(?:\.\d+)?|\.\d+)[ \t]?(?:(?P<h>{_HOURS})|(?P<m>{_MINUTES})){_END}",
    re.IGNORECASE,
)
# Anything shaped like a duration, including the ones that cannot be read
# (`2.3.1h`, `-2h`, `2,5h`, `1.5h30m`); used to tell a typo from plain prose.
_LOOSE = re.compile(
    rf"[-+\u2212]?[\d.,]*\d[\d.,]*[ \t]?(?:{_HOURS}|{_MINUTES})"
    rf"(?:[ \t]*[\d.,]*\d[\d.,]*[ \t]?(?:{_MINUTES}))?{_END}",
    re.IGNORECASE,
)
# A bare number after `Total Hours:` means hours.
# It must end the sentence or clause: `Total: 5 tasks` is no total.
_BARE = re.compile(r"(?P<n>\d+(?:\.\d+)?)(?=[ \t]*$|[ \t]*[.,;:!?)](?:\s|$))")

#: Longer numbers are refused: no log needs them and int() has a digit limit.
MAX_DIGITS = 30


@dataclass(frozen=True, slots=True)
class Parsed:
    """A duration token read at the start of a string.

    ``hours`` is ``None`` when the token is shaped like a duration but cannot
    be read; ``error`` then says why.
    """

    text: str
    hours: Fraction | None
    error: str | None = None

    @property
    def end(self) -> int:
        return len(self.text)


def parse_duration(text: str, *, bare_hours: bool = False) -> Parsed | None:
    """Read the duration at the start of ``text``.

    Returns ``None`` when ``text`` does not start with anything shaped like a
    duration. With ``bare_hours``, a number without a unit counts as hours.
    """
    compound = _COMPOUND.match(text)
    if compound is not None:
        token = compound.group(0)
        hours, minutes = compound.group("h"), compound.group("m")
        if len(hours) + len(minutes) > MAX_DIGITS:
            return Parsed(token, None, "has too many digits")
        if int(minutes) >= 60:
            return Parsed(token, None, f"has {int(minutes)} minutes; write whole hours instead")
        return _checked(token, int(hours) + Fraction(int(minutes), 60))

    simple = _SIMPLE.match(text)
    loose = _LOOSE.match(text)
    if simple is not None and (loose is None or loose.end() <= simple.end()):
        token, number = simple.group(0), simple.group("n")
        if len(number) > MAX_DIGITS:
            return Parsed(token, None, "has too many digits")
        value = _fraction(number)
        return _checked(token, value if simple.group("h") else value / 60)

    if loose is not None:
        return Parsed(loose.group(0), None, _why_unreadable(loose.group(0)))

    if bare_hours:
        bare = _BARE.match(text)
        if bare is not None:
            number = bare.group("n")
            if len(number) > MAX_DIGITS:
                return Parsed(number, None, "has too many digits")
            return _checked(number, _fraction(number))
    return None


@lru_cache(maxsize=4096)
def _fraction(number: str) -> Fraction:
    """``Fraction("2.5")`` parses its text slowly; logs repeat the same few numbers."""
    return Fraction(number)


def _checked(token: str, hours: Fraction) -> Parsed:
    if hours == 0:
        return Parsed(token, None, "is zero; write `skipped` for an item you did not do")
    return Parsed(token, hours)


def _why_unreadable(token: str) -> str:
    if token[0] in "-\u2212":
        return "is negative"
    if "," in token:
        return "uses a comma; write the decimal point as `.`"
    if re.match(r"\d+\.\d+[ \t]?[a-z]+[ \t]*\d", token, re.IGNORECASE):
        return "mixes decimal hours with minutes; write `1h30m` or `1.5h`"
    return "is not a number followed by a unit"


def is_duration_start(text: str) -> bool:
    """Cheap test: does ``text`` begin with something shaped like a duration?"""
    return _LOOSE.match(text) is not None or _SIMPLE.match(text) is not None


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
    hours = _STYLE_HOURS.match(token)
    rest = token
    if hours is not None:
        number, space, unit = hours.groups()
        aspects["hour-unit"] = space + unit.lower()
        rest = token[hours.end() :].lstrip()
        if "." in number:
            whole = _fraction(number).denominator == 1
            aspects["whole" if whole else "fraction"] = "N.0" if whole else "decimal"
        elif not rest:
            aspects["whole"] = "N"
    minutes = _STYLE_MINUTES.match(rest)
    if minutes is not None:
        aspects["minute-unit"] = minutes.group(1) + minutes.group(2).lower()
        aspects["fraction"] = "minutes"
    return aspects


def resolution(token: str) -> Fraction:
    """Hours one unit of the last written digit stands for: ``8.7h`` -> 1/10,
    ``2h`` -> 1, ``90min`` and ``1h30m`` -> 1/60, a bare ``42.7`` -> 1/10."""
    hours = _STYLE_HOURS.match(token)
    rest = token[hours.end() :].lstrip() if hours is not None else token
    minutes = _STYLE_MINUTES.match(rest)
    if minutes is not None:
        return Fraction(1, 10 ** _decimals(minutes.group(0)) * 60)
    number = hours.group(1) if hours is not None else token
    return Fraction(1, 10 ** _decimals(number))


def _decimals(text: str) -> int:
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


_STYLE_HOURS = re.compile(rf"(\d*\.?\d+)([ \t]?)({_HOURS})(?![a-z])", re.IGNORECASE)
_STYLE_MINUTES = re.compile(rf"\d*\.?\d+([ \t]?)({_MINUTES})(?![a-z])", re.IGNORECASE)


def format_hours(hours: Fraction, *, signed: bool = False) -> str:
    """Write an exact number of hours: ``8.7h``, else ``1h20m``, else ``1/7h``."""
    sign = "-" if hours < 0 else ("+" if signed else "")
    value = abs(hours)
    decimal = _decimal(value)
    if decimal is not None:
        return f"{sign}{decimal}h"
    minutes = value * 60
    if minutes.denominator == 1:
        whole_hours, rest = divmod(minutes.numerator, 60)
        return f"{sign}{whole_hours}h{rest}m" if whole_hours else f"{sign}{rest}min"
    return f"{sign}{value.numerator}/{value.denominator}h"


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


_REWRITE_COMPOUND = re.compile(
    rf"(?P<h>\d+)(?P<s1>[ \t]?)(?P<hu>{_HOURS})(?P<s2>[ \t]*)"
    rf"(?P<m>\d+)(?P<s3>[ \t]?)(?P<mu>{_MINUTES})",
    re.IGNORECASE,
)
_REWRITE_SIMPLE = re.compile(
    rf"(?P<n>\d*\.?\d+)(?P<s>[ \t]?)(?:(?P<hu>{_HOURS})|(?P<mu>{_MINUTES}))?", re.IGNORECASE
)
_SINGULAR = {"hours": "hour", "hrs": "hr", "minutes": "minute", "mins": "min"}
_PLURAL = {"hour": "hours", "hr": "hrs", "minute": "minutes"}  # "min" stays "min"


def rewrite(
    token: str, hours: Fraction, *, minutes_style: bool = False
) -> tuple[str | None, str | None]:
    """``token`` written anew with the value ``hours``, in the writer's style.

    ``8.7h`` -> ``8.8h``, ``42.7`` -> ``42.8``, ``2h`` -> ``3h``, ``1h30m`` ->
    ``1h45m``, ``90min`` -> ``105min``; decimals are kept, and added only when
    the value needs them. ``45m`` grows into ``1h15m`` (the letter ``m`` is the
    compound notation's), and with ``minutes_style`` (the log writes part hours
    as minutes) ``2h`` becomes ``2h30m`` rather than ``2.5h``. Returns
    ``(text, None)``, or ``(None, reason)`` when the value cannot be written
    exactly in that style (a third of an hour in decimals) or is not positive.
    """
    if hours <= 0:
        return None, f"{format_hours(hours)} is not a positive duration"
    simple = _REWRITE_SIMPLE.fullmatch(token)
    minutes = hours * 60
    if simple is not None and minutes.denominator == 1 and "." not in simple["n"]:
        letter_m = (simple["mu"] or "") in ("m", "M") and minutes >= 60
        whole_h = (simple["hu"] or "") in ("h", "H") and minutes_style and hours.denominator != 1
        if letter_m or whole_h:
            hour_unit = simple["hu"] or ("H" if simple["mu"] == "M" else "h")
            minute_unit = simple["mu"] or ("M" if hour_unit == "H" else "m")
            token = f"0{hour_unit}0{minute_unit}"
    compound = _REWRITE_COMPOUND.fullmatch(token)
    if compound is not None:
        if minutes.denominator != 1:
            return None, f"{format_hours(hours)} is not a whole number of minutes"
        whole, rest = divmod(minutes.numerator, 60)
        hour_part = f"{whole}{compound['s1']}{_unit(compound['hu'], whole)}"
        minute_part = f"{rest}{compound['s3']}{_unit(compound['mu'], rest)}"
        if not rest:
            return hour_part, None
        if not whole:
            return minute_part, None
        return f"{hour_part}{compound['s2']}{minute_part}", None
    if simple is None:
        return None, f"`{token}` is not a duration arena-lint can rewrite"
    value = hours * 60 if simple["mu"] else hours
    written = _decimal_with(value, _decimals(simple["n"]))
    if written is None:
        unit = "minutes" if simple["mu"] else "hours"
        return None, f"{format_hours(hours)} cannot be written exactly in decimal {unit}"
    unit = simple["mu"] or simple["hu"] or ""
    return f"{written}{simple['s'] if unit else ''}{_unit(unit, value)}", None


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
