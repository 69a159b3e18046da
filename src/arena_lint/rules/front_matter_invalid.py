"""Front matter that does not parse.

## What it does
Reports YAML front matter (between `---` lines) or TOML front matter (between
`+++` lines) that the parser rejects, at the line the parser names. Also, at
the line of the key:

- a value that parses but cannot be built: a date no calendar has
  (`date: 2024-02-30`), a time past midnight (`25:61:00`), an offset beyond
  24 hours (`+99:00`), a word forced to a number (`!!float abc`), an integer
  too long to print (thousands of digits);
- a key written twice in one YAML mapping (`n: 1` then `n: 2`, or `yes` and
  `true`): YAML forbids it, and a parser silently keeps only one value
  (TOML's own parser refuses it too);
- YAML that is not a mapping, that expands through aliases to more than
  10,000 values or into itself, or YAML or TOML nested more than 100 levels
  deep (brackets, dotted keys or table headers).

YAML is read safely: tags such as `!!python/object` are errors, never code.
The log below broken front matter is still checked, and fixed by `--fix`.

## Why
Jekyll, Hugo and Astro refuse to build a page whose front matter is broken,
often with a message far from the cause; a duplicated key builds, but with
one of the two values chosen for you.

## Example
```markdown
---
title: [ARENA notes
date: 2024-02-30
---
```

## Fix
```markdown
---
title: "[ARENA] notes"
date: 2024-02-29
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
