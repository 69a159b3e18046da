"""Seeded corpora for the benchmark: mixed Markdown, posts with logs, one large log.

    python benchmarks/generate.py OUT [--files 1000] [--log-share 0.3] [--seed 1] [--large-mb 5]

writes OUT/mixed/, OUT/logs/, OUT/large/large.md and OUT/sums/{right,wrong}.md.
The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "model gradient tensor layer batch loss optimiser attention head circuit policy reward "
    "value network sample token embedding kernel stride padding dropout norm residual"
).split()


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 6)))


def ordinary(rng: random.Random, target: int) -> str:
    """Markdown with no log: headings, prose, code, tables, plain lists."""
    parts = [f"# {sentence(rng, 4)[:-1]}"]
    while sum(len(part) for part in parts) < target:
        kind = rng.random()
        if kind < 0.4:
            parts.append(paragraph(rng))
        elif kind < 0.55:
            parts.append(f"## {sentence(rng, 3)[:-1]}")
        elif kind < 0.7:
            code = "\n".join(f"x{i} = model({i})  # {rng.choice(WORDS)}" for i in range(8))
            parts.append(f"```python\n{code}\n```")
        elif kind < 0.85:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(6))
            parts.append(f"| name | value |\n|------|-------|\n{rows}")
        else:
            parts.append("\n".join(f"- {sentence(rng, 5)}" for _ in range(rng.randint(3, 8))))
    return "\n\n".join(parts) + "\n"


def log(rng: random.Random, chapters: int) -> str:
    """A post with front matter and a correct log: tenths of hours, 2-5 exercises each."""
    lines = []
    total = 0
    for number in range(chapters):
        tenths = [rng.randint(5, 40) for _ in range(rng.randint(2, 5))]
        total += sum(tenths)
        lines.append(
            f"- {sum(tenths) / 10:.1f}h [Chapter {number}: {sentence(rng, 3)[:-1]}]"
            f"(https://example.org/ch{number})"
        )
        for index, value in enumerate(tenths, 1):
            lines.append(
                f"    - {value / 10:.1f}h exercise {number}.{index} "
                f"[{rng.choice(WORDS)}](https://example.org/ch{number}/{index}). {sentence(rng, 8)}"
            )
    head = (
        f"---\ntitle: {sentence(rng, 4)[:-1]}\ndate: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
        f"tags: [ml, study]\n---\n\n{paragraph(rng)}\n\n"
        f"Total Hours: {total / 10:.1f}. Split into the following:\n"
    )
    return head + "\n".join(lines) + "\n\n" + paragraph(rng) + "\n"


def sum_log(count: int, *, wrong: bool) -> str:
    """A log of ``count`` chapters of two exercises; with ``wrong`` every chapter's
    stated hours are off by one (the total matches the chapters as stated), so
    each chapter is a finding with a repair."""
    stated = 3 if wrong else 2
    lines = [f"Total Hours: {stated * count}"]
    for number in range(count):
        lines.append(f"- {stated}h Chapter {number}: Part {number}")
        lines.append(f"    - 1h exercise {number}.1 Reading")
        lines.append(f"    - 1h exercise {number}.2 Problems")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--log-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--large-mb", type=float, default=5.0)
    parser.add_argument("--sums-chapters", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for folder in ("mixed", "logs", "large", "sums"):
        (args.out / folder).mkdir(parents=True, exist_ok=True)
    for index in range(args.files):
        if rng.random() < args.log_share:
            text = log(rng, rng.randint(3, 8))
        else:
            text = ordinary(rng, rng.randint(2000, 9000))
        (args.out / "mixed" / f"{index:04}.md").write_text(text, encoding="utf-8")
        (args.out / "logs" / f"{index:04}.md").write_text(log(rng, rng.randint(3, 8)), "utf-8")
    chapters = []
    size = 0
    number = 0
    while size < args.large_mb * 1_000_000:
        chapter = log(random.Random(number), 1).split("Split into the following:\n", 1)[1]
        chapter = chapter.split("\n\n", 1)[0].replace("Chapter 0", f"Chapter {number}")
        # Its exercises and links follow their chapter, so the one finding is the total.
        chapter = chapter.replace("exercise 0.", f"exercise {number}.").replace("/ch0", f"/ch{number}")
        chapters.append(chapter)
        size += len(chapter) + 1
        number += 1
    body = "\n".join(chapters) + "\n"
    large = "Total Hours: 1\n" + body  # the total is wrong on purpose: one finding
    (args.out / "large" / "large.md").write_text(large, encoding="utf-8")
    half = "Total Hours: 1\n" + "\n".join(chapters[: len(chapters) // 2]) + "\n"
    (args.out / "large" / "half.md").write_text(half, encoding="utf-8")
    for name, wrong in (("right", False), ("wrong", True)):
        text = sum_log(args.sums_chapters, wrong=wrong)
        (args.out / "sums" / f"{name}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
