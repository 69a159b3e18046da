"""Any input gets findings or a one-line error, never a crash; fuzzing proves it.

The CommonMark specification's examples are Markdown no one here wrote; the
hypothesis properties run over random text and random well-formed logs.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from arena_lint import Settings, lint_path, lint_text, parse_text
from arena_lint.api import check_document, discover, fix_text
from arena_lint.config import Overrides, build
from arena_lint.diagnostics import Severity
from arena_lint.durations import exact_string
from arena_lint.parser import parse
from arena_lint.prefilter import may_hold_log
from arena_lint.schema_check import DIAGNOSTICS, LOG, load
from arena_lint.source import MAX_BYTES, Source, decode_text, normalize

from .conftest import FIXTURES, SHARED
from .strategies import Log, Node, logs, nodes, write

SPEC = SHARED / "corpus" / "commonmark-spec.txt"
_EXAMPLE = re.compile(r"^`{32} example[^\n]*\n(.*?)^\.\n", re.S | re.M)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spec_examples() -> list[str]:
    if not SPEC.is_file():
        return []
    return [m.replace("\u2192", "\t") for m in _EXAMPLE.findall(SPEC.read_text("utf-8"))]


def _full(text: str, path: str = "p.md", config: Settings | None = None) -> list[str]:
    """Findings without the prefilter's shortcut."""
    document = parse(Source.from_text(text, path))
    return [f"{d.line}:{d.column}:{d.rule}" for d in check_document(document, config or Settings())]


def _fast(text: str, path: str = "p.md") -> list[str]:
    return [f"{d.line}:{d.column}:{d.rule}" for d in lint_text(text, path)]


def test_every_commonmark_example_is_no_log() -> None:
    examples = _spec_examples()
    if not examples:
        pytest.skip("optional corpus (kept outside the repository): the CommonMark spec")
    assert len(examples) == 655
    noisy = {index: _full(text) for index, text in enumerate(examples) if _full(text)}
    assert noisy == {}
    assert [i for i, text in enumerate(examples) if _fast(text) != _full(text)] == []


def test_the_commonmark_spec_itself_is_no_log() -> None:
    if not SPEC.is_file():
        pytest.skip("optional corpus (kept outside the repository): the CommonMark spec")
    text = SPEC.read_text("utf-8")
    assert lint_text(text, "spec.md") == []
    assert _full(text) == []


def test_prefilter_agrees_with_the_full_parse_on_every_fixture() -> None:
    texts = [normalize(decode_text(p.read_bytes())) for p in sorted(FIXTURES.rglob("*.md"))]
    texts += [
        case
        for path in (FIXTURES / "rules").glob("*.md")
        for case in path.read_text("utf-8").split("\n.\n")
    ]
    assert len(texts) > 50
    assert [t[:60] for t in texts if _fast(t) != _full(t)] == []


# -- inputs to survive ---------------------------------------------------------


def test_a_directory_given_as_a_file(tmp_path: Path) -> None:
    (finding,) = lint_path(str(tmp_path), Settings()).diagnostics
    assert (finding.rule, finding.message) == ("unreadable-file", "is a directory, not a file")


def test_a_symlink_loop_in_a_scanned_folder(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path)  # a folder that contains itself
    os.symlink(tmp_path / "b.md", tmp_path / "a.md")  # a.md -> b.md -> a.md
    os.symlink(tmp_path / "a.md", tmp_path / "b.md")
    (tmp_path / "real.md").write_text("Total: 2h\n- 1h a\n")
    files = discover([str(tmp_path)])
    assert sorted(Path(f).name for f in files) == ["a.md", "b.md", "real.md"]
    results = {Path(f).name: lint_path(f, Settings()).diagnostics for f in files}
    assert [d.rule for d in results["a.md"]] == ["unreadable-file"]
    assert "symbolic links" in results["a.md"][0].message
    assert [d.rule for d in results["real.md"]] == ["total-mismatch"]


def test_a_path_that_disappears_between_listing_and_reading(tmp_path: Path) -> None:
    post = tmp_path / "gone.md"
    post.write_text("Total: 1h\n")
    (path,) = discover([str(tmp_path)])
    post.unlink()
    (finding,) = lint_path(path, Settings()).diagnostics
    assert (finding.rule, finding.message) == ("unreadable-file", "No such file or directory")


def test_a_file_too_large_to_be_a_post_is_not_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    (finding,) = lint_path(str(huge), Settings()).diagnostics
    assert finding.rule == "unreadable-file"
    assert f"larger than the {MAX_BYTES // 1024 // 1024} MB a post can be" in finding.message


def test_invalid_utf8_in_the_middle_of_a_log(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"Total: 2h\n- 1h a\n- 1h b \xe2\x28\xa1\n")
    (finding,) = lint_path(str(post), Settings()).diagnostics
    assert finding.message == "not UTF-8 text: byte 0xe2 at line 3, column 8"


def test_huge_yaml_front_matter_is_refused_quickly() -> None:
    text = "---\n" + "".join(f"key{i}: value\n" for i in range(20_000)) + "---\n# Post\n"
    (finding,) = lint_text(text, "p.md")
    assert finding.rule == "front-matter-invalid"
    assert "more than 10000 values" in finding.message


def test_hundred_thousand_list_items_without_a_log() -> None:
    assert lint_text("# A long list\n\n" + "- an item\n" * 100_000, "p.md") == []


def test_lines_of_a_megabyte_with_and_without_a_log() -> None:
    assert lint_text("word " * 200_000, "p.md") == []
    found = lint_text("Total: 2h\n- 1h " + "x" * 1_000_000 + "\n", "p.md")
    assert [d.rule for d in found] == ["total-mismatch"]


# -- properties ------------------------------------------------------------------

_PIECES = [*"Total hours: time skipped exercise Chapter 0123456789.,hm-*+>#`[]()!_\\&;\n\t "]
_PIECES += ["\r\n", "\r", "---\n", "+++\n", "  - ", "\n- ", "1. ", "<!-- arena-lint-disable -->"]
_PIECES += ["\ufeff", "\x00", "é", "→", "2.5h ", "90min ", "1h30m ", "Total Hours: ", "&#50;"]
_MARKDOWNISH = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


@PROPERTY
@given(text=_MARKDOWNISH)
def test_any_text_gives_findings_inside_the_file_and_valid_json(text: str) -> None:
    found = lint_text(text, "p.md")
    lines = Source.from_text(text).lines
    for item in found:
        assert 1 <= item.line <= item.end_line <= len(lines)
        assert 1 <= item.column <= len(lines[item.line - 1]) + 1
    Draft202012Validator(load(DIAGNOSTICS)).validate([item.to_json() for item in found])


@PROPERTY
@given(text=_MARKDOWNISH)
def test_prefilter_never_skips_a_file_with_findings(text: str) -> None:
    if not may_hold_log(Source.from_text(text).text):
        assert _full(text) == []


@PROPERTY
@given(text=_MARKDOWNISH)
def test_fix_changes_only_numbers_and_whitespace_runs(text: str) -> None:
    everything = build({"fixable": ["ALL"]}, None, Overrides())
    fixed = fix_text(text, "p.md", everything)
    assert fixed.after is not None
    if fixed.after == text:
        return

    def shape(line: str) -> str:
        return re.sub(r"[\d.]+", "N", re.sub(r" {2,}", " ", line))

    before, after = text.splitlines(), fixed.after.splitlines()
    assert len(before) == len(after)
    assert [shape(line) for line in before] == [shape(line) for line in after]


@PROPERTY
@given(log=logs())
def test_well_formed_logs_have_no_errors_and_round_trip(log: Log) -> None:
    text = log.render(False)
    errors = [d for d in lint_text(text, "p.md") if d.severity is Severity.ERROR]
    assert errors == []
    document = parse_text(text)
    tree = document.to_json()
    Draft202012Validator(load(LOG)).validate(json.loads(json.dumps(tree)))

    # The JSON says what the tree says: every entry's place, kind and exact hours.
    def flat(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for entry in entries for item in (entry, *flat(entry["children"]))]

    written = [item for data in tree["logs"] for item in flat(data["entries"])]
    walked = [entry for log in document.logs for entry in log.walk()]
    assert [
        (item["span"]["line"], item["kind"], item["number"], (item["duration"] or {}).get("hours"))
        for item in written
    ] == [
        (
            entry.span.line,
            entry.kind,
            entry.number,
            exact_string(entry.duration.hours) if entry.duration else None,
        )
        for entry in walked
    ]


@PROPERTY
@given(log=logs(), data=st.data())
def test_changing_one_leaf_breaks_exactly_the_sum_above_it(log: Log, data: st.DataObject) -> None:
    leaves = [node for node in nodes(log.entries) if not node.children]
    leaf = data.draw(st.sampled_from(leaves))
    leaf.corrupt = leaf.minutes + 6
    text = log.render(True)
    parent_line = _parent_line(log, leaf)
    found = [(d.rule, d.line) for d in lint_text(text, "p.md") if d.severity is Severity.ERROR]
    expected_rule = "total-mismatch" if parent_line == 1 else "subtotal-mismatch"
    assert found == [(expected_rule, parent_line)]


def _parent_line(log: Log, target: Node) -> int:
    """1-based line of ``target``'s parent entry (1: the total line)."""
    line = 1

    def walk(entries: list[Node], parent_line: int) -> int | None:
        nonlocal line
        for node in entries:
            line += 1
            here = line
            if node is target:
                return parent_line
            found = walk(node.children, here)
            if found is not None:
                return found
        return None

    result = walk(log.entries, 1)
    assert result is not None
    return result


def test_writing_styles_are_durations() -> None:
    assert write(66, "compound") == "1h6m"


def test_prefilter_agrees_on_the_generated_benchmark_corpus(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [
            sys.executable,
            str(root / "benchmarks" / "generate.py"),
            str(tmp_path),
            "--files",
            "60",
            "--large-mb",
            "0.01",
            "--seed",
            "7",
            "--sums-chapters",
            "5",
        ],
        check=True,
    )
    texts = [path.read_text("utf-8") for path in sorted(tmp_path.rglob("*.md"))]
    assert len(texts) == 124  # 60 mixed, 60 logs, large and half, sums right and wrong
    skipped = [text for text in texts if not may_hold_log(text)]
    assert skipped, "the mixed corpus has files the shortcut skips"
    assert [t[:60] for t in texts if _fast(t) != _full(t)] == []


@PROPERTY
@given(log=logs())
def test_prefilter_never_skips_a_generated_log(log: Log) -> None:
    text = Source.from_text(log.render(False)).text
    assert may_hold_log(text)
