"""The documents' state, kept fresh: one check per version of a document, run off
the event loop, its result kept while that version is current; a change waits
out its debounce before a check, and a configuration change checks every open
document again. :class:`CheckingServer` holds this state; the server of
:mod:`.app` adds a method per protocol message.

Checks run in a pool of threads of the server's own, never in asyncio's
default pool (which ``asyncio.run`` waits for at the end): on ``exit``, or
when the editor closes the server's input, the process ends at once and a
check still running is abandoned with it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from ..source import STDIN

if TYPE_CHECKING:
    from ..config import Resolver
    from ..settings import Settings
    from .state import Checked

# The pipeline (parser, rules, configuration) is imported by the first check,
# in its thread, not when the server starts (see :mod:`.app`).

#: Checks at once: one per core of a laptop is plenty for the documents in view.
CHECK_THREADS = 2

T = TypeVar("T")


@dataclass(slots=True)
class Job:
    """The check of one version of a document, running in the server's pool."""

    version: int | None
    text: str
    generation: int
    future: asyncio.Future[Checked]


class CheckingServer(LanguageServer):
    """A language server with the checked state of the open documents."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolver: Resolver | None = None
        self.checked: dict[str, Checked] = {}
        """Per document: its latest version checked."""
        self.jobs: dict[str, Job] = {}
        """Per document: the one check running."""
        self.generation = 0
        """Counts configuration reloads: a check begun before one is not kept."""
        self.durations: dict[str, float] = {}
        """Per document: seconds its last check took."""
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.fixed: dict[str, tuple[str, str]] = {}
        """Per document: the text last repaired by "fix all", and the repair."""
        self.checks = ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="arena-lint-check")

    async def in_thread(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function`` run in the server's own pool: one the process need not wait for."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.checks, partial(function, *args, **kwargs))

    def path_of(self, uri: str) -> str:
        return to_fs_path(uri) or STDIN

    @property
    def resolver(self) -> Resolver:
        """What finds and reads configuration files (with their cache); made on first use."""
        if self._resolver is None:
            from ..config import Resolver

            self._resolver = Resolver()
        return self._resolver

    def settings_for(self, path: str) -> tuple[Settings | None, str | None]:
        """The settings ``check`` would use for ``path``, or the configuration error."""
        from ..config import ConfigError

        try:
            return self.resolver.settings_for(path), None
        except ConfigError as error:
            return None, str(error)

    def analyse(self, text: str, path: str, encoding: str, version: int | None) -> Checked:
        """Check one text (off the event loop: a large post takes a while)."""
        from .state import Checked, Outcome, lines_of, run_pipeline

        lines = lines_of(text, encoding)
        settings, config_error = self.settings_for(path)
        if settings is None:
            return Checked(text, path, lines, Outcome(None, []), None, config_error, version)
        return Checked(
            text, path, lines, run_pipeline(text, path, settings), settings, None, version
        )

    def _is_current(self, uri: str, version: int | None, text: str) -> bool:
        document = self.workspace.text_documents.get(uri)
        return document is not None and document.version == version and document.source == text

    async def current(self, uri: str) -> Checked | None:
        """The checked state of the document's current version.

        One check per (document, version): a request shares the check of its
        version that is running or done. A check cannot be stopped mid-way (it is
        plain Python in a thread), so while an older version's check runs, the
        newer one waits for it rather than running beside it, and the stale
        result is dropped: at most one check per document at a time.
        """
        while True:
            document = self.workspace.text_documents.get(uri)
            if document is None:
                return None
            version, text = document.version, document.source
            known = self.checked.get(uri)
            if known is not None and known.version == version and known.text == text:
                return known
            job = self.jobs.get(uri)
            if job is None:
                job = self._start(uri, version, text)
            if job.version == version and job.text == text:
                # Shielded: a cancelled request must not cancel the check others share.
                checked = await asyncio.shield(job.future)
                if self._is_current(uri, version, text):
                    return checked
            else:
                # asyncio.wait neither raises the check's error nor cancels it.
                await asyncio.wait([job.future])

    def _start(self, uri: str, version: int | None, text: str) -> Job:
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        # An lsprotocol enum's str() is its name ("PositionEncodingKind.Utf8"), not its value.
        encoding = kind.value if isinstance(kind, types.PositionEncodingKind) else kind
        future = asyncio.ensure_future(
            self.in_thread(self._timed, uri, text, self.path_of(uri), encoding, version)
        )
        job = Job(version, text, self.generation, future)
        self.jobs[uri] = job
        future.add_done_callback(lambda done: self._finished(uri, job))
        return job

    def _timed(self, uri: str, text: str, path: str, encoding: str, version: int | None) -> Checked:
        began = time.perf_counter()
        try:
            return self.analyse(text, path, encoding, version)
        finally:
            self.durations[uri] = time.perf_counter() - began

    def _finished(self, uri: str, job: Job) -> None:
        """Keep a check's result if its version is still the document's, else drop it."""
        if self.jobs.get(uri) is job:
            del self.jobs[uri]
        future = job.future
        if future.cancelled() or future.exception() is not None:
            return
        if job.generation == self.generation and self._is_current(uri, job.version, job.text):
            self.checked[uri] = future.result()

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds unless it changes again before."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.ensure_future(self._publish_later(uri, delay))
        self.pending[uri] = task
        task.add_done_callback(lambda done: self._forget(uri, done))

    def _forget(self, uri: str, task: asyncio.Task[None]) -> None:
        if self.pending.get(uri) is task:
            del self.pending[uri]

    async def _publish_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        checked = await self.current(uri)
        if checked is None or not self._is_current(uri, checked.version, checked.text):
            return  # closed, or changed while checking: the newer check publishes
        from .actions import lsp_diagnostics

        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=lsp_diagnostics(checked), version=checked.version
            )
        )

    async def fix_all(self, checked: Checked, uri: str) -> types.WorkspaceEdit | None:
        """The edit ``--fix`` would make to the whole text; ``None`` when it makes none."""
        if checked.settings is None:
            return None
        from .state import run_pipeline

        known = self.fixed.get(uri)
        if known is None or known[0] != checked.text:
            outcome = await self.in_thread(
                run_pipeline, checked.text, checked.path, checked.settings, fix=True
            )
            known = self.fixed[uri] = (checked.text, outcome.fixed or checked.text)
        if known[1] == checked.text:
            return None
        whole = types.Range(types.Position(0, 0), checked.lines.end())
        return types.WorkspaceEdit(changes={uri: [types.TextEdit(whole, known[1])]})

    def reload_configuration(self) -> None:
        """Forget the configuration read so far and check every open document again."""
        self._resolver = None
        self.generation += 1
        self.checked.clear()
        self.fixed.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)
