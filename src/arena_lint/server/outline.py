"""The sums of the tree as an editor shows them: hover, inlay hints, outline.

A node's ``children_sum`` is the sum of its children's hours as written (an
untimed child counts as the sum of its own children): what the line above
them should say. It is not :func:`arena_lint.model.computed_hours`, the sum of
the leaves that ``report`` and the job summary give.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from lsprotocol import types

from ..durations import format_hours
from ..model import Document, Entry, Log, Span, sum_hours
from .positions import Lines


@dataclass(frozen=True, slots=True)
class Node:
    """A total line or an entry, with what its hover and hint say."""

    label: str
    """``Total Hours``, ``Chapter 0``, ``exercise 0.2``, or the entry's title."""
    span: Span
    """Where the node is written (its first paragraph, or the total's line)."""
    anchor: Span | None
    """The stated duration, if any: the hint goes after it."""
    stated: Fraction | None
    children_sum: Fraction | None
    """The sum of its children's hours as written (``None``: no child with a time)."""
    log_total: Fraction | None
    """The log's total: stated, else the sum of its entries."""
    parts: str
    """What its children are called: chapters, exercises, entries."""


def nodes(document: Document) -> Iterator[Node]:
    """Every total and entry of every log, in text order."""
    for log in document.logs:
        total = log_total(log)
        if log.total is not None:
            duration = log.total.duration
            yield Node(
                "Total Hours",
                log.total.span,
                duration.span if duration else None,
                duration.hours if duration else None,
                sum_hours(log.entries),
                total,
                _parts(log.entries),
            )
        for entry in log.walk():
            yield Node(
                label(entry),
                entry.span,
                entry.duration.span if entry.duration else None,
                entry.duration.hours if entry.duration else None,
                sum_hours(entry.children) if entry.children else None,
                total,
                _parts(entry.children),
            )


def log_total(log: Log) -> Fraction | None:
    if log.total is not None and log.total.duration is not None:
        return log.total.duration.hours
    return sum_hours(log.entries)


def label(entry: Entry) -> str:
    if entry.kind == "chapter" and entry.number is not None:
        return f"Chapter {entry.number}"
    if entry.kind == "exercise" and entry.number is not None:
        return f"exercise {entry.number}"
    return entry.title or "entry"


def _parts(entries: tuple[Entry, ...]) -> str:
    kinds = {entry.kind for entry in entries if entry.duration is not None or entry.children}
    if kinds == {"chapter"}:
        return "chapters"
    if kinds == {"exercise"}:
        return "exercises"
    return "entries"


def node_at(document: Document, line: int) -> Node | None:
    """The innermost node written on 1-based ``line``."""
    found = None
    for node in nodes(document):
        if node.span.line <= line <= node.span.end_line:
            found = node  # text order: a later match is a child, written inside
    return found


def share(part: Fraction, whole: Fraction) -> str:
    """``part`` as a percentage of ``whole``, to one decimal (exact, rounded half even)."""
    tenths = round(part / whole * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


def hover_text(node: Node) -> str:
    """Markdown: stated, sum of the children, difference, share of the log's total."""
    rows = [f"**{node.label}**", ""]
    if node.stated is not None:
        rows.append(f"- stated: {format_hours(node.stated)}")
    if node.children_sum is not None:
        rows.append(f"- sum of its {node.parts}: {format_hours(node.children_sum)}")
        if node.stated is not None:
            difference = node.children_sum - node.stated
            rows.append(
                "- difference: "
                + ("none" if difference == 0 else format_hours(difference, signed=True))
            )
    own = node.stated if node.stated is not None else node.children_sum
    if own is not None and node.log_total and node.label != "Total Hours":
        rows.append(
            f"- share of the log's {format_hours(node.log_total)}: {share(own, node.log_total)}"
        )
    return "\n".join(rows)


def hint_label(node: Node) -> str:
    """``= 8.8h``; marked with the difference when it differs from the stated number."""
    assert node.children_sum is not None
    text = f"= {format_hours(node.children_sum)}"
    if node.stated is not None and node.stated != node.children_sum:
        text += f" ({format_hours(node.children_sum - node.stated, signed=True)})"
    return text


_SYMBOL_KINDS = {"chapter": types.SymbolKind.Module, "exercise": types.SymbolKind.Function}


def _entry_symbol(entry: Entry, lines: Lines) -> tuple[types.DocumentSymbol, Span]:
    """The outline of ``entry`` and where the last line below it ends: found on
    the way back up, so each entry is visited once."""
    children = []
    last = entry.span
    for child in entry.children:
        symbol, end = _entry_symbol(child, lines)
        children.append(symbol)
        if (end.end_line, end.end_column) > (last.end_line, last.end_column):
            last = end
    whole = Span(entry.span.line, entry.span.column, last.end_line, last.end_column)
    name = label(entry)
    if entry.kind != "other" and entry.title:
        name = f"{name}: {entry.title}"
    hours = entry.hours()
    if entry.skipped and entry.duration is None:
        detail: str | None = "skipped"  # its zero is no time spent, not a time written
    else:
        detail = format_hours(hours) if hours is not None else None
    symbol = types.DocumentSymbol(
        name=name,
        kind=_SYMBOL_KINDS.get(entry.kind, types.SymbolKind.String),
        range=lines.range(whole),
        selection_range=lines.range(entry.span),
        detail=detail,
        children=children,
    )
    return symbol, last


def symbols(document: Document, lines: Lines) -> list[types.DocumentSymbol]:
    """The outline: each log (its total line), its chapters, their exercises."""
    found = []
    for log in document.logs:
        children = [_entry_symbol(entry, lines)[0] for entry in log.entries]
        if not children:
            continue
        first = log.total.span if log.total is not None else log.span
        end = children[-1].range.end
        total = log_total(log)
        found.append(
            types.DocumentSymbol(
                name="Total Hours",
                kind=types.SymbolKind.Namespace,
                range=types.Range(lines.range(first).start, end),
                selection_range=lines.range(first),
                detail=format_hours(total) if total is not None else None,
                children=children,
            )
        )
    return found
