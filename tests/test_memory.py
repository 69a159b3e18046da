"""Peak memory per post is bounded: posts over ``source.MAX_BYTES`` are refused
unread (files, standard input and an editor's text alike), and a post under it
takes at most ``PER_BYTE`` bytes of memory per byte, checked under a hard
address-space limit (``RLIMIT_AS``) in a child process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from arena_lint.api import lint_text
from arena_lint.source import MAX_BYTES

#: Bytes of memory per byte of the densest Markdown measured (a nested list on
#: every line: ~650; `- x` lines: ~600; a long study log: ~45). SECURITY.md
#: states the bound this gives at the cap.
PER_BYTE = 700
#: Allocator slack over the measured start-up: arenas come in whole megabytes.
SLACK = 24 * 1024 * 1024

CHILD = """\
import resource, sys
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from arena_lint.cli import main
try:
    main.main(sys.argv[2:], standalone_mode=False)
finally:
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmPeak:"))
    sys.stderr.write(f"peak {int(peak.split()[1]) * 1024}\\n")
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc are Linux's"
)


def limited(limit: int, *args: str, stdin: bytes | None = None) -> tuple[str, int]:
    """arena-lint's output under an address-space ``limit`` (0: none), and its peak."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(limit), *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )
    err = done.stderr.decode(errors="replace")
    peaks = [int(line.split()[1]) for line in err.splitlines() if line.startswith("peak ")]
    return done.stdout.decode(errors="replace") + err, peaks[-1] if peaks else 0


@pytest.fixture(scope="module")
def start_up(tmp_path_factory: pytest.TempPathFactory) -> int:
    """The peak of checking a small post with a log: interpreter, imports, parser."""
    post = tmp_path_factory.mktemp("small") / "post.md"
    post.write_text("Total Hours: 2\n- 1h Chapter 1: A\n- 1h Chapter 2: B\n", encoding="utf-8")
    output, peak = limited(0, str(post))
    assert "All checks passed" in output, output
    assert peak > 0
    return peak


def test_dense_markdown_stays_within_the_bound_per_byte(start_up: int, tmp_path: Path) -> None:
    post = tmp_path / "dense.md"
    post.write_text("Total Hours: 1\n" + "- x\n" * 25_000, encoding="utf-8")
    size = post.stat().st_size
    output, _ = limited(start_up + PER_BYTE * size + SLACK, str(post))
    assert "All checks passed (1 file checked)" in output
    # The limit is real: a tenth of the allowance is not enough for this post.
    output, _ = limited(start_up + PER_BYTE * size // 10, str(post))
    assert "All checks passed" not in output


def test_a_post_over_the_cap_is_refused_unread(start_up: int, tmp_path: Path) -> None:
    post = tmp_path / "huge.md"
    with post.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    output, _ = limited(start_up + SLACK, str(post))
    assert f"larger than the {MAX_BYTES // 1024 // 1024} MB a post can be; not read" in output
    assert "unreadable-file" in output


def test_standard_input_is_read_no_further_than_the_cap(start_up: int) -> None:
    text = b"Total Hours: 1\n" + b"- x\n" * (MAX_BYTES // 4 + 1)
    output, _ = limited(start_up + 2 * len(text) + SLACK, "-", stdin=text)
    assert f"is larger than the {MAX_BYTES // 1024 // 1024} MB a post can be" in output


def test_text_given_directly_has_the_same_cap() -> None:
    """The editor server passes its buffer as text: refused as a file would be."""
    (finding,) = lint_text("- x\n" * (MAX_BYTES // 4 + 1), "post.md")
    assert finding.rule == "unreadable-file"
    assert "larger than the" in finding.message
