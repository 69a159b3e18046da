"""A file a folder walk found stays in its repository until it is read and written
(issue #23): a symlink swapped in after the walk is neither followed to read nor
to write."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from arena_lint import api, atomic
from arena_lint import source as reading
from arena_lint.discovery import discover
from arena_lint.settings import Settings
from arena_lint.source import WalkedPath
from arena_lint.source import walked as walk_found

WRONG = "# Week 9\n\nTotal Hours: 5\n- 1h Chapter 1: Sets\n- 2h Chapter 2: Maps\n"
MARKER = "Chapter 2: OUTSIDE-MARKER"
#: The outside file holds what the post held, so a check of bytes alone would pass it.
OUTSIDE_TEXT = WRONG.replace("Chapter 2: Maps", MARKER)


def _layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "posts").mkdir()
    post = repo / "posts" / "a.md"
    post.write_text(OUTSIDE_TEXT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "a.md"
    victim.write_text(OUTSIDE_TEXT, encoding="utf-8")
    return repo, post, victim


def _walked(repo: Path) -> WalkedPath:
    (found,) = discover([str(repo)], Settings())
    assert isinstance(found, WalkedPath)
    assert found.boundary == os.path.realpath(repo)
    return found


def _rules(result: api.FileResult) -> list[str]:
    return [d.rule for d in result.diagnostics]


def _swap_file(post: Path, victim: Path) -> None:
    post.unlink()
    post.symlink_to(victim)


def _swap_folder(post: Path, victim: Path) -> None:
    post.parent.rename(post.parent.with_name("posts-before"))
    post.parent.symlink_to(victim.parent, target_is_directory=True)


@pytest.mark.parametrize("swap", [_swap_file, _swap_folder])
@pytest.mark.parametrize("mode", ["check", "fix"])
def test_a_link_swapped_in_between_walk_and_read_is_not_read(
    tmp_path: Path, swap: Callable[[Path, Path], None], mode: api.Mode
) -> None:
    repo, post, victim = _layout(tmp_path)
    walked = _walked(repo)
    swap(post, victim)
    result = api.run(walked, Settings(), mode=mode)
    assert _rules(result) == ["unreadable-file"]
    assert "outside the repository" in result.diagnostics[0].message
    assert "OUTSIDE-MARKER" not in repr(result.diagnostics)
    assert victim.read_text(encoding="utf-8") == OUTSIDE_TEXT


def test_a_link_inside_the_repository_is_still_read(tmp_path: Path) -> None:
    repo, post, _victim = _layout(tmp_path)
    walked = _walked(repo)
    other = repo / "b.txt"
    other.write_text(WRONG, encoding="utf-8")
    _swap_file(post, other)
    assert _rules(api.run(walked, Settings())) == ["total-mismatch"]


@pytest.mark.parametrize("swap", [_swap_file, _swap_folder])
def test_a_link_swapped_in_between_read_and_fix_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: Callable[[Path, Path], None]
) -> None:
    repo, post, victim = _layout(tmp_path)
    walked = _walked(repo)
    read_bytes = reading.read_bytes

    def read_then_swap(path: str) -> bytes:
        data = read_bytes(path)
        swap(post, victim)  # after the read, before --fix writes
        return data

    monkeypatch.setattr(reading, "read_bytes", read_then_swap)
    result = api.run(walked, Settings(), mode="fix")
    assert "unwritable-file" in _rules(result)
    (refused,) = [d for d in result.diagnostics if d.rule == "unwritable-file"]
    assert "outside the repository" in refused.message
    assert victim.read_text(encoding="utf-8") == OUTSIDE_TEXT
    assert sorted(p.name for p in victim.parent.iterdir()) == ["a.md"]  # no temporary file


@pytest.mark.parametrize("swap", [_swap_file, _swap_folder])
def test_a_link_swapped_in_right_before_the_rename_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: Callable[[Path, Path], None]
) -> None:
    repo, post, victim = _layout(tmp_path)
    walked = _walked(repo)
    flush = atomic._flush_to_disk

    def flush_then_swap(handle: int) -> None:
        flush(handle)
        swap(post, victim)  # the temporary file is ready; the rename is next

    monkeypatch.setattr(atomic, "_flush_to_disk", flush_then_swap)
    result = api.run(walked, Settings(), mode="fix")
    assert "unwritable-file" in _rules(result)
    assert victim.read_text(encoding="utf-8") == OUTSIDE_TEXT
    assert sorted(p.name for p in victim.parent.iterdir()) == ["a.md"]
    leftovers = [p.name for p in repo.rglob("*.tmp")]
    assert leftovers == []


def test_replace_post_refuses_a_target_outside_its_boundary(tmp_path: Path) -> None:
    repo, post, victim = _layout(tmp_path)
    _swap_file(post, victim)
    data = OUTSIDE_TEXT.encode()
    walked = walk_found(str(post), os.path.realpath(repo))
    with pytest.raises(atomic.WriteRefused, match="outside the repository"):
        atomic.replace_post(walked, data, b"new")
    assert victim.read_bytes() == data
    # Named on the command line (no boundary), a link is the user's choice and is followed.
    atomic.replace_post(post, data, b"new")
    assert victim.read_bytes() == b"new"


def test_a_walked_path_reaches_workers_with_its_boundary(tmp_path: Path) -> None:
    repo, _post, _victim = _layout(tmp_path)
    walked = _walked(repo)
    again = pickle.loads(pickle.dumps(walked))
    assert isinstance(again, WalkedPath)
    assert (str(again), again.boundary) == (str(walked), walked.boundary)
    results = list(api.run_many([walked, walked], Settings(), 2))
    assert [_rules(result) for result in results] == [["total-mismatch"]] * 2
