"""A file that cannot be read as UTF-8 text.

## What it does
Reports a path that is not a readable UTF-8 text file: bytes that are not
UTF-8 (a UTF-16 file, a binary), a directory or FIFO given as a file, a file
without read permission, one larger than 6 MB. The other files are still
checked.

## Why
A linter that stops at the first odd file hides the findings in all the
others; one that skips it silently hides the odd file.

## Example
A post saved as UTF-16 by an old editor:

```text
post.md:1:1: AL001 unreadable-file not UTF-8 text: byte 0xff at line 1, column 1
```

## Fix
Save the file as UTF-8 (a BOM is fine).
"""

from __future__ import annotations

from ..diagnostics import Severity
from .base import NoOptions, make_rule

RULE = make_rule("AL001", "unreadable-file", Severity.ERROR, __doc__, None, options=NoOptions)
