"""Gitignore-style globs, matched as git matches them (see :mod:`arena_lint.discovery`).

Kept apart from the folder walk so that the settings (which match
``per-file-ignores``) and the walk (which holds settings) do not import each
other. :mod:`pathspec` is imported only when a glob has to be matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from pathspec import GitIgnoreSpec


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """The compiled matcher of ``patterns``; settings are reused for many files.

    The patterns come with the pull request (``.gitignore``, the configuration).
    pathspec translates them to :mod:`re` expressions, which backtrack
    exponentially: ``*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b`` took 16 s
    on a 30-letter file name, hours on a 40-letter one. The same expressions
    compiled with :mod:`regex`, whose matcher remembers what it has tried, take
    milliseconds and mean the same (``regex`` is re-compatible by default).
    """
    import regex
    from pathspec import GitIgnoreSpec

    spec = GitIgnoreSpec.from_lines(patterns)
    for pattern in spec.patterns:
        compiled = getattr(pattern, "regex", None)
        if compiled is not None:
            # Only case folding carries over: re's and regex's other flag bits differ.
            folded = regex.IGNORECASE if compiled.flags & re.IGNORECASE else 0
            # regex's Pattern has re's match/search API, which is all pathspec calls.
            pattern.regex = regex.compile(compiled.pattern, folded)  # type: ignore[assignment]
    return spec


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a glob arena-lint can match (``[z-a]``, a lone ``!``, a
    trailing backslash, ``[[:foo:]]``); ``None`` when it is one."""
    if not pattern.strip():
        return "an empty pattern matches nothing"
    try:
        _compiled((pattern,))
    except ValueError:  # pathspec's own: git reads no such pattern
        return "git reads no such pattern"
    except Exception as error:  # re.error, regex.error: a range or set that means nothing
        return str(getattr(error, "msg", "") or "not a pattern")
    return None


def _compiled(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    import warnings

    # re warns of sets it may read differently one day (`[[`): nothing for the user to act on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _spec(patterns)


def usable(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """``patterns`` without the lines git skips as invalid; compiled at once when all
    are valid (the usual case), one by one to find the bad ones otherwise."""
    try:
        _compiled(patterns)
    except Exception:  # which one is bad is found below
        return tuple(pattern for pattern in patterns if glob_problem(pattern) is None)
    return patterns


def last_decision(patterns: tuple[str, ...], relative: str) -> bool | None:
    """Whether the last of ``patterns`` that matches ``relative`` includes it (``None``: none
    matches). A folder's ``relative`` ends with ``/``."""
    include: bool | None = _spec(patterns).check_file(relative).include
    return include


def matches_any(relative: str, patterns: Sequence[str]) -> bool:
    """Whether gitignore-style ``patterns`` select ``relative`` (a ``/``-separated path
    relative to where the patterns apply), honouring ``!`` and excluded parent folders.

    A folder is given with a trailing ``/``.
    """
    if not patterns:
        return False
    patterns = tuple(patterns)
    parts = relative.rstrip("/").split("/")
    # As in git, nothing inside a matched folder can be re-included by a later `!`.
    for depth in range(1, len(parts)):
        if last_decision(patterns, "/".join(parts[:depth]) + "/"):
            return True
    return bool(last_decision(patterns, relative))


def matches(relative: str, pattern: str) -> bool:
    """Whether one gitignore-style pattern matches ``relative``.

    A pattern starting with ``!`` matches what the rest does not (for
    ``per-file-ignores``: ``"!posts/**" = [...]`` applies outside ``posts/``).
    """
    if pattern.startswith("!"):
        return not matches_any(relative, (pattern[1:],))
    return matches_any(relative, (pattern,))


def relative_path(root: Path | None, path: str) -> str:
    """``path`` relative to ``root`` (the configuration file's folder), ``/``-separated;
    the path as given when it is elsewhere or there is no root."""
    from pathlib import Path  # only with exclude/per-file-ignores: not on every start

    pure = Path(path)
    if root is not None:
        try:
            return pure.resolve().relative_to(_resolved(root)).as_posix()
        except (ValueError, OSError):
            pass
    return pure.as_posix().removeprefix("./")


@lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    return root.resolve()
