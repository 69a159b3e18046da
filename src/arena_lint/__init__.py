"""arena-lint: check the study-time logs kept in Markdown posts.

The Python API, in the order a program usually needs it::

    from arena_lint import load_settings, lint_paths, lint_text, fix_text

    settings = load_settings("blog/_posts")           # the blog's own configuration
    for result in lint_paths(["blog/_posts"]):        # each file with its configuration
        for finding in result.diagnostics:
            print(finding.path, finding.line, finding.column, finding.rule, finding.message)

    findings = lint_text(text, "post.md", settings)   # text you already hold
    repaired = fix_text(text, "post.md", settings).after

Every function here reads, checks and grades a post exactly as the
``arena-lint`` command does; none raises for a bad post (an unreadable or
crashing file is a finding). A bad configuration raises :class:`ConfigError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .about import HOMEPAGE, __version__
from .diagnostics import Diagnostic, Severity
from .settings import Settings

if TYPE_CHECKING:
    from .api import FileResult
    from .config import ConfigError
    from .model import Document
    from .settings import SettingsSource

# The functions below import the pipeline when first called: `import
# arena_lint`, and the command line's start for a file with no log, do not pay
# for the parser and the rules.

_STDIN = "-"


def lint_text(text: str, path: str = _STDIN, settings: Settings | None = None) -> list[Diagnostic]:
    """The findings of one post given as text, sorted by position.

    ``path`` names the post in the findings (and for ``per-file-ignores``);
    ``settings`` defaults to every rule with its default options; pass
    :func:`load_settings` for the blog's configuration.
    """
    from . import api

    return api.lint_text(text, path, settings)


def lint_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    settings: Settings | SettingsSource | None = None,
    jobs: int = 1,
) -> Iterator[FileResult]:
    """Check files and folders, in order: one :class:`FileResult` per file checked.

    Folders are walked as the command line walks them (``include``, ``exclude``,
    ``.gitignore``); one path may be given alone. Without ``settings`` each file
    gets the configuration the command line would find for it (the nearest
    ``.arena-lint.toml`` or ``pyproject.toml``). ``jobs`` above 1 shares the files
    among worker processes (``0``: one per CPU).
    """
    from . import api

    return api.lint_paths(paths, settings, jobs)


def fix_text(text: str, path: str = _STDIN, settings: Settings | None = None) -> FileResult:
    """Repair a post given as text, in memory, as ``--fix`` would (nothing is written).

    The result's ``after`` is the repaired text (equal to ``before`` when nothing
    changed), ``diagnostics`` the findings that remain, ``fixed`` how many of the
    findings of the text as given were repaired.
    """
    from . import api

    return api.fix_text(text, path, settings)


def load_settings(
    path: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None
) -> Settings:
    """The settings arena-lint uses for the file or folder at ``path``: the nearest
    ``.arena-lint.toml`` or ``[tool.arena-lint]`` in ``pyproject.toml`` at or above
    it (up to the repository's root), over the defaults; ``config`` names the file
    instead. Raises :class:`ConfigError` for a configuration that is not valid.
    """
    from . import api

    return api.load_settings(path, config=config)


def parse_text(text: str, path: str = _STDIN) -> Document:
    """The typed tree of one post given as text (what ``--dump-tree`` prints)."""
    from . import api

    return api.parse_text(text, path)


def check_document(document: Document, settings: Settings) -> list[Diagnostic]:
    """The findings of a tree already built by :func:`parse_text`."""
    from . import api

    return api.check_document(document, settings)


def lint_path(path: str, settings: Settings | SettingsSource) -> FileResult:
    """Check one file (``-`` is standard input); kept for existing callers of 0.x,
    :func:`lint_paths` also walks folders and finds each file's configuration."""
    from . import api

    return api.lint_path(path, settings)


__all__ = [
    "HOMEPAGE",
    "ConfigError",
    "Diagnostic",
    "FileResult",
    "Settings",
    "Severity",
    "__version__",
    "check_document",
    "fix_text",
    "lint_path",
    "lint_paths",
    "lint_text",
    "load_settings",
    "parse_text",
]


def __getattr__(name: str) -> Any:
    # The pipeline's classes, imported on first use (see above).
    if name == "FileResult":
        from .api import FileResult

        return FileResult
    if name == "ConfigError":
        from .config import ConfigError

        return ConfigError
    raise AttributeError(f"module 'arena_lint' has no attribute {name!r}")
