"""Cold start of the language server against pygls's own.

    python benchmarks/server_startup.py [--runs 20]

Runs ``python -c "import arena_lint.server"`` and ``python -c "import
pygls.lsp.server"`` in turn (A B A B ...), whole processes, and prints the
medians and the median of the per-pair ratios (goal: at most 1.2). Measure a
regular install (``pip install .``): an editable install adds its import hook.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def timed(module: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed("arena_lint.server"))
        theirs.append(timed("pygls.lsp.server"))
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    print(f"import arena_lint.server: median {statistics.median(ours) * 1000:.0f} ms")
    print(f"import pygls.lsp.server:  median {statistics.median(theirs) * 1000:.0f} ms")
    print(f"ratio (median of pairs): {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
