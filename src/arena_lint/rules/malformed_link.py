"""A link in an entry that is empty, has spaces, has no host, or has an empty path segment.

## What it does
Checks every link in an entry's text, notes included: an empty destination
(`[CNN]()`), spaces (`[CNN](<my notes.md>)`), a web address without a host
(`https:/example.org`, `https:///x`) or with an empty path segment
(`https://example.org//x`). Relative links (`/posts/x`) are fine. Text
written like a link whose address has a space
(`[notes](https://example.org/my notes)`) is not a link at all in
CommonMark, which shows it as it is written; it is reported too.

## Why
These links break on some hosts and not others, so they pass a quick look
in the browser and fail for readers.

## Example
```markdown
Total Hours: 2
- 2h exercise 2.3 [PPO](https://example.org//runs/ppo)
```

## Fix
```markdown
Total Hours: 2
- 2h exercise 2.3 [PPO](https://example.org/runs/ppo)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..diagnostics import Severity
from ..model import Document
from .base import Finding, NoOptions, make_rule


def check(document: Document, options: NoOptions) -> Iterator[Finding]:
    for log in document.logs:
        for entry in log.walk():
            for link in entry.links:
                problem = problem_of(link.url)
                if problem is not None:
                    yield Finding(link.span, f"link `{link.url}` {problem}")
            for shaped in entry.unlinked:
                # Written as a link, shown as text: CommonMark ends a destination at a space.
                yield Finding(shaped.span, "not a link: the address has a space")


def problem_of(url: str) -> str | None:
    """What is wrong with ``url``, or ``None``."""
    if _PLAIN_WEB.fullmatch(url):
        return None  # most links of a log; urlsplit costs ten times the match
    return _problem_of(url)


def _problem_of(url: str) -> str | None:
    if not url.strip():
        return "is empty"
    if _SPACE.search(url):
        return "has spaces"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "cannot be parsed"
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return "has no host"
    if "//" in parts.path:
        return "has an empty path segment (`//`)"
    return None


_SPACE = re.compile(r"\s")
# A web address with a host and no empty path segment: nothing to report
# (tests/test_parser_speed.py checks the full test agrees on every such address).
_PLAIN_WEB = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~-]+)*/?")

RULE = make_rule("AL303", "malformed-link", Severity.WARNING, __doc__, check, options=NoOptions)
