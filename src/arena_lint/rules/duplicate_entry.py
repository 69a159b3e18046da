"""The same chapter or exercise twice in one log.

## What it does
Reports the second (and any later) chapter or exercise with a number already
used in the same log, wherever it is nested. Different logs in one post (one
per week, say) may repeat numbers.

## Why
A duplicated line counts its hours twice.

## Example
```markdown
Total Hours: 4
- 4h Chapter 1: Transformers
    - 2h exercise 1.1 Tokenizers
    - 2h exercise 1.1 Tokenizers
```

## Fix
```markdown
Total Hours: 4
- 4h Chapter 1: Transformers
    - 2h exercise 1.1 Tokenizers
    - 2h exercise 1.2 Attention
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document, Entry, NumberKey
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        seen: dict[tuple[str, NumberKey], Entry] = {}
        for entry in log.walk():
            key = entry.number_key
            if entry.kind == "other" or key is None:
                continue
            first = seen.setdefault((entry.kind, key), entry)
            if first is not entry:
                yield Finding(
                    entry.span,
                    f"{entry.kind} {entry.number} is listed twice in this log "
                    f"(first on line {first.span.line})",
                )


RULE = make_rule("AL202", "duplicate-entry", Severity.ERROR, __doc__, check, options=NoOptions)
