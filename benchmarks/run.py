"""Measure arena-lint against its floor: every row a ratio measured in one run.

    python benchmarks/generate.py /tmp/corpus
    python benchmarks/run.py /tmp/corpus [--runs 5] [--skip-slow]

Each row runs the two commands in turn (A B A B ...), whole processes, and
reports the median of the per-pair ratios, so a machine that speeds up or
slows down during the run moves both sides alike. CPU time and peak memory
come from the kernel's accounting of each finished process, children
included (``os.wait4``). The floor is reading and parsing the same files with
markdown-it-py's commonmark preset in one process; cold starts are compared
with bare imports. Measure a regular install (``pip install .``): an editable
install adds its import hook to every start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
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
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_e50890bc28fb5205.txt"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "study-log.md"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_kib: int


def measure(command: list[str]) -> Run:
    """One whole process: wall time, CPU of it and its children, peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped by wait4
    wall = time.perf_counter() - start
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


@dataclass(frozen=True)
class Row:
    name: str
    figure: str
    ours: float
    floor: float
    ratio: float
    goal: float

    def line(self) -> str:
        verdict = "ok" if self.ratio <= self.goal else "MISSED"
        unit = "MiB" if self.figure == "peak" else "s"
        scale = 1 / 1024 if self.figure == "peak" else 1
        return (
            f"{self.name:<44} {self.figure:<5} {self.ours * scale:>9.3f}{unit:<3} "
            f"{self.floor * scale:>9.3f}{unit:<3} {self.ratio:>6.2f}x {self.goal:>5.2f}x  {verdict}"
        )


def paired(
    name: str,
    ours: list[str],
    floor: list[str],
    runs: int,
    goals: dict[str, float],
) -> list[Row]:
    """``ours`` and ``floor`` in turn, ``runs`` pairs after one warm-up each."""
    measure(ours), measure(floor)
    pairs = [(measure(ours), measure(floor)) for _ in range(runs)]
    rows = []
    pick: dict[str, Callable[[Run], float]] = {
        "wall": lambda run: run.wall,
        "cpu": lambda run: run.cpu,
        "peak": lambda run: float(run.peak_kib),
    }
    for figure, goal in goals.items():
        get = pick[figure]
        ratio = statistics.median(get(a) / get(b) for a, b in pairs)
        rows.append(
            Row(
                name,
                figure,
                statistics.median(get(a) for a, _ in pairs),
                statistics.median(get(b) for _, b in pairs),
                ratio,
                goal,
            )
        )
    return rows


def arena_lint() -> list[str]:
    script = shutil.which("arena-lint", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "arena_lint"]


def timed_entries(count: int) -> str:
    """A log of ``count`` timed exercises in chapters of 100, one chapter stated wrong."""
    lines = [f"Total Hours: {count}"]
    for chapter in range(count // 100):
        stated = 100 if chapter else 101  # the first chapter's sum is off: --fix has work
        lines.append(f"- {stated}h Chapter {chapter}: Part {chapter}")
        lines += [f"    - 1h exercise {chapter}.{n} Item {n}" for n in range(1, 101)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--skip-slow", action="store_true", help="leave out the 5 MB log and --fix rows"
    )
    parser.add_argument(
        "--entries", type=int, default=100_000, help="timed entries of the --fix row's log"
    )
    args = parser.parse_args()
    corpus, runs, tool, python = args.corpus, args.runs, arena_lint(), [sys.executable]
    post = SEED if SEED.is_file() else EXAMPLE
    no_log = next(
        p
        for p in sorted((corpus / "mixed").glob("*.md"))
        if "total" not in p.read_text("utf-8").lower()
    )
    rows: list[Row] = []
    rows += paired(
        f"one post with a log ({'seed' if post == SEED else 'example'}), cold",
        [*tool, str(post)],
        [*python, "-c", "import click, markdown_it, jsonschema, yaml"],
        runs,
        {"cpu": 1.0},
    )
    rows += paired(
        "one file with no log, cold",
        [*tool, str(no_log)],
        [*python, "-c", "import click"],
        runs,
        {"cpu": 1.2},
    )
    mixed = str(corpus / "mixed")
    rows += paired(
        "1,000 mixed files",
        [*tool, mixed],
        [*python, "-c", FLOOR, mixed],
        runs,
        {"wall": 0.5, "cpu": 1.0},
    )
    # Every finding of a sum check costs about what a right sum costs: no rule
    # walks the log again for each finding (benchmarks/generate.py's sum_log).
    sums = corpus / "sums"
    rows += paired(
        "10,000 mismatching chapters vs right ones",
        [*tool, str(sums / "wrong.md")],
        [*tool, str(sums / "right.md")],
        runs,
        {"wall": 2.0},
    )
    if not args.skip_slow:
        large = str(corpus / "large" / "large.md")
        rows += paired(
            "one 5 MB log",
            [*tool, large],
            [*python, "-c", FLOOR, large],
            runs,
            {"wall": 1.2, "peak": 1.2},
        )
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "timed.md"
            log.write_text(timed_entries(args.entries), encoding="utf-8")
            # --diff repairs in memory exactly as --fix does and leaves the file as
            # it was, so every run of the pair sees the same input.
            rows += paired(
                f"--fix on {args.entries:,} timed entries vs check",
                [*tool, "--diff", str(log)],
                [*tool, str(log)],
                max(1, runs // 2),
                {"wall": 2.0},
            )
    header = f"{'case':<44} {'':<5} {'arena-lint':>12} {'floor':>12} {'ratio':>7} {'goal':>6}"
    print(header)
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
