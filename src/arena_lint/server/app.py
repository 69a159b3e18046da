"""The language server: a method for each message of the protocol it answers,
on the checked state of the open documents that :mod:`.checking` keeps fresh;
and ``main``, which serves over stdio and ends the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

from lsprotocol import types
from pygls.io_ import StdoutWriter, run_async
from pygls.uris import to_fs_path

from ..about import __version__
from .checking import CheckingServer
from .protocol import ArenaProtocol, BoundedReader, log_in_one_line
from .state import NAME, Options, pause

if TYPE_CHECKING:
    from .outline import Node
    from .state import Checked

# The pipeline (parser, rules, configuration) and the LSP shapes of its results
# are imported by the first check, in its thread, not when the server starts:
# pygls alone takes most of a second to import, and an editor waits for that.

FIX_ALL = "source.fixAll.arena-lint"
CONFIG_FILES = (".arena-lint.toml", "pyproject.toml")


class ArenaServer(CheckingServer):
    """The language server, with the state of the open documents."""

    def __init__(self) -> None:
        super().__init__(
            NAME,
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=ArenaProtocol,
        )
        self.options = Options()
        self.shut_down = False
        """``shutdown`` came: ``exit`` then ends with status 0, as the protocol says."""
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

    def resolves_edits(self) -> bool:
        """Can the client ask for an action's edit when it is chosen (``codeAction/resolve``)?"""
        actions = self.client_capabilities.text_document
        support = actions.code_action.resolve_support if actions and actions.code_action else None
        return support is not None and "edit" in support.properties

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
