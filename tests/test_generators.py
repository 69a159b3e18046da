"""What blog generators accept is accepted: front matter types and file encodings.

``tests/fixtures/generators/`` holds posts written the way Jekyll, Hugo and Astro
read them (null and empty values, dates as dates or strings, tags as one
space-separated string, string flags, TOML, UTF-16 and UTF-32 with a byte-order
mark, no log at all, a valid log): arena-lint must find nothing in them. A file
with a byte-order mark is read in its encoding, reported in characters, and
written back by ``--fix`` in that same encoding, BOM included.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint import lint_text
from arena_lint.cli import main
from arena_lint.source import ReadError, decode_text, encode, sniff

from .conftest import FIXTURES

GENERATORS = FIXTURES / "generators"


def test_the_folder_holds_every_kind_of_post() -> None:
    texts = {path.name: decode_text(path.read_bytes()) for path in GENERATORS.glob("*.md")}
    assert len(texts) >= 10
    raw = {path.name: path.read_bytes() for path in GENERATORS.glob("*.md")}
    assert any(data.startswith(b"\xff\xfe") for data in raw.values())  # UTF-16 LE
    assert any(text.lstrip("\ufeff").startswith("+++") for text in texts.values())  # TOML
    assert any("~" in text or "categories:\n" in text for text in texts.values())  # null
    assert any("Total" in text for text in texts.values())  # a log
    assert any("Total" not in text for text in texts.values())  # no log


def test_generator_posts_give_no_finding(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--format", "json", str(GENERATORS)])
    assert json.loads(result.output) == []
    assert result.exit_code == 0


@pytest.mark.parametrize("path", sorted(GENERATORS.glob("*.md")), ids=lambda path: path.name)
def test_each_generator_post_is_clean_and_valid_in_strict_mode(
    runner: CliRunner, path: Path
) -> None:
    result = runner.invoke(main, ["--strict", "--format", "json", str(path)])
    assert json.loads(result.output) == []
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("front_matter", "key"),
    [
        ("title: [a, b]", "title"),
        ("layout: {name: post}", "layout"),
        ("date: [2024, 1, 1]", "date"),
        ("tags: 42", "tags"),
        ("tags: [[nested]]", "tags"),
        ("categories: {ai: true}", "categories"),
        ("draft: perhaps", "draft"),
    ],
)
def test_what_no_generator_reads_is_still_a_violation(front_matter: str, key: str) -> None:
    found = lint_text(f"---\n{front_matter}\n---\n# Post\n", "post.md")
    assert [(d.rule, d.line) for d in found] == [("schema-violation", 2)]
    assert f"$.{key}" in found[0].message


LOG = "---\ntitle: Été\n---\n\nTotal Hours: 4\n- 1h Chapter 1: Café\n- 2h Chapter 2: Naïve\n"
FIXED = LOG.replace("Total Hours: 4", "Total Hours: 3")
ENCODINGS = {
    "UTF-16 LE": ("utf-16-le", b"\xff\xfe"),
    "UTF-16 BE": ("utf-16-be", b"\xfe\xff"),
    "UTF-32 LE": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "UTF-32 BE": ("utf-32-be", b"\x00\x00\xfe\xff"),
    "UTF-8 with BOM": ("utf-8", b"\xef\xbb\xbf"),
}


def _with_bom(text: str, codec: str) -> bytes:
    return ("\ufeff" + text).encode(codec)


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_a_bom_names_the_encoding(name: str) -> None:
    codec, bom = ENCODINGS[name]
    data = _with_bom(LOG, codec)
    assert data.startswith(bom)
    assert sniff(data) == codec
    assert decode_text(data) == "\ufeff" + LOG
    assert encode(decode_text(data), sniff(data)) == data


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_positions_are_in_characters_whatever_the_encoding(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    codec, _ = ENCODINGS[name]
    plain = tmp_path / "plain.md"
    plain.write_text(LOG, encoding="utf-8")
    encoded = tmp_path / "encoded.md"
    encoded.write_bytes(_with_bom(LOG, codec))

    def places(path: Path) -> list[tuple[int, int, str]]:
        result = runner.invoke(main, ["--format", "json", str(path)])
        return [(d["line"], d["column"], d["rule"]) for d in json.loads(result.output)]

    assert places(encoded) == places(plain) == [(5, 14, "total-mismatch")]


@pytest.mark.parametrize("crlf", [False, True], ids=["LF", "CRLF"])
@pytest.mark.parametrize("name", list(ENCODINGS))
def test_fix_writes_the_file_back_in_its_own_encoding(
    runner: CliRunner, tmp_path: Path, name: str, crlf: bool
) -> None:
    codec, _ = ENCODINGS[name]
    newline = "\r\n" if crlf else "\n"
    post = tmp_path / "post.md"
    post.write_bytes(_with_bom(LOG.replace("\n", newline), codec))
    result = runner.invoke(main, ["--fix", str(post)])
    assert result.exit_code == 0, result.output
    assert post.read_bytes() == _with_bom(FIXED.replace("\n", newline), codec)


def test_diff_and_report_read_utf16(runner: CliRunner, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(_with_bom(LOG, "utf-16-le"))
    diff = runner.invoke(main, ["--diff", str(post)])
    assert "-Total Hours: 4\n+Total Hours: 3\n" in diff.output
    assert post.read_bytes() == _with_bom(LOG, "utf-16-le")  # --diff writes nothing
    report = runner.invoke(main, ["report", "--format", "json", str(post)])
    assert report.exit_code == 1, report.output  # the total is wrong: report fails as check does
    titles = [row["title"] for row in json.loads(report.output)["all"]["rows"]]
    assert titles == ["Café", "Naïve"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Total: 1h\n\xc3\x28 not UTF-8", "not UTF-8 text: byte 0xc3 at line 2, column 1"),
        (_with_bom("Total: 1h\n", "utf-16-le") + b"\x00", "not UTF-16 text"),
        (b"\xff\xfe" + "\ud800".encode("utf-16-le", "surrogatepass"), "not UTF-16 text"),
        (_with_bom("Total: 1h\n", "utf-32-be")[:-1], "not UTF-32 text"),
    ],
    ids=["bad UTF-8", "odd UTF-16", "lone surrogate", "cut UTF-32"],
)
def test_text_that_does_not_decode_is_unreadable(
    runner: CliRunner, tmp_path: Path, data: bytes, reason: str
) -> None:
    with pytest.raises(ReadError, match=reason):
        decode_text(data)
    post = tmp_path / "post.md"
    post.write_bytes(data)
    for command in ([], ["--fix"]):
        result = runner.invoke(main, [*command, "--format", "json", str(post)])
        assert [d["rule"] for d in json.loads(result.output)] == ["unreadable-file"]
        assert result.exit_code == 1
    assert post.read_bytes() == data
