"""The grammar of one line of a log: an entry's head (task box, duration before
or after its title, `skipped`, chapter or exercise and number, title, link,
notes) and a total line. Works on the text a reader sees (markup dropped, as
:func:`arena_lint.entries.flatten` gives it); where it is written in the
source is :mod:`arena_lint.placing`'s business.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from .durations import Token as DurationToken
from .durations import scan
from .model import (
    Kind,
)

# A total line: the word total, words that say it is time, a separator, then a
# duration; whatever follows is free text (`Total Hours: 50 (approx.)`).
_TOTAL = re.compile(
    r"[ \t]*total(?:[ \t]+(?P<word>(?:study[ \t]+)?(?:hours?|hrs?|time)"
    r"(?:[ \t]+(?:spent|studied|logged))?|spent)\b)?"
    # A few more words before a colon or equals sign: `Total hours so far: 50`,
    # `Total time this week: 5h` (only with the sign, so prose stays prose).
    r"(?P<extra>(?<=[A-Za-z])(?:[ \t]+[A-Za-z]+){1,3}(?=[ \t]*[:=]))?"
    r"[ \t]*(?P<sep>[:=(\u2013\u2014]|-{1,2})?[ \t]*",
    re.I,
)
# Words that say a total is one of time, where an `m` could be metres.
_TIME_WORDS = re.compile(
    r"\b(?:time|hours?|hrs?|minutes?|mins?|study|studied|spent|logged)\b", re.I
)
# `6:30`: a clock time, which a bare number would read as 6.
_CLOCK = re.compile(r"\d+:\d")
_HOURS_WORD = re.compile(r"(?:study[ \t]+)?h", re.I)
_SKIPPED = re.compile(r"skipped\b[ \t]*:?[ \t]*", re.I)
# `(skipped)`, `(skipped, seen it before)`, `- skipped` after the title.
_SKIPPED_AFTER = re.compile(r"(?:\(|[\u2013\u2014-][ \t]*)skipped\b", re.I)
# A task-list item's box: `[x] 1h exercise 1.1`, `[ ] exercise 1.2`.
_TASK = re.compile(r"\[(?P<mark>[ xX])\][ \t]+")
# Where a duration written after the title starts: `(3h)`, `— 4h`, ` - 4h`, `: 4h`.
_AFTER = re.compile(r"[ \t]*(?P<open>\()[ \t]*|[ \t]*(?:[\u2013\u2014]|[ \t]-{1,2}|:)[ \t]*")
# A duration at the end of the first sentence after a mere space (`- Plank 3m`).
_BARE_AFTER = re.compile(r"(?<=\w)[ \t]+(?P<token>[\d.]+[ \t]?[A-Za-z]+)[ \t]*[.;,]?[ \t]*$")
# What may follow such a duration: the end of the entry's first sentence.
_AFTER_END = re.compile(r"[ \t]*(?:[.;,]|[ \t]\(|$)")
# Where an entry's first sentence ends (its title and a duration after it live there).
_SENTENCE_END = re.compile(r"\.(?:[ \t]|$)|;|\n|$")
_SEPARATOR = r"[ \t]*[:.\u2013\u2014-]?[ \t]*"
# Numbers are read whole: `3`, `3.10`, `3.1a`, an appendix's `A.1`. A number
# ends where no letter, digit or `.digit` follows (`3.1abc` is no number).
_NUMBER_END = r"(?![\w]|\.\d)"
_CHAPTER = re.compile(rf"chapter[ \t]+(?P<number>\d+){_NUMBER_END}{_SEPARATOR}", re.I)
_EXERCISE = re.compile(
    rf"exercise[ \t]+(?P<number>(?:\d+|(?-i:[A-Z])(?=\.\d))(?:\.\d+)*(?-i:[a-z])?)"
    rf"{_NUMBER_END}{_SEPARATOR}",
    re.I,
)
# Where a title written without a link ends: a full stop, a bracket, a semicolon.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TITLE_END = re.compile(r"\.(?:\s|$)|\s\(|;|$")


#: A task-list item's box: ``[x]`` done, ``[ ]`` open.
Task = Literal["done", "open"]


class Head(NamedTuple):
    """What an entry's text says before its notes (see :func:`parse_head`)."""

    token: DurationToken | None = None
    """The duration before or after the title, readable or not."""
    skipped: bool = False
    kind: Kind = "other"
    number: str | None = None
    title: str | None = None
    url: str | None = None
    tail: str = ""
    """The free text after the title: the first note."""
    start: int = 0
    """Where ``token`` starts in the text."""
    task: Task | None = None
    after: bool = False
    """``token`` is written after the title (`Chapter 2 (3h)`)."""


def parse_head(text: str, links: tuple[tuple[int, int, str], ...] = ()) -> Head:
    """Read an entry's text: task box, duration or `skipped`, chapter or exercise
    and its number, title, link, a duration after the title, and the tail.
    ``links`` are the (start, end, url) of the links in ``text``, as markdown-it
    found them.

    >>> parse_head("2.5h exercise 3.1a [Bandits](u). Slow going").number
    '3.1a'
    >>> parse_head("exercise 2.1 (1.5h)").token.text
    '1.5h'
    """
    rest = 0
    task: Task | None = None
    box = _TASK.match(text)
    if box is not None:
        task, rest = ("open" if box["mark"] == " " else "done"), box.end()
    start = rest
    token = scan(text[rest:], clock=True)
    skipped = False
    after = False
    stop = len(text)  # where the title may end
    resume = -1  # with a duration after the title: where the text goes on
    if token is not None:
        rest += token.end
    else:
        marker = _SKIPPED.match(text, rest)
        if marker is not None:
            skipped = True
            rest = marker.end()
        else:
            found = _after(text, rest)
            if found is not None:
                token, start, stop, resume = found
                after = True
    if (
        token is not None
        and token.hours is None
        and token.error
        and token.error.startswith("is zero")
    ):
        if _SKIPPED_AFTER.search(text, rest) is not None:
            token, skipped = None, True  # `0h exercise 0.1 (skipped, seen it before)`
    elif token is None and not skipped and _SKIPPED_AFTER.search(text, rest) is not None:
        skipped = True
    if task == "open" and token is None:
        skipped = True  # not done yet: it counts as zero, as a skipped item does
    while rest < len(text) and text[rest].isspace():
        rest += 1
    kind: Kind = "other"
    number: str | None = None
    chapter = _CHAPTER.match(text, rest, stop)
    if chapter is not None:
        kind, number, rest = "chapter", chapter["number"], chapter.end()
    else:
        exercise = _EXERCISE.match(text, rest, stop)
        if exercise is not None:
            kind, number, rest = "exercise", exercise["number"], exercise.end()
    title, url, tail = _title(text, rest, links, stop)
    if resume >= 0:
        tail = _tidy(text[resume:])
    return Head(token, skipped, kind, number, title, url, tail, start, task, after)


def _after(text: str, rest: int) -> tuple[DurationToken, int, int, int] | None:
    """A duration written after the title, in the entry's first sentence:
    the token, where it starts, where the title stops and where the text goes on.

    Only a token set apart (in parentheses, after a dash or a colon) and ending
    the sentence counts: `- Read 2 chapters` or `- 5 people came` are no times.
    One with a unit after a mere space is returned unreadable (see below).
    """
    end = _SENTENCE_END.search(text, rest)
    limit = end.start() if end is not None else len(text)
    for match in _AFTER.finditer(text, rest, limit):
        at = match.end()
        token = scan(text[at:limit] if match["open"] is None else text[at:], clock=True)
        if token is None:
            continue
        close = at + token.end
        if match["open"] is not None:
            tail = re.match(r"[ \t]*\)", text[close:])
            if tail is None:
                continue
            close += tail.end()
        elif _AFTER_END.match(text, close) is None:
            continue
        return token, at, match.start(), close
    # A token that only a space sets apart, ending the sentence (`- Plank 3m`,
    # `- exercise 1.1 took 2h`): a reader may take it for the time spent, or
    # not (`- Row 2000m` is metres). Never read, never silently dropped: it is
    # reported at the token, and the log is not fixed.
    last = _BARE_AFTER.search(text, rest, limit)
    if last is not None and _SKIPPED_AFTER.search(text, rest, limit) is None:
        token = scan(text[last.start("token") : limit])
        if token is not None and token.hours is not None and token.end == len(last["token"]):
            why = f"is not set apart from the title; write `({token.text})` if it is the time spent"
            at = last.start("token")
            return DurationToken(token.text, None, why), at, last.start(), at + token.end
    return None


def read_total(text: str) -> tuple[int, DurationToken] | None:
    """The duration a total line states, with its offset in ``text``; ``None``
    when ``text`` is not a total line.

    A line that starts like a total is one whatever follows its number. When
    its words say it is a total of time but no number can be read there, the
    token is unreadable (and reported), never ignored.
    """
    match = _TOTAL.match(text)
    if match is None:
        return None
    word = match["word"] or ""
    start = match.end()
    rest = text[start:]
    token = scan(rest, bare_hours=True)
    if (
        token is not None
        and not word
        and match["extra"]  # words between `total` and the sign: `Total distance:`
        and token.text.rstrip().endswith(("m", "M"))
        and not _TIME_WORDS.search(text, 0, match.end())
    ):
        return None  # `Total distance: 5000m`: metres, not minutes
    if token is not None and token.bare and _CLOCK.match(rest):
        if not word:
            return None  # `Total: 6:30` says no unit: a score, a time of day
        clock = rest.split(None, 1)[0].rstrip(".,;")
        token = DurationToken(clock, None, "is a clock time; write it as `6h30m` or `6.5h`")
    elif token is not None and token.bare and not _HOURS_WORD.match(word):
        if not word:
            return None  # `Total: 5 tasks`, `Total: 42.7`: the unit is not said
        token = DurationToken(token.text, None, f"has no unit; write `{token.text}h`")
    if token is None:
        if not word or match["sep"] is None or not rest.strip():
            return None  # prose that mentions a total
        written = rest.split(None, 1)[0]
        token = DurationToken(written, None, "is not a number of hours")
    return start, token


def _title(
    plain: str, start: int, links: tuple[tuple[int, int, str], ...], stop: int | None = None
) -> tuple[str | None, str | None, str]:
    """Title, URL and the free text after them, from ``plain[start:]``.

    The entry's link is the first one that begins before the title's first
    sentence ends (`[Chapter 0: Fundamentals](url)`, `exercise 0.2 [CNN](url)`);
    a link further on belongs to the notes.
    """
    # A comment's own punctuation ends no title: it is masked, length kept.
    masked = _HTML_COMMENT.sub(lambda m: "\0" * len(m[0]), plain) if "<!--" in plain else plain
    limit = len(plain) if stop is None else stop
    boundary = _TITLE_END.search(masked, start, limit)
    title_end = boundary.start() if boundary else limit
    for link_start, link_end, href in links:
        if link_end <= start or link_start > title_end:
            continue
        before = _unseen(plain[start:link_start]).strip(" \t:-\u2013\u2014")
        title = before or _unseen(plain[max(start, link_start) : link_end]).strip()
        return title or None, href, _tidy(plain[link_end:])
    title = _unseen(plain[start:title_end]).strip()
    return title or None, None, _tidy(plain[title_end:])


def _unseen(text: str) -> str:
    """``text`` without its HTML comments, which a reader never sees (a
    ``<!-- arena-lint-disable-line ... -->`` at the end of an entry is no title)."""
    if "<!--" not in text:
        return text
    return " ".join(_HTML_COMMENT.sub(" ", text).split())


def _tidy(text: str) -> str:
    return _unseen(text).strip().lstrip(".;:,").strip()
