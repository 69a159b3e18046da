"""Mutation fuzzing: many small corruptions of real-shaped posts, through the API and the CLI.

    python -m tests.fuzz --count 20000 [--seed N]

Each mutant must: never crash (an ``internal-error`` finding is a crash), place
every finding inside the file, and be fixed idempotently (a second ``--fix``
changes nothing). Every 25th mutant also goes through the command line
(``--fix --format json`` on a file). ``tests/test_fuzz.py`` runs a few hundred
in the test suite; the closing notes record the large runs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from arena_lint.api import fix_text, run_text
from arena_lint.cli import main
from arena_lint.settings import Settings
from arena_lint.source import Source

HERE = Path(__file__).parent
SEED = HERE.resolve().parents[1] / "shared" / "seed" / "000_e50890bc28fb5205.txt"

# Pieces that matter to the grammar: what a mutation splices in.
TOKENS = [
    "h", "m", "min", "hours", ".", ",", "0", "1", "9", "42.7", "2.5h", "1h30m", "90min", " ",
    "  ", "\t", "\n", "\r\n", "\r", "- ", "* ", "1. ", "    - ", "\t- ", "Total Hours: ",
    "Total: ", "**", "_", "`", "[", "]", "(", ")", "](", "<", ">", "\\", "&#50;", "&#46;",
    "&amp;", "<!-- arena-lint-disable-next-line -->", "<!-- arena-lint-disabel -->", "---",
    "+++", "skipped ", "exercise 1.1a ", "Chapter 3: ", "\ufeff", "\u202e", "\x00", "é", "😀",
    "#", "> ", "```", "~~~", "|", "=",
]  # fmt: skip


def own_posts() -> list[str]:
    """Posts of this repository's own words, and the seed where it is present."""
    texts = [
        path.read_text(encoding="utf-8")
        for folder in ("posts", "fix")
        for path in sorted((HERE / "fixtures" / folder).glob("*.md"))
        if not path.name.startswith("bom")
    ]
    texts.append((HERE.parent / "examples" / "study-log.md").read_text(encoding="utf-8"))
    if SEED.is_file():
        texts.append(SEED.read_text(encoding="utf-8"))
    return texts


def mutate(text: str, rng: random.Random) -> str:
    """``text`` with one to four random edits: splices, deletions, line moves."""
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        position = rng.randint(0, len(text))
        if kind < 0.45:
            text = text[:position] + rng.choice(TOKENS) + text[position:]
        elif kind < 0.7:
            text = text[:position] + text[position + rng.randint(1, 8) :]
        elif kind < 0.85 and text:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        else:
            digits = [i for i, char in enumerate(text) if char.isdigit()]
            if digits:
                at = rng.choice(digits)
                text = text[:at] + str(rng.randint(0, 99)) + text[at + 1 :]
    return text


@dataclass
class Failure:
    what: str
    text: str


def check_one(text: str) -> Iterator[str]:
    """What is wrong with arena-lint's answer on ``text`` (nothing, normally)."""
    settings = Settings()
    lines = Source.from_text(text).lines
    for item in run_text(text, "fuzz.md", settings).diagnostics:
        if item.rule == "internal-error":
            yield f"crash: {item.message}"
        if (
            not 1 <= item.line <= len(lines)
            or not 1 <= item.column <= len(lines[item.line - 1]) + 1
        ):
            yield f"outside the file: {item.line}:{item.column} {item.rule}"
    fixed = fix_text(text, "fuzz.md", settings)
    if fixed.after is None:
        return
    again = fix_text(fixed.after, "fuzz.md", settings)
    if (again.after, again.fixed) != (fixed.after, 0):
        yield "--fix is not idempotent"


def check_cli(text: str, folder: Path) -> Iterator[str]:
    post = folder / "post.md"
    post.write_text(text, encoding="utf-8", newline="")
    result = CliRunner().invoke(main, ["--fix", "--format", "json", str(post)])
    if result.exit_code not in (0, 1) or (
        result.exception and not isinstance(result.exception, SystemExit)
    ):
        yield f"cli exit {result.exit_code}: {result.exception!r}"
        return
    found = json.loads(result.stdout)
    if any(item["rule"] == "internal-error" for item in found):
        yield "cli crash"
    again = CliRunner().invoke(main, ["--diff", str(post)])
    if again.stdout:  # a file that cannot be read exits 1 with no diff: that is fine
        yield "cli: --diff after --fix still has a diff"


def run(count: int, seed: int, report: Callable[[str], None] = print) -> list[Failure]:
    rng = random.Random(seed)
    posts = own_posts()
    failures: list[Failure] = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(count):
            text = mutate(rng.choice(posts), rng)
            problems = list(check_one(text))
            if index % 25 == 0:
                problems += check_cli(text, Path(folder))
            failures += [Failure(problem, text) for problem in problems]
            if index and index % 1000 == 0:
                report(f"{index} mutants, {len(failures)} failures")
    return failures


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    failures = run(args.count, args.seed)
    for failure in failures[:20]:
        print(f"--- {failure.what}\n{failure.text!r}")
    print(f"{args.count} mutants (seed {args.seed}): {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main_())
