"""Front matter or log tree that violates its JSON Schema.

## What it does
Validates the front matter (dates as ISO strings) against
`schema/front-matter.schema.json` — a lenient default that only checks the
types of `title`, `description`, `layout`, `date`, `tags`, `categories` and
`draft` — or against a schema of your own (`--front-matter-schema`).

The default accepts whatever Jekyll, Hugo and Astro build for those keys: a
null or empty value (`layout: ~`, `categories:`) means the key is unset; a
title may be a number; a date may be a date or a string; tags and categories
may be one space-separated string or a list (numbers in it are read as
text); `draft` may be a boolean or a string Hugo reads as one (`"true"`).
It rejects what they cannot use: a list or mapping as a title, a mapping or
a bare number as tags, `draft: maybe`. With `--log-schema`, also validates the
typed tree of the post (the JSON that `--dump-tree` prints) against a schema
of your own, for house rules such as "every chapter has a link". Each
violation is reported at the line of the offending key or entry, with
jsonschema's message and the JSON path.

The tree always satisfies the shipped `schema/arena-log.schema.json`: the
test suite proves it, so it is not re-checked on every run.

## Why
Blog generators and themes expect the front matter's types: a `tags: 42`
(dropped by Jekyll, refused by Hugo) or a `title` that is a list breaks the
build or the page.

## Example
```markdown
---
title: [ARENA, notes]
---
```

## Fix
```markdown
---
title: ARENA notes
---
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import quick_schema, schema_check
from ..diagnostics import Severity
from ..model import Document
from ..span import Span
from .base import Finding, make_rule


@dataclass(frozen=True, slots=True)
class SchemaOptions:
    front_matter_schema: Path | None = None
    """A JSON Schema replacing the packaged front matter schema."""
    log_schema: Path | None = field(default=None, metadata={"key": "schema"})
    """An extra JSON Schema the typed tree (``--dump-tree``'s JSON) must satisfy."""


def check(document: Document, options: SchemaOptions) -> Iterator[Finding]:
    front_matter = document.front_matter
    if front_matter is not None and front_matter.error is None:
        if options.front_matter_schema is not None:
            validator = schema_check.validator(path=options.front_matter_schema)
        elif quick_schema.valid(schema_check.FRONT_MATTER, front_matter.data):
            validator = None  # the common case, decided without importing jsonschema
        else:
            validator = schema_check.validator(schema_check.FRONT_MATTER)
        found = schema_check.violations(validator, front_matter.data) if validator else ()
        for path, message in found:
            span = schema_check.locate(front_matter.key_spans, path) or front_matter.span
            yield Finding(span, f"front matter: {message}")
    if document.logs and options.log_schema is not None:
        tree = document.to_json()
        validator = schema_check.validator(path=options.log_schema)
        for path, message in schema_check.violations(validator, tree):
            yield Finding(_tree_span(tree, path), f"log tree: {message}")


def _tree_span(tree: dict[str, Any], path: tuple[Any, ...]) -> Span:
    """The span of the deepest node on ``path`` that has one."""
    node: Any = tree
    found = Span(1, 1, 1, 1)
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("span"), dict):
            found = Span(**node["span"])
    return found


RULE = make_rule("AL003", "schema-violation", Severity.ERROR, __doc__, check, options=SchemaOptions)
