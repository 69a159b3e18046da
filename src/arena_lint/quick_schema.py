"""A fast verdict for the packaged schemas (front matter, configuration), without
importing jsonschema.

Almost every post's front matter satisfies the lenient default schema, almost
every configuration is valid, and jsonschema's import costs more than checking
a whole post. This reads the
same schema file and decides *valid* for the few keywords it uses; anything
else (an invalid instance, a keyword it does not know) returns ``None`` and
the caller asks jsonschema, which also words the messages. A property test
holds the verdicts equal to jsonschema's on generated front matter, and a
test fails when the schema starts to use a keyword this does not know.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import import_module
from typing import Any

#: Keywords that only describe (they never change a verdict).
ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$defs", "$comment"})
#: Keywords this module evaluates.
KNOWN = frozenset(
    {"type", "properties", "additionalProperties", "$ref", "anyOf", "items", "enum", "minLength"}
)


@cache
def _schema(name: str) -> dict[str, Any]:
    # The package's folder, read directly: importlib.resources would pull in
    # zipfile and tempfile for a file that is always on disk.
    # By name, not `from . import schema`: that reads as an import of the package
    # itself, a cycle once the package's API loads the configuration.
    package = import_module(f"{__package__}.schema")
    with open(os.path.join(next(iter(package.__path__)), name), encoding="utf-8") as stream:
        schema: dict[str, Any] = json.load(stream)
    return schema


def valid(name: str, instance: Any) -> bool | None:
    """``True`` when ``instance`` satisfies the packaged schema ``name``; ``None``
    when this cannot tell (the instance may be invalid: ask jsonschema)."""
    root = _schema(name)
    try:
        return True if _valid(root, root, instance) else None
    except _Unknown:
        return None


class _Unknown(Exception):
    """The schema uses a keyword this module does not evaluate."""


def _valid(schema: Any, root: dict[str, Any], instance: Any) -> bool:
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict) or not set(schema) <= KNOWN | ANNOTATIONS:
        raise _Unknown
    if "$ref" in schema:
        reference = schema["$ref"]
        if not reference.startswith("#/$defs/"):
            raise _Unknown
        if not _valid(root["$defs"][reference.removeprefix("#/$defs/")], root, instance):
            return False
    if "type" in schema and not _typed(schema["type"], instance):
        return False
    if "enum" in schema and not any(_equal(option, instance) for option in schema["enum"]):
        return False
    if "anyOf" in schema and not any(_valid(part, root, instance) for part in schema["anyOf"]):
        return False
    if "minLength" in schema and isinstance(instance, str) and len(instance) < schema["minLength"]:
        return False
    if isinstance(instance, dict):
        named = schema.get("properties", {})
        for key, part in named.items():
            if key in instance and not _valid(part, root, instance[key]):
                return False
        if "additionalProperties" in schema:
            other = schema["additionalProperties"]
            if any(not _valid(other, root, instance[k]) for k in instance if k not in named):
                return False
    if "items" in schema and isinstance(instance, list):
        return all(_valid(schema["items"], root, item) for item in instance)
    return True


def _typed(kinds: str | list[str], instance: Any) -> bool:
    names = [kinds] if isinstance(kinds, str) else kinds
    return any(_is(name, instance) for name in names)


def _is(name: str, instance: Any) -> bool:
    if name == "null":
        return instance is None
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "string":
        return isinstance(instance, str)
    if name == "array":
        return isinstance(instance, list)
    if name == "object":
        return isinstance(instance, dict)
    if name == "integer":
        number = isinstance(instance, (int, float)) and not isinstance(instance, bool)
        return number and float(instance).is_integer()
    if name == "number":
        return isinstance(instance, (int, float)) and not isinstance(instance, bool)
    raise _Unknown


def _equal(one: Any, other: Any) -> bool:
    """JSON equality: ``true`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(one, bool) or isinstance(other, bool):
        return isinstance(one, bool) and isinstance(other, bool) and one == other
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(_equal, one, other))
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_equal(one[k], other[k]) for k in one)
    return bool(one == other)
