"""A few hundred mutants of the fuzz run (``python -m tests.fuzz`` does the large runs)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from arena_lint.api import FileResult
from arena_lint.api import run_text as real_run_text

from . import fuzz


def test_mutants_never_crash_stay_in_the_file_and_fix_idempotently() -> None:
    failures = fuzz.run(300, seed=12345, report=lambda _: None)
    assert [(failure.what, failure.text) for failure in failures] == []


def test_mutations_change_the_posts() -> None:
    posts = fuzz.own_posts()
    assert len(posts) >= 10
    rng = random.Random(1)
    assert len({fuzz.mutate(posts[0], rng) for _ in range(20)} - {posts[0]}) >= 15


def test_the_checks_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = "Total Hours: 3\n- 1h Chapter 1: A\n- 1h Chapter 2: B\n"
    assert list(fuzz.check_one(wrong.replace("3", "2", 1))) == []

    def misplaced(*args: Any, **kwargs: Any) -> FileResult:
        result = real_run_text(*args, **kwargs)
        moved = [item._replace(line=99) for item in result.diagnostics]
        return result._replace(diagnostics=moved)

    monkeypatch.setattr(fuzz, "run_text", misplaced)
    assert list(fuzz.check_one(wrong)) == ["outside the file: 99:14 total-mismatch"]
