"""``arena-lint server``: a Language Server Protocol server over stdio.

Editors get the findings of ``arena-lint check`` while the text is unsaved,
quick fixes made of the same edits ``--fix`` makes, and the sums themselves:
hover on a total, chapter or exercise, inlay hints after each parent, and the
log as an outline.

pygls is imported here only; ``arena-lint check`` never loads this module.
Every call into the pipeline goes through :func:`run_pipeline`, so the server
checks a text exactly as ``check`` would check the file.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import api
from .about import __version__
from .config import ConfigError, Resolver
from .diagnostics import Diagnostic, Severity
from .durations import format_hours
from .fixes import Edit
from .model import Document, Entry, Log, Span, sum_hours
from .settings import Settings
from .source import STDIN, Source

NAME = "arena-lint"
FIX_ALL = "source.fixAll.arena-lint"
#: Rule pages are relative to the repository; editors need an absolute link.
CONFIG_FILES = (".arena-lint.toml", "pyproject.toml")
#: Seconds of quiet typing before a changed document is checked again.
DEBOUNCE = 0.25


# --------------------------------------------------------------------------
# The pipeline adapter: the only place the server calls into arena-lint's
# pipeline (parse, check, fix). Re-point it here when the pipeline changes.
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline made of one text."""

    document: Document | None
    """The typed tree; ``None`` when the text holds no log or checking failed."""
    diagnostics: list[Diagnostic]
    fixed: str | None = None
    """With ``fix=True``: the text as ``--fix`` would leave it."""


def run_pipeline(text: str, path: str, settings: Settings, *, fix: bool = False) -> Outcome:
    """Check ``text`` as the file at ``path`` with the one pipeline ``check`` runs
    (:func:`arena_lint.api.run`); with ``fix``, also repair it in memory.

    Never raises: the pipeline's own guard turns a crash into an
    ``internal-error`` diagnostic, so one odd document cannot stop the server.
    """
    result = api.run(path, settings, mode="diff" if fix else "check", text=text)
    return Outcome(result.document, result.diagnostics, result.after if fix else None)


# --------------------------------------------------------------------------
# Positions: arena-lint counts 1-based lines and code points on LF text
# without a BOM; LSP counts 0-based lines and (by default) UTF-16 code units.
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lines:
    """The editor's text split as both sides count lines, with the position encoding."""

    lines: list[str]
    encoding: str = types.PositionEncodingKind.Utf16
    bom: bool = False

    @classmethod
    def of(cls, text: str, encoding: str) -> Lines:
        bom = text.startswith("\ufeff")
        return cls(Source.from_text(text).lines, encoding, bom)

    def _line(self, index: int) -> str:
        line = self.lines[index] if 0 <= index < len(self.lines) else ""
        # The BOM is a character the editor shows on line 0 but arena-lint dropped.
        return "\ufeff" + line if self.bom and index == 0 else line

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based ``(line, column)`` of arena-lint."""
        index = line - 1
        shift = 1 if self.bom and index == 0 else 0
        prefix = self._line(index)[: column - 1 + shift]
        return types.Position(index, self._units(prefix))

    def range(self, span: Span) -> types.Range:
        return types.Range(
            self.position(span.line, span.column), self.position(span.end_line, span.end_column)
        )

    def column(self, position: types.Position) -> int:
        """The 1-based arena-lint column of an LSP position (on its line)."""
        line = self._line(position.line)
        units = 0
        chars = 0
        for char in line:
            if units >= position.character:
                break
            units += self._units(char)
            chars += 1
        shift = 1 if self.bom and position.line == 0 else 0
        return max(chars - shift, 0) + 1

    def end(self) -> types.Position:
        last = len(self.lines) - 1
        return types.Position(last, self._units(self._line(last)))

    def _units(self, text: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8"))
        return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------
# The sums of the tree, for hover and inlay hints.
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """A total line or an entry, with what its hover and hint say."""

    label: str
    """``Total Hours``, ``Chapter 0``, ``exercise 0.2``, or the entry's title."""
    span: Span
    """Where the node is written (its first paragraph, or the total's line)."""
    anchor: Span | None
    """The stated duration, if any: the hint goes after it."""
    stated: Fraction | None
    computed: Fraction | None
    """The sum of its children (``None``: no children with a time)."""
    log_total: Fraction | None
    """The log's total: stated, else the sum of its entries."""
    parts: str
    """What its children are called: chapters, exercises, entries."""


def nodes(document: Document) -> Iterator[Node]:
    """Every total and entry of every log, in text order."""
    for log in document.logs:
        total = log_total(log)
        if log.total is not None:
            duration = log.total.duration
            yield Node(
                "Total Hours",
                log.total.span,
                duration.span if duration else None,
                duration.hours if duration else None,
                sum_hours(log.entries),
                total,
                _parts(log.entries),
            )
        for entry in log.walk():
            yield Node(
                label(entry),
                entry.span,
                entry.duration.span if entry.duration else None,
                entry.duration.hours if entry.duration else None,
                sum_hours(entry.children) if entry.children else None,
                total,
                _parts(entry.children),
            )


def log_total(log: Log) -> Fraction | None:
    if log.total is not None and log.total.duration is not None:
        return log.total.duration.hours
    return sum_hours(log.entries)


def label(entry: Entry) -> str:
    if entry.kind == "chapter" and entry.number is not None:
        return f"Chapter {entry.number}"
    if entry.kind == "exercise" and entry.number is not None:
        return f"exercise {entry.number}"
    return entry.title or "entry"


def _parts(entries: tuple[Entry, ...]) -> str:
    kinds = {entry.kind for entry in entries if entry.duration is not None or entry.children}
    if kinds == {"chapter"}:
        return "chapters"
    if kinds == {"exercise"}:
        return "exercises"
    return "entries"


def node_at(document: Document, line: int) -> Node | None:
    """The innermost node written on 1-based ``line``."""
    found = None
    for node in nodes(document):
        if node.span.line <= line <= node.span.end_line:
            found = node  # text order: a later match is a child, written inside
    return found


def share(part: Fraction, whole: Fraction) -> str:
    """``part`` as a percentage of ``whole``, to one decimal (exact, rounded half even)."""
    tenths = round(part / whole * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


def hover_text(node: Node) -> str:
    """Markdown: stated, computed, difference, share of the log's total."""
    rows = [f"**{node.label}**", ""]
    if node.stated is not None:
        rows.append(f"- stated: {format_hours(node.stated)}")
    if node.computed is not None:
        rows.append(f"- sum of its {node.parts}: {format_hours(node.computed)}")
        if node.stated is not None:
            difference = node.computed - node.stated
            rows.append(
                "- difference: "
                + ("none" if difference == 0 else format_hours(difference, signed=True))
            )
    own = node.stated if node.stated is not None else node.computed
    if own is not None and node.log_total and node.label != "Total Hours":
        rows.append(
            f"- share of the log's {format_hours(node.log_total)}: {share(own, node.log_total)}"
        )
    return "\n".join(rows)


def hint_label(node: Node) -> str:
    """``= 8.8h``; marked with the difference when it differs from the stated number."""
    assert node.computed is not None
    text = f"= {format_hours(node.computed)}"
    if node.stated is not None and node.stated != node.computed:
        text += f" ({format_hours(node.computed - node.stated, signed=True)})"
    return text


def _below(entry: Entry) -> Iterator[Entry]:
    """``entry`` and every entry below it."""
    yield entry
    for child in entry.children:
        yield from _below(child)


def symbols(document: Document, lines: Lines) -> list[types.DocumentSymbol]:
    """The outline: each log (its total line), its chapters, their exercises."""

    def entry_symbol(entry: Entry) -> types.DocumentSymbol:
        last = max((e.span for e in _below(entry)), key=lambda s: (s.end_line, s.end_column))
        whole = Span(entry.span.line, entry.span.column, last.end_line, last.end_column)
        kind = {
            "chapter": types.SymbolKind.Module,
            "exercise": types.SymbolKind.Function,
        }.get(entry.kind, types.SymbolKind.String)
        name = label(entry)
        if entry.kind != "other" and entry.title:
            name = f"{name}: {entry.title}"
        hours = entry.hours()
        return types.DocumentSymbol(
            name=name,
            kind=kind,
            range=lines.range(whole),
            selection_range=lines.range(entry.span),
            detail=format_hours(hours) if hours is not None else None,
            children=[entry_symbol(child) for child in entry.children],
        )

    found = []
    for log in document.logs:
        children = [entry_symbol(entry) for entry in log.entries]
        if not children:
            continue
        first = log.total.span if log.total is not None else log.span
        end = children[-1].range.end
        total = log_total(log)
        found.append(
            types.DocumentSymbol(
                name="Total Hours",
                kind=types.SymbolKind.Namespace,
                range=types.Range(lines.range(first).start, end),
                selection_range=lines.range(first),
                detail=format_hours(total) if total is not None else None,
                children=children,
            )
        )
    return found


# --------------------------------------------------------------------------
# Findings as LSP diagnostics, and the code actions that repair them.
# --------------------------------------------------------------------------


def to_lsp(item: Diagnostic, lines: Lines) -> types.Diagnostic:
    url = item.url
    return types.Diagnostic(
        range=lines.range(Span(item.line, item.column, item.end_line, item.end_column)),
        message=f"{item.message} ({item.rule})",
        severity=(
            types.DiagnosticSeverity.Error
            if item.severity is Severity.ERROR
            else types.DiagnosticSeverity.Warning
        ),
        code=item.code,
        code_description=types.CodeDescription(href=url) if item.url else None,
        source=NAME,
        data={"rule": item.rule},
    )


def anchored(document: Document | None) -> dict[Span, Node]:
    """Each node with a stated duration, by where that duration is written: made
    once per request, so naming many fixes does not walk the log once for each."""
    if document is None:
        return {}
    return {node.anchor: node for node in nodes(document) if node.anchor is not None}


def fix_title(item: Diagnostic, anchors: dict[Span, Node]) -> str:
    """``Set Chapter 0 to 8.8h (sum of its exercises)``; generic when the edit is no number."""
    edit = item.fix[0]
    node = anchors.get(edit.span) if len(item.fix) == 1 else None
    if node is not None and edit.hours is not None:
        why = (
            f"sum of its {node.parts}"
            if node.computed == edit.hours
            else "what the stated sum leaves"
        )
        return f"Set {node.label} to {edit.text} ({why})"
    return f"Fix {item.rule}"


def suppression(
    item: Diagnostic, lines: Lines, uri: str, document: Document | None = None
) -> types.CodeAction:
    """Silence ``item`` with a directive that cannot change how the post is read:
    ``disable-line`` at the end of the finding's line (a comment on a line of its
    own ends the list there and splits the log), or, for a finding in the front
    matter (where a comment would be YAML), ``disable-file`` just below it."""
    front = document.front_matter if document is not None else None
    if front is not None and item.line <= front.span.end_line:
        closing = front.span.end_line - 1
        if closing + 1 < len(lines.lines):
            at, comment = types.Position(closing + 1, 0), "{}\n"
        else:  # the front matter ends the file, without a final line break
            at, comment = lines.position(closing + 1, len(lines.lines[closing]) + 1), "\n{}"
        comment = comment.format(f"<!-- arena-lint-disable-file {item.rule} -->")
        title = f"Disable {item.rule} for this file"
    else:
        index = item.line - 1
        text = lines.lines[index] if index < len(lines.lines) else ""
        end = len(text.rstrip(" \t"))
        if text[:end].endswith("\\") and (end - len(text[:end].rstrip("\\"))) % 2:
            end -= 1  # before a hard line break's backslash, which must end the line
        at = lines.position(item.line, end + 1)
        comment = f" <!-- arena-lint-disable-line {item.rule} -->"
        title = f"Disable {item.rule} for this line"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(types.Range(at, at), comment)]}),
    )


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Does the client's ``only`` filter let an action of ``kind`` through?"""
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def edits(fix: tuple[Edit, ...], lines: Lines) -> list[types.TextEdit]:
    return [types.TextEdit(lines.range(edit.span), edit.text) for edit in fix]


# --------------------------------------------------------------------------
# The server: one checked state per open document, kept fresh.
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checked:
    """One version of an open document, checked."""

    text: str
    path: str
    lines: Lines
    outcome: Outcome
    settings: Settings | None
    config_error: str | None = None

    @property
    def document(self) -> Document | None:
        return self.outcome.document


@dataclass(slots=True)
class Options:
    """Initialization options (``initializationOptions``) an editor may send."""

    inlay_hints: bool = True
    debounce: float = DEBOUNCE

    @classmethod
    def parse(cls, raw: Any) -> Options:
        options = cls()
        if isinstance(raw, dict):
            hints = raw.get("inlayHints")
            if isinstance(hints, bool):
                options.inlay_hints = hints
            debounce = raw.get("debounceMs")
            if isinstance(debounce, int | float) and not isinstance(debounce, bool):
                options.debounce = max(0.0, float(debounce) / 1000)
        return options


class ArenaServer(LanguageServer):
    """The language server, with the state of the open documents."""

    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.options = Options()
        self.resolver = Resolver()
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.fixed: dict[str, tuple[str, str]] = {}
        """Per document: the text last repaired by "fix all", and the repair."""
        self.shut_down = False
        """``shutdown`` came: ``exit`` then ends with status 0, as the protocol says."""

    def path_of(self, uri: str) -> str:
        return to_fs_path(uri) or STDIN

    def settings_for(self, path: str) -> tuple[Settings | None, str | None]:
        """The settings ``check`` would use for ``path``, or the configuration error."""
        try:
            return self.resolver.settings_for(path), None
        except ConfigError as error:
            return None, str(error)

    def analyse(self, text: str, path: str, encoding: str) -> Checked:
        """Check one text (off the event loop: a large post takes a while)."""
        lines = Lines.of(text, encoding)
        settings, config_error = self.settings_for(path)
        if settings is None:
            return Checked(text, path, lines, Outcome(None, []), None, config_error)
        return Checked(text, path, lines, run_pipeline(text, path, settings), settings)

    async def current(self, uri: str) -> Checked | None:
        """The checked state of the document's current text, checking it if needed."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        text = document.source
        known = self.checked.get(uri)
        if known is not None and known.text == text:
            return known
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        # An lsprotocol enum's str() is its name ("PositionEncodingKind.Utf8"), not its value.
        encoding = kind.value if isinstance(kind, types.PositionEncodingKind) else kind
        fresh = await asyncio.to_thread(self.analyse, text, self.path_of(uri), encoding)
        latest = self.workspace.text_documents.get(uri)
        if latest is not None and latest.source == text:
            self.checked[uri] = fresh
        return fresh

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
        document = self.workspace.text_documents.get(uri)
        if checked is None or document is None or document.source != checked.text:
            return  # closed, or changed while checking: the newer check publishes
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=lsp_diagnostics(checked), version=document.version
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
        known = self.fixed.get(uri)
        if known is None or known[0] != checked.text:
            outcome = await asyncio.to_thread(
                run_pipeline, checked.text, checked.path, checked.settings, fix=True
            )
            known = self.fixed[uri] = (checked.text, outcome.fixed or checked.text)
        if known[1] == checked.text:
            return None
        whole = types.Range(types.Position(0, 0), checked.lines.end())
        return types.WorkspaceEdit(changes={uri: [types.TextEdit(whole, known[1])]})

    def reload_configuration(self) -> None:
        """Forget the configuration read so far and check every open document again."""
        self.resolver = Resolver()
        self.checked.clear()
        self.fixed.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)


def lsp_diagnostics(checked: Checked) -> list[types.Diagnostic]:
    found = [to_lsp(item, checked.lines) for item in checked.outcome.diagnostics]
    if checked.config_error is not None:
        start = types.Position(0, 0)
        found.append(
            types.Diagnostic(
                range=types.Range(start, start),
                message=f"configuration error: {checked.config_error}",
                severity=types.DiagnosticSeverity.Error,
                code="config-error",
                source=NAME,
            )
        )
    return found


def is_config(uri: str) -> bool:
    return os.path.basename(to_fs_path(uri) or uri) in CONFIG_FILES


def create_server() -> ArenaServer:
    """A server with every feature registered."""
    server = ArenaServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ArenaServer, params: types.InitializeParams) -> None:
        ls.options = Options.parse(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ArenaServer, params: types.InitializedParams) -> None:
        watch = ls.client_capabilities.workspace
        dynamic = (
            watch is not None
            and watch.did_change_watched_files is not None
            and watch.did_change_watched_files.dynamic_registration
        )
        if dynamic:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=f"**/{n}") for n in CONFIG_FILES]
            )
            registration = types.Registration(
                id="arena-lint-config",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                )
            except Exception as error:
                # Without the watch, saving a post still reloads the configuration.
                ls.window_log_message(
                    types.LogMessageParams(types.MessageType.Warning, f"no file watch: {error}")
                )

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ArenaServer, params: None) -> None:
        ls.shut_down = True
        for task in ls.pending.values():
            task.cancel()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArenaServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArenaServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.options.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ArenaServer, params: types.DidSaveTextDocumentParams) -> None:
        # Saving is when a configuration edited beside the post takes effect, even
        # for an editor that does not watch files for us.
        ls.reload_configuration()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArenaServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.checked.pop(uri, None)
        ls.fixed.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: ArenaServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(is_config(change.uri) for change in params.changes):
            ls.reload_configuration()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: ArenaServer, params: types.HoverParams) -> types.Hover | None:
        checked = await ls.current(params.text_document.uri)
        if checked is None or checked.document is None:
            return None
        node = node_at(checked.document, params.position.line + 1)
        if node is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(types.MarkupKind.Markdown, hover_text(node)),
            range=checked.lines.range(node.span),
        )

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    async def inlay_hint(
        ls: ArenaServer, params: types.InlayHintParams
    ) -> list[types.InlayHint] | None:
        if not ls.options.inlay_hints:
            return None
        checked = await ls.current(params.text_document.uri)
        if checked is None or checked.document is None:
            return None
        first, last = params.range.start.line + 1, params.range.end.line + 1
        hints = []
        for node in nodes(checked.document):
            if node.computed is None or not first <= node.span.line <= last:
                continue
            at = node.anchor or node.span
            differs = node.stated is not None and node.stated != node.computed
            hints.append(
                types.InlayHint(
                    position=checked.lines.position(at.end_line, at.end_column)
                    if node.anchor
                    else checked.lines.position(at.line, at.column),
                    label=hint_label(node),
                    kind=types.InlayHintKind.Type,
                    padding_left=node.anchor is not None,
                    padding_right=node.anchor is None,
                    tooltip=(
                        f"stated {format_hours(node.stated)}, its {node.parts} sum to "
                        f"{format_hours(node.computed)}"
                        if differs and node.stated is not None
                        else f"the sum of its {node.parts}"
                    ),
                )
            )
        return hints

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(
        ls: ArenaServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        checked = await ls.current(params.text_document.uri)
        if checked is None or checked.document is None:
            return None
        return symbols(checked.document, checked.lines)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: ArenaServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if action.kind == FIX_ALL and isinstance(data, dict) and isinstance(data.get("uri"), str):
            uri = data["uri"]
            checked = await ls.current(uri)
            if checked is not None:
                action.edit = await ls.fix_all(checked, uri) or types.WorkspaceEdit(
                    changes={uri: []}
                )
        return action

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True
        ),
    )
    async def code_action(
        ls: ArenaServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        checked = await ls.current(uri)
        if checked is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        first, last = params.range.start.line + 1, params.range.end.line + 1
        here = [
            item
            for item in checked.outcome.diagnostics
            if item.line <= last and item.end_line >= first
        ]
        if wanted(types.CodeActionKind.QuickFix, only):
            anchors = anchored(checked.document) if any(item.fix for item in here) else {}
            for item in here:
                if item.fix:
                    actions.append(
                        types.CodeAction(
                            title=fix_title(item, anchors),
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[to_lsp(item, checked.lines)],
                            is_preferred=True,
                            edit=types.WorkspaceEdit(changes={uri: edits(item.fix, checked.lines)}),
                        )
                    )
            for item in here:
                if item.rule != "internal-error":
                    action = suppression(item, checked.lines, uri, checked.document)
                    action.diagnostics = [to_lsp(item, checked.lines)]
                    actions.append(action)
        fixable = checked.settings is not None and any(
            item.fix and checked.settings.is_fixable(item.rule)
            for item in checked.outcome.diagnostics
        )
        if fixable and wanted(FIX_ALL, only):
            action = types.CodeAction(
                title="Fix all arena-lint problems", kind=FIX_ALL, data={"uri": uri}
            )
            if ls.resolves_edits():
                actions.append(action)  # repaired when chosen: --fix takes a while
            else:
                action.edit = await ls.fix_all(checked, uri)
                if action.edit is not None:
                    actions.append(action)
        return actions

    return server


def main() -> int:
    """Serve over stdio until the client says ``exit``; the exit status."""
    server = create_server()
    # pygls ends its loop on ``exit`` whatever came before; the status is ours to give.
    server.start_io()
    return 0 if server.shut_down else 1
