"""A smoke run of the benchmark on a tiny corpus: the scripts work (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate = [
        sys.executable,
        str(ROOT / "benchmarks" / "generate.py"),
        str(corpus),
        "--files",
        "6",
        "--large-mb",
        "0.02",
        "--seed",
        "3",
    ]
    subprocess.run(generate, check=True)
    assert len(list((corpus / "mixed").glob("*.md"))) == 6
    again = tmp_path / "again"
    subprocess.run([*generate[:2], str(again), *generate[3:]], check=True)
    assert (corpus / "logs" / "0000.md").read_bytes() == (again / "logs" / "0000.md").read_bytes()
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            str(corpus),
            "--runs",
            "1",
            "--entries",
            "200",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = run.stdout.splitlines()
    assert lines[0].split()[0] == "case"
    # Every row of issue #16's table and #23's sums row, each a ratio with its
    # goal and a verdict.
    figures = [(line[:44].strip(), line[45:50].strip()) for line in lines[1:]]
    assert [figure for _, figure in figures] == [
        "cpu",
        "cpu",
        "wall",
        "cpu",
        "wall",
        "wall",
        "peak",
        "wall",
    ]
    assert figures[4][0] == "10,000 mismatching chapters vs right ones"
    assert figures[-1][0] == "--fix on 200 timed entries vs check"
    assert all(line.rstrip().endswith(("ok", "MISSED")) for line in lines[1:])
