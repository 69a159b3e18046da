"""The typed tree of a post: Document -> Log -> Entry (recursive).

Every node carries its source position; every duration is an exact
:class:`~fractions.Fraction` of hours. ``to_json`` gives the form described by
``schema/arena-log.schema.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .durations import exact_string
from .span import Span as Span  # re-exported: the position type of every node

if TYPE_CHECKING:
    from .directives import Directive

Kind = Literal["chapter", "exercise", "other"]
#: Where a log's total is written: above its entries, below them, as its last item.
TotalPlace = Literal["above", "below", "last item"]
#: How a log writes its chapters: as list items, or as headings with lists under them.
Chapters = Literal["list", "headings"]
JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration as written (``text``) and its exact value in hours."""

    hours: Fraction
    text: str
    span: Span
    literal: bool = field(default=True, compare=False)
    """``span`` holds ``text`` as written; ``False`` when the source spells it with
    backslash escapes or entities (`2\\.5h`, `4&#50;.7`), so ``--fix`` leaves it alone."""

    def to_json(self) -> JSON:
        return {"hours": exact_string(self.hours), "text": self.text, "span": self.span.to_json()}


@dataclass(frozen=True, slots=True)
class DurationError:
    """A token shaped like a duration that cannot be read."""

    text: str
    reason: str
    span: Span

    def to_json(self) -> JSON:
        return {"text": self.text, "reason": self.reason, "span": self.span.to_json()}


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str
    span: Span

    def to_json(self) -> JSON:
        return {"text": self.text, "url": self.url, "span": self.span.to_json()}


@dataclass(frozen=True, slots=True)
class Entry:
    """One list item of a log: timed, skipped, or untimed (with children)."""

    span: Span
    """The item's first paragraph: where its text starts and ends."""
    duration: Duration | None = None
    duration_error: DurationError | None = None
    skipped: bool = False
    kind: Kind = "other"
    number: str | None = None
    """As written, whole: `3`, `3.10`, `3.1a`, `A.1`."""
    title: str | None = None
    url: str | None = None
    links: tuple[Link, ...] = ()
    notes: tuple[str, ...] = ()
    children: tuple[Entry, ...] = ()
    unlinked: tuple[Link, ...] = ()
    """Text written like a link that CommonMark does not read as one
    (`[notes](https://x.example/my notes)`: a space in the address)."""

    @property
    def number_key(self) -> NumberKey | None:
        return number_key(self.number) if self.number else None

    def hours(self) -> Fraction | None:
        """Time this entry stands for: stated, zero if skipped, else its children's sum.

        ``None`` when it cannot be known (unreadable or missing durations).
        """
        if self.duration is not None:
            return self.duration.hours
        if self.skipped:
            return Fraction(0)
        if self.duration_error is not None:
            return None
        return sum_hours(self.children)

    def to_json(self) -> JSON:
        return {
            "span": self.span.to_json(),
            "duration": self.duration.to_json() if self.duration else None,
            "duration_error": self.duration_error.to_json() if self.duration_error else None,
            "skipped": self.skipped,
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "url": self.url,
            "links": [link.to_json() for link in self.links],
            "notes": list(self.notes),
            "children": [child.to_json() for child in self.children],
        }


#: A number's parts in natural order: digits by value, then a letter suffix;
#: a letter part (appendix `A.1`) after every digit part.
NumberKey = tuple[tuple[int, int, str], ...]


@lru_cache(maxsize=65536)
def number_key(number: str) -> NumberKey:
    """Natural order of chapter and exercise numbers: 3.1 < 3.1a < 3.1b < 3.10 < A.1."""
    key = []
    for part in number.split("."):
        if part.isdecimal():  # the common case: digits only (int() reads any of them)
            key.append((0, int(part), ""))
            continue
        digits = part.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if digits:
            key.append((0, int(digits), part[len(digits) :].lower()))
        else:
            key.append((1, 0, part.upper()))
    return tuple(key)


def sum_hours(entries: tuple[Entry, ...]) -> Fraction | None:
    """The time of ``entries`` together.

    ``None`` when none of them has a time (nothing to compare) or when one of
    them has a time that cannot be known (comparing would mislead).
    """
    values = []
    known = False
    for entry in entries:
        hours = entry.hours()
        if hours is None:
            return None
        known = known or not entry.skipped
        values.append(hours)
    return exact_sum(values) if known else None


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """``sum(values, Fraction(0))``, three to five times faster on a log's figures.

    Each Fraction addition reduces by a gcd and builds a Fraction; a log's
    durations share a few small denominators (halves, tenths, sixtieths), so
    the numerators are added as integers over their least common multiple and
    the sum is reduced once. Exact all the same.
    """
    numerator, denominator = 0, 1
    for value in values:
        part = value.denominator
        if denominator % part:  # widen to the least common multiple
            widen = part // gcd(denominator, part)
            numerator *= widen
            denominator *= widen
        numerator += value.numerator * (denominator // part)
    return Fraction(numerator, denominator)


def _depth_first(roots: tuple[Entry, ...]) -> tuple[Entry, ...]:
    found: list[Entry] = []
    stack = list(reversed(roots))
    while stack:
        entry = stack.pop()
        found.append(entry)
        stack.extend(reversed(entry.children))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Total:
    """The `Total Hours: 42.7` line that opens a log."""

    span: Span
    """The line's text."""
    duration: Duration | None
    duration_error: DurationError | None

    def to_json(self) -> JSON:
        return {
            "span": self.span.to_json(),
            "duration": self.duration.to_json() if self.duration else None,
            "duration_error": self.duration_error.to_json() if self.duration_error else None,
        }


class Shape(NamedTuple):
    """How a log is written, as the parser read it (so rules, ``--fix`` and
    ``--dump-tree`` see the same log)."""

    total: TotalPlace | None = "above"
    """Where its total line is; ``None`` without one."""
    chapters: Chapters = "list"
    parts: tuple[int, ...] = ()
    """The first line of each list (or chapter heading) read into it: more than
    one list when a change of bullet or a comment split it for CommonMark."""

    def to_json(self) -> JSON:
        return {"total": self.total, "chapters": self.chapters, "parts": list(self.parts)}


#: A list under a total line: the shape of the seed's log.
LIST_UNDER_TOTAL = Shape()


@dataclass(frozen=True, slots=True)
class Log:
    """A total line (optional) and the entries it sums: a list, or chapter
    headings with lists under them."""

    span: Span
    """The first line of its entries."""
    total: Total | None
    entries: tuple[Entry, ...]
    notes: tuple[str, ...]
    shape: Shape = LIST_UNDER_TOTAL
    restated: Total | None = None
    """A second total line right under a log that has one above it."""
    doubt: str | None = None
    """Why the reading may not be the author's (a timed list that may continue
    it); ``--fix`` then leaves the log alone and says why."""
    _flat: tuple[Entry, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every rule walks the log; flattening it once is cheaper than nested generators.
        object.__setattr__(self, "_flat", _depth_first(self.entries))

    def walk(self) -> Iterator[Entry]:
        """Every entry, depth first."""
        return iter(self._flat)

    def parents(self) -> Iterator[tuple[Entry | None, tuple[Entry, ...]]]:
        """Each group of siblings with its parent entry (``None`` for the top level)."""
        yield None, self.entries
        for entry in self.walk():
            if entry.children:
                yield entry, entry.children

    def to_json(self) -> JSON:
        return {
            "span": self.span.to_json(),
            "total": self.total.to_json() if self.total else None,
            "shape": self.shape.to_json(),
            "restated": self.restated.to_json() if self.restated else None,
            "doubt": self.doubt,
            "entries": [entry.to_json() for entry in self.entries],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class FrontMatterError:
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Front matter: its JSON-ready data, or the error that kept it from parsing."""

    format: Literal["yaml", "toml"]
    span: Span
    data: Any
    """Dates as ISO strings; ``None`` when ``error`` is set."""
    error: FrontMatterError | None
    key_spans: Mapping[tuple[str | int, ...], Span]
    """Where each key (by JSON path) is written, for placing schema errors."""
    template: bool = False
    """A template's front matter (a Hugo archetype: ``title: {{ .Name }}``), not a
    post's: neither parsed nor checked (``data`` is ``None``)."""


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    front_matter: FrontMatter | None
    logs: tuple[Log, ...]
    lines: list[str]
    """The source lines (LF-normalised), for rules that look at raw text."""
    directives: tuple[Directive, ...] = ()
    """Suppression comments, in the order they are written."""
    unparsed: Span | None = None
    """Where Markdown nesting too deep to parse safely begins; nothing from there
    to the end of that block was read."""
    tables: tuple[Span, ...] = ()
    """Tables that read as logs (a total row, timed chapters): reported, not read."""

    def to_json(self) -> JSON:
        front_matter = self.front_matter
        return {
            "path": self.path,
            "front_matter": (
                front_matter.data
                if front_matter is not None and front_matter.error is None
                else None
            ),
            "logs": [log.to_json() for log in self.logs],
        }


# -- hours: one meaning, used by the job summary, `report` and the messages ----------
#
# *stated*: the figure written on a line (a total, a chapter, an exercise).
# *computed*: the sum of the leaves below it (a skipped item counts as 0); what
# `--fix` (believing the leaves) would make the stated figure.


def computed_hours(entry: Entry) -> Fraction:
    """An entry's hours computed from its leaves.

    A stated entry with an untimed part keeps its own figure (its parts are
    incomplete); an unknown time counts as zero.
    """
    if entry.skipped:
        return Fraction(0)
    parts = [child for child in entry.children if not child.skipped]
    timed = [child for child in parts if child.duration is not None or child.children]
    if timed and not (len(timed) < len(parts) and entry.duration is not None):
        return exact_sum(computed_hours(child) for child in timed)
    return entry.duration.hours if entry.duration is not None else Fraction(0)


class LogHours(NamedTuple):
    """A log's hours, as a run reports them: the total as stated (``None``: no
    readable total line) and as computed from its leaves (:func:`computed_hours`)."""

    line: int
    stated: Fraction | None
    computed: Fraction


def log_hours(log: Log) -> tuple[Fraction | None, Fraction]:
    """A log's stated total (``None`` without a readable one) and its computed hours."""
    stated = log.total.duration.hours if log.total and log.total.duration else None
    return stated, exact_sum(computed_hours(entry) for entry in log.entries)
