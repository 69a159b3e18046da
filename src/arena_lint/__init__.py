"""arena-lint: check the study-time logs kept in Markdown posts."""

from __future__ import annotations

from .api import FileResult, check_document, lint_path, lint_paths, lint_text, parse_text
from .diagnostics import Diagnostic, Severity
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
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
