"""Measure arena-lint against its floor, side by side in one run.

    python benchmarks/generate.py /tmp/corpus
    python benchmarks/run.py /tmp/corpus [--runs 5]

The floor is reading every file and parsing it with ``MarkdownIt("commonmark")``
in one process; cold starts are compared with bare imports. Each figure is the
median of ``--runs`` wall-clock runs; the ratios are the targets of issue 6.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLOOR = (
    "import sys, pathlib\n"
    "from markdown_it import MarkdownIt\n"
    "md = MarkdownIt('commonmark')\n"
    "root = pathlib.Path(sys.argv[1])\n"
    "files = sorted(root.rglob('*.md')) if root.is_dir() else [root]\n"
    "for path in files:\n"
    "    md.parse(path.read_text('utf-8'))\n"
)
PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def arena_lint() -> list[str]:
    script = shutil.which("arena-lint", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "arena_lint"]


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_kib(command: list[str]) -> int:
    out = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    corpus, runs, tool = args.corpus, args.runs, arena_lint()
    python = [sys.executable]
    rows: list[tuple[str, float, float, float]] = []

    def compare(name: str, ours: list[str], floor: list[str], goal: float) -> float:
        mine, base = wall(ours, runs), wall(floor, runs)
        rows.append((name, mine, base, goal))
        return mine

    compare("1. mixed corpus vs parse floor", [*tool, str(corpus / "mixed")],
            [*python, "-c", FLOOR, str(corpus / "mixed")], 0.5)
    compare("2. log-only corpus vs parse floor", [*tool, str(corpus / "logs")],
            [*python, "-c", FLOOR, str(corpus / "logs")], 1.25)
    large, half = corpus / "large" / "large.md", corpus / "large" / "half.md"
    full_time = compare("3. 5 MB log vs its parse floor", [*tool, str(large)],
                        [*python, "-c", FLOOR, str(large)], 1.5)
    half_time = wall([*tool, str(half)], runs)
    with_log = sorted((corpus / "logs").glob("*.md"))[0]
    no_log = next(p for p in sorted((corpus / "mixed").glob("*.md"))
                  if "total" not in p.read_text("utf-8").lower())
    compare("4a. cold start, post with a log", [*tool, str(with_log)],
            [*python, "-c", "import click, markdown_it, jsonschema, yaml"], 1.2)
    compare("4b. cold start, file with no log", [*tool, str(no_log)],
            [*python, "-c", "import click"], 1.2)

    print(f"{'target':<38} {'arena-lint':>11} {'floor':>9} {'ratio':>7} {'goal':>6}")
    for name, mine, base, goal in rows:
        ratio = mine / base
        verdict = "ok" if ratio <= goal else "MISSED"
        print(f"{name:<38} {mine:>10.3f}s {base:>8.3f}s {ratio:>6.2f}x {goal:>5.2f}x  {verdict}")
    growth = full_time / half_time
    print(f"{'3. linearity: 5 MB / 2.5 MB time':<38} {growth:>29.2f}x {2.2:>5.2f}x  "
          f"{'ok' if growth <= 2.2 else 'MISSED'}")
    baseline = peak_kib([*python, "-c", "pass"])
    peak = peak_kib([*tool, str(large)])
    size_kib = large.stat().st_size / 1024
    memory = (peak - baseline) / size_kib
    print(f"{'3. peak memory above baseline / size':<38} {memory:>29.2f}x {3.0:>5.2f}x  "
          f"{'ok' if memory <= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
