"""Front matter that does not parse.

## What it does
Reports YAML front matter (between `---` lines) or TOML front matter (between
`+++` lines) that the parser rejects, at the line the parser names; also YAML
that is not a mapping, that expands through aliases to more than 10,000
values, or that is nested too deeply. YAML is read safely: tags such as
`!!python/object` are errors, never code.

## Why
Jekyll, Hugo and Astro refuse to build a page whose front matter is broken,
often with a message far from the cause.

## Example
```markdown
---
title: [ARENA notes
---
```

## Fix
```markdown
---
title: "[ARENA] notes"
---
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    front_matter = document.front_matter
    if front_matter is not None and front_matter.error is not None:
        yield Finding(front_matter.error.span, front_matter.error.message)


RULE = make_rule("AL002", "front-matter-invalid", Severity.ERROR, __doc__, check, options=NoOptions)
