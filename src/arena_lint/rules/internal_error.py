"""arena-lint failed on this file: a bug to report.

## What it does
When checking one file raises an unexpected exception, the file gets this
finding (with the exception) instead of a traceback, and the other files are
still checked.

## Why
One odd post must not hide the findings in all the others, and a bug should
be easy to report.

## Example
```text
post.md:1:1: AL000 internal-error arena-lint failed on this file (ValueError: ...); please report it
```

## Fix
Report it at the project's issue tracker with the file, or the smallest part
of it that still fails.
"""

from __future__ import annotations

from ..diagnostics import Severity
from .base import NoOptions, make_rule

RULE = make_rule("AL000", "internal-error", Severity.ERROR, __doc__, None, options=NoOptions)
