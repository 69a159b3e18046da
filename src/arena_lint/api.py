"""The pipeline: read -> front matter -> tokens -> tree -> schema -> rules -> diagnostics.

Everything a caller needs (the CLI, a pre-commit hook, an editor) is here;
the CLI only turns options into :class:`Settings` and diagnostics into text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import source as reading
from .diagnostics import Diagnostic
from .model import Document, Span
from .parser import parse
from .rules import BY_NAME, RULES, Rule
from .settings import Settings
from .source import ReadError, Source

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    diagnostics: list[Diagnostic]


def lint_text(
    text: str, path: str = reading.STDIN, settings: Settings | None = None
) -> list[Diagnostic]:
    """Check one post given as text."""
    return lint_source(Source.from_text(text, path), settings or Settings())


def parse_text(text: str, path: str = reading.STDIN) -> Document:
    """The typed tree of one post given as text."""
    return parse(Source.from_text(text, path))


def lint_source(source: Source, settings: Settings) -> list[Diagnostic]:
    return check_document(parse(source), settings)


def check_document(document: Document, settings: Settings) -> list[Diagnostic]:
    """Run every rule on ``document``; the result is sorted by position."""
    diagnostics = [
        _diagnostic(document.path, rule, finding.span, finding.message)
        for rule in RULES
        if rule.check is not None
        for finding in rule.check(document, settings)
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def lint_path(path: str, settings: Settings) -> FileResult:
    """Check one file (``-`` is standard input); never raises for bad input."""
    try:
        source = reading.read(path)
    except ReadError as error:
        return FileResult(path, [_file_problem(path, "unreadable-file", str(error))])
    try:
        return FileResult(path, lint_source(source, settings))
    except Exception as error:
        message = (
            f"arena-lint failed on this file ({type(error).__name__}: {error}); "
            "please report it with the file"
        )
        return FileResult(path, [_file_problem(path, "internal-error", message)])


def lint_paths(paths: Iterable[str], settings: Settings) -> Iterator[FileResult]:
    """Check files and folders (recursively, Markdown files only), in order."""
    for path in discover(paths):
        yield lint_path(path, settings)


def discover(paths: Iterable[str]) -> list[str]:
    """Files given directly, plus the Markdown files under given folders.

    Hidden folders (``.git``, ``.venv``) are skipped; symlinked folders are not
    followed, so a link loop cannot trap the walk.
    """
    found: list[str] = []
    for path in paths:
        if path != reading.STDIN and os.path.isdir(path):
            for root, folders, files in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                found.extend(
                    os.path.join(root, name)
                    for name in sorted(files)
                    if name.lower().endswith(MARKDOWN_SUFFIXES)
                )
        else:
            found.append(path)
    return found


def _file_problem(path: str, rule_name: str, message: str) -> Diagnostic:
    return _diagnostic(path, BY_NAME[rule_name], Span(1, 1, 1, 1), message)


def _diagnostic(path: str, rule: Rule, span: Span, message: str) -> Diagnostic:
    return Diagnostic(
        path,
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        rule.code,
        rule.name,
        rule.severity,
        message,
    )
