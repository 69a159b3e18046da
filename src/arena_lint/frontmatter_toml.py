"""The TOML front matter reader: tomllib's errors placed at their line, and the
line of every key and table written (for placing schema errors).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from .frontmatter_data import (
    MAX_FLOW_DEPTH,
    KeyPath,
    error_at,
    json_front_matter,
    line_column,
    too_deep_at,
)
from .model import FrontMatter, Span

_TOML_POSITION = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)")
_TOML_TABLE = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]")
_TOML_KEY = re.compile(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def parse_toml(body: str, span: Span, lines: list[str]) -> FrontMatter:
    """The front matter in ``body`` (its ``lines``), or the error at the line it is on."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    deep = too_deep_at(body)
    if deep is not None:
        line, column = line_column(body, deep)
        message = f"TOML nested more than {MAX_FLOW_DEPTH} levels deep"
        return error_at("toml", span, message, line, column)
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position is not None and position[1]:
            line, column = int(position[1]) - 1, int(position[2]) - 1
        elif lines:  # "(at end of document)"
            line, column = len(lines) - 1, len(lines[-1])
        else:
            line, column = 0, 0
        message = _TOML_POSITION.sub("", message).strip()
        return error_at("toml", span, f"TOML error: {message}", line, column)
    except (ValueError, OverflowError, RecursionError) as error:
        # A well-formed value that cannot be built (an integer of thousands of
        # digits); tomllib gives no position, so find the first line that fails.
        line = _first_failing_line(lines, tomllib.loads, tomllib.TOMLDecodeError)
        key = _TOML_KEY.match(lines[line]) if line < len(lines) else None
        name = f"`{key[1].strip(chr(34))}`: " if key is not None else ""
        reason = str(error) or type(error).__name__
        return error_at(
            "toml",
            span,
            f"TOML error: {name}cannot read the value: {reason}",
            line,
            key.start(1) if key is not None else 0,
        )
    return json_front_matter("toml", span, data, _toml_key_spans(lines, span.line + 1), lines)


def _toml_key_spans(lines: list[str], first_line: int) -> dict[KeyPath, Span]:
    """Where each key and table is written (by JSON path), for placing schema errors.

    Keys under a ``[table]`` header are paths inside it; an array of tables
    (``[[name]]``) places its keys at the array, for want of the item's index.
    """
    spans: dict[KeyPath, Span] = {}
    table: KeyPath = ()
    for index, text in enumerate(lines):
        line = first_line + index
        header = _TOML_TABLE.match(text)
        if header is not None:
            table = tuple(part.strip().strip('"') for part in header[2].split("."))
            start = header.start(2) + 1
            spans.setdefault(table, Span(line, start, line, start + len(header[2])))
            continue
        key = _TOML_KEY.match(text)
        if key is not None:
            name = key[1].strip('"')
            spans.setdefault((*table, name), Span(line, key.start(1) + 1, line, key.end(1) + 1))
    return spans


def _first_failing_line(
    lines: list[str], loads: Callable[[str], object], decode_error: type[Exception]
) -> int:
    """The 0-based line whose value makes ``loads`` fail other than by a syntax error.

    tomllib reads top to bottom, so the failure happens for every prefix that
    holds that line whole: a binary search finds it.
    """
    low, high = 0, len(lines)  # the prefix of ``high`` lines fails
    while low < high:
        middle = (low + high) // 2
        try:
            loads("\n".join(lines[: middle + 1]))
        except decode_error:
            low = middle + 1
        except Exception:
            high = middle
        else:
            low = middle + 1
    return min(low, max(len(lines) - 1, 0))
