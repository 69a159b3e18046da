"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines.

YAML is parsed safely (no object construction) and defended against alias
bombs and runaway nesting; dates become ISO strings so the data is JSON and
can be checked against a JSON Schema.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

KeyPath = tuple[str | int, ...]


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

    deep = _too_deep_at(body)
    if deep is not None:
        line, column = _line_column(body, deep)
        message = f"YAML nested more than {MAX_FLOW_DEPTH} levels deep"
        return _error("yaml", span, message, line, column)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(body)
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter("yaml", span, {}, None, {})
        shape = _shape_problem(node, span.line + 1)
        if shape is not None:
            message, at = shape
            return _error("yaml", span, message, at.line, at.column)
        if _expanded_size(node, {}) > MAX_NODES:
            message = (
                f"YAML has more than {MAX_NODES} values once aliases are expanded; "
                "too large for front matter (an alias bomb?)"
            )
            return _error("yaml", span, message)
        data = _construct(loader, node)
        if isinstance(data, _Unbuildable):
            at = data.node.start_mark
            where = _name(_path_to(node, data.node))
            value = _shorten(str(data.node.value))
            message = f"YAML error: {where}cannot read {value!r} {data.what}: {data.why}"
            return _error("yaml", span, message, at.line, at.column)
        if isinstance(data, str):
            return None
        if not isinstance(data, dict):
            message = f"YAML front matter must be a mapping, not {_type_name(data)}"
            return _error("yaml", span, message)
        key_spans = dict(_yaml_key_spans(node, (), span.line + 1))
        return _json_front_matter("yaml", span, data, key_spans)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.problem, error.context) if part)
        line, column = (mark.line, mark.column) if mark else (0, 0)
        return _error("yaml", span, f"YAML error: {problem or error}", line, column)
    except yaml.YAMLError as error:
        return _error("yaml", span, f"YAML error: {error}")
    except RecursionError:  # a last defence: the shape checks above should prevent it
        return _error("yaml", span, "YAML nested too deeply")
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class _Unbuildable:
    """A scalar that YAML parsed but that cannot become a value (``2024-02-30``)."""

    node: yaml.Node
    what: str
    why: str


def _construct(loader: Any, root: yaml.Node) -> Any:
    """The data of ``root``, or the scalar whose value cannot be built.

    PyYAML's constructors raise plain ``ValueError``/``TypeError`` without a
    position for a well-formed scalar with an impossible value (a 30th of
    February, hour 25, ``!!float abc``, a ``+99:00`` offset, an integer too long
    to convert); watching ``construct_object`` names the node, hence the line.
    """
    import yaml

    failing: list[yaml.Node] = []
    original = loader.construct_object

    def construct_object(node: yaml.Node, deep: bool = False) -> Any:
        try:
            return original(node, deep)
        except yaml.YAMLError:
            raise
        except Exception:
            if not failing:
                failing.append(node)
            raise

    loader.construct_object = construct_object
    try:
        return loader.construct_document(root)
    except RecursionError:
        raise
    except Exception as error:  # whatever a constructor raises, on data that is the input's
        if not failing or not isinstance(failing[0], yaml.ScalarNode):
            raise
        bad = failing[0]
        kind = bad.tag.rsplit(":", 1)[-1] if bad.tag.startswith("tag:yaml.org,2002:") else bad.tag
        return _Unbuildable(bad, f"as {_ARTICLES.get(kind, 'a ' + kind)}", str(error) or kind)


_ARTICLES = {"int": "an integer", "timestamp": "a date", "float": "a number"}
#: Tags under which two differently written scalars can be the same key
#: (``yes``/``true``, ``1``/``0x1``); a string key is compared as written.
_VALUE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null", "timestamp")
)
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _shape_problem(root: yaml.Node, first_line: int) -> tuple[str, yaml.Mark] | None:
    """Why ``root`` cannot be front matter (too deep, self-referring, a key twice), or ``None``.

    Iterative, each node once: the checks must not themselves recurse on the
    input they defend against.
    """

    on_path = {id(root)}
    seen: set[int] = {id(root)}
    stack: list[tuple[yaml.Node, Iterator[yaml.Node]]] = [(root, iter(_children(root)))]
    duplicate = _duplicate_key(root, first_line)
    if duplicate is not None:
        return duplicate
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            continue
        if id(child) in on_path:
            return "YAML error: an alias refers to a value that contains it", child.start_mark
        if id(child) in seen:
            continue  # an alias to a value already checked (depth is bounded by the text)
        if len(stack) >= MAX_FLOW_DEPTH:
            return f"YAML nested more than {MAX_FLOW_DEPTH} levels deep", child.start_mark
        seen.add(id(child))
        duplicate = _duplicate_key(child, first_line)
        if duplicate is not None:
            return duplicate
        on_path.add(id(child))
        stack.append((child, iter(_children(child))))
    return None


def _duplicate_key(node: yaml.Node, first_line: int) -> tuple[str, yaml.Mark] | None:
    """A key written twice in one mapping: YAML forbids it, PyYAML keeps the last silently."""
    import yaml
    from yaml.constructor import SafeConstructor

    if not isinstance(node, yaml.MappingNode):
        return None
    first: dict[tuple[str, Any], yaml.Node] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE_TAG:
            continue  # merged keys may be overridden; a complex key is refused later
        identity: tuple[str, Any] = (key.tag, key.value)
        if key.tag in _VALUE_TAGS:
            try:
                value = SafeConstructor().construct_object(key)
                identity = ("value", (type(value), value))
            except Exception:  # an unbuildable key is reported when it is built
                pass
        earlier = first.setdefault(identity, key)
        if earlier is not key:
            line = first_line + earlier.start_mark.line
            message = f"YAML error: duplicate key {key.value!r} (first at line {line})"
            return message, key.start_mark
    return None


def _path_to(root: yaml.Node, target: yaml.Node) -> KeyPath:
    """The JSON path of ``target`` inside ``root`` (``()`` if not found)."""
    import yaml

    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key is target:
                    return path
                stack.append((value, (*path, str(key.value))))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return ()


def _name(path: KeyPath) -> str:
    """``title``-style prefix naming where a value is, or nothing at the top."""
    if not path:
        return ""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return f"`{_shorten(text.lstrip('.'))}`: "


def _shorten(text: str, limit: int = 40) -> str:
    """``text``, cut in the middle when long: a message quotes values from the input."""
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"


def _too_deep_at(text: str) -> int | None:
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


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


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


def _yaml_key_spans(
    node: yaml.Node, path: KeyPath, first_line: int
) -> Iterator[tuple[KeyPath, Span]]:
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
_TOML_TABLE = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]")
_TOML_KEY = re.compile(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _parse_toml(body: str, span: Span, lines: list[str]) -> FrontMatter:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    deep = _too_deep_at(body)
    if deep is not None:
        line, column = _line_column(body, deep)
        message = f"TOML nested more than {MAX_FLOW_DEPTH} levels deep"
        return _error("toml", span, message, line, column)
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
    except (ValueError, OverflowError, RecursionError) as error:
        # A well-formed value that cannot be built (an integer of thousands of
        # digits); tomllib gives no position, so find the first line that fails.
        line = _first_failing_line(lines, tomllib.loads, tomllib.TOMLDecodeError)
        key = _TOML_KEY.match(lines[line]) if line < len(lines) else None
        name = f"`{key[1].strip(chr(34))}`: " if key is not None else ""
        reason = str(error) or type(error).__name__
        return _error(
            "toml",
            span,
            f"TOML error: {name}cannot read the value: {reason}",
            line,
            key.start(1) if key is not None else 0,
        )
    return _json_front_matter("toml", span, data, _toml_key_spans(lines, span.line + 1), lines)


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


#: Beyond this many bits an integer has more digits than Python will print
#: (``sys.get_int_max_str_digits``): a hexadecimal literal can build one.
MAX_INT_BITS = 14_000


class _Invalid(Exception):
    def __init__(self, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.path = path


def _json_front_matter(
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
        label = _name(error.path)
        message = f"{kind.upper()} error: {label}{error}"
        if where is None:
            return _error(kind, span, message)
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


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"
