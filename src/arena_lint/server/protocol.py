"""Where pygls (2.0 to 2.1 at least) leaves a client without an answer or the
server without memory, and the repairs, made here so the rest of the server
need not know.

- A request whose parameters do not fit the protocol's types (a missing
  ``textDocument``, a line of -1) failed to deserialise and went unanswered:
  it now gets an ``InvalidParams`` error, as JSON-RPC says.
- A request after ``shutdown`` was dropped: it now gets ``InvalidRequest``, as
  the LSP says.
- The future of every notification handled by a coroutine was kept, under a
  random id no one could cancel, for the life of the server: it is let go.
- A ``Content-Length`` larger than any message (10**15) made the reader
  allocate it at once (``MemoryError``, a traceback, the server gone): such a
  body is skipped in pieces and the server reads on.

Each is pinned by a test in tests/test_server.py that speaks the protocol
byte by byte, so a pygls that changes how it does these fails there.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable
from typing import Any, TypeGuard

from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.io_ import StdinAsyncReader
from pygls.protocol import LanguageServerProtocol

from ..source import MAX_BYTES

#: The largest message read: an editor's text at the size cap of a post, with
#: room for JSON's escapes (a control character is six bytes).
MAX_MESSAGE = 8 * MAX_BYTES
#: The longest header line read; headers are a few dozen bytes.
MAX_HEADER = 64 * 1024
_PIECE = 1024 * 1024

logger = logging.getLogger(__name__)


class Answered:
    """Stands for a request already answered with an error: nothing to handle."""


ANSWERED = Answered()


class ArenaProtocol(LanguageServerProtocol):
    """pygls's protocol, answering every request and keeping no future it need not."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id: object = data.get("id")
            if "method" not in data or not _is_id(msg_id):
                raise  # a notification or a response: no one to answer
            self._send_response(msg_id, None, error.to_response_error())
            return ANSWERED

    def handle_message(self, message: Any) -> None:
        if message is ANSWERED:
            return
        if not hasattr(message, "jsonrpc"):
            logger.warning("not a JSON-RPC message: skipped")
            return
        method = getattr(message, "method", None)
        msg_id: object = getattr(message, "id", None)
        if self._shutdown and method is not None and method != "exit" and _is_id(msg_id):
            error = JsonRpcInvalidRequest("the server is shut down; only exit is expected")
            self._send_response(msg_id, None, error.to_response_error())
            return
        super().handle_message(message)

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        if callback == self._check_handler_result:
            # A notification: its future was filed under a random id, to be
            # cancelled by no one and kept forever.
            self._request_futures.pop(msg_id, None)


class OneLine(logging.Formatter):
    """A log record as one line, without the traceback pygls attaches to a
    message it could not read (the editor's log is no place for it)."""

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().splitlines() or [""]
        return f"{record.name}: {record.levelname.lower()}: {lines[0]}"


def log_in_one_line() -> None:
    """Send pygls's and our warnings to standard error (the editor's log), one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    for name in ("pygls", __name__.rsplit(".", 1)[0]):
        log = logging.getLogger(name)
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
        log.propagate = False


def _is_id(value: object) -> TypeGuard[int | str]:
    return isinstance(value, int | str) and not isinstance(value, bool)


class BoundedReader(StdinAsyncReader):
    """Standard input, read a header line and a body at a time, each bounded."""

    def readline(self) -> Awaitable[bytes]:
        loop: asyncio.AbstractEventLoop = self.loop
        return loop.run_in_executor(self.executor, self.stdin.readline, MAX_HEADER)

    def readexactly(self, n: int) -> Awaitable[bytes]:
        loop: asyncio.AbstractEventLoop = self.loop
        return loop.run_in_executor(self.executor, self._read, n)

    def _read(self, n: int) -> bytes:
        if n <= MAX_MESSAGE:
            return self.stdin.read(n)
        logger.warning("skipped a message of %d bytes (the limit is %d)", n, MAX_MESSAGE)
        left = n
        while left:
            piece = self.stdin.read(min(left, _PIECE))
            if not piece:
                return b""  # the input ended: so does the server
            left -= len(piece)
        return b"{}"  # not a message: skipped by handle_message
