"""A quick proof that a pyproject.toml is valid TOML, for the common simple file.

:func:`arena_lint.config.find` skips parsing a pyproject.toml that cannot name
``[tool.arena-lint]``, to spare the TOML parser's import on most starts. A file
that is not valid TOML must still stop the run with its error, as the full
reading does; so the file is skipped only when :func:`surely_valid` proves it
valid. It accepts a small subset of TOML (bare keys, table headers, one-line
strings without escapes, integers, booleans, arrays of strings, full-line
comments), each key and table defined once; anything else returns ``False`` and
is parsed in full. tests/test_same_behaviour.py checks against the TOML parser
that whatever it accepts parses.
"""

from __future__ import annotations

import re

_KEY = r"[A-Za-z0-9_-]+"
# A string without escapes, quotes or control characters (tab allowed).
_STRING = r"""(?:"[^"\\\x00-\x08\x0a-\x1f\x7f]*"|'[^'\x00-\x08\x0a-\x1f\x7f]*')"""
_VALUE = (
    rf"(?:{_STRING}|true|false|[+-]?(?:0|[1-9](?:_?[0-9])*)"
    rf"|\[[ \t]*(?:{_STRING}[ \t]*,[ \t]*)*(?:{_STRING}[ \t]*,?[ \t]*)?\])"
)
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?")
_HEADER = re.compile(rf"[ \t]*\[[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*\][ \t]*")
_PAIR = re.compile(rf"[ \t]*({_KEY})[ \t]*=[ \t]*(?:({_VALUE})|(\[))[ \t]*")
_ITEM = re.compile(rf"[ \t]*({_STRING})[ \t]*(,?)[ \t]*")
_CLOSE = re.compile(r"[ \t]*\][ \t]*")


def surely_valid(text: str) -> bool:
    """``True`` only when ``text`` is valid TOML (``False`` says nothing)."""
    tables: set[tuple[str, ...]] = {()}
    keys: set[tuple[str, ...]] = set()
    table: tuple[str, ...] = ()
    in_array = False  # inside a multi-line array of strings
    after_comma = True  # the array's next item may come
    for line in text.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        if "\r" in line:
            return False
        if in_array:
            item = _ITEM.fullmatch(line)
            if item is not None:
                if not after_comma:
                    return False
                after_comma = item[2] == ","
                continue
            if _CLOSE.fullmatch(line):
                in_array = False
                continue
            if _BLANK_OR_COMMENT.fullmatch(line):
                continue
            return False
        if _BLANK_OR_COMMENT.fullmatch(line):
            continue
        header = _HEADER.fullmatch(line)
        if header is not None:
            table = tuple(part.strip(" \t") for part in header[1].split("."))
            # Defined twice, or under a key holding a value: invalid (or too
            # subtle for this proof).
            if table in tables or any(table[:n] in keys for n in range(1, len(table) + 1)):
                return False
            tables.add(table)
            continue
        pair = _PAIR.fullmatch(line)
        if pair is None:
            return False
        key = (*table, pair[1])
        if key in keys or any(other[: len(key)] == key for other in tables):
            return False
        keys.add(key)
        if pair[3] is not None:
            in_array, after_comma = True, True
    return not in_array
