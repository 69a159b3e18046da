"""Time from a change in the editor to its diagnostics, against one cold check.

    python benchmarks/server_latency.py [--runs 20] [--size 3000]

Starts ``arena-lint server`` once, opens a post of about ``--size`` bytes
(chapters of tests/fixtures/server/study-log.md), then in turn: changes one
number and times the wait for that version's diagnostics, and times one cold
``arena-lint --format json`` of the same post in a new process. Prints the
medians and the median of the per-pair ratios (goal: at most 0.5).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, BinaryIO

#: The console script beside this Python, as a user runs it.
SCRIPT = Path(sys.executable).parent / "arena-lint"
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "arena_lint"]
POST = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "server" / "study-log.md"


def make_post(size: int) -> str:
    lines = POST.read_text(encoding="utf-8").split("\n")
    head, chapter = lines[:16], lines[16:22]
    blocks: list[str] = []
    number = 0
    while len("\n".join(head + blocks)) < size:
        blocks += [line.replace("Chapter 0", f"Chapter {number}") for line in chapter]
        number += 1
    total = f"Total Hours: {round(8.7 * number, 1)}."
    return "\n".join([*head[:-1], total, *blocks]) + "\n"


def send(stream: BinaryIO, message: dict[str, Any]) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    stream.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    stream.flush()


def receive(stream: BinaryIO) -> dict[str, Any]:
    length = 0
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("the server ended")
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        elif line == b"\r\n":
            message: dict[str, Any] = json.loads(stream.read(length))
            return message


def diagnostics_of(stream: BinaryIO, version: int) -> None:
    while True:
        message = receive(stream)
        if (
            message.get("method") == "textDocument/publishDiagnostics"
            and message["params"].get("version") == version
        ):
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--size", type=int, default=3000)
    args = parser.parse_args()
    text = make_post(args.size)
    with tempfile.TemporaryDirectory() as folder:
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
        send(server.stdin, {"id": 1, "method": "initialize", "params": params})
        while receive(server.stdout).get("id") != 1:
            pass
        send(server.stdin, {"method": "initialized", "params": {}})
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
        send(server.stdin, {"method": "textDocument/didOpen", "params": {"textDocument": item}})
        diagnostics_of(server.stdout, 1)
        changes, colds, ratios = [], [], []
        for run in range(args.runs):
            version = run + 2
            edited = text.replace("2.3h exercise 0.2", f"2.{run % 9}h exercise 0.2", 1)
            began = time.perf_counter()
            send(
                server.stdin,
                {
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"text": edited}],
                    },
                },
            )
            diagnostics_of(server.stdout, version)
            change = time.perf_counter() - began
            began = time.perf_counter()
            subprocess.run(
                [*COMMAND, "--format", "json", str(path)],
                stdout=subprocess.DEVNULL,
                check=False,
            )
            cold = time.perf_counter() - began
            changes.append(change)
            colds.append(cold)
            ratios.append(change / cold)
        send(server.stdin, {"id": 2, "method": "shutdown"})
        send(server.stdin, {"method": "exit"})
        server.wait(timeout=30)
    print(f"post: {len(text.encode())} bytes, {args.runs} runs")
    print(f"change -> diagnostics: median {statistics.median(changes) * 1000:.1f} ms")
    print(f"cold arena-lint --format json: median {statistics.median(colds) * 1000:.1f} ms")
    print(f"ratio (median of pairs): {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
