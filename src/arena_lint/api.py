"""The pipeline, end to end: read -> front matter -> tokens -> tree -> rules -> stamp.

:func:`run` is the one way in. ``check``, ``--fix``, ``--diff``, ``report`` and
any editor integration call it (through :func:`run_text` for text they already
hold) and nothing else, so every command reads, guards and grades a file the
same way: a file that cannot be read is an ``unreadable-file`` finding, a crash
is an ``internal-error`` finding for that file alone, and every finding passes
through :func:`arena_lint.engine.stamp`.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple

from . import source as reading
from .diagnostics import Diagnostic
from .prefilter import may_hold_log
from .settings import Settings, SettingsSource
from .source import ReadError, Source

if TYPE_CHECKING:
    from .engine import Found
    from .model import Document, LogHours

# The parser (markdown-it, PyYAML), the rules (jsonschema) and the fixer are
# imported where they are used: a run over files that hold no log never needs them.

Mode = Literal["check", "fix", "diff"]
"""``check`` reads; ``diff`` also repairs the text in memory; ``fix`` writes the repair."""

#: A fix can make a parent wrong (the total after a chapter); a few passes settle it.
MAX_PASSES = 10


class FileResult(NamedTuple):
    """What a run found in one file."""

    path: str
    diagnostics: list[Diagnostic]
    """Sorted; after ``--fix``, those of the text that is on disk."""
    logs: tuple[LogHours, ...] = ()
    document: Document | None = None
    """The typed tree (``None``: unreadable, crashed, or no log could be in it)."""
    before: str | None = None
    """With ``fix``/``diff``: the text as read (BOM and line endings kept)."""
    after: str | None = None
    """With ``fix``/``diff``: the repaired text (equal to ``before`` when nothing changed)."""
    fixed: int = 0
    """With ``fix``/``diff``: how many of the ``found`` findings of the text as read
    the repair removed, so ``--fix`` counts as ``check`` does."""
    raw: bytes | None = None
    """With ``fix``/``diff``, bytes that could not be decoded: ``--fix -`` passes them on."""
    found: int = 0
    """With ``fix``/``diff``: the findings of the text as read (what ``check`` reports)."""

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before

    def lean(self) -> FileResult:
        """Without the tree and texts: what a worker process sends back for ``check``."""
        return self._replace(document=None, before=None, after=None)


def run(
    path: str,
    settings: Settings | SettingsSource,
    *,
    mode: Mode = "check",
    text: str | None = None,
    tree: bool = False,
) -> FileResult:
    """Run one file (``-`` is standard input) end to end; never raises for bad input.

    ``text`` stands for the file's content when the caller already holds it
    (an editor buffer); ``fix`` writes the repaired text back unless the path
    is standard input; ``tree`` builds the typed tree even for a file that
    cannot hold a log (``--dump-tree``).
    """
    # The stamp (engine) is imported where a finding is made: a file that cannot
    # hold a log, most files, never needs it.
    own = settings.settings_for(path)
    data: bytes | None = None
    try:
        if text is None:
            data = reading.read_bytes(path)
            text = reading.decode_text(data)
        else:  # an editor's buffer: the same cap as a file, for the same memory bound
            reading.check_size(len(text))
    except ReadError as error:
        from . import engine

        problem = engine.problem(path, "unreadable-file", str(error), own)
        if mode == "check":
            return FileResult(path, problem)
        # Found as check finds it: `--fix` counts it ("Fixed 0 of 1 finding").
        raw = data if data is not None else error.data
        return FileResult(path, problem, raw=raw, found=len(problem))
    try:
        if mode == "check":
            return _check(text, path, own, tree=tree)
        return _repair(text, data, path, own, write=mode == "fix")
    except Exception as error:  # the one crash guard, for every command
        message = (
            f"arena-lint failed on this file ({type(error).__name__}: {error}); "
            "please report it with the file"
        )
        from . import engine

        problem = engine.problem(path, "internal-error", message, own)
        return FileResult(path, problem, found=len(problem) if mode != "check" else 0)


def run_text(
    text: str, path: str = reading.STDIN, settings: Settings | None = None, mode: Mode = "check"
) -> FileResult:
    """:func:`run` on text given directly (``fix`` is then the same as ``diff``)."""
    return run(path, settings or Settings(), mode="diff" if mode == "fix" else mode, text=text)


def _check(
    text: str,
    path: str,
    settings: Settings,
    *,
    tree: bool = False,
) -> FileResult:
    """One reading of ``text``: its tree and what the rules find in it."""
    normalized = reading.normalize(text)
    if not tree and not may_hold_log(normalized):
        return FileResult(path, [])  # before splitting lines: most files end here
    from . import engine
    from .parser import collector_paused, parse

    # The tree is built and read with the cycle collector held off (see there).
    with collector_paused():
        document = parse(Source.from_normalized(normalized, path))
        return _result(document, engine.check(document, settings))


def _pass(text: str, path: str, settings: Settings) -> tuple[FileResult, Found]:
    """A ``--fix`` pass that may not be the last: the tree of ``text`` and what the
    rules whose edits ``--fix`` applies find in it (stamped, and as found)."""
    from . import engine
    from .parser import collector_paused, parse

    normalized = reading.normalize(text)
    if not may_hold_log(normalized):
        return FileResult(path, []), []
    with collector_paused():
        document = parse(Source.from_normalized(normalized, path))
        found = engine.find(document, settings, only=settings.fixable)
        diagnostics = engine.stamp(path, found, settings, document.directives, complete=False)
        return FileResult(path, diagnostics, document=document), found  # no hours needed


def _result(document: Document, diagnostics: list[Diagnostic]) -> FileResult:
    """A file's result from its tree: the diagnostics given and the hours of its logs."""
    from .model import LogHours, log_hours

    logs = []
    for log in document.logs:
        stated, computed = log_hours(log)
        line = (log.total.span if log.total is not None else log.span).line
        logs.append(LogHours(line, stated, computed))
    return FileResult(document.path, diagnostics, tuple(logs), document)


def _repair(
    text: str, data: bytes | None, path: str, settings: Settings, *, write: bool
) -> FileResult:
    """Apply the fixable edits pass after pass until none is left; with ``write``, save.

    The first pass is a whole check of the text as read: what check reports, and
    the count of fixed findings starts from it. A later pass's findings serve
    only to find the next edits, so it runs only the rules whose edits ``--fix``
    applies; the others (and ``unused-suppression``, which weighs every finding)
    run once more, on the tree of the text that is final, which gives exactly
    what checking that text gives (a test compares the two).
    """
    from . import engine, fixes

    originals: dict[tuple[int, int], str] = {}  # place -> the token first found there
    before = text
    first = result = _check(text, path, settings)
    found: Found = []
    for _ in range(MAX_PASSES):
        edits = fixes.next_edits(result.diagnostics, settings, text, originals)
        if not edits:
            break
        text = fixes.apply(text, edits)
        result, found = _pass(text, path, settings)
    if result is not first:
        result = _final(result, settings, found)
    # Which of the findings of the text as read are gone: a repair may bring one of
    # its own (a total rewritten `1h45m` beside a `1h45`), which does not undo the
    # one it fixed.
    read = first.diagnostics
    result = result._replace(
        before=before, after=text, fixed=_gone(read, result.diagnostics), found=len(read)
    )
    if not write or reading.is_stdin(path) or text == before:
        return result

    from . import atomic

    try:
        original = data if data is not None else before.encode("utf-8")
        # The path as discovered: a walked file carries the repository it must stay in.
        atomic.replace_post(path, original, reading.encode(text, reading.sniff(original)))
    except (OSError, atomic.WriteRefused) as error:
        # What is on disk is the text as read: report its findings, and why it stayed.
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        reason = f"not fixed: {why}"
        failed = engine.problem(path, "unwritable-file", reason, settings, first.document)
        diagnostics = sorted([*first.diagnostics, *failed], key=Diagnostic.sort_key)
        return first._replace(
            diagnostics=diagnostics, before=before, after=before, fixed=0, found=len(diagnostics)
        )
    return result


def _gone(before: list[Diagnostic], after: list[Diagnostic]) -> int:
    """How many of ``before``'s findings ``after`` no longer has, by rule and line
    (edits stay on their line; columns after an edit move)."""
    from collections import Counter

    left = Counter((d.rule, d.line) for d in before) - Counter((d.rule, d.line) for d in after)
    return sum(left.values())


def _final(last: FileResult, settings: Settings, found: Found) -> FileResult:
    """The whole check of the last pass's tree: the rules that pass did not run,
    on the tree already built, with what the others found there (``found``)."""
    from . import engine
    from .parser import collector_paused

    if last.document is None:
        return last  # the prefilter's answer: nothing to find
    with collector_paused():
        diagnostics = engine.check(last.document, settings, only=settings.fixable, known=found)
        return _result(last.document, diagnostics)


# -- the public, stable names -------------------------------------------------------


def lint_text(
    text: str, path: str = reading.STDIN, settings: Settings | None = None
) -> list[Diagnostic]:
    """The diagnostics of one post given as text."""
    return run_text(text, path, settings).diagnostics


def lint_path(path: str, settings: Settings | SettingsSource) -> FileResult:
    """Check one file (``-`` is standard input); never raises for bad input."""
    return run(path, settings)


def fix_text(text: str, path: str = reading.STDIN, settings: Settings | None = None) -> FileResult:
    """Repair a post given as text, in memory: ``after`` and the findings that remain."""
    return run_text(text, path, settings, mode="diff")


def parse_text(text: str, path: str = reading.STDIN) -> Document:
    """The typed tree of one post given as text."""
    from .parser import parse

    return parse(Source.from_text(text, path))


def check_document(document: Document, settings: Settings) -> list[Diagnostic]:
    """The diagnostics of a tree already built (see :func:`parse_text`)."""
    from . import engine

    return engine.check(document, settings)


# -- many files ----------------------------------------------------------------------


def load_settings(
    path: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None
) -> Settings:
    """The settings arena-lint uses for the file or folder at ``path`` (see
    :func:`arena_lint.load_settings`)."""
    from pathlib import Path

    from .config import Resolver

    resolver = Resolver(config=Path(config) if config is not None else None)
    where = os.fspath(path)
    if os.path.isdir(where):
        return resolver.settings_in(where)
    return resolver.settings_for(where)


def lint_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    settings: Settings | SettingsSource | None = None,
    jobs: int = 1,
    *,
    mode: Mode = "check",
    keep: bool = False,
) -> Iterator[FileResult]:
    """Run files and folders (recursively, Markdown files only), in order; without
    ``settings``, each file with the configuration the command line finds for it.

    With ``jobs`` above 1 and enough files, worker processes share the files
    (``0`` means one per CPU); their results come back without the tree unless
    ``keep`` asks for it. One path may be given alone (``lint_paths("post.md")``).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # not its characters, each a path of its own
    if settings is None:
        from .config import Resolver

        settings = Resolver()
    files = discover([os.fspath(path) for path in paths], settings)
    return run_many(files, settings, jobs, mode=mode, keep=keep)


def run_many(
    files: list[str],
    settings: Settings | SettingsSource,
    jobs: int = 1,
    *,
    mode: Mode = "check",
    keep: bool = False,
) -> Iterator[FileResult]:
    """:func:`run` on each of ``files``, in order, sharing them among ``jobs`` workers."""
    workers = jobs if jobs > 0 else _cpus()
    if workers < 2 or len(files) < 4 * workers or any(map(reading.is_stdin, files)):
        yield from (run(path, settings, mode=mode) for path in files)
        return
    import multiprocessing
    from functools import partial

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(files) // (workers * 8))
    task = partial(_run_in_worker, settings=settings, mode=mode, keep=keep)
    # Pool.__exit__ terminates the workers, also when the main process is
    # interrupted (Ctrl-C, or SIGTERM/SIGHUP turned into an exception by the CLI).
    with context.Pool(workers, initializer=_worker_signals, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(task, files, chunksize=chunk)


def _run_in_worker(
    path: str, settings: Settings | SettingsSource, mode: Mode, keep: bool
) -> FileResult:
    result = run(path, settings, mode=mode)
    # `--diff` is made of the texts: only `check` and `fix` may leave them behind.
    return result if keep or mode == "diff" else result.lean()


def _worker_signals(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process alone reacts, and
    # ends the workers, which die quietly of the SIGTERM it sends them (a forked
    # worker would otherwise inherit the main process's handlers). The default
    # action, not a Python handler that raises: a signal landing just before a
    # worker blocks on the task queue's lock would be lost and the run would hang.
    # A --fix in progress holds the signals until its temporary file is gone
    # (arena_lint.atomic).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel send SIGTERM when the main process dies, even of
    SIGKILL (a CI timeout, the OOM killer): orphaned workers would otherwise wait
    on the task queue forever, or go on fixing files."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGTERM))
    except (OSError, AttributeError):
        return  # no C library to ask: the worker lives as before
    if os.getppid() != parent:  # the main process died before the request
        os._exit(128 + signal.SIGTERM)


#: prctl(2) option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def discover(paths: Iterable[str], settings: Settings | SettingsSource | None = None) -> list[str]:
    """The files a run checks (see :mod:`arena_lint.discovery`)."""
    from .discovery import discover as walk

    return walk(paths, settings if settings is not None else Settings())
