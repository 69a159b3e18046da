"""arena-lint: check the study-time logs kept in Markdown posts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .about import HOMEPAGE, __version__
from .diagnostics import Diagnostic, Severity
from .settings import Settings

if TYPE_CHECKING:
    from .api import FileResult, check_document, lint_path, lint_paths, lint_text, parse_text


__all__ = [
    "HOMEPAGE",
    "Diagnostic",
    "FileResult",
    "Settings",
    "Severity",
    "__version__",
    "check_document",
    "lint_path",
    "lint_paths",
    "lint_text",
    "parse_text",
]


_API = {"FileResult", "check_document", "lint_path", "lint_paths", "lint_text", "parse_text"}


def __getattr__(name: str) -> Any:
    # The API pulls in the parser and the rules; `import arena_lint` (and the
    # command line's start, for a file with no log) should not pay for them.
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'arena_lint' has no attribute {name!r}")
