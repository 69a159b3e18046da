"""A typing burst in the editor, with and without inlay hints (issue #24's goals).

    python benchmarks/server_burst.py [--size 1000000] [--runs 3]

On a post of about ``--size`` bytes, for each run: starts ``arena-lint server``
twice, once answering inlay hints after every change and once without. In
each, times one change to its diagnostics, (after a first one), then five changes 150 ms apart (each
followed by an inlay hint request in the first server) from the last change
to the last version's diagnostics, and reads the server's peak memory (VmHWM).
Prints the medians and the ratios against the goals: burst with hints at most
1.5x one change, peak with hints at most 1.2x without.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

from server_latency import make_post, receive, send

GAP = 0.15


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit("no VmHWM: this benchmark reads Linux's /proc")


def drain(stream: BinaryIO, inbox: queue.Queue[dict[str, Any] | None]) -> None:
    """Read every message as it comes: a server whose answers (inlay hints on a
    long post) nobody reads blocks on its full pipe and stops reading changes."""
    try:
        while True:
            inbox.put(receive(stream))
    except (SystemExit, OSError, ValueError):
        inbox.put(None)


def wait_for(inbox: queue.Queue[dict[str, Any] | None], check: Any) -> None:
    while True:
        message = inbox.get(timeout=600)
        if message is None:
            raise SystemExit("the server ended")
        if check(message):
            return


def published(version: int) -> Any:
    return lambda message: (
        message.get("method") == "textDocument/publishDiagnostics"
        and message["params"].get("version") == version
    )


def change(uri: str, version: int, text: str) -> dict[str, Any]:
    return {
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        },
    }


def session(text: str, folder: str, hints: bool) -> tuple[float, float, int]:
    """(one change's time, the burst's time, peak KiB) of one server."""
    path = Path(folder) / "post.md"
    path.write_text(text, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "arena_lint", "server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=folder,
    )
    assert server.stdin is not None
    assert server.stdout is not None
    params = {"processId": os.getpid(), "capabilities": {}, "rootUri": path.parent.as_uri()}
    inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
    threading.Thread(target=drain, args=(server.stdout, inbox), daemon=True).start()
    send(server.stdin, {"id": 1, "method": "initialize", "params": params})
    wait_for(inbox, lambda message: message.get("id") == 1)
    send(server.stdin, {"method": "initialized", "params": {}})
    uri = path.as_uri()
    item = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
    send(server.stdin, {"method": "textDocument/didOpen", "params": {"textDocument": item}})
    wait_for(inbox, published(1))
    lines = text.count("\n")
    ids = iter(range(100, 10_000))

    def edit(version: int) -> None:
        edited = text.replace("2.3h exercise 0.2", f"2.{version % 9}h exercise 0.2", 1)
        assert server.stdin is not None
        send(server.stdin, change(uri, version, edited))
        if hints:
            whole = {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}
            hint = {"textDocument": {"uri": uri}, "range": whole}
            send(
                server.stdin, {"id": next(ids), "method": "textDocument/inlayHint", "params": hint}
            )

    edit(2)  # the first change after opening: the server learns the check's time
    wait_for(inbox, published(2))
    began = time.perf_counter()
    edit(3)
    wait_for(inbox, published(3))
    one = time.perf_counter() - began
    for version in range(4, 9):
        if version > 4:
            time.sleep(GAP)
        began = time.perf_counter()
        edit(version)
    wait_for(inbox, published(8))
    burst = time.perf_counter() - began
    peak = peak_kib(server.pid)
    send(server.stdin, {"id": 2, "method": "shutdown"})
    send(server.stdin, {"method": "exit"})
    server.stdin.close()
    server.wait(timeout=60)
    return one, burst, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    text = make_post(args.size)
    ones, bursts, ratios, peaks = [], [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            one, burst, with_hints = session(text, folder, hints=True)
        with tempfile.TemporaryDirectory() as folder:
            _, _, without = session(text, folder, hints=False)
        ones.append(one)
        bursts.append(burst)
        ratios.append(burst / one)
        peaks.append(with_hints / without)
    print(f"post: {len(text.encode())} bytes, {args.runs} runs")
    print(f"one change -> diagnostics (hints on): median {statistics.median(ones) * 1000:.0f} ms")
    burst = statistics.median(bursts) * 1000
    print(f"last of 5 changes 150 ms apart, each + inlayHint -> diagnostics: {burst:.0f} ms")
    print(f"burst / one change: median {statistics.median(ratios):.2f} (goal 1.5)")
    print(f"peak memory with hints / without: median {statistics.median(peaks):.2f} (goal 1.2)")


if __name__ == "__main__":
    main()
