"""Realistic posts in tests/fixtures/posts/, each beside its expected findings.

``<name>.expected`` holds one ``line:column: CODE rule`` per finding, sorted;
an empty file means the post is clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from arena_lint import Settings, lint_path

from .conftest import FIXTURES

POSTS = sorted((FIXTURES / "posts").glob("*.md"))


@pytest.mark.parametrize("post", POSTS, ids=[post.name for post in POSTS])
def test_post_findings(post: Path) -> None:
    expected = post.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    found = [
        f"{item.line}:{item.column}: {item.code} {item.rule}"
        for item in lint_path(str(post), Settings()).diagnostics
    ]
    assert found == expected


def test_fixtures_cover_the_shapes_the_issue_names() -> None:
    raw = {post.name: post.read_bytes() for post in POSTS}
    assert any(b"\r\n" in data for data in raw.values()), "a CRLF post"
    assert any(data.startswith(b"\xef\xbb\xbf") for data in raw.values()), "a BOM post"
    assert any(b"\n\t- " in data for data in raw.values()), "a tab-indented post"
    assert any(b"\n   1. " in data for data in raw.values()), "an ordered list"
    assert any(b"```" in data for data in raw.values()), "a log inside a code fence"
    assert any(data.count(b"Total Hours:") >= 2 for data in raw.values()), "two logs"
