"""A configuration file found in the repository that is not a file to read there
is one configuration error, whatever stands at its name (issue #23): before, a
link to a device was passed over in silence while a link to an outside file
stopped the run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BROKEN = "Total Hours: 4\n- 1h Chapter 1: Sets\n"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "post.md").write_text(BROKEN, encoding="utf-8")
    return repo


def _check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arena_lint", "check", str(repo / "post.md")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,  # a FIFO opened for reading would wait for ever
    )


def _outside_file(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('ignore = ["ALL"]\n', encoding="utf-8")
    return outside


def _outside_fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "elsewhere.fifo"
    os.mkfifo(fifo)
    return fifo


TARGETS: dict[str, Callable[[Path], Path]] = {
    "an outside file": _outside_file,
    "a device": lambda _: Path("/dev/zero"),
    "an outside FIFO": _outside_fifo,
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("name", [".arena-lint.toml", "pyproject.toml"])
@pytest.mark.parametrize("target", list(TARGETS))
def test_a_configuration_linked_out_of_the_repository_is_one_error(
    tmp_path: Path, name: str, target: str
) -> None:
    repo = _repo(tmp_path)
    (repo / name).symlink_to(TARGETS[target](tmp_path))
    done = _check(repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == (
        f"arena-lint: {repo / name}: is a link to a file outside the repository "
        f"({repo}); not read (give it with --config to use it)\n"
    )
    assert done.stdout == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_configuration_that_is_no_regular_file_is_an_error_not_a_skip(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    os.mkfifo(repo / ".arena-lint.toml")
    done = _check(repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert (
        done.stderr == f"arena-lint: {repo / '.arena-lint.toml'}: is not a regular file; not read\n"
    )
    # A link inside the repository to a file there is read as before.
    (repo / ".arena-lint.toml").unlink()
    (repo / "settings.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    (repo / ".arena-lint.toml").symlink_to("settings.toml")
    done = _check(repo)
    assert (done.returncode, done.stderr) == (0, "")
