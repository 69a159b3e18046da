"""``arena-lint server``: end to end, over stdio, as an editor drives it.

Each test starts the real server process (``python -m arena_lint server``) and
talks to it with pytest-lsp's client; the robustness tests start it through
tests/fixtures/server/patched_server.py, which breaks a rule first.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from arena_lint.server import Lines, actions, outline, share
from arena_lint.server.app import quick_fixes
from arena_lint.server.state import (
    PAUSE_MAX,
    PAUSE_MIN,
    Checked,
    Options,
    lines_of,
    pause,
    run_pipeline,
)
from arena_lint.settings import Settings
from arena_lint.source import MAX_BYTES

from .conftest import FIXTURES, SEED

POST = FIXTURES / "server" / "study-log.md"
PATCHED = FIXTURES / "server" / "patched_server.py"
SERVER = [sys.executable, "-m", "arena_lint", "server"]
WRONG = ("2.3h exercise 0.2", "2.4h exercise 0.2")
CHAPTER_LINE = 16  # 0-based: line 17 of the post

#: One event loop per module: most tests share one server (distinct documents).
aio = pytest.mark.asyncio(loop_scope="module")


def accept_registrations(client: LanguageClient) -> None:
    """Answer ``client/registerCapability`` as VS Code does (the test client does not)."""

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    client.registrations = []  # type: ignore[attr-defined]


@asynccontextmanager
async def serving(
    command: list[str],
    options: dict[str, Any] | None = None,
    root: Path | None = None,
    capabilities: types.ClientCapabilities | None = None,
) -> AsyncIterator[LanguageClient]:
    """A client connected to a fresh server of its own, initialized like VS Code."""
    client = await ClientServerConfig(server_command=command).start()
    assert isinstance(client, LanguageClient)
    accept_registrations(client)
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities or client_capabilities("visual-studio-code"),
                initialization_options={"debounceMs": 0, **(options or {})},
                root_uri=root.as_uri() if root else None,
            )
        )
        yield client
        await client.shutdown_session()
    finally:
        await client.stop()  # type: ignore[no-untyped-call]


@pytest_lsp.fixture(  # type: ignore[untyped-decorator]
    config=ClientServerConfig(server_command=SERVER), scope="module"
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options={"debounceMs": 0},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics the server publishes for ``uri``."""
    while True:
        params = await asyncio.wait_for(
            client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60
        )
        if params.uri == uri:
            return list(params.diagnostics)


async def open_text(
    client: LanguageClient, uri: str, text: str, version: int = 1
) -> list[types.Diagnostic]:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )
    return await published(client, uri)


async def change_text(
    client: LanguageClient, uri: str, text: str, version: int
) -> list[types.Diagnostic]:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await published(client, uri)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to ``text``, as an editor does."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        line = lines[position.line] if position.line < len(lines) else ""
        units = line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return sum(len(x) + 1 for x in lines[: position.line]) + len(units)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def errors(diagnostics: list[types.Diagnostic]) -> list[tuple[int, str]]:
    return [
        (d.range.start.line, rule(d))
        for d in diagnostics
        if d.severity == types.DiagnosticSeverity.Error
    ]


def rule(diagnostic: types.Diagnostic) -> str:
    data = diagnostic.data
    return str(data["rule"]) if isinstance(data, dict) else ""


def seed_or_skip() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed post is not here ({SEED}); CI has it beside the checkout")
    return SEED.read_text(encoding="utf-8")


async def actions_at(
    client: LanguageClient, uri: str, line: int, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [action for action in found or [] if isinstance(action, types.CodeAction)]


def only_edits(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None
    assert action.edit.changes is not None
    return list(action.edit.changes[uri])


async def inlay_hints(client: LanguageClient, uri: str, text: str) -> list[types.InlayHint]:
    end = types.Position(len(text.split("\n")), 0)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), end),
        )
    )
    return list(hints or [])


async def hover_at(client: LanguageClient, uri: str, line: int) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, 4)
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


# The acceptance scenario of the issue ("Done when"), on the seed and on our own post.


async def done_when(client: LanguageClient, original: str, uri: str) -> list[types.Diagnostic]:
    assert WRONG[0] in original
    wrong = original.replace(*WRONG)
    found = await open_text(client, uri, wrong)
    assert errors(found) == [(CHAPTER_LINE, "subtotal-mismatch")]
    (mismatch,) = [d for d in found if rule(d) == "subtotal-mismatch"]
    assert mismatch.code == "AL102"
    assert mismatch.source == "arena-lint"
    assert mismatch.code_description is not None
    assert mismatch.code_description.href.endswith("/subtotal-mismatch.md")
    assert mismatch.code_description.href.startswith("https://")

    actions = await actions_at(client, uri, CHAPTER_LINE)
    fixes = [a for a in actions if a.title.startswith("Set ")]
    assert [a.title for a in fixes] == ["Set Chapter 0 to 8.8h (sum of its exercises)"]
    (edit,) = only_edits(fixes[0], uri)
    assert edit.new_text == "8.8h"
    assert edit.range.start.line == CHAPTER_LINE
    fixed = apply(wrong, [edit])
    assert fixed.split("\n")[CHAPTER_LINE].startswith("- 8.8h ")

    assert "8.8h" in await hover_at(client, uri, CHAPTER_LINE)

    hints = await inlay_hints(client, uri, wrong)
    by_line = {hint.position.line: hint.label for hint in hints}
    assert by_line[CHAPTER_LINE] == "= 8.8h (+0.1h)"
    assert by_line[CHAPTER_LINE - 1] == "= 42.7h"  # the total: chapters as stated

    after = await change_text(client, uri, original, 2)
    assert errors(after) == []
    assert "subtotal-mismatch" not in {rule(d) for d in after}
    return after


@aio
async def test_done_when_on_our_own_post(client: LanguageClient) -> None:
    after = await done_when(client, POST.read_text(encoding="utf-8"), POST.resolve().as_uri())
    assert after == []  # our post is clean


@aio
async def test_done_when_on_the_seed_post(client: LanguageClient) -> None:
    after = await done_when(client, seed_or_skip(), "untitled:seed.md")
    assert len(after) == 11  # the seed's own warnings, as `check` gives them


def test_shutdown_then_exit_ends_with_status_0() -> None:
    """Speaking only the protocol, framed by hand: no client library involved."""

    def frame(message: dict[str, Any]) -> bytes:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)

    text = POST.read_text(encoding="utf-8").replace(*WRONG)
    messages: list[dict[str, Any]] = [
        {"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"method": "initialized", "params": {}},
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": "untitled:a.md", "languageId": "markdown", "version": 1}
                | {"text": text}
            },
        },
        {"id": 2, "method": "shutdown"},
        {"method": "exit"},
    ]
    done = subprocess.run(
        SERVER,
        input=b"".join(frame(m) for m in messages),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    answers = {m["id"]: m for m in unframe(done.stdout) if "id" in m}
    assert answers[1]["result"]["serverInfo"]["name"] == "arena-lint"
    assert answers[2] == {"id": 2, "jsonrpc": "2.0", "result": None}


def unframe(data: bytes) -> list[dict[str, Any]]:
    """The JSON-RPC messages of a stdio stream (``Content-Length`` framed)."""
    messages = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def test_exit_without_shutdown_ends_with_status_1() -> None:
    """The protocol's rule: ``exit`` before ``shutdown`` is an error exit."""
    body = json.dumps({"jsonrpc": "2.0", "method": "exit"}).encode()
    done = subprocess.run(
        SERVER,
        input=b"Content-Length: %d\r\n\r\n%s" % (len(body), body),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1


# Quick fixes


async def fix_all_of(client: LanguageClient, uri: str, text: str) -> str:
    (fix_all,) = await actions_at(client, uri, 0, only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.arena-lint"
    assert fix_all.title == "Fix all arena-lint problems"
    if fix_all.edit is None:  # VS Code resolves the edit when the action is chosen
        fix_all = await client.code_action_resolve_async(fix_all)
    return apply(text, only_edits(fix_all, uri))


@aio
async def test_fix_all_leaves_no_error(client: LanguageClient) -> None:
    uri = "untitled:fix-all.md"
    wrong = POST.read_text(encoding="utf-8").replace(*WRONG)
    await open_text(client, uri, wrong)
    fixed = await fix_all_of(client, uri, wrong)
    # The chapter is repaired from its exercises, then the total from the chapters.
    assert "- 8.8h [Chapter 0" in fixed
    assert "Total Hours: 42.8." in fixed
    assert await change_text(client, uri, fixed, 2) == []
    assert await actions_at(client, uri, 0, only=["source.fixAll"]) == []  # nothing left


@aio
async def test_fix_all_for_a_client_that_cannot_resolve() -> None:
    """A client without ``codeAction/resolve`` gets the edit with the action."""
    async with serving(SERVER, capabilities=types.ClientCapabilities()) as client:
        uri = "untitled:plain-client.md"
        wrong = POST.read_text(encoding="utf-8").replace(*WRONG)
        await open_text(client, uri, wrong)
        (fix_all,) = await actions_at(client, uri, 0, only=["source.fixAll"])
        assert fix_all.edit is not None
        fixed = apply(wrong, only_edits(fix_all, uri))
        assert "Total Hours: 42.8." in fixed


@aio
async def test_one_quick_fix_then_the_total_gets_its_own(client: LanguageClient) -> None:
    uri = "untitled:one-fix.md"
    wrong = POST.read_text(encoding="utf-8").replace(*WRONG)
    await open_text(client, uri, wrong)
    (fix,) = [a for a in await actions_at(client, uri, CHAPTER_LINE) if a.is_preferred]
    after = apply(wrong, only_edits(fix, uri))
    found = await change_text(client, uri, after, 2)
    assert errors(found) == [(CHAPTER_LINE - 1, "total-mismatch")]
    titles = [a.title for a in await actions_at(client, uri, CHAPTER_LINE - 1)]
    assert "Set Total Hours to 42.8 (sum of its chapters)" in titles


@aio
async def test_suppression_action_writes_the_directive(client: LanguageClient) -> None:
    uri = "untitled:suppress.md"
    wrong = POST.read_text(encoding="utf-8").replace(*WRONG)
    await open_text(client, uri, wrong)
    actions = await actions_at(client, uri, CHAPTER_LINE)
    (disable,) = [a for a in actions if a.title == "Disable subtotal-mismatch for this line"]
    after = apply(wrong, only_edits(disable, uri))
    lines = after.split("\n")
    assert lines[CHAPTER_LINE].endswith("/ch0) <!-- arena-lint-disable-line subtotal-mismatch -->")
    assert len(lines) == len(wrong.split("\n"))
    found = await change_text(client, uri, after, 2)
    # Silenced, the directive used, and the log still one list (no total-mismatch).
    assert [rule(d) for d in found if rule(d) != "extra-whitespace"] == []


@aio
async def test_suppressing_a_top_level_entry_keeps_the_log_whole(client: LanguageClient) -> None:
    # A comment on a line of its own between two chapters ends the list: the
    # directive was written that way once, and the log split in two (a new
    # total-mismatch, a missing-total and an unused suppression).
    uri = "untitled:suppress-middle.md"
    text = (
        "Total Hours: 6\n- 1h Chapter 1: Sets\n- 3h Chapter 2: Maps\n"
        "    - 3h exercise 2.1 Injections\n- 2h Chapter 2: Maps again\n"
    )
    found = await open_text(client, uri, text)
    assert [(d.range.start.line, rule(d)) for d in found] == [(4, "duplicate-entry")]
    actions = await actions_at(client, uri, 4)
    (disable,) = [a for a in actions if a.title == "Disable duplicate-entry for this line"]
    after = apply(text, only_edits(disable, uri))
    assert await change_text(client, uri, after, 2) == []


@aio
async def test_suppressing_a_front_matter_finding_leaves_the_yaml_alone(
    client: LanguageClient,
) -> None:
    # An HTML comment inside the front matter is YAML: it turned a schema finding
    # into a YAML syntax error. The directive goes below the front matter.
    uri = "untitled:suppress-front-matter.md"
    text = "---\ntitle: [1, 2]\ndate: 2024-03-04\n---\nTotal Hours: 1\n- 1h Chapter 1: Sets\n"
    found = await open_text(client, uri, text)
    assert [(d.range.start.line, rule(d)) for d in found] == [(1, "schema-violation")]
    actions = await actions_at(client, uri, 1)
    (disable,) = [a for a in actions if a.title.startswith("Disable schema-violation")]
    after = apply(text, only_edits(disable, uri))
    assert after.startswith(text.split("Total")[0])  # the front matter untouched
    assert await change_text(client, uri, after, 2) == []


# Hover, hints, outline


@aio
async def test_hover_gives_stated_computed_difference_and_share(client: LanguageClient) -> None:
    uri = "untitled:hover.md"
    await open_text(client, uri, POST.read_text(encoding="utf-8").replace(*WRONG))
    text = await hover_at(client, uri, CHAPTER_LINE)
    assert "stated: 8.7h" in text
    assert "sum of its exercises: 8.8h" in text
    assert "difference: +0.1h" in text
    assert "share of the log's 42.7h: 20.4%" in text  # 8.7 / 42.7
    exercise = await hover_at(client, uri, CHAPTER_LINE + 2)
    assert "exercise 0.2" in exercise
    assert "stated: 2.4h" in exercise
    assert "5.6%" in exercise  # 2.4 / 42.7 = 5.62%
    total = await hover_at(client, uri, CHAPTER_LINE - 1)
    assert "sum of its chapters: 42.7h" in total


@aio
async def test_inlay_hints_can_be_turned_off() -> None:
    async with serving(SERVER, {"inlayHints": False}) as client:
        uri = "untitled:off.md"
        text = POST.read_text(encoding="utf-8")
        await open_text(client, uri, text)
        assert await inlay_hints(client, uri, text) == []


@aio
async def test_document_symbols_outline_the_log(client: LanguageClient) -> None:
    uri = "untitled:outline.md"
    await open_text(client, uri, POST.read_text(encoding="utf-8"))
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert found is not None
    (log,) = found
    assert isinstance(log, types.DocumentSymbol)
    assert log.detail == "42.7h"
    chapters = log.children or []
    assert [c.name for c in chapters] == [
        "Chapter 0: Foundations",
        "Chapter 1: Attention Models",
        "Chapter 2: Reinforcement Learning",
        "Chapter 3: Scaling Up",
    ]
    assert [e.name for e in chapters[1].children or []] == [
        "exercise 1.1: Building a Transformer",
        "exercise 1.2: Reading Circuits",
    ]
    exercises = chapters[0].children or []
    assert exercises[0].name == "exercise 0.1: Image Rendering"
    assert exercises[0].detail == "skipped"  # not "0h": no time was written or spent
    assert exercises[1].detail == "2.3h"
    # A chapter's range covers its exercises, so breadcrumbs follow the cursor.
    assert chapters[0].range.end.line == CHAPTER_LINE + 5
    assert chapters[0].selection_range.start.line == CHAPTER_LINE


# Positions


ROCKET = POST.read_text(encoding="utf-8").replace(
    "[Optimisers](https://course.example.org/ch0/0.4)",
    "\U0001f680 [Optimisers](https://course.example.org//ch0/0.4)",
)
"""Our post with a rocket (one code point, two UTF-16 units) before a bad link."""


@aio
async def test_positions_count_utf16_code_units(client: LanguageClient) -> None:
    """An astral character is two UTF-16 units but one Python character."""
    uri = "untitled:emoji.md"
    found = await open_text(client, uri, ROCKET)
    (link,) = [d for d in found if rule(d) == "malformed-link"]
    line = ROCKET.split("\n")[link.range.start.line]
    before = line[: line.index("https://course.example.org//")]
    assert "\U0001f680" in before
    assert link.range.start.character == len(before.encode("utf-16-le")) // 2 == len(before) + 1


@aio
async def test_positions_in_code_points_when_the_client_prefers_utf32() -> None:
    wants_utf32 = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=["utf-32"])
    )
    async with serving(SERVER, capabilities=wants_utf32) as client:
        uri = "untitled:emoji-32.md"
        found = await open_text(client, uri, ROCKET)
        (link,) = [d for d in found if rule(d) == "malformed-link"]
        line = ROCKET.split("\n")[link.range.start.line]
        assert link.range.start.character == line.index("https://course.example.org//")


# Configuration


@aio
async def test_configuration_of_the_folder_applies_and_reloads(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search for configuration stops here
    config = tmp_path / ".arena-lint.toml"
    config.write_text('ignore = ["subtotal-mismatch"]\n', encoding="utf-8")
    post = tmp_path / "posts" / "log.md"
    post.parent.mkdir()
    post.write_text(POST.read_text(encoding="utf-8"), encoding="utf-8")
    uri = post.as_uri()
    async with serving(SERVER, root=tmp_path) as client:
        wrong = POST.read_text(encoding="utf-8").replace(*WRONG)
        assert errors(await open_text(client, uri, wrong)) == []
        config.write_text('ignore = ["total-mismatch"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
            )
        )
        assert errors(await published(client, uri)) == [(CHAPTER_LINE, "subtotal-mismatch")]
        config.write_text('ignore = ["no-such-rule"]\n', encoding="utf-8")
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        found = await published(client, uri)
        assert [d.code for d in found] == ["config-error"]
        assert "no-such-rule" in found[0].message


# Robustness


@aio
async def test_a_crashing_rule_becomes_a_diagnostic_and_the_server_serves_on() -> None:
    async with serving([sys.executable, str(PATCHED), "crash"]) as client:
        text = POST.read_text(encoding="utf-8")
        found = await open_text(client, "untitled:crash.md", text)
        assert [(d.code, rule(d)) for d in found] == [("AL000", "internal-error")]
        assert "RuntimeError" in found[0].message
        # Still serving: another document, another request.
        again = await open_text(client, "untitled:crash-2.md", text)
        assert [rule(d) for d in again] == ["internal-error"]
        symbols = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(
                text_document=types.TextDocumentIdentifier(uri="untitled:crash-2.md")
            )
        )
        assert symbols is None  # no tree from a failed check, but an answer


@aio
async def test_a_cancelled_request_is_answered_as_cancelled() -> None:
    async with serving([sys.executable, str(PATCHED), "slow"]) as client:
        uri = "untitled:slow.md"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=POST.read_text("utf-8")
                )
            )
        )
        params = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(CHAPTER_LINE, 3),
        )
        began = time.perf_counter()
        future = client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, params, msg_id=77)
        await asyncio.sleep(0.2)
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=77))
        with pytest.raises(JsonRpcRequestCancelled):
            await asyncio.wrap_future(future)
        # The slow rule takes 2 s per check: the answer came before it finished.
        assert time.perf_counter() - began < 1.5


@aio
async def test_a_one_megabyte_post_stays_responsive(client: LanguageClient) -> None:
    chapter = POST.read_text(encoding="utf-8").split("\n")[CHAPTER_LINE : CHAPTER_LINE + 6]
    blocks = []
    for number in range(1800):
        block = "\n".join(chapter).replace("Chapter 0", f"Chapter {number}")
        blocks.append(block.replace("exercise 0.", f"exercise {number}."))
    text = "Total Hours: 15660.\n" + "\n".join(blocks) + "\n"
    assert len(text.encode()) > 1_000_000
    uri = "untitled:big.md"
    began = time.perf_counter()
    assert errors(await open_text(client, uri, text)) == []
    opened = time.perf_counter() - began
    began = time.perf_counter()
    found = await change_text(
        client, uri, text.replace("- 8.7h [Chapter 7:", "- 8.6h [Chapter 7:"), 2
    )
    recheck = time.perf_counter() - began
    assert len(errors(found)) == 2  # the chapter and the total
    sys.stderr.write(f"1 MB post: open {opened:.2f}s, full re-check {recheck:.2f}s\n")
    assert recheck < 30


def test_the_check_command_does_not_load_pygls() -> None:
    code = "import sys, arena_lint.cli; print('pygls' in sys.modules, 'lsprotocol' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.stdout.split() == ["False", "False"]


def test_starting_the_server_does_not_load_the_pipeline() -> None:
    """pygls is most of a server's start: the parser, rules, configuration and
    the outline load with the first check (``benchmarks/server_startup.py``
    times the start against pygls's own)."""
    code = (
        "import sys, arena_lint.server; "
        "print(sorted(m for m in sys.modules if m.startswith('arena_lint')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    loaded = set(done.stdout.strip()[1:-1].replace("'", "").split(", "))
    assert "arena_lint.server.app" in loaded
    deferred = {"api", "config", "model", "parser", "durations", "fixes", "engine"}
    assert not {f"arena_lint.{name}" for name in deferred} & loaded
    assert not {"arena_lint.server.outline", "arena_lint.server.actions"} & loaded


@aio
async def test_typing_is_debounced_to_one_check() -> None:
    """Changes closer together than ``debounceMs`` give one publication, of the last text."""
    async with serving(SERVER, {"debounceMs": 400}) as client:
        uri = "untitled:typing.md"
        original = POST.read_text(encoding="utf-8")
        await open_text(client, uri, original)
        for version, hours in enumerate(("2.4h", "2.5h", "2.6h"), start=2):
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangeWholeDocument(
                            text=original.replace(WRONG[0], f"{hours} exercise 0.2")
                        )
                    ],
                )
            )
        params = await asyncio.wait_for(
            client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60
        )
        assert params.version == 4
        (mismatch,) = [d for d in params.diagnostics if rule(d) == "subtotal-mismatch"]
        assert "9h" in mismatch.message  # 2.6h: the exercises sum to 9h, not 8.8h or 8.9h


# The conversions, without a server


def test_lines_convert_columns_for_each_position_encoding() -> None:
    text = "x\n- \U0001f680 é 2.0h\n"
    column = text.split("\n")[1].index("2.0h") + 1  # 1-based, in code points
    for encoding, expected in (("utf-16", 7), ("utf-8", 10), ("utf-32", 6)):
        lines = Lines.of(text, encoding)
        position = lines.position(2, column)
        assert (position.line, position.character) == (1, expected)
        assert lines.column(position) == column


def test_lines_account_for_a_byte_order_mark() -> None:
    """Editors keep a BOM on line 0; arena-lint drops it before counting columns."""
    lines = Lines.of("\ufeffTotal Hours: 2h\r\n- 2h a\r\n", "utf-16")
    assert lines.position(1, 1).character == 1
    assert lines.position(2, 3).character == 2  # later lines are unaffected
    assert lines.column(types.Position(0, 1)) == 1


def test_the_pause_after_a_change_scales_with_the_last_check() -> None:
    assert pause(0.008, 3_000) == 0.008  # a small post: as long as its check took
    assert pause(None, 3_000) == 0.003  # before any check: guessed from the size
    assert pause(None, 10) == PAUSE_MIN
    assert pause(1.4, 1_000_000) == PAUSE_MAX  # a long log: capped
    assert pause(0.008, 3_000, fixed=0.4) == 0.4  # the editor's debounceMs wins
    assert Options.parse({}).debounce is None
    assert Options.parse({"debounceMs": 400}).debounce == 0.4


def test_share_is_exact_and_rounded_to_a_tenth() -> None:
    assert share(Fraction(87, 10), Fraction(427, 10)) == "20.4%"
    assert share(Fraction(1, 3), Fraction(1)) == "33.3%"
    assert share(Fraction(1), Fraction(1)) == "100.0%"


def test_readme_snippets_start_the_server() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In the editor", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"```(\w+)\n(.*?)```", section, re.S)
    blocks = dict(found)
    vscode = json.loads(blocks["json"])
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == [
        "arena-lint",
        "server",
    ]
    on_save = vscode["[markdown]"]["editor.codeActionsOnSave"]
    assert on_save == {"source.fixAll.arena-lint": "explicit"}
    helix = tomllib.loads(blocks["toml"])
    assert helix["language-server"]["arena-lint"] == {
        "command": "arena-lint",
        "args": ["server"],
        "config": {"inlayHints": True},
    }
    assert "arena-lint" in helix["language"][0]["language-servers"]
    lua = [body for language, body in found if language == "lua"]
    assert len(lua) == 3  # Neovim 0.11+, 0.7-0.10, fix all on save (tests/test_editor.py runs them)
    assert "vim.lsp.config(" in lua[0]
    assert "vim.lsp.start(" in lua[1]
    assert "vim.lsp.start_client(" in lua[1]
    assert all('{ "arena-lint", "server" }' in body for body in lua[:2])
    assert "BufWritePre" in lua[2]
    assert "source.fixAll.arena-lint" in lua[2]
    assert '("arena-lint" "server"' in blocks["elisp"]


# Ending, whatever is running


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def stuck_server() -> subprocess.Popen[bytes]:
    """A server whose check of the opened post takes a minute, once it has begun."""
    server = subprocess.Popen(
        [sys.executable, str(PATCHED), "stuck"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert server.stdin is not None
    assert server.stderr is not None
    opened = {
        "textDocument": {"uri": "untitled:stuck.md", "languageId": "markdown", "version": 1}
        | {"text": POST.read_text(encoding="utf-8")}
    }
    for message in (
        {"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"method": "initialized", "params": {}},
        {"method": "textDocument/didOpen", "params": opened},
    ):
        server.stdin.write(frame(message))
    server.stdin.flush()
    assert server.stderr.readline() == b"check started\n"
    return server


def test_end_of_input_during_a_long_check_ends_the_server_at_once() -> None:
    """The editor quits (or crashes): the server must not linger for the check."""
    server = stuck_server()
    try:
        began = time.perf_counter()
        assert server.stdin is not None
        server.stdin.close()
        assert server.wait(timeout=5) == 1  # no shutdown came first
        assert time.perf_counter() - began < 5
    finally:
        server.kill()
        server.wait()


def test_exit_during_a_long_check_ends_the_server_at_once() -> None:
    server = stuck_server()
    try:
        assert server.stdin is not None
        server.stdin.write(frame({"id": 2, "method": "shutdown"}) + frame({"method": "exit"}))
        server.stdin.flush()  # and the input stays open, as an editor keeps it
        assert server.wait(timeout=5) == 0
    finally:
        server.kill()
        server.wait()


# Bounds


@aio
async def test_editor_text_over_the_cap_is_refused_as_a_file_is(client: LanguageClient) -> None:
    text = "a\n" * (MAX_BYTES // 2 + 1)
    (found,) = await open_text(client, "untitled:huge.md", text)
    assert rule(found) == "unreadable-file"
    assert f"larger than the {MAX_BYTES // 1024 // 1024} MB a post can be" in found.message
    assert found.range.start == types.Position(0, 0)


def test_naming_every_fix_walks_the_log_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole-document code action names each fix from one lookup: the log is not
    walked again for each finding (2,000 wrong chapters took 22 s)."""
    lines = ["Total Hours: 60"]
    for number in range(1, 21):
        lines += [f"- 3h Chapter {number}: Part", f"    - 2h exercise {number}.1 All"]
    text = "\n".join(lines) + "\n"
    checked = Checked(
        text,
        "post.md",
        lines_of(text, "utf-16"),
        run_pipeline(text, "post.md", Settings()),
        Settings(),
    )
    walks = 0
    real = outline.nodes

    def counted(document: Any) -> Any:
        nonlocal walks
        walks += 1
        return real(document)

    monkeypatch.setattr(actions, "nodes", counted)
    whole = types.Range(types.Position(0, 0), checked.lines.end())
    titles = [action.title for action in quick_fixes(checked, "untitled:a.md", whole)]
    assert walks == 1
    assert titles[:2] == [
        "Set Chapter 1 to 2h (sum of its exercises)",
        "Set Chapter 2 to 2h (sum of its exercises)",
    ]
    assert sum(title.startswith("Set Chapter") for title in titles) == 20


# One check per version


def read_checks(log: Path) -> list[int]:
    """The versions checked, in order; asserts that no two checks overlapped."""
    events = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    starts, ends = events[::2], events[1::2]
    assert [e[0] for e in starts] == ["start"] * len(starts)
    assert [e[0] for e in ends] == ["end"] * len(ends)
    assert [e[1] for e in starts] == [e[1] for e in ends]  # each ended before the next began
    return [int(e[1]) for e in starts]


@aio
async def test_a_typing_burst_with_inlay_hints_checks_each_version_at_most_once(
    tmp_path: Path,
) -> None:
    """Five changes 150 ms apart, each followed by an inlay hint request, while
    each check takes 1.5 s: requests share the check of their version, a newer
    version waits for the older check instead of running beside it, and the
    stale results are dropped, never published."""
    log = tmp_path / "checks.log"
    async with serving([sys.executable, str(PATCHED), "count", str(log)]) as client:
        uri = "untitled:burst.md"
        original = POST.read_text(encoding="utf-8")
        await open_text(client, uri, original)
        assert read_checks(log) == [1]
        seen: list[int | None] = []
        hints = []
        texts = {}
        for version, hours in enumerate(("2.4h", "2.5h", "2.6h", "2.7h", "2.8h"), start=2):
            texts[version] = original.replace(WRONG[0], f"{hours} exercise 0.2")
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(texts[version])],
                )
            )
            hints.append(asyncio.ensure_future(inlay_hints(client, uri, texts[version])))
            await asyncio.sleep(0.15)
        while not seen or seen[-1] != 6:
            params = await asyncio.wait_for(
                client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60
            )
            seen.append(params.version)
        assert seen == [6]  # version 2's result was stale: not published
        (mismatch,) = [d for d in params.diagnostics if rule(d) == "subtotal-mismatch"]
        assert "9.2h" in mismatch.message  # 2.8h: the last version's sum
        answered = await asyncio.gather(*hints)
        # The last request is answered from the last version: chapter 0 sums to 9.2h.
        assert {h.position.line: h.label for h in answered[-1]}[CHAPTER_LINE] == "= 9.2h (+0.5h)"
        # Versions 3 to 6 arrive while version 2 is checked: 3 to 5 are stale
        # before it ends and never checked; each version's hint and publication
        # share one check (without that: 5 hints, 5 publications, all at once).
        assert read_checks(log) == [1, 2, 6]


def test_the_whitespace_fix_says_what_it_does() -> None:
    text = "Total Hours: 3\n- 3h  exercise 1.1 [Sets](https://example.org/1.1)\n"
    checked = Checked(
        text,
        "post.md",
        lines_of(text, "utf-16"),
        run_pipeline(text, "post.md", Settings()),
        Settings(),
    )
    whole = types.Range(types.Position(0, 0), checked.lines.end())
    (fix,) = [a for a in quick_fixes(checked, "untitled:a.md", whole) if a.is_preferred]
    assert fix.title == "Replace 2 spaces with one"
    assert fix.edit is not None
    assert fix.edit.changes is not None
    assert [e.new_text for e in fix.edit.changes["untitled:a.md"]] == [" "]


# What pygls leaves undone (server/protocol.py)


def speak(messages: list[bytes], timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        SERVER, input=b"".join(messages), capture_output=True, timeout=timeout, check=False
    )


def test_every_request_gets_an_answer() -> None:
    """Parameters that do not fit the protocol (no document, line -1) and requests
    after ``shutdown`` were left unanswered by pygls: a client waited forever."""
    item = {"uri": "untitled:a.md", "languageId": "markdown", "version": 1}
    document = {"uri": "untitled:a.md"}
    before_the_start = {"line": -1, "character": 0}
    done = speak(
        [
            frame({"id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            frame({"method": "initialized", "params": {}}),
            frame(
                {
                    "method": "textDocument/didOpen",
                    "params": {"textDocument": item | {"text": "Total Hours: 1\n- 1h a\n"}},
                }
            ),
            frame({"id": 2, "method": "textDocument/hover", "params": {"textDocument": {}}}),
            frame(
                {
                    "id": 3,
                    "method": "textDocument/hover",
                    "params": {"textDocument": document, "position": before_the_start},
                }
            ),
            frame({"id": "four", "method": "textDocument/hover", "params": None}),
            frame({"id": 5, "method": "shutdown"}),
            frame(
                {
                    "id": 6,
                    "method": "textDocument/documentSymbol",
                    "params": {"textDocument": document},
                }
            ),
            frame({"method": "exit"}),
        ]
    )
    assert done.returncode == 0
    answers = {m["id"]: m for m in unframe(done.stdout) if "id" in m}
    assert set(answers) == {1, 2, 3, "four", 5, 6}
    assert [answers[key]["error"]["code"] for key in (2, 3, "four")] == [-32602] * 3
    assert answers[5]["result"] is None
    assert answers[6]["error"]["code"] == -32600  # InvalidRequest, as the LSP says
    assert b"Traceback" not in done.stderr


def test_an_oversized_message_is_skipped_and_the_server_reads_on() -> None:
    from arena_lint.server.protocol import MAX_MESSAGE

    junk = MAX_MESSAGE + 1
    done = speak(
        [
            frame({"id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            b"Content-Length: %d\r\n\r\n" % junk + b" " * junk,
            frame({"id": 2, "method": "shutdown"}),
            frame({"method": "exit"}),
        ]
    )
    assert done.returncode == 0
    answers = {m["id"]: m for m in unframe(done.stdout) if "id" in m}
    assert answers[2] == {"id": 2, "jsonrpc": "2.0", "result": None}
    assert b"skipped a message of %d bytes" % junk in done.stderr


def test_a_content_length_of_a_petabyte_takes_no_memory() -> None:
    """pygls read the announced length at once: ``MemoryError``, a traceback, the
    server gone. Under a 1 GB address-space limit, the body is skipped as it comes
    and the server ends when its input does."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); "
    run = "from arena_lint.server import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", limit + run],
        input=frame({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
        + b"Content-Length: %d\r\n\r\n{}" % 10**15,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1  # the input ended before shutdown: the protocol's 1
    assert [m["id"] for m in unframe(done.stdout)] == [1]
    assert b"skipped a message of 1000000000000000 bytes" in done.stderr
    assert b"Traceback" not in done.stderr
    assert b"MemoryError" not in done.stderr


def test_notifications_leave_no_future_behind() -> None:
    """pygls filed the future of each notification handled by a coroutine under a
    random id, for ever: memory grew with every keystroke's notification."""
    from arena_lint.server import create_server

    class Sink:
        def write(self, data: bytes) -> None:
            pass

        def close(self) -> None:
            pass

    async def scenario() -> tuple[int, int]:
        server = create_server()
        handled = 0

        @server.feature("arena-lint/test")
        async def note(params: Any) -> None:
            nonlocal handled
            handled += 1

        server.protocol.set_writer(Sink())
        for _ in range(200):
            message = json.dumps({"jsonrpc": "2.0", "method": "arena-lint/test", "params": {}})
            server.protocol.handle_message(
                json.loads(message, object_hook=server.protocol.structure_message)
            )
        await asyncio.sleep(0.1)
        return handled, len(server.protocol._request_futures)

    assert asyncio.run(scenario()) == (200, 0)
