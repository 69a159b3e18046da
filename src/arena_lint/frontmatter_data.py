"""What both front matter readers share: an error placed at a line of the
block, the limit on nesting, and the data made JSON-ready (dates as ISO
strings, so it can be checked against a JSON Schema) with the line of each key.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Literal

from .model import FrontMatter, FrontMatterError, Span

#: Deeper flow nesting (`[[[...`) is refused before parsing: libyaml's composer
#: recurses in C, and no front matter needs it.
MAX_FLOW_DEPTH = 100
_BRACKETS = re.compile(r"[\[\]{}]")

KeyPath = tuple[str | int, ...]


def error_at(
    kind: Literal["yaml", "toml"], span: Span, message: str, line: int = 0, column: int = 0
) -> FrontMatter:
    """An error ``line`` lines into the front matter body (0-based), at ``column``."""
    at = Span(span.line + 1 + line, column + 1, span.line + 1 + line, column + 2)
    return FrontMatter(kind, span, None, FrontMatterError(message, at), {})


def path_label(path: KeyPath) -> str:
    """``title``-style prefix naming where a value is, or nothing at the top."""
    if not path:
        return ""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return f"`{shorten(text.lstrip('.'))}`: "


def shorten(text: str, limit: int = 40) -> str:
    """``text``, cut in the middle when long: a message quotes values from the input."""
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"


def too_deep_at(text: str) -> int | None:
    """Where flow brackets first nest deeper than :data:`MAX_FLOW_DEPTH`, or ``None``.

    Quoted brackets count too: a safe overestimate.
    """
    if "[" not in text and "{" not in text:
        return None
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match[0] in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            return match.start()
    return None


def line_column(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


#: Beyond this many bits an integer has more digits than Python will print
#: (``sys.get_int_max_str_digits``): a hexadecimal literal can build one.
MAX_INT_BITS = 14_000


class _Invalid(Exception):
    def __init__(self, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.path = path


def json_front_matter(
    kind: Literal["yaml", "toml"],
    span: Span,
    data: dict[Any, Any],
    key_spans: dict[KeyPath, Span],
    lines: list[str] | None = None,
) -> FrontMatter:
    """``data`` as JSON-ready front matter, or the error at the value that cannot be."""
    try:
        return FrontMatter(kind, span, _to_json(data, ()), None, key_spans)
    except _Invalid as error:
        where = _locate(key_spans, error.path, lines or [], span.line + 1)
        label = path_label(error.path)
        message = f"{kind.upper()} error: {label}{error}"
        if where is None:
            return error_at(kind, span, message)
        return FrontMatter(kind, span, None, FrontMatterError(message, where), {})


def _locate(
    key_spans: dict[KeyPath, Span], path: KeyPath, lines: list[str], first_line: int
) -> Span | None:
    """Where the value at ``path`` is written.

    TOML's spans name only top-level keys; a nested one (a dotted key, a table
    header) is found as the first line that writes its last key.
    """
    exact = key_spans.get(path)
    if exact is not None:
        return exact
    names = [part for part in path if isinstance(part, str)]
    if lines and names:
        for index, text in enumerate(lines):
            column = text.find(names[-1])
            if column >= 0:
                line = first_line + index
                return Span(line, column + 1, line, column + 1 + len(names[-1]))
    for length in range(len(path) - 1, 0, -1):
        found = key_spans.get(path[:length])
        if found is not None:
            return found
    return None


def _to_json(value: Any, path: KeyPath) -> Any:
    """JSON-ready data: dates as ISO strings, keys as strings, sets as lists.

    Raises :class:`_Invalid` for nesting deeper than :data:`MAX_FLOW_DEPTH`
    (TOML's dotted keys and table headers nest without brackets) and for an
    integer too long to print.
    """
    if len(path) > MAX_FLOW_DEPTH:
        raise _Invalid(path[:MAX_FLOW_DEPTH], f"nested more than {MAX_FLOW_DEPTH} levels deep")
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            name = str(_to_json(key, path))
            result[name] = _to_json(item, (*path, name))
        return result
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_to_json(item, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise _Invalid(path, f"integer of {value.bit_length()} bits is too large")
    return value
