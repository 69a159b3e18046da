"""Loading the packaged (or a user's) JSON Schemas; errors placed in the source."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# jsonschema takes longer to import than the rest of arena-lint: only a post
# with front matter (or a configuration file) needs it.

FRONT_MATTER = "front-matter.schema.json"
LOG = "arena-log.schema.json"
DIAGNOSTICS = "diagnostics.schema.json"


def load(name: str) -> dict[str, Any]:
    """A schema shipped in the package ``arena_lint.schema``."""
    text = resources.files("arena_lint.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str | None = None, path: Path | None = None) -> Draft202012Validator:
    """A checked validator for a packaged schema (``name``) or a user's file (``path``)."""
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_text(encoding="utf-8")) if path is not None else load(name or "")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def violations(check: Draft202012Validator, instance: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(JSON path, message) of each violation, most relevant first within a branch."""
    from jsonschema.exceptions import ValidationError, best_match

    errors = sorted(check.iter_errors(instance), key=lambda error: list(map(str, error.path)))
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
