"""The tree of a repaired text, made from the tree of the text before the repair.

A ``--fix`` pass rewrites a few stated numbers in place (``101h`` -> ``100h``);
parsing a long log again for that costs as much as checking it. When every edit
of the pass replaces a duration the tree holds, written literally, by another
that Markdown cannot read in any other way, the new tree is the old one with
those durations replaced, the columns after them on their lines moved and the
links of their entries placed again. :func:`edited` returns ``None`` for
anything else, and the caller parses the text anew.

"Cannot read in any other way": the new and old numbers are made of digits,
letters, dots and inner spaces, start with a digit and end with a letter or a
digit (so no emphasis, entity, escape or link can begin, end or change around
them); something that is not markup precedes them on their line (the line's
block structure is untouched); what follows them is a space or the line's end,
then no digit that would make the duration read on (``3h`` + `` 5m``). The
duration read from the new text with what follows it must be exactly the edit.
A property test compares this tree with the parser's on generated logs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from .durations import scan
from .fixes import Edit
from .model import Document, Duration, Entry, Log, Span, Total
from .parser import locate

# A number as --fix writes it and as it may stand in the old text: `2.5h`, `1h30m`,
# `2 hours`, a bare `42.7` after `Total Hours:`.
_NUMBER = re.compile(r"\d(?:[0-9A-Za-z. \t]*[0-9A-Za-z])?")
# Characters that may start or hide markup before the number on its line.
_MARKUP_BEFORE = frozenset("[]`<>&\\")
# Markup a reader does not see between a number and what follows it.
_UNSEEN = " \t*_[>"
_BULLET = re.compile(r"[ \t>]*[-*+][ \t]")


class _Unsafe(Exception):
    """An edit the tree cannot follow: parse the text again."""


class _Place:
    """One edit, where it is and how far it moves what follows it on its line."""

    __slots__ = ("delta", "edit", "end", "line", "start", "used")

    def __init__(self, edit: Edit) -> None:
        self.edit = edit
        self.line = edit.span.line
        self.start = edit.span.column
        self.end = edit.span.end_column
        self.delta = len(edit.text) - (self.end - self.start)
        self.used = False


def edited(document: Document, edits: Sequence[Edit]) -> Document | None:
    """The tree of ``document``'s text with ``edits`` made, or ``None`` when only a
    new parse can tell it (see the module's docstring)."""
    try:
        return _Patch(document, edits).document()
    except _Unsafe:
        return None


class _Patch:
    def __init__(self, document: Document, edits: Sequence[Edit]) -> None:
        self.old = document.lines
        self.places: dict[int, _Place] = {}
        for edit in edits:
            span = edit.span
            if span.line != span.end_line or span.line in self.places:
                raise _Unsafe
            self.places[span.line] = _Place(edit)
        self.lines_edited = sorted(self.places)
        self.lines = list(document.lines)
        for place in self.places.values():
            self.lines[place.line - 1] = self._rewritten(place)
        self.source = document

    def _rewritten(self, place: _Place) -> str:
        if not 1 <= place.line <= len(self.old):
            raise _Unsafe
        line = self.old[place.line - 1]
        before, old = line[: place.start - 1], line[place.start - 1 : place.end - 1]
        after = line[place.end - 1 :]
        new = place.edit.text
        if (
            place.end > len(line) + 1
            or not _NUMBER.fullmatch(old)
            or not _NUMBER.fullmatch(new)
            or not before.strip()
            or not _MARKUP_BEFORE.isdisjoint(before)
            or (after and after[0] not in " \t")
        ):
            raise _Unsafe
        following = after.lstrip(_UNSEEN)
        if not following and place.line < len(self.old):
            # The paragraph may go on on the next line: what starts it must not read
            # on. A bullet and a space start a list item, or are read as themselves.
            next_line = self.old[place.line]
            following = "-" if _BULLET.match(next_line) else next_line.lstrip(_UNSEEN)
        if following and (following[0].isdigit() or following[0] in ".,`<&\\"):
            raise _Unsafe
        return f"{before}{new}{after}"

    def document(self) -> Document:
        document = self.source
        logs = document.logs
        starts = [_first_line(log) for log in logs]
        new_logs = []
        for index, log in enumerate(logs):
            last = starts[index + 1] - 1 if index + 1 < len(logs) else len(self.old)
            new_logs.append(self._log(log, starts[index], last))
        if not all(place.used for place in self.places.values()):
            raise _Unsafe  # an edit of something else than a duration of the tree
        front = document.front_matter
        if front is not None and self._touches(front.span.line, front.span.end_line):
            raise _Unsafe
        for directive in document.directives:
            span = directive.span
            # A comment over several lines (an unclosed `<!--` in a list item runs
            # on past the item) names what its text says, edited numbers included.
            if span.end_line > span.line and self._touches(span.line, span.end_line):
                raise _Unsafe
        directives = tuple(
            replace(directive, span=self._moved(directive.span))
            for directive in document.directives
        )
        return replace(document, logs=tuple(new_logs), lines=self.lines, directives=directives)

    # -- nodes ------------------------------------------------------------------

    def _log(self, log: Log, first: int, last: int) -> Log:
        if not self._touches(first, last):
            return log
        total = log.total
        if total is not None and total.span.line in self.places:
            total = self._total(total)
        entries = self._entries(log.entries, last)
        return replace(log, span=self._moved(log.span), total=total, entries=entries)

    def _total(self, total: Total) -> Total:
        place = self.places[total.span.line]
        duration = self._duration(total.duration, place, bare_hours=True)
        return replace(total, span=self._moved(total.span), duration=duration)

    def _entries(self, entries: tuple[Entry, ...], last: int) -> tuple[Entry, ...]:
        new: list[Entry] | None = None
        for index, entry in enumerate(entries):
            end = entries[index + 1].span.line - 1 if index + 1 < len(entries) else last
            if not self._touches(entry.span.line, end):
                continue
            if new is None:
                new = list(entries)
            new[index] = self._entry(entry, end)
        return tuple(new) if new is not None else entries

    def _entry(self, entry: Entry, last: int) -> Entry:
        span = entry.span
        children = self._entries(entry.children, last)
        if not self._touches(span.line, span.end_line):
            return replace(entry, children=children)
        place = self.places.get(span.line)
        if place is None or self._touches(span.line + 1, span.end_line):
            raise _Unsafe  # an edit on a later line of the entry's text
        duration = self._duration(entry.duration, place, bare_hours=False)
        # The parser finds a link by searching its address from the text's start:
        # search again in the new line (the number may have held the address).
        line, column, end = span.line - 1, span.column - 1, span.end_line - 1
        links = tuple(
            replace(link, span=self._locate(link.url, line, column, end)) for link in entry.links
        )
        unlinked = tuple(
            replace(link, span=self._locate(f"[{link.text}]({link.url})", line, column, end))
            for link in entry.unlinked
        )
        return replace(
            entry,
            span=self._moved(span),
            duration=duration,
            links=links,
            unlinked=unlinked,
            children=children,
        )

    def _duration(self, duration: Duration | None, place: _Place, *, bare_hours: bool) -> Duration:
        edit = place.edit
        if duration is None or duration.span != edit.span or not duration.literal:
            raise _Unsafe
        line = self.lines[place.line - 1]
        after = line[place.start - 1 + len(edit.text) :]
        was = scan(duration.text + after, bare_hours=bare_hours)
        token = scan(edit.text + after, bare_hours=bare_hours)
        if (
            was is None
            or token is None
            or was.text != duration.text
            or token.text != edit.text
            or token.hours is None
            or (edit.hours is not None and token.hours != edit.hours)
            or token.bare != was.bare
        ):
            raise _Unsafe
        place.used = True
        end = place.start + len(edit.text)
        return Duration(token.hours, edit.text, Span(place.line, place.start, place.line, end))

    # -- positions --------------------------------------------------------------

    def _touches(self, first: int, last: int) -> bool:
        """Whether an edited line lies in ``first``..``last``."""
        index = bisect_left(self.lines_edited, first)
        return index < len(self.lines_edited) and self.lines_edited[index] <= last

    def _moved(self, span: Span) -> Span:
        line, column, end_line, end_column = span.line, span.column, span.end_line, span.end_column
        place = self.places.get(line)
        if place is not None:
            if place.start < column < place.end:
                raise _Unsafe
            if column >= place.end:
                column += place.delta
        place = self.places.get(end_line)
        if place is not None:
            if place.start < end_column < place.end:
                raise _Unsafe
            if end_column >= place.end:
                end_column += place.delta
        if (column, end_column) == (span.column, span.end_column):
            return span
        return Span(line, column, end_line, end_column)

    def _locate(self, needle: str, line: int, column: int, last_line: int) -> Span:
        """As the parser places a link: the first ``needle`` from (line, column)."""
        return locate(self.lines, needle, line, column, last_line)


def _first_line(log: Log) -> int:
    return log.total.span.line if log.total is not None else log.span.line


__all__ = ["edited"]
