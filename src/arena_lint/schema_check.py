"""Loading the packaged (or a user's) JSON Schemas; errors placed in the source.

A user's schema (``--front-matter-schema``, ``--log-schema`` or the
configuration's ``front-matter-schema`` / ``schema``) is untrusted: in CI it
comes with the pull request. So its ``$ref`` may load nothing from the network
and no file outside the schema's own folder, every ref is resolved once when
the schema is loaded (a ref that does not resolve, or loops, is an error then,
not a crash halfway through a run: :mod:`.schema_refs`), and its regular
expressions and each validation as a whole run with bounds (:mod:`.schema_bounds`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema_bounds import (
    BUDGET_SECONDS as BUDGET_SECONDS,
)
from .schema_bounds import (
    PATTERN_SECONDS as PATTERN_SECONDS,
)
from .schema_bounds import (
    Budget,
    OutOfBudget,
    bounded_class,
    budget_words,
    current,
)
from .schema_files import MAX_SCHEMA_BYTES as MAX_SCHEMA_BYTES
from .schema_files import SchemaFileError as SchemaFileError
from .schema_files import first as first
from .schema_files import parse_json, read_bytes
from .schema_files import read_json as read_json
from .schema_files import shorten as shorten
from .schema_refs import crawl

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# jsonschema takes longer to import than the rest of arena-lint: only a post
# with front matter (or a configuration file) needs it.

FRONT_MATTER = "front-matter.schema.json"
LOG = "arena-log.schema.json"
DIAGNOSTICS = "diagnostics.schema.json"

#: User schemas whose validators are kept (an editor edits and reloads).
KEPT_VALIDATORS = 8


def load(name: str) -> dict[str, Any]:
    """A schema shipped in the package ``arena_lint.schema``."""
    text = resources.files("arena_lint.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validator(name: str | None = None, path: Path | None = None) -> Draft202012Validator:
    """A checked validator for a packaged schema (``name``) or a user's file (``path``).

    A user's schema is untrusted: see :func:`user_validator`. Raises
    :class:`SchemaFileError` for one that cannot be used. A user's validator is
    kept by the content of its file and of every file its refs read, so an
    edited schema is seen at once (the editor server reloads, it does not restart).
    """
    if path is not None:
        return _kept_user_validator(path)
    return _packaged(name or "")


@cache
def _packaged(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@dataclass(frozen=True)
class _Kept:
    check: Draft202012Validator
    reads: tuple[tuple[Path, bytes], ...]
    """Every other file the schema's refs read, with the bytes read."""


_kept: dict[tuple[Path, bytes], _Kept] = {}
_kept_lock = threading.Lock()  # the editor server loads schemas in several threads


def _kept_user_validator(path: Path) -> Draft202012Validator:
    real = path.resolve()
    data = read_bytes(real, str(path))
    key = (real, data)
    kept = _kept.get(key)
    if kept is not None and all(_unchanged(other, content) for other, content in kept.reads):
        return kept.check
    reads: list[tuple[Path, bytes]] = []
    check = user_validator(path, data=data, reads=reads)
    with _kept_lock:
        if len(_kept) >= KEPT_VALIDATORS:
            _kept.pop(next(iter(_kept)), None)  # the oldest: a dict keeps insertion order
        _kept[key] = _Kept(check, tuple(reads))
    return check


def _unchanged(path: Path, content: bytes) -> bool:
    try:
        return read_bytes(path, str(path)) == content
    except SchemaFileError:
        return False


def user_validator(
    path: Path, *, data: bytes | None = None, reads: list[tuple[Path, bytes]] | None = None
) -> Draft202012Validator:
    """A validator for the user's schema at ``path``, every ``$ref`` already resolved.

    Refs may name only files in the schema's own folder (or below it, symlinks
    and ``..`` resolved first); nothing is fetched. Patterns run with a bound,
    and so does the whole of a validation (:func:`violations`). ``data`` is the
    file's content when already read; ``reads`` receives every other file read.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    real = path.resolve()
    schema = parse_json(read_bytes(real, str(path)) if data is None else data, str(path))
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise SchemaFileError(
            f"{path} is not a valid JSON Schema: {shorten(error.message)}"
        ) from None
    except RecursionError:
        raise SchemaFileError(f"{path} is not a valid JSON Schema: nested too deeply") from None
    if isinstance(schema, dict) and "$id" not in schema:
        # Without an $id, jsonschema resolves a relative ref against "", so
        # "sibling.json" would not mean the file beside this one.
        schema = {"$id": real.as_uri(), **schema}
    try:
        registry = crawl(schema, real, str(path), [] if reads is None else reads)
    except ValueError:  # an $id urllib refuses, met while crawling
        raise SchemaFileError(f"{path}: an $id or $ref is not a URI") from None
    check: Draft202012Validator = bounded_class()(schema, registry=registry)
    return check


def violations(check: Draft202012Validator, instance: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(JSON path, message) of each violation, most relevant first within a branch.

    A validation with a user's schema has a budget of its own (work, time, and
    time for patterns); one that uses it up ends with a finding that says so.
    """
    from jsonschema.exceptions import best_match

    values = _values(instance)
    budget = Budget.fresh(values)
    token = current.set(budget)
    found: list[ValidationError] = []
    stopped = None
    try:
        for error in check.iter_errors(instance):
            found.append(error)
    except OutOfBudget:
        stopped = f"the schema took too long (over {budget_words(values)}); not checked (at $)"
    except RecursionError:
        stopped = "the schema nests too deeply for this value; not checked (at $)"
    finally:
        current.reset(token)
    errors = sorted(found, key=lambda error: list(map(str, error.path)))
    for error in errors:
        chosen: ValidationError = best_match([error]) if error.context else error
        path = tuple(chosen.absolute_path)
        message = chosen.message
        expected = chosen.schema.get("description") if isinstance(chosen.schema, dict) else None
        if chosen.validator in ("anyOf", "oneOf") and expected:
            # "not valid under any of the given schemas" says nothing; the schema's
            # own description says what was expected.
            message = f"{message}; expected {expected[0].lower()}{expected[1:].rstrip('.')}"
        yield path, f"{message} (at {json_path(path)})"
    if stopped is not None:
        yield (), stopped


def _values(instance: Any) -> int:
    """How many JSON values ``instance`` holds, itself included."""
    count = 0
    stack = [instance]
    while stack:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def json_path(path: Any) -> str:
    """``$.logs[0].entries[2].title``."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def locate(spans: Mapping[tuple[Any, ...], Any], path: tuple[Any, ...]) -> Any | None:
    """The span of the deepest prefix of ``path`` that has one."""
    for length in range(len(path), 0, -1):
        span = spans.get(path[:length])
        if span is not None:
            return span
    return None
