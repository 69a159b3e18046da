"""A course outline: the chapters and exercises a study log is planned against.

The outline is a TOML file (``schema/course-outline.schema.json``) that the
configuration names (``outline``, ``outlines``)::

    course = "ARENA 2.0"
    [[chapters]]
    number = "0"
    title = "Fundamentals"
    link = "https://arena-ch0-fundamentals.streamlit.app/"
    hours = 10
    [[chapters.exercises]]
    number = "0.1"
    title = "Ray Tracing"
    hours = 2.5

It comes with the pull request like the posts, so it is read as untrusted
input: at most :data:`MAX_OUTLINE_BYTES`, only inside the repository, and any
problem is one :class:`~arena_lint.config.ConfigError` line ``path:line:
message`` (exit 2), never a traceback. Planned hours are exact: TOML floats
are read as decimals (``2.3`` is 23/10 hours), a string is read by the one
duration grammar (``"1h30m"``).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config_files import ConfigError
from .model import NumberKey, number_key

if TYPE_CHECKING:
    from decimal import Decimal

# decimal, tomllib and jsonschema are imported when an outline is read: the rules
# import this module on every run with a log, outline or none.

#: An outline file larger than this is not read: a course of a thousand
#: exercises takes less than a tenth of it.
MAX_OUTLINE_BYTES = 1_000_000
OUTLINE_SCHEMA = "course-outline.schema.json"
#: Digits a planned figure may have (as durations.MAX_DIGITS for a log's).
_MAX_DIGITS = 30


@dataclass(frozen=True, slots=True)
class Planned:
    """One chapter or exercise of a course outline."""

    number: str
    """As written in the outline: ``"0"``, ``"0.2"``."""
    title: str
    link: str | None
    hours: Fraction | None
    """Planned hours, exact; ``None`` when the outline gives none."""
    line: int
    """1-based line in the outline file, for messages."""
    children: tuple[Planned, ...] = ()
    """A chapter's exercises."""


@dataclass(frozen=True, slots=True)
class Outline:
    """A course's chapters (each with its exercises), read from ``path``."""

    path: str
    """As configured, for messages."""
    name: str
    """The course's name."""
    chapters: tuple[Planned, ...]
    _index: dict[NumberKey, tuple[Planned, Planned | None]] = field(
        init=False, repr=False, compare=False
    )
    """Number -> (chapter or exercise, its chapter): the rules look up every
    entry of every post, and an outline may hold thousands of exercises. Numbers
    are read whole, as a log's are: ``01`` is ``1``, ``a.1`` is ``A.1``."""

    def __post_init__(self) -> None:
        index: dict[NumberKey, tuple[Planned, Planned | None]] = {}
        for chapter in self.chapters:
            index.setdefault(number_key(chapter.number), (chapter, None))
            for exercise in chapter.children:
                index.setdefault(number_key(exercise.number), (exercise, chapter))
        object.__setattr__(self, "_index", index)

    def get(self, number: str) -> Planned | None:
        """The chapter or exercise numbered ``number`` (read whole), if the outline has it."""
        found = self._index.get(number_key(number)) if number else None
        return found[0] if found is not None else None

    def parent_of(self, number: str) -> Planned | None:
        """The chapter the exercise numbered ``number`` belongs to (``None`` for
        a chapter or a number the outline does not have)."""
        found = self._index.get(number_key(number)) if number else None
        return found[1] if found is not None else None

    def planned_hours(self) -> Fraction | None:
        """The course's planned hours: each chapter's own, else the sum of its
        exercises' planned hours; ``None`` when nothing is planned at all."""
        total: Fraction | None = None
        for chapter in self.chapters:
            hours = chapter.hours if chapter.hours is not None else _children_hours(chapter)
            if hours is not None:
                total = hours if total is None else total + hours
        return total

    def walk(self) -> tuple[Planned, ...]:
        """Every chapter, each followed by its exercises, in the outline's order."""
        return tuple(item for chapter in self.chapters for item in (chapter, *chapter.children))


def _children_hours(chapter: Planned) -> Fraction | None:
    planned = [child.hours for child in chapter.children if child.hours is not None]
    return sum(planned, Fraction(0)) if planned else None


def load_outline(path: Path, *, root: Path | None) -> Outline:
    """The outline in ``path``; :class:`ConfigError` (one line) for any problem.

    ``root`` is the repository the file must be inside (symlinks resolved); ``None``
    when the user named the file on the command line, which is theirs to choose.
    """
    shown = str(path)
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        raise ConfigError(
            f"{shown}: is outside the repository ({root}); an outline must be inside it"
        )
    text = _read_text(path, shown)
    data = _parse(text, shown)
    lines = _Lines(text)
    _validate(data, shown, lines)
    chapters = tuple(_chapter(item, shown, lines) for item in data["chapters"])
    _check_numbers(chapters, shown, lines)
    return Outline(shown, data["course"], chapters)


def _read_text(path: Path, shown: str) -> str:
    import stat

    try:
        # O_NONBLOCK: opening a FIFO planted in a pull request must not hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ConfigError(f"{shown}: cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ConfigError(f"{shown}: is not a regular file; not read")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_OUTLINE_BYTES + 1)
        except OSError as error:
            raise ConfigError(f"{shown}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_OUTLINE_BYTES:
        raise ConfigError(f"{shown}: larger than {MAX_OUTLINE_BYTES:,} bytes; not read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{shown}: not UTF-8 text (byte {error.start})") from None


def _decimal(text: str) -> Decimal:
    """A TOML float, exactly; ``inf``, ``nan`` and absurd figures are refused here."""
    from decimal import Decimal

    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(f"{text} is not a number of hours")
    digits = value.as_tuple()
    if len(digits.digits) > _MAX_DIGITS or abs(int(digits.exponent)) > _MAX_DIGITS:
        raise ValueError(f"{text[:40]} has too many digits")
    return value


def _parse(text: str, shown: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        table: dict[str, Any] = tomllib.loads(text, parse_float=_decimal)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: not valid TOML: {_one_line(str(error))}") from None
    except RecursionError:
        raise ConfigError(f"{shown}: not valid TOML arena-lint reads: nested too deeply") from None
    except ValueError as error:
        # _decimal's refusals, and Python's bound on the digits of an integer.
        message = _one_line(str(error).split(";")[0])
        raise ConfigError(f"{shown}: not valid TOML arena-lint reads: {message}") from None
    return table


class _Lines:
    """Where each chapter and exercise is written: the line of its ``number``."""

    _NUMBER = re.compile(r"""(?:^|[{,\s])number\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')""")

    def __init__(self, text: str) -> None:
        self.by_number: dict[str, list[int]] = {}
        for index, line in enumerate(text.split("\n"), start=1):
            for match in self._NUMBER.finditer(line):
                number = match[1] if match[1] is not None else match[2]
                self.by_number.setdefault(number, []).append(index)

    def of(self, item: Any, nth: int = 0) -> int:
        """The line of ``item``'s number (its ``nth`` appearance); 1 when not found."""
        number = item.get("number") if isinstance(item, dict) else None
        found = self.by_number.get(number, []) if isinstance(number, str) else []
        return found[nth] if nth < len(found) else found[0] if found else 1


def _validate(data: dict[str, Any], shown: str, lines: _Lines) -> None:
    from jsonschema import Draft202012Validator

    from . import schema_check

    validator = schema_check.validator(OUTLINE_SCHEMA)
    assert isinstance(validator, Draft202012Validator)
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    except RecursionError:  # pragma: no cover - tomllib refuses deeper nesting first
        raise ConfigError(f"{shown}: nested too deeply for an outline") from None
    for error in errors:
        path = tuple(error.absolute_path)
        line = lines.of(_deepest_item(data, path))
        where = schema_check.json_path(path)
        if error.validator == "additionalProperties":
            allowed = ", ".join(error.schema.get("properties", {}))
            unknown = ", ".join(
                f"'{key}'" for key in error.instance if key not in error.schema["properties"]
            )
            message = f"unknown key {unknown} (at {where}); expected one of: {allowed}"
        elif error.validator == "anyOf" and error.schema.get("description"):
            message = f"{_shown_value(error.instance)} is not valid (at {where}); expected " + (
                error.schema["description"][0].lower() + error.schema["description"][1:]
            ).rstrip(".")
        else:
            said = error.message
            if type(error.instance).__name__ == "Decimal":  # "Decimal('-1') is less than ..."
                said = said.replace(repr(error.instance), str(error.instance))
            message = f"{said} (at {where})"
        raise ConfigError(f"{shown}:{line}: {_one_line(message)}")


def _deepest_item(data: Any, path: tuple[Any, ...]) -> Any:
    """The deepest chapter or exercise on ``path``, or ``None``."""
    found = None
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict):
            found = node
    return found


def _chapter(item: dict[str, Any], shown: str, lines: _Lines) -> Planned:
    exercises = tuple(_planned(child, shown, lines) for child in item.get("exercises", ()))
    return _planned(item, shown, lines, exercises)


def _planned(
    item: dict[str, Any], shown: str, lines: _Lines, children: tuple[Planned, ...] = ()
) -> Planned:
    line = lines.of(item)
    hours = _hours(item.get("hours"), f"{shown}:{line}", item["number"])
    return Planned(item["number"], item["title"], item.get("link"), hours, line, children)


def _hours(value: Any, where: str, number: str) -> Fraction | None:
    """Planned hours as a Fraction (the schema let through a number or a string)."""
    if value is None:
        return None
    if isinstance(value, str):
        from .durations import scan, why_unreadable

        token = scan(value)
        # A log's `0h` is refused (write `skipped`); a plan of 0h is as `hours = 0`.
        zero = token is not None and (token.error or "").startswith("is zero")
        if zero and token is not None and token.end == len(value):
            return Fraction(0)
        if token is None or token.hours is None or token.end != len(value):
            why = why_unreadable(value)  # the grammar's own reason, as a post gets it
            raise ConfigError(
                f"{where}: hours of {number}: {_shown_value(value)} "
                + (why or "is not a duration")
                + '; expected a number of hours (2.5) or a duration such as "1h30m"'
            )
        if token.hours < 0:
            raise ConfigError(f"{where}: hours of {number}: {_shown_value(value)} is negative")
        return token.hours
    return Fraction(value)


def _check_numbers(chapters: tuple[Planned, ...], shown: str, lines: _Lines) -> None:
    """Each number once (read whole: ``01`` is ``1``); each exercise's number
    starts with its chapter's."""
    seen: dict[NumberKey, Planned] = {}
    for chapter in chapters:
        for item in (chapter, *chapter.children):
            key = number_key(item.number)
            first = seen.get(key)
            if first is not None:
                same = first.number == item.number
                again = lines.of({"number": item.number}, 1) if same else item.line
                raise ConfigError(
                    f"{shown}:{again}: number {item.number!r} appears twice "
                    f"(first at line {first.line})"
                )
            seen[key] = item
            under = key[: len(number_key(chapter.number))] == number_key(chapter.number)
            if item is not chapter and not (under and len(key) > len(number_key(chapter.number))):
                raise ConfigError(
                    f"{shown}:{item.line}: exercise {item.number!r} is not numbered under "
                    f"its chapter {chapter.number!r} (expected {chapter.number}.<n>)"
                )


def _shown_value(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(text: str) -> str:
    """``text`` on one line, at most 400 characters: a value may be megabytes long."""
    text = " ".join(text.split())
    return text if len(text) <= 400 else text[:397] + "..."
