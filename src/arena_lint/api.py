"""The pipeline: read -> front matter -> tokens -> tree -> schema -> rules -> diagnostics.

Everything a caller needs (the CLI, a pre-commit hook, an editor) is here;
the CLI only turns options into :class:`Settings` and diagnostics into text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from . import source as reading
from .diagnostics import Diagnostic, Edit, Severity
from .prefilter import may_hold_log
from .settings import Settings, SettingsSource
from .source import ReadError, Source

if TYPE_CHECKING:
    from .model import Document, Span
    from .rules import Finding, Rule

# The parser (markdown-it, PyYAML) and the rules (jsonschema) are imported where
# they are used: a run over files that hold no log never needs them.


@dataclass(frozen=True, slots=True)
class LogTotals:
    """A log's stated total and the sum of its entries (``None`` when unknown)."""

    line: int
    stated: Fraction | None
    computed: Fraction | None


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    logs: tuple[LogTotals, ...] = ()


def lint_text(
    text: str, path: str = reading.STDIN, settings: Settings | None = None
) -> list[Diagnostic]:
    """Check one post given as text."""
    return lint_source(Source.from_text(text, path), settings or Settings())


def parse_text(text: str, path: str = reading.STDIN) -> Document:
    """The typed tree of one post given as text."""
    return parse(Source.from_text(text, path))


def parse(source: Source) -> Document:
    """The typed tree of ``source`` (see :mod:`arena_lint.parser`)."""
    from .parser import parse as parse_source

    return parse_source(source)


def lint_source(source: Source, settings: Settings) -> list[Diagnostic]:
    if not may_hold_log(source.text):
        return []
    return check_document(parse(source), settings)


def check_document(document: Document, settings: Settings) -> list[Diagnostic]:
    """Run the enabled rules on ``document``, apply its suppression comments, sort."""
    from .rules import RULES

    enabled = settings.rules_for(document.path)
    found = [
        (rule, finding)
        for rule in RULES
        if rule.check is not None and (enabled is None or rule.name in enabled)
        for finding in rule.check(document, settings)
    ]
    if document.directives:
        found = _apply_directives(document, found, enabled)
    diagnostics = [
        _diagnostic(
            document.path,
            rule,
            finding.span,
            finding.message,
            finding.severity or settings.severity.get(rule.name, rule.severity),
            finding.fix,
        )
        for rule, finding in found
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _apply_directives(
    document: Document, found: list[tuple[Rule, Finding]], enabled: frozenset[str] | None
) -> list[tuple[Rule, Finding]]:
    from . import directives
    from .rules import BY_NAME, Finding, canonical

    def is_enabled(name: str) -> bool:
        return enabled is None or name in enabled

    outcome = directives.apply(
        document.directives,
        [(finding.span.line, rule.name) for rule, finding in found],
        canonical,
        is_enabled,
    )
    kept = [item for index, item in enumerate(found) if index not in outcome.suppressed]
    unused = BY_NAME["unused-suppression"]
    if is_enabled(unused.name):
        for directive, name in outcome.unused:
            what = f"`{name}` findings" if name else "any finding"
            message = f"`arena-lint-{directive.kind}` does not silence {what} here; remove it"
            kept.append((unused, Finding(directive.span, message)))
        for directive, written in outcome.unknown:
            message = f"`arena-lint-{directive.kind}` names unknown rule `{written}`"
            kept.append((unused, Finding(directive.span, message)))
    return kept


def lint_path(path: str, settings: Settings | SettingsSource) -> FileResult:
    """Check one file (``-`` is standard input); never raises for bad input."""
    settings = settings.settings_for(path)
    try:
        text = reading.normalize(reading.decode_text(reading.read_bytes(path)))
    except ReadError as error:
        return lint_path_error(path, str(error))
    try:
        if not may_hold_log(text):
            return FileResult(path, [])  # before splitting lines: most files end here
        from .model import sum_hours

        source = Source.from_normalized(text, path)
        document = parse(source)
        totals = tuple(
            LogTotals(
                (log.total.span if log.total is not None else log.span).line,
                log.total.duration.hours if log.total and log.total.duration else None,
                sum_hours(log.entries),
            )
            for log in document.logs
        )
        return FileResult(path, check_document(document, settings), totals)
    except Exception as error:
        message = (
            f"arena-lint failed on this file ({type(error).__name__}: {error}); "
            "please report it with the file"
        )
        return FileResult(path, [_file_problem(path, "internal-error", message)])


def lint_path_error(path: str, message: str) -> FileResult:
    """The result of a file that could not be read."""
    return FileResult(path, [_file_problem(path, "unreadable-file", message)])


def lint_paths(
    paths: Iterable[str], settings: Settings | SettingsSource, jobs: int = 1
) -> Iterator[FileResult]:
    """Check files and folders (recursively, Markdown files only), in order.

    With ``jobs`` above 1 and enough files, worker processes share the files;
    ``0`` means one per CPU.
    """
    files = discover(paths, settings)
    workers = jobs if jobs > 0 else _cpus()
    if workers < 2 or len(files) < 4 * workers or any(map(reading.is_stdin, files)):
        yield from (lint_path(path, settings) for path in files)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(files) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(partial(lint_path, settings=settings), files, chunksize=chunk)


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def discover(paths: Iterable[str], settings: Settings | SettingsSource | None = None) -> list[str]:
    """The files a run checks (see :mod:`arena_lint.discovery`)."""
    from .discovery import discover as walk

    return walk(paths, settings)


def _file_problem(path: str, rule_name: str, message: str) -> Diagnostic:
    from .model import Span
    from .rules import BY_NAME

    rule = BY_NAME[rule_name]
    return _diagnostic(path, rule, Span(1, 1, 1, 1), message, rule.severity)


def _diagnostic(
    path: str,
    rule: Rule,
    span: Span,
    message: str,
    severity: Severity,
    fix: tuple[Edit, ...] = (),
) -> Diagnostic:
    return Diagnostic(
        path,
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        rule.code,
        rule.name,
        severity,
        message,
        doc_url(rule),
        fix,
    )


def doc_url(rule: Rule) -> str:
    """The rule's page, in the repository at this version's tag."""
    from . import HOMEPAGE, __version__

    return f"{HOMEPAGE}/blob/v{__version__}/{DOCS_PATH}/{rule.name}.md"


DOCS_PATH = "docs/rules"
