"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines.

YAML is parsed safely (no object construction) and defended against alias
bombs and runaway nesting; dates become ISO strings so the data is JSON and
can be checked against a JSON Schema.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from .model import FrontMatter, FrontMatterError, Span

if TYPE_CHECKING:
    import yaml

_FENCES = {"---": "yaml", "+++": "toml"}
#: Nodes a YAML document may expand to through aliases; a real front matter
#: has a few dozen. Above this it is an alias bomb (billion laughs).
MAX_NODES = 10_000
#: Deeper flow nesting (`[[[...`) is refused before parsing: libyaml's composer
#: recurses in C, and no front matter needs it.
MAX_FLOW_DEPTH = 100
_BRACKETS = re.compile(r"[\[\]{}]")

Path = tuple[str | int, ...]


def split(lines: list[str]) -> tuple[FrontMatter | None, int]:
    """Find and parse the front matter at the top of ``lines``.

    Returns it (or ``None``) and the number of lines it takes, fences included.
    An opening fence that is never closed is no front matter: the text is
    Markdown (a thematic break), as Jekyll and Hugo would treat it. Nor is a
    block that YAML reads as a plain string (``---\nFoo\n---`` is a Markdown
    thematic break and heading, not a post's metadata).
    """
    if not lines:
        return None, 0
    fence = lines[0].rstrip()
    kind = _FENCES.get(fence)
    if kind is None:
        return None, 0
    # YAML may also end with its document-end marker, as pandoc allows.
    closers = (fence, "...") if kind == "yaml" else (fence,)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            break
    else:
        return None, 0
    body = "\n".join(lines[1:index])
    span = Span(1, 1, index + 1, len(lines[index]) + 1)
    if kind == "yaml":
        front_matter = _parse_yaml(body, span)
        return (front_matter, index + 1) if front_matter is not None else (None, 0)
    return _parse_toml(body, span, lines[1:index]), index + 1


def _error(
    kind: Literal["yaml", "toml"], span: Span, message: str, line: int = 0, column: int = 0
) -> FrontMatter:
    """An error ``line`` lines into the front matter body (0-based), at ``column``."""
    at = Span(span.line + 1 + line, column + 1, span.line + 1 + line, column + 2)
    return FrontMatter(kind, span, None, FrontMatterError(message, at), {})


def _parse_yaml(body: str, span: Span) -> FrontMatter | None:
    import yaml  # here, not above: a post without front matter never needs PyYAML

    if _flow_depth(body) > MAX_FLOW_DEPTH:
        return _error("yaml", span, f"YAML nested more than {MAX_FLOW_DEPTH} levels deep")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(body)
    try:
        node = loader.get_single_node()
        if node is not None:
            if _expanded_size(node, {}) > MAX_NODES:
                message = (
                    f"YAML has more than {MAX_NODES} values once aliases are expanded; "
                    "too large for front matter (an alias bomb?)"
                )
                return _error("yaml", span, message)
            data = loader.construct_document(node)
            if isinstance(data, str):
                return None
            if not isinstance(data, dict):
                message = f"YAML front matter must be a mapping, not {_type_name(data)}"
                return _error("yaml", span, message)
            return FrontMatter(
                "yaml", span, _to_json(data), None, dict(_yaml_key_spans(node, (), span.line + 1))
            )
        return FrontMatter("yaml", span, {}, None, {})
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.problem, error.context) if part)
        line, column = (mark.line, mark.column) if mark else (0, 0)
        return _error("yaml", span, f"YAML error: {problem or error}", line, column)
    except yaml.YAMLError as error:
        return _error("yaml", span, f"YAML error: {error}")
    except RecursionError:
        return _error("yaml", span, "YAML nested too deeply")
    finally:
        loader.dispose()


def _flow_depth(text: str) -> int:
    """Deepest nesting of flow brackets (quoted ones count too: a safe overestimate)."""
    if "[" not in text and "{" not in text:
        return 0
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match[0] in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Number of nodes ``node`` stands for once every alias is expanded."""
    import yaml

    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            size += _expanded_size(key, memo) + _expanded_size(value, memo)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, memo)
            if size > MAX_NODES:
                break
    memo[id(node)] = size
    return size


def _yaml_key_spans(node: yaml.Node, path: Path, first_line: int) -> Iterator[tuple[Path, Span]]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            mark = key.start_mark
            yield (
                child,
                Span(
                    first_line + mark.line,
                    mark.column + 1,
                    first_line + mark.line,
                    mark.column + 1 + len(str(key.value)),
                ),
            )
            yield from _yaml_key_spans(value, child, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            start, end = item.start_mark, item.end_mark
            same_line = end.line == start.line
            yield (
                (*path, index),
                Span(
                    first_line + start.line,
                    start.column + 1,
                    first_line + start.line,
                    (end.column if same_line else start.column) + 1,
                ),
            )
            yield from _yaml_key_spans(item, (*path, index), first_line)


_TOML_POSITION = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)")
_TOML_KEY = re.compile(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _parse_toml(body: str, span: Span, lines: list[str]) -> FrontMatter:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

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
        return _error("toml", span, f"TOML error: {message}", line, column)
    spans: dict[Path, Span] = {}
    for index, text in enumerate(lines):
        key = _TOML_KEY.match(text)
        if key is not None:
            name = key[1].strip('"')
            line = span.line + 1 + index
            spans.setdefault((name,), Span(line, key.start(1) + 1, line, key.end(1) + 1))
    return FrontMatter("toml", span, _to_json(data), None, spans)


def _to_json(value: Any) -> Any:
    """JSON-ready data: dates as ISO strings, keys as strings, sets as lists."""
    if isinstance(value, dict):
        return {str(_to_json(key)): _to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_to_json(item) for item in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"
