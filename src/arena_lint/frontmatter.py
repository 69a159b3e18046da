"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines.

Front matter holding Go template actions (``{{ .Name }}``) is a template's
(Hugo's ``archetypes/``), not a post's: it is marked so and not parsed.

The readers are :mod:`.frontmatter_yaml` and :mod:`.frontmatter_toml`; both
make JSON-ready data with the line of every key, or an error placed at a line,
through :mod:`.frontmatter_data`.
"""

from __future__ import annotations

import re
from typing import Literal

from .frontmatter_toml import parse_toml
from .frontmatter_yaml import parse_yaml
from .model import FrontMatter, Span

_FENCES: dict[str, Literal["yaml", "toml"]] = {"---": "yaml", "+++": "toml"}

#: A Go template action (`{{ .Name }}`, `{{- .Date -}}`) as Hugo's archetypes write them.
_TEMPLATE_ACTION = re.compile(r"\{\{-?\s*[.$a-zA-Z(/\"][^\n]*?\}\}")


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
    if _TEMPLATE_ACTION.search(body):
        # A template, not a post (Hugo's archetypes/, `title: {{ .Name }}`): its
        # values are made when a post is created from it, so nothing here is checked.
        return FrontMatter(kind, span, None, None, {}, template=True), index + 1
    if kind == "yaml":
        front_matter = parse_yaml(body, span)
        return (front_matter, index + 1) if front_matter is not None else (None, 0)
    return parse_toml(body, span, lines[1:index]), index + 1
