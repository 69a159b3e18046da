"""Odd input gives findings or nothing, never an exception.

(Speed is measured by the benchmark, not here; these inputs are sized so
that a quadratic path would make this file visibly slow.)
"""

from __future__ import annotations

import pytest

from arena_lint import lint_text
from arena_lint.source import ReadError, decode

from .conftest import SHARED

ODD_TEXTS = {
    "empty": "",
    "whitespace": " \n\t\n   \n",
    "lone BOM": "\ufeff",
    "NUL bytes": "Total: 1h\n- 1h a\x00b\n\x00\x00",
    "1 MB line": "Total: 1h " + "x" * 1_000_000,
    "1 MB timed item": "- 1h " + "word  " * 170_000,
    "200-level nesting": "".join("  " * depth + "- 1h x\n" for depth in range(200)),
    "200-level blockquote": ">" * 200 + " Total: 1h\n" + ">" * 200 + " - 1h a\n",
    "10,000-digit duration": "Total: 1h\n- " + "9" * 10_000 + "h a\n",
    "1e309h": "Total: 1h\n- 1e309h a\n- 99999999999999999999h b\n",
    "backtick storm": "- 1h  " + "`" * 5000 + " " + "``  " * 3000 + "\n",
    "nested emphasis": "Total: 1h\n- 1h " + "*a " * 20_000 + "\n",
    "nested links": "Total: 1h\n- 1h " + "[" * 20_000 + "a" + "](u)" * 20_000 + "\n",
    "deep YAML": "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n",
    "deep block YAML": "---\n" + "".join(" " * i + "a:\n" for i in range(600)) + "---\n",
    "unterminated front matter": "---\ntitle: x\n\nTotal: 1h\n- 1h a\n",
    "TOML error": "+++\n= 1\n+++\n",
    "front matter scalar": "---\njust a string\n---\n",
    "python tag": "---\na: !!python/object:os.system {}\n---\n",
    "many items": "Total: 20000h\n" + "- 1h x\n" * 20_000,
}


@pytest.mark.parametrize("name", list(ODD_TEXTS))
def test_odd_text_never_raises(name: str) -> None:
    text = ODD_TEXTS[name]
    lines = text.replace("\ufeff", "").count("\n") + 1
    for item in lint_text(text, "odd.md"):
        assert 1 <= item.line <= lines
        assert item.column >= 1


def test_many_items_are_summed() -> None:
    assert [d.rule for d in lint_text(ODD_TEXTS["many items"]) if d.severity == "error"] == []
    off_by_one = ODD_TEXTS["many items"].replace("20000h", "20001h")
    assert [d.rule for d in lint_text(off_by_one)] == ["total-mismatch"]


@pytest.mark.parametrize(
    # UTF-16 without a byte-order mark is not guessed at (with one, it is read).
    "data",
    [b"T\x00\xd8\x00" + "otal: 1h".encode("utf-16-le"), b"ok\n\xc3\x28 bad", b"\x80"],
)
def test_bytes_that_are_not_utf8_raise_a_read_error(data: bytes) -> None:
    with pytest.raises(ReadError, match="not UTF-8"):
        decode(data, "x.md")


def test_commonmark_spec_has_no_log(request: pytest.FixtureRequest) -> None:
    spec = SHARED / "corpus" / "commonmark-spec.txt"
    if not spec.is_file():
        pytest.skip("optional corpus (kept outside the repository): the CommonMark spec")
    assert lint_text(spec.read_text(encoding="utf-8"), "spec.md") == []
