"""A duration that cannot be read.

## What it does
Reports a token at the start of an entry (or after `Total:`) that is shaped
like a duration but is not one: `2.3.1h`, `1h75m` (minutes past 60), `2,5h`
(a decimal comma), `1.5h30m`, a negative or a zero duration. A zero is
refused because `skipped` says it better. Sums that would need the value are
not checked.

## Why
A typo in a number makes every sum above it meaningless; it must be fixed
first.

## Example
```markdown
Total Hours: 2.3
- 2.3.1h exercise 0.2 Convolutions
- 0h exercise 0.4 Optimisers
```

## Fix
```markdown
Total Hours: 2.3
- 2.3h exercise 0.2 Convolutions
- skipped exercise 0.4 Optimisers
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Document, DurationError
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        errors: list[DurationError | None] = [log.total.duration_error if log.total else None]
        errors.extend(entry.duration_error for entry in log.walk())
        for error in errors:
            if error is not None:
                yield Finding(error.span, f"duration `{error.text}` {error.reason}")


RULE = make_rule("AL103", "invalid-duration", Severity.ERROR, __doc__, check, options=NoOptions)
