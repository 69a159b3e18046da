"""The YAML front matter reader.

YAML is parsed safely (no object construction) and defended against alias
bombs and runaway nesting; dates become ISO strings so the data is JSON and
can be checked against a JSON Schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .frontmatter_data import (
    MAX_FLOW_DEPTH,
    KeyPath,
    error_at,
    json_front_matter,
    line_column,
    path_label,
    shorten,
    too_deep_at,
)
from .model import FrontMatter, Span

if TYPE_CHECKING:
    import yaml

#: Nodes a YAML document may expand to through aliases; a real front matter
#: has a few dozen. Above this it is an alias bomb (billion laughs).
MAX_NODES = 10_000


def parse_yaml(body: str, span: Span) -> FrontMatter | None:
    """The front matter in ``body``; ``None`` when YAML reads it as a plain string."""
    import yaml  # here, not above: a post without front matter never needs PyYAML

    deep = too_deep_at(body)
    if deep is not None:
        line, column = line_column(body, deep)
        message = f"YAML nested more than {MAX_FLOW_DEPTH} levels deep"
        return error_at("yaml", span, message, line, column)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(body)
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter("yaml", span, {}, None, {})
        shape = _shape_problem(node, span.line + 1)
        if shape is not None:
            message, at = shape
            return error_at("yaml", span, message, at.line, at.column)
        if _expanded_size(node, {}) > MAX_NODES:
            message = (
                f"YAML has more than {MAX_NODES} values once aliases are expanded; "
                "too large for front matter (an alias bomb?)"
            )
            return error_at("yaml", span, message)
        data = _construct(loader, node)
        if isinstance(data, _Unbuildable):
            at = data.node.start_mark
            where = path_label(_path_to(node, data.node))
            value = shorten(str(data.node.value))
            message = f"YAML error: {where}cannot read {value!r} {data.what}: {data.why}"
            return error_at("yaml", span, message, at.line, at.column)
        if isinstance(data, str):
            return None
        if not isinstance(data, dict):
            message = f"YAML front matter must be a mapping, not {_type_name(data)}"
            return error_at("yaml", span, message)
        key_spans = dict(_yaml_key_spans(node, (), span.line + 1))
        return json_front_matter("yaml", span, data, key_spans)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.problem, error.context) if part)
        line, column = (mark.line, mark.column) if mark else (0, 0)
        return error_at("yaml", span, f"YAML error: {problem or error}", line, column)
    except yaml.YAMLError as error:
        return error_at("yaml", span, f"YAML error: {error}")
    except RecursionError:  # a last defence: the shape checks above should prevent it
        return error_at("yaml", span, "YAML nested too deeply")
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


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"
