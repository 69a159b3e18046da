"""A chapter or exercise linked to another page of the course than the outline's.

## What it does
With a course outline configured, reports a chapter or exercise whose link
goes to the site of the outline's link for it but not to that page, and
says which page the outline has. Addresses that differ only in the case of
the scheme and host or a final `/` are the same page. A link to another site
(your own notebook on Colab, your notes) is yours to choose and is not
compared; neither is an entry without a link, or one the outline gives no
link. Off when no outline applies to the post.

## Why
A link to the course that lands on the wrong page is usually a copy of the
line above: the chapter's page pasted for an exercise, or the previous
exercise's page. Readers following the log end up elsewhere.

## Example
```markdown
Total Hours: 2
- 2h [Chapter 0: Fundamentals](https://arena-ch0-fundamentals.streamlit.app/)
    - 2h exercise 0.1 [Ray Tracing](https://arena-ch0-fundamentals.streamlit.app/[0.2]_CNNs)
```

## Fix
The outline's link (fixable):
```markdown
Total Hours: 2
- 2h [Chapter 0: Fundamentals](https://arena-ch0-fundamentals.streamlit.app/)
    - 2h exercise 0.1 [Ray Tracing](https://arena-ch0-fundamentals.streamlit.app/[0.1]_Ray_Tracing)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..edits import Edit
from ..model import Document
from .base import Finding, make_rule
from .outlines import (
    OutlineOptions,
    numbered,
    outline_for,
    planned_for,
    reads_back,
    same_address,
    same_site,
    what,
)


def check(document: Document, options: OutlineOptions) -> Iterator[Finding]:
    outline = outline_for(document, options)
    if outline is None:
        return
    for entry, _parent in numbered(document):
        planned = planned_for(outline, entry)
        url = entry.url
        if planned is None or planned.link is None or url is None:
            continue
        if same_address(url, planned.link) or not same_site(url, planned.link):
            continue
        link = next(link for link in entry.links if link.url == url)
        span = link.span
        line = document.lines[span.line - 1] if 0 < span.line <= len(document.lines) else ""
        # Repaired only where the address is written as read (no escapes, one line).
        literal = span.end_line == span.line and line[span.column - 1 : span.end_column - 1] == url
        # ... and with an address that is one link destination as written (no
        # escape, entity or control character that would be read otherwise).
        writable = planned.link.count("(") == planned.link.count(")") and reads_back(
            planned.link, "\\"
        )
        yield Finding(
            span,
            f"{what(entry)} links to {url}; the outline of {outline.name} has {planned.link}",
            fix=(Edit(span, planned.link),) if literal and writable else (),
        )


RULE = make_rule(
    "AL404",
    "outline-link-mismatch",
    Severity.WARNING,
    __doc__,
    check,
    options=OutlineOptions,
    fixable=True,
)
