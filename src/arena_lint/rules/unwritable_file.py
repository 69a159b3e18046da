"""A file `--fix` repaired but could not write back.

## What it does
Reports a post whose repair could not be written: a read-only file, a file
with several hard links (rewriting it would break them), a folder without
write permission, a full disk, or a file that changed on disk while it was
being fixed. The message says why, with the system's own words. The other
findings of the file are those of the text still on disk, so the report
never claims a fix that did not happen, and the run exits 1.

## Why
A fixer that reports success when the write failed leaves the errors in
place while the build turns green.

## Example
```text
post.md:1:1: AL004 unwritable-file not fixed: [Errno 28] No space left on device
```

## Fix
Make the file writable (or give it a single link), free the disk, or run
`arena-lint --fix` again once nothing else is editing the file.
"""

from __future__ import annotations

from ..diagnostics import Severity
from .base import NoOptions, make_rule

RULE = make_rule("AL004", "unwritable-file", Severity.ERROR, __doc__, None, options=NoOptions)
