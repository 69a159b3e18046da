"""``--fix``: the edits of one pass, and applying them.

Edits are made on the text as it was read (BOM and line endings included), so
every byte outside an edited span is kept. The pass loop is part of the
pipeline (:func:`arena_lint.api.run`); the caller writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .diagnostics import Diagnostic
from .durations import rewrite, style
from .edits import Edit as Edit
from .settings import Settings
from .source import normalize

_NEWLINE = re.compile(r"\r\n|\r|\n")


def next_edits(
    diagnostics: list[Diagnostic],
    settings: Settings,
    text: str,
    originals: dict[tuple[int, int], str],
) -> list[Edit]:
    """The disjoint edits of the fixable findings, each number in the style first
    found at its place (``originals`` remembers it across passes)."""
    wanted = [edit for item in diagnostics if settings.is_fixable(item.rule) for edit in item.fix]
    edited = {edit.span for edit in wanted}
    # A sum whose parts are edited in this pass would be computed from their old
    # figures: it waits for the next pass.
    edits = _disjoint(edit for edit in wanted if not edited.intersection(edit.after))
    if not edits:
        return []
    lines = normalize(text).split("\n")
    return [_in_first_style(edit, lines, originals) for edit in edits]


def _in_first_style(edit: Edit, lines: list[str], originals: dict[tuple[int, int], str]) -> Edit:
    """Record what ``edit`` replaces; a number edited before is written in its first style.

    A parent can be rewritten in one pass from a part that the same pass fixes;
    without this, its second rewrite would copy the first one's style (``2h`` ->
    ``1.75h`` -> ``2.00h``) instead of the writer's (``2h``).
    """
    place = (edit.span.line, edit.span.column)
    line = lines[edit.span.line - 1]
    first = originals.setdefault(place, line[edit.span.column - 1 : edit.span.end_column - 1])
    if edit.hours is None:
        return edit
    # The rule saw the log: its text says whether whole hours are written bare (`2h`).
    bare_whole = style(edit.text).get("whole") == "N"
    text, _ = rewrite(first, edit.hours, minutes_style=_minutes_style(edit), bare_whole=bare_whole)
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
