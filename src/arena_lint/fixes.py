"""``--fix``: apply the edits that findings carry, pass after pass, until none is left.

Edits are made on the text as it was read (BOM and line endings included), so
every byte outside an edited span is kept. The caller writes the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import atomic
from .api import FileResult, lint_path_error, lint_source
from .diagnostics import Diagnostic, Edit
from .durations import rewrite, style
from .settings import Settings, SettingsSource
from .source import ReadError, Source, decode_text, is_stdin, read_bytes

#: A fix can make a parent wrong (the total after a chapter); a few passes settle it.
MAX_PASSES = 10
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Fixed:
    text: str
    """The repaired text, as read but for the edits."""
    fixed: int
    """How many places were edited."""
    diagnostics: list[Diagnostic]
    """What remains, found on the repaired text."""


def fix_text(text: str, path: str, settings: Settings) -> Fixed:
    """Repair ``text`` (as decoded from the file, BOM and all) as far as it can be proved."""
    originals: dict[tuple[int, int], str] = {}  # place -> the token first found there
    for _ in range(MAX_PASSES):
        source = Source.from_text(text, path)
        diagnostics = lint_source(source, settings)
        edits = _disjoint(
            edit for item in diagnostics if settings.is_fixable(item.rule) for edit in item.fix
        )
        if not edits:
            break
        edits = [_in_first_style(edit, source, originals) for edit in edits]
        text = apply(text, edits)
    else:
        diagnostics = lint_source(Source.from_text(text, path), settings)
    return Fixed(text, len(originals), diagnostics)


def _in_first_style(edit: Edit, source: Source, originals: dict[tuple[int, int], str]) -> Edit:
    """Record what ``edit`` replaces; a number edited before is written in its first style.

    A parent can be rewritten in one pass from a part that the same pass fixes;
    without this, its second rewrite would copy the first one's style (``2h`` ->
    ``1.75h`` -> ``2.00h``) instead of the writer's (``2h``).
    """
    place = (edit.span.line, edit.span.column)
    line = source.lines[edit.span.line - 1]
    first = originals.setdefault(place, line[edit.span.column - 1 : edit.span.end_column - 1])
    if edit.hours is None:
        return edit
    text, _ = rewrite(first, edit.hours, minutes_style=_minutes_style(edit))
    return Edit(edit.span, text, edit.hours) if text is not None else edit


def _minutes_style(edit: Edit) -> bool:
    """Whether the edit's own text chose minutes for part hours (the rule saw the log)."""
    return bool(style(edit.text).get("fraction") == "minutes")


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` (disjoint, single-line) made; positions are those of
    :class:`~arena_lint.source.Source`, which drops a BOM and reads any line ending."""
    starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
    bom = 1 if text.startswith("\ufeff") else 0
    pieces = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.column)):
        base = starts[edit.span.line - 1] + (bom if edit.span.line == 1 else 0)
        start = base + edit.span.column - 1
        end = base + edit.span.end_column - 1
        pieces.append(text[position:start])
        pieces.append(edit.text)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _disjoint(edits: Iterable[Edit]) -> list[Edit]:
    """The edits of one pass, dropping any that overlaps one already taken."""
    taken: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.column)):
        last = taken[-1] if taken else None
        if (
            last is not None
            and last.span.line == edit.span.line
            and (
                edit.span.column < last.span.end_column
                or edit.span.column == last.span.column  # two insertions at one place
            )
        ):
            continue
        taken.append(edit)
    return taken


@dataclass(frozen=True, slots=True)
class FileFix:
    """What ``--fix`` (or ``--diff``) did to one file."""

    result: FileResult
    """The findings that remain, on the repaired text."""
    before: str
    after: str
    fixed: int
    conflict: bool = False
    """The file changed on disk while it was being checked: it was not written."""


def fix_path(path: str, settings: Settings | SettingsSource, *, write: bool) -> FileFix:
    """Repair one file; with ``write``, replace it atomically when its text changed."""
    settings = settings.settings_for(path)
    try:
        data = read_bytes(path)
        before = decode_text(data)
    except ReadError as error:
        return FileFix(lint_path_error(path, str(error)), "", "", 0)
    fixed = fix_text(before, path, settings)
    result = FileResult(path, fixed.diagnostics)
    if not write or is_stdin(path) or fixed.text == before:
        return FileFix(result, before, fixed.text, fixed.fixed)
    try:
        if read_bytes(path) != data:
            return FileFix(result, before, fixed.text, 0, conflict=True)
        atomic.write_bytes(Path(path), fixed.text.encode("utf-8"))
    except (ReadError, OSError):
        return FileFix(result, before, fixed.text, 0, conflict=True)
    return FileFix(result, before, fixed.text, fixed.fixed)
