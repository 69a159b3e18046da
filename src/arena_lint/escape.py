"""Making text from the input safe for each place it is printed: one module, pure functions.

Posts, file names and front matter come from whoever opened the pull request,
so a value from the input never reaches a terminal, a CI log, an XML file, a
spreadsheet or a JSON reader as it is:

- :func:`for_terminal` writes control characters, DEL, the bidirectional
  overrides and isolates (Trojan Source) and the line and paragraph separators
  as ``repr`` does (``\\n``, ``\\x1b``, ``\\u202e``); a byte of a non-UTF-8 file
  name (decoded by Python with ``surrogateescape``) is shown as the byte,
  ``\\xff``.
- :func:`for_log` also keeps a value from being read as a GitHub Actions
  workflow command: the runner takes any line that starts with ``::`` (after
  leading white space) and any line holding ``##[`` as a command.
- :func:`display_path` is a path for a terminal or a log, never a command.
- :func:`for_workflow_data` and :func:`for_workflow_property` escape the
  parts of a workflow command as the Actions toolkit does.
- :func:`for_xml`, :func:`xml_text` and :func:`xml_attribute` give text that is
  valid XML 1.0 and cannot close an attribute or open an element;
  :func:`xml_document` keeps a whole document from holding a workflow command.
- :func:`markdown_cell` is text for a cell of a Markdown table (job summary).
- :func:`for_csv` neutralises spreadsheet formulas as OWASP recommends.
- :func:`uri_path` percent-encodes a file name from its bytes.
- :func:`json_safe` and :func:`dumps_json` give JSON that is valid UTF-8 and
  prints no raw control or bidirectional character.

Backslashes are left as they are: escaping them too would make every Windows-
style name and every ``2\\.5h`` in a message harder to read, and the point here
is that nothing can be forged, not that every name can be told apart.
"""

from __future__ import annotations

import os
import re
from typing import Any

# The patterns below are compiled by re's own cache on first use, not when the
# module is imported: most runs print no finding and need none of them.

#: Bidirectional embeddings, overrides and isolates, and the invisible marks
#: that steer them (the characters of the Trojan Source paper).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# C0 controls, DEL, C1 controls, line/paragraph separators (some viewers break
# lines there), the bidi characters, and every surrogate: a lone one can only
# come from a name decoded with surrogateescape, and none can be encoded.
_UNSAFE = f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI}\ud800-\udfff]"

# What XML 1.0 forbids beyond that: U+FFFE and U+FFFF are not characters.
_NOT_XML = "[\ufffe\uffff]"

# Characters that may stand in a JSON string made with ensure_ascii=False but
# should not be printed raw; json.dumps has already escaped C0 controls.
_JSON_RAW = f"[\x7f-\x9f\u2028\u2029{BIDI}]"

_SURROGATES = "[\ud800-\udfff]"
_SURROGATE_BYTES = range(0xDC80, 0xDD00)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: Leading characters that make a spreadsheet read a cell as a formula
#: (OWASP "CSV Injection"), and their full-width forms, which some
#: spreadsheets fold to the ASCII ones.
CSV_FORMULA_START = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code in _SURROGATE_BYTES:
        return f"\\x{code - 0xDC00:02x}"  # the byte surrogateescape stood in for
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control, bidi and surrogate character escaped ``repr``-style.

    The result has no line break, no escape sequence, nothing that reorders
    the text around it, and can always be encoded as UTF-8.
    """
    if re.search(_UNSAFE, text) is None:  # the usual case: nothing to copy
        return text
    return re.sub(_UNSAFE, _escape_one, text)


def for_log(text: str, *, line_start: bool = False) -> str:
    """:func:`for_terminal`, and never a GitHub Actions workflow command.

    ``##[`` is read as a command anywhere in a line, ``::`` at its start (after
    white space): the first is always broken, the second when ``line_start``.
    """
    text = for_terminal(text)
    if "##[" in text:
        text = text.replace("##[", "##\\x5b")
    if line_start and text.lstrip().startswith("::"):
        head = len(text) - len(text.lstrip())
        text = text[:head] + "\\x3a" + text[head + 1 :]
    return text


def display_path(path: str) -> str:
    """A file name for a terminal or a CI log, wherever it stands in the line.

    A relative name that would begin with white space or ``::`` is written
    ``./name``: the same file, and no longer a workflow command.
    """
    shown = for_log(path)
    if shown[:1].isspace() or shown.startswith("::"):
        shown = "./" + shown
    return shown


def for_workflow_data(text: str) -> str:
    """The message of a workflow command (``::error …::message``).

    ``%``, CR and LF are percent-escaped as the Actions toolkit does (GitHub
    shows them decoded in the annotation); any other control character is
    escaped as :func:`for_terminal` does, so the log line stays one line.
    """
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return for_terminal(escaped)


def for_workflow_property(text: str) -> str:
    """A property value of a workflow command (``file=…``): also ``:`` and ``,``."""
    return for_workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def for_xml(text: str) -> str:
    """``text`` with only characters XML 1.0 allows (before entity escaping).

    Control characters and surrogates are written as :func:`for_terminal`
    does, so a name stays readable; U+FFFE and U+FFFF likewise.
    """
    text = for_terminal(text)
    if re.search(_NOT_XML, text) is not None:
        text = re.sub(_NOT_XML, lambda match: f"\\u{ord(match.group()):04x}", text)
    return text


def xml_text(text: str) -> str:
    """Element content for hand-written XML or SVG: valid, and no markup."""
    return for_xml(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(text: str) -> str:
    """An attribute value for hand-written XML or SVG, in either kind of quotes."""
    return xml_text(text).replace('"', "&quot;").replace("'", "&apos;")


_MARKDOWN = r"[\\|<>\[\]`*_~]"


def markdown_cell(text: str) -> str:
    """Text for a GitHub Markdown table cell: one line, no cell break, no HTML,
    no link, no code span, no emphasis or strikethrough (a backslash escapes the
    character in CommonMark)."""
    return re.sub(_MARKDOWN, lambda match: "\\" + match.group(), for_terminal(text))


def for_csv(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: a formula-like start gets a ``'``.

    Control characters are escaped first (the cell is also printed on a
    terminal, or in a CI log), so the prefix is decided on what is actually
    written.
    """
    cell = for_log(cell, line_start=True)
    if cell[:1] and cell[0] in CSV_FORMULA_START:
        return "'" + cell
    return cell


def uri_path(path: str) -> str:
    """A relative URI reference for ``path``: its bytes (``os.fsencode``),
    percent-encoded (RFC 3986), with ``/`` kept as the separator."""
    from urllib.parse import quote

    return quote(os.fsencode(path).replace(os.sep.encode(), b"/"), safe="/")


def json_string(text: str) -> str:
    """A string any JSON reader accepts: a lone surrogate (a byte of a
    non-UTF-8 file name) becomes the text ``\\xff``, as on the terminal."""
    if re.search(_SURROGATES, text) is None:
        return text
    return re.sub(_SURROGATES, _escape_one, text)


def json_safe(value: Any) -> Any:
    """``value`` (JSON data) with every string passed through :func:`json_string`."""
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, dict):
        return {_json_key(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def _json_key(key: Any) -> Any:
    return json_string(key) if isinstance(key, str) else key


def dumps_json(value: Any, *, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """``json.dumps``, valid UTF-8 whatever the input, with no raw DEL, C1,
    separator or bidi character (they are written as ``\\uXXXX`` escapes)."""
    import json

    text = json.dumps(json_safe(value), indent=indent, ensure_ascii=ensure_ascii)
    # Outside strings JSON has only ASCII punctuation, so these are inside one,
    # where a ``\\u`` escape reads back as the same character.
    text = re.sub(_JSON_RAW, lambda match: f"\\u{ord(match.group()):04x}", text)
    return text.replace("##[", "##\\u005b")  # a workflow command anywhere in a log line


def xml_document(text: str) -> str:
    """Serialised XML with no ``##[`` (a workflow command anywhere in a CI log
    line): its ``[`` is written as a character reference, which reads back the same.

    ``#`` can only stand in text or attribute values, where a reference is allowed.
    """
    return text.replace("##[", "##&#91;")
