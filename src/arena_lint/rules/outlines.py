"""What the outline rules (AL4) share: their options, which outline applies to a
post, where its chapters and exercises are written, and kind comparisons."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..course import Outline, Planned, load_outline
from ..model import Document, Entry
from ..span import Span


@dataclass(frozen=True, slots=True)
class OutlineOptions:
    outline: Outline | None = field(default=None, metadata={"load": load_outline})
    """A course outline (a TOML file: see "Plan against actual" in the README)
    that posts naming no course (or its own) are checked against; a post whose
    front matter names another course is checked against that course's outline
    in `outlines`, or none. Without it (and `outlines`) the outline rules are off."""
    outlines: tuple[tuple[str, Outline], ...] = field(default=(), metadata={"load": load_outline})
    """Course name -> outline file: a post whose front matter says `course: <name>`
    is checked against that outline (names compare case-insensitively)."""


def outline_for(document: Document, options: OutlineOptions) -> Outline | None:
    """The outline that applies to ``document``: the one its front matter's
    ``course`` names in ``outlines`` (by key or by the outline's own course
    name), else ``outline`` when the post names no course or ``outline``'s own;
    ``None`` turns the outline rules off. A post naming another course is of
    that course: checking it against this one would only mislead (and ``--fix``
    would write another course's titles), and ``report`` leaves it out too."""
    named = _course_of(document)
    if named is None:
        return options.outline
    wanted = named.casefold()
    for name, outline in options.outlines:
        if wanted in (name.strip().casefold(), outline.name.strip().casefold()):
            return outline
    default = options.outline
    if default is not None and wanted == default.name.strip().casefold():
        return default
    return None


def _course_of(document: Document) -> str | None:
    """The front matter's ``course`` (a non-empty string), as ``report`` reads it."""
    data = document.front_matter.data if document.front_matter is not None else None
    value = data.get("course") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def numbered(document: Document) -> Iterator[tuple[Entry, Entry | None]]:
    """Every numbered chapter and exercise of the post, with the entry it is under."""
    for log in document.logs:
        for parent, children in log.parents():
            for entry in children:
                if entry.kind != "other" and entry.number is not None:
                    yield entry, parent


def what(entry: Entry) -> str:
    return f"{entry.kind} {entry.number}"


def number_span(document: Document, entry: Entry) -> Span:
    """Where ``entry``'s number is written on its first line (else its whole span)."""
    found = _find(document, entry, entry.number or "", entry.span.column - 1, number=True)
    return found if found is not None else entry.span


def title_span(document: Document, entry: Entry) -> Span | None:
    """Where ``entry``'s title is written, verbatim, after its number on its first
    line; ``None`` when it is not written as read (markup, escapes) or not once."""
    if not entry.title:
        return None
    after = number_span(document, entry)
    start = after.end_column - 1 if after != entry.span else entry.span.column - 1
    return _find(document, entry, entry.title, start)


def _find(
    document: Document, entry: Entry, text: str, start: int, *, number: bool = False
) -> Span | None:
    line = entry.span.line
    if not text or not 0 < line <= len(document.lines):
        return None
    source = document.lines[line - 1]
    end = entry.span.end_column - 1 if entry.span.end_line == line else len(source)
    pattern = re.escape(text)
    if number:
        pattern = r"(?<![\w.])" + pattern + r"(?![\w]|\.\w)"
    hits = [m.start() for m in re.finditer(pattern, source[start:end])]
    if len(hits) != 1 and not (number and hits):
        return None
    column = start + hits[0] + 1
    return Span(line, column, line, column + len(text))


_NOT_WORD = re.compile(r"[\W_]+")


def same_title(written: str, planned: str) -> bool:
    """Titles that differ only in case, spacing and punctuation (`&` is `and`)."""
    return _folded(written) == _folded(planned)


def _folded(title: str) -> str:
    return _NOT_WORD.sub("", title.casefold().replace("&", " and "))


def same_address(written: str, planned: str) -> bool:
    """Addresses that differ at most in the case of scheme and host and a final ``/``."""
    return _address(written) == _address(planned)


def same_site(written: str, planned: str) -> bool:
    """Both addresses on one host (``www.`` aside)."""
    return _host(written) == _host(planned) != ""


def _address(url: str) -> tuple[str, ...]:
    from urllib.parse import urlsplit  # only for a post an outline applies to

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return (url,)
    return (
        parts.scheme.lower(),
        parts.netloc.lower(),
        parts.path.rstrip("/"),
        parts.query,
        parts.fragment,
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def planned_for(outline: Outline, entry: Entry) -> Planned | None:
    """The outline's chapter or exercise for ``entry``: same number, same kind."""
    planned = outline.get(entry.number or "")
    if planned is None:
        return None
    is_chapter = outline.parent_of(planned.number) is None
    return planned if is_chapter == (entry.kind == "chapter") else None


_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")


def reads_back(text: str, marks: str) -> bool:
    """Whether ``text``, written into a post, is read back as itself: printable
    (no line break, control or bidi character), no entity (``&amp;``) and none
    of ``marks`` (the characters Markdown would read otherwise there)."""
    return text.isprintable() and not _ENTITY.search(text) and not any(m in text for m in marks)


def listed(items: list[str], most: int = 8) -> str:
    """``a, b, c`` (at most ``most`` of them, then ``...``)."""
    shown = ", ".join(items[:most])
    return shown + (", ..." if len(items) > most else "")
