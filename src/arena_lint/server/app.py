"""The language server: one checked state per open document, kept fresh, and
a method for each message of the protocol it answers.

Checks run in a pool of threads of the server's own, never in asyncio's
default pool (which ``asyncio.run`` waits for at the end): on ``exit``, or
when the editor closes the server's input, the process ends at once and a
check still running is abandoned with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TypeVar

from lsprotocol import types
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from ..about import __version__
from ..source import STDIN
from .protocol import ArenaProtocol, BoundedReader, log_in_one_line
from .state import NAME, Options, pause

if TYPE_CHECKING:
    from ..config import Resolver
    from ..settings import Settings
    from .outline import Node
    from .state import Checked

# The pipeline (parser, rules, configuration) and the LSP shapes of its results
# are imported by the first check, in its thread, not when the server starts:
# pygls alone takes most of a second to import, and an editor waits for that.

FIX_ALL = "source.fixAll.arena-lint"
CONFIG_FILES = (".arena-lint.toml", "pyproject.toml")
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


class ArenaServer(LanguageServer):
    """The language server, with the state of the open documents."""

    def __init__(self) -> None:
        super().__init__(
            NAME,
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=ArenaProtocol,
        )
        self.options = Options()
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
        self.shut_down = False
        """``shutdown`` came: ``exit`` then ends with status 0, as the protocol says."""
        self.checks = ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="arena-lint-check")
        self._register()

    def _register(self) -> None:
        actions = types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True
        )
        handlers: list[tuple[str, Callable[..., Any], Any]] = [
            (types.INITIALIZE, self.on_initialize, None),
            (types.INITIALIZED, self.on_initialized, None),
            (types.SHUTDOWN, self.on_shutdown, None),
            (types.EXIT, self.on_exit, None),
            (types.TEXT_DOCUMENT_DID_OPEN, self.on_did_open, None),
            (types.TEXT_DOCUMENT_DID_CHANGE, self.on_did_change, None),
            (types.TEXT_DOCUMENT_DID_SAVE, self.on_did_save, None),
            (types.TEXT_DOCUMENT_DID_CLOSE, self.on_did_close, None),
            (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, self.on_did_change_watched, None),
            (types.TEXT_DOCUMENT_HOVER, self.on_hover, None),
            (types.TEXT_DOCUMENT_INLAY_HINT, self.on_inlay_hint, None),
            (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, self.on_document_symbol, None),
            (types.CODE_ACTION_RESOLVE, self.on_code_action_resolve, None),
            (types.TEXT_DOCUMENT_CODE_ACTION, self.on_code_action, actions),
        ]
        for method, handler, options in handlers:
            # pygls marks what it registers with attributes, which a bound method
            # cannot take: a partial of it can, and is called the same way.
            self.feature(method, options)(partial(handler))

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve over standard input and output: pygls's loop, with a reader that
        bounds what one message may take (see :mod:`.protocol`)."""
        self._stop_event = threading.Event()
        reader = BoundedReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(
                run_async(
                    stop_event=self._stop_event,
                    reader=reader,
                    protocol=self.protocol,
                    logger=logging.getLogger("pygls.server"),
                    error_handler=self.report_server_error,
                )
            )
        except (BrokenPipeError, KeyboardInterrupt, SystemExit):
            pass  # the editor has gone, or asked us to
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    # -- the documents' state -------------------------------------------------

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

    def resolves_edits(self) -> bool:
        """Can the client ask for an action's edit when it is chosen (``codeAction/resolve``)?"""
        actions = self.client_capabilities.text_document
        support = actions.code_action.resolve_support if actions and actions.code_action else None
        return support is not None and "edit" in support.properties

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

    # -- the session -------------------------------------------------------------

    def on_initialize(self, params: types.InitializeParams) -> None:
        self.options = Options.parse(params.initialization_options)

    async def on_initialized(self, params: types.InitializedParams) -> None:
        watch = self.client_capabilities.workspace
        dynamic = (
            watch is not None
            and watch.did_change_watched_files is not None
            and watch.did_change_watched_files.dynamic_registration
        )
        if not dynamic:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=f"**/{n}") for n in CONFIG_FILES]
        )
        registration = types.Registration(
            id="arena-lint-config",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await self.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as error:
            # Without the watch, saving a post still reloads the configuration.
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Warning, f"no file watch: {error}")
            )

    def on_shutdown(self, params: None) -> None:
        self.shut_down = True
        for task in self.pending.values():
            task.cancel()

    def on_exit(self, params: None) -> None:
        """End now, whatever check is running: its thread ends with the process."""
        finish(0 if self.shut_down else 1)

    # -- the documents -----------------------------------------------------------

    def on_did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self.schedule(params.text_document.uri, 0)

    def on_did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        document = self.workspace.text_documents.get(uri)
        size = len(document.source) if document is not None else 0
        self.schedule(uri, pause(self.durations.get(uri), size, self.options.debounce))

    def on_did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        # Saving is when a configuration edited beside the post takes effect, even
        # for an editor that does not watch files for us.
        self.reload_configuration()

    def on_did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.checked.pop(uri, None)
        self.fixed.pop(uri, None)
        self.durations.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def on_did_change_watched(self, params: types.DidChangeWatchedFilesParams) -> None:
        if any(is_config(change.uri) for change in params.changes):
            self.reload_configuration()

    # -- the sums ----------------------------------------------------------------

    async def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        checked = await self.current(params.text_document.uri)
        if checked is None or checked.document is None:
            return None
        from .outline import hover_text, node_at

        node = node_at(checked.document, params.position.line + 1)
        if node is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(types.MarkupKind.Markdown, hover_text(node)),
            range=checked.lines.range(node.span),
        )

    async def on_inlay_hint(self, params: types.InlayHintParams) -> list[types.InlayHint] | None:
        if not self.options.inlay_hints:
            return None
        checked = await self.current(params.text_document.uri)
        if checked is None or checked.document is None:
            return None
        from .outline import nodes

        first, last = params.range.start.line + 1, params.range.end.line + 1
        return [
            inlay_hint(node, checked)
            for node in nodes(checked.document)
            if node.children_sum is not None and first <= node.span.line <= last
        ]

    async def on_document_symbol(
        self, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        checked = await self.current(params.text_document.uri)
        if checked is None or checked.document is None:
            return None
        from .outline import symbols

        return symbols(checked.document, checked.lines)

    # -- code actions ------------------------------------------------------------

    async def on_code_action_resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if action.kind == FIX_ALL and isinstance(data, dict) and isinstance(data.get("uri"), str):
            uri = data["uri"]
            checked = await self.current(uri)
            if checked is not None:
                action.edit = await self.fix_all(checked, uri) or types.WorkspaceEdit(
                    changes={uri: []}
                )
        return action

    async def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        checked = await self.current(uri)
        if checked is None:
            return None
        from .actions import wanted

        only = params.context.only
        actions: list[types.CodeAction] = []
        if wanted(types.CodeActionKind.QuickFix, only):
            actions += quick_fixes(checked, uri, params.range)
        fixable = checked.settings is not None and any(
            item.fix and checked.settings.is_fixable(item.rule)
            for item in checked.outcome.diagnostics
        )
        if fixable and wanted(FIX_ALL, only):
            action = types.CodeAction(
                title="Fix all arena-lint problems", kind=FIX_ALL, data={"uri": uri}
            )
            if self.resolves_edits():
                actions.append(action)  # repaired when chosen: --fix takes a while
            else:
                action.edit = await self.fix_all(checked, uri)
                if action.edit is not None:
                    actions.append(action)
        return actions


def inlay_hint(node: Node, checked: Checked) -> types.InlayHint:
    """``= 8.8h`` after a stated figure (or before an untimed entry's text)."""
    from ..durations import format_hours
    from .outline import hint_label

    assert node.children_sum is not None
    at = node.anchor or node.span
    differs = node.stated is not None and node.stated != node.children_sum
    return types.InlayHint(
        position=checked.lines.position(at.end_line, at.end_column)
        if node.anchor
        else checked.lines.position(at.line, at.column),
        label=hint_label(node),
        kind=types.InlayHintKind.Type,
        padding_left=node.anchor is not None,
        padding_right=node.anchor is None,
        tooltip=(
            f"stated {format_hours(node.stated)}, its {node.parts} sum to "
            f"{format_hours(node.children_sum)}"
            if differs and node.stated is not None
            else f"the sum of its {node.parts}"
        ),
    )


def quick_fixes(checked: Checked, uri: str, where: types.Range) -> list[types.CodeAction]:
    """The repair of each finding in ``where`` that has one, then a suppression of each."""
    from .actions import anchored, edits, fix_title, suppression, to_lsp

    first, last = where.start.line + 1, where.end.line + 1
    here = [d for d in checked.outcome.diagnostics if d.line <= last and d.end_line >= first]
    # One lookup for every title: a whole-document request names each fix without
    # walking the log again for each (which made it quadratic).
    anchors = anchored(checked.document) if any(item.fix for item in here) else {}
    actions = [
        types.CodeAction(
            title=fix_title(item, anchors),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[to_lsp(item, checked.lines)],
            is_preferred=True,
            edit=types.WorkspaceEdit(changes={uri: edits(item.fix, checked.lines)}),
        )
        for item in here
        if item.fix
    ]
    for item in here:
        if item.rule != "internal-error":
            action = suppression(item, checked.lines, uri, checked.document)
            action.diagnostics = [to_lsp(item, checked.lines)]
            actions.append(action)
    return actions


def is_config(uri: str) -> bool:
    return os.path.basename(to_fs_path(uri) or uri) in CONFIG_FILES


def create_server() -> ArenaServer:
    """A server with every feature registered."""
    return ArenaServer()


def finish(status: int) -> NoReturn:
    """End the process now with ``status``: what was written is flushed, and no
    thread is waited for (a check of a long post may still be running)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the editor has gone
            stream.flush()
    os._exit(status)


def main() -> NoReturn:
    """Serve over stdio until the client says ``exit`` or closes the server's input;
    the process then ends with 0 after ``shutdown``, else 1, as the protocol says."""
    log_in_one_line()
    server = create_server()
    server.start_io()
    finish(0 if server.shut_down else 1)
