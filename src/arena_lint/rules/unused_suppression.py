"""A suppression comment that silences nothing.

## What it does
Reports an `<!-- arena-lint-disable ... -->`, `disable-next-line`,
`disable-line` or `disable-file` comment that did not silence any finding,
naming the rule it was meant for, and a comment that names a rule that does
not exist. A comment for a rule switched off in the configuration is not
reported. A comment that starts `arena-lint-` but names no known directive
(`arena-lint-disabel-next-line`) silences nothing either: it is reported with
the closest known directive. This rule is on by default; switch it off with
`ignore = ["unused-suppression"]`.

## Why
Suppressions outlive the problems they hid. A stale one will silently hide
the next real mistake on that line. A misspelled one never worked: the
finding it was written for is still reported, and nothing says why.

## Example
```markdown
Total Hours: 3
<!-- arena-lint-disable-next-line extra-whitespace -->
- 3h Chapter 1: Vectors
```

## Fix
```markdown
Total Hours: 3
- 3h Chapter 1: Vectors
```
"""

from __future__ import annotations

from ..diagnostics import Severity
from .base import NoOptions, make_rule

RULE = make_rule("AL901", "unused-suppression", Severity.WARNING, __doc__, None, options=NoOptions)
