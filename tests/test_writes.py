"""Safe writes (issue 13, "Writes"): reports over devices, FIFOs and links; ``--fix``
that keeps owners, refuses hard links and read-only posts, reports failed writes
and never loses an edit made while it worked.

Device nodes are made in the test's own folder (``os.mknod``), never the system's.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import arena_lint.atomic as atomic
from arena_lint.cli import main

# Chapter 1 says 3h but its exercises sum to 2.5h; the total then says 5h for 3.5h.
BROKEN = (
    "Total Hours: 5\n"
    "- 3h Chapter 1: Tensors\n"
    "    - 1h exercise 1.1 Shapes\n"
    "    - 1.5h exercise 1.2 Broadcasting\n"
    "- 1h Chapter 2: Autograd\n"
)
REPAIRED = BROKEN.replace("Total Hours: 5", "Total Hours: 3.5").replace("- 3h", "- 2.5h")
BROKEN_RULES = {"total-mismatch", "subtotal-mismatch"}

#: Giving a file to another owner, as a root CI job meets it, takes root.
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown"
)


def _post(folder: Path, text: str = BROKEN, name: str = "post.md") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _char_device(folder: Path) -> Path:
    """A character device with /dev/null's numbers, in ``folder``; skip if not allowed."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return node


def _disk_full(handle: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _not_permitted(handle: int, uid: int, gid: int) -> None:
    raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))


def _left_over(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class _Reader(threading.Thread):
    """Reads a FIFO to its end, as ``cat fifo`` would."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.data = b""

    def run(self) -> None:
        with open(self.path, "rb") as stream:
            self.data = stream.read()


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[tuple[Path, _Reader]]:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    reader = _Reader(path)
    reader.start()
    yield path, reader
    if reader.is_alive():  # unblock the reader if the test never opened the FIFO
        with open(path, "wb"):
            pass
    reader.join(5)


# --- write_report: the function ----------------------------------------------


def test_report_to_a_new_path_gets_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    umask = os.umask(0o022)
    try:
        atomic.write_report(target, b"findings\n")
    finally:
        os.umask(umask)
    assert target.read_bytes() == b"findings\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _left_over(tmp_path) == []


def test_report_replaces_a_regular_file_atomically_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(b"an older and longer report\n")
    os.chmod(target, 0o604)
    inode = target.stat().st_ino
    atomic.write_report(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.stat().st_ino != inode  # a rename, not a rewrite in place
    assert _left_over(tmp_path) == []


@needs_root
def test_report_keeps_owner_and_group_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(b"old\n")
    os.chown(target, 1234, 5678)
    os.chmod(target, 0o640)
    atomic.write_report(target, b"new\n")
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    assert target.read_bytes() == b"new\n"


@needs_root
def test_report_owned_by_someone_else_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A user cannot chown a new file to another owner; the report must not change hands.
    target = tmp_path / "report.txt"
    target.write_bytes(b"an older and longer report\n")
    os.chown(target, 1234, 5678)
    inode = target.stat().st_ino
    monkeypatch.setattr(os, "fchown", _not_permitted)
    atomic.write_report(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    info = target.stat()
    assert (info.st_ino, info.st_uid, info.st_gid) == (inode, 1234, 5678)
    assert _left_over(tmp_path) == []


def test_report_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    atomic.write_report(link, b"new\n")
    assert link.is_symlink()
    assert os.readlink(link) == "real.txt"
    assert target.read_bytes() == b"new\n"
    assert _left_over(tmp_path) == []


def test_report_through_a_dangling_symlink_creates_the_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to("made.txt")
    atomic.write_report(link, b"new\n")
    assert link.is_symlink()
    assert (tmp_path / "made.txt").read_bytes() == b"new\n"


def test_report_to_a_device_node_leaves_the_device(tmp_path: Path) -> None:
    node = _char_device(tmp_path)
    before = node.stat()
    atomic.write_report(node, b"x" * 100_000)
    after = os.lstat(node)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert _left_over(tmp_path) == []


def test_report_to_a_terminal_is_received_by_it() -> None:
    # A pseudo-terminal is a character device whose bytes can be read back.
    termios = pytest.importorskip("termios")
    try:
        controller, terminal = os.openpty()
    except OSError as error:
        pytest.skip(f"no pseudo-terminal: {error}")
    try:
        name = Path(os.ttyname(terminal))
        attributes = termios.tcgetattr(terminal)
        attributes[1] &= ~termios.OPOST  # no \n -> \r\n translation
        termios.tcsetattr(terminal, termios.TCSANOW, attributes)
        atomic.write_report(name, b"to the terminal\n")
        assert os.read(controller, 100) == b"to the terminal\n"
        assert stat.S_ISCHR(os.stat(name).st_mode)
    finally:
        os.close(controller)
        os.close(terminal)


def test_report_to_a_fifo_is_read_by_its_reader(fifo: tuple[Path, _Reader]) -> None:
    path, reader = fifo
    data = b"line\n" * 50_000  # more than a pipe buffer: partial writes must continue
    atomic.write_report(path, data)
    reader.join(5)
    assert reader.data == data
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_report_to_a_dev_fd_pipe_goes_down_the_pipe() -> None:
    # What a shell's >(cat) hands over: /dev/fd/N of a pipe.
    if not os.path.isdir("/dev/fd"):
        pytest.skip("no /dev/fd here")
    read_end, write_end = os.pipe()
    try:
        atomic.write_report(Path(f"/dev/fd/{write_end}"), b"through the pipe\n")
        os.close(write_end)
        write_end = -1
        assert os.read(read_end, 100) == b"through the pipe\n"
    finally:
        os.close(read_end)
        if write_end != -1:
            os.close(write_end)


def test_report_to_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="Is a directory"):
        atomic.write_report(tmp_path, b"x")


def test_report_that_cannot_be_synced_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(b"old\n")
    monkeypatch.setattr(atomic, "_flush_to_disk", _disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        atomic.write_report(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert _left_over(tmp_path) == []


# --- write_report: through the command line ----------------------------------


def test_cli_output_to_a_device_node_keeps_the_device(tmp_path: Path) -> None:
    node = _char_device(tmp_path)
    post = _post(tmp_path)
    result = CliRunner().invoke(main, ["-o", str(node), str(post)])
    assert result.exit_code == 1  # the post has errors; the write itself worked
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert os.lstat(node).st_rdev == os.makedev(1, 3)
    assert _left_over(tmp_path) == []


def test_cli_output_to_a_fifo_reaches_the_reader(
    tmp_path: Path, fifo: tuple[Path, _Reader]
) -> None:
    path, reader = fifo
    post = _post(tmp_path)
    result = CliRunner().invoke(main, ["--format", "json", "-o", str(path), str(post)])
    reader.join(5)
    assert result.exit_code == 1
    assert {item["rule"] for item in json.loads(reader.data)} == BROKEN_RULES
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_cli_output_to_a_symlink_writes_its_target(tmp_path: Path) -> None:
    post = _post(tmp_path)
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("stale")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    result = CliRunner().invoke(main, ["--format", "json", "-o", str(link), str(post)])
    assert result.exit_code == 1
    assert link.is_symlink()
    assert {item["rule"] for item in json.loads(target.read_text())} == BROKEN_RULES


def test_cli_output_over_an_input_post_is_a_usage_error(tmp_path: Path) -> None:
    post = _post(tmp_path)
    other = _post(tmp_path, REPAIRED, "other.md")
    link = tmp_path / "alias.md"
    link.symlink_to(post)
    for output in (post, link):
        result = CliRunner().invoke(main, ["-o", str(output), str(other), str(post)])
        assert result.exit_code == 2
        assert "is an input post; not written" in result.stderr
        assert post.read_text() == BROKEN
    # A post found by walking a folder counts too.
    folder = CliRunner().invoke(main, ["-o", str(other), str(tmp_path)])
    assert folder.exit_code == 2
    assert other.read_text() == REPAIRED


def test_an_output_linking_to_an_input_post_is_named_as_given(tmp_path: Path) -> None:
    post = _post(tmp_path, REPAIRED)
    link = tmp_path / "lnk\x1b.md"
    link.symlink_to(post)
    result = CliRunner().invoke(main, ["-o", str(link), str(post)])
    assert result.exit_code == 2
    # The name the user gave, and the post it is (escaped).
    assert (
        f"-o {tmp_path}/lnk\\x1b.md: is an input post; not written (it is {post})" in result.stderr
    )
    assert post.read_text() == REPAIRED


def test_cli_chart_over_an_input_post_is_a_usage_error(tmp_path: Path) -> None:
    post = _post(tmp_path, REPAIRED)
    result = CliRunner().invoke(main, ["report", "--chart", str(post), str(post)])
    assert result.exit_code == 2
    assert "is an input post; not written" in result.stderr
    assert post.read_text() == REPAIRED


def test_cli_chart_to_a_device_node_and_through_a_symlink(tmp_path: Path) -> None:
    post = _post(tmp_path, REPAIRED)
    node = _char_device(tmp_path)
    result = CliRunner().invoke(main, ["report", "--chart", str(node), str(post)])
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    target = tmp_path / "chart.svg"
    link = tmp_path / "link.svg"
    link.symlink_to(target.name)
    result = CliRunner().invoke(main, ["report", "--chart", str(link), str(post)])
    assert result.exit_code == 0
    assert link.is_symlink()
    assert "<svg" in target.read_text()


def test_cli_output_to_stdout_redirected_to_a_file(tmp_path: Path) -> None:
    # `arena-lint -o /dev/stdout post.md > out.txt`: the shell's file gets the report
    # (same inode, not replaced behind the shell's back). The link is our own copy of
    # /dev/stdout, so a broken write can only ever replace the test's link.
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd here")
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    post = _post(tmp_path)
    out = tmp_path / "out.txt"
    with open(out, "wb") as stream:
        inode = os.fstat(stream.fileno()).st_ino
        completed = subprocess.run(
            [sys.executable, "-m", "arena_lint", "-o", str(stdout), str(post)],
            stdout=stream,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert completed.returncode == 1, completed.stderr
    assert stdout.is_symlink()
    assert out.stat().st_ino == inode
    assert "total-mismatch" in out.read_text()


def test_cli_output_to_a_pipe_given_as_dev_fd(tmp_path: Path) -> None:
    # `arena-lint -o >(cat) post.md`
    if not os.path.isdir("/dev/fd"):
        pytest.skip("no /dev/fd here")
    post = _post(tmp_path)
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as reader:
        process = subprocess.Popen(
            [sys.executable, "-m", "arena_lint", "-o", f"/dev/fd/{write_end}", str(post)],
            pass_fds=(write_end,),
            stderr=subprocess.PIPE,
        )
        os.close(write_end)
        received = reader.read()
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 1, errors
    assert b"total-mismatch" in received


# --- replace_post and --fix ---------------------------------------------------


def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    real = _post(tmp_path / "drafts")
    link = tmp_path / "post.md"
    link.symlink_to(real)
    result = CliRunner().invoke(main, ["--fix", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert real.read_text() == REPAIRED
    assert _left_over(real.parent) == []


def test_replace_post_through_a_symlink(tmp_path: Path) -> None:
    real = _post(tmp_path, name="real.md")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    atomic.replace_post(link, BROKEN.encode(), REPAIRED.encode())
    assert os.readlink(link) == "real.md"
    assert real.read_text() == REPAIRED


@needs_root
def test_fix_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    post = _post(tmp_path)
    os.chown(post, 1234, 5678)
    os.chmod(post, 0o640)
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 0, result.output
    info = post.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    assert post.read_text() == REPAIRED


def test_fix_refuses_a_post_with_hard_links(tmp_path: Path) -> None:
    post = _post(tmp_path)
    other = tmp_path / "same.md"
    os.link(post, other)
    with pytest.raises(atomic.WriteRefused, match="has 2 hard links; --fix would break them"):
        atomic.replace_post(post, BROKEN.encode(), REPAIRED.encode())
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert (
        f"{post}:1:1: AL004 unwritable-file not fixed: has 2 hard links; --fix would break them\n"
        in result.stdout
    )
    assert post.read_text() == other.read_text() == BROKEN
    assert post.stat().st_ino == other.stat().st_ino
    assert result.stdout.splitlines()[-1].startswith("Fixed 0 of 3 findings; 3 remaining")


def test_fix_refuses_a_read_only_post(tmp_path: Path) -> None:
    post = _post(tmp_path)
    os.chmod(post, 0o444)
    with pytest.raises(atomic.WriteRefused, match="is read-only"):
        atomic.replace_post(post, BROKEN.encode(), REPAIRED.encode())
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert f"{post}:1:1: AL004 unwritable-file not fixed: is read-only\n" in result.stdout
    assert post.read_text() == BROKEN
    assert stat.S_IMODE(post.stat().st_mode) == 0o444


@needs_root
def test_fix_refuses_when_the_owner_cannot_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a user, the post of another owner could only be replaced by one of ours.
    post = _post(tmp_path)
    os.chown(post, 1234, 5678)
    monkeypatch.setattr(os, "fchown", _not_permitted)
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert "not fixed: is owned by 1234:5678, which a new file cannot be given" in result.stdout
    assert post.read_text() == BROKEN
    assert post.stat().st_uid == 1234
    assert _left_over(tmp_path) == []


@pytest.mark.parametrize(
    ("hook", "error", "words"),
    [
        ("_flush_to_disk", errno.ENOSPC, "No space left on device"),
        ("replace", errno.EROFS, "Read-only file system"),
        ("_temporary_beside", errno.EACCES, "Permission denied"),
    ],
)
def test_a_failed_write_is_not_fixed_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: str, error: int, words: str
) -> None:
    post = _post(tmp_path)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    if hook == "_flush_to_disk":
        monkeypatch.setattr(atomic, hook, fail)
    elif hook == "replace":
        monkeypatch.setattr(os, hook, fail)
    else:
        monkeypatch.setattr(atomic, hook, fail)
    with pytest.raises(OSError, match=words):
        atomic.replace_post(post, BROKEN.encode(), REPAIRED.encode())
    result = CliRunner().invoke(main, ["--fix", "--format", "json", str(post)])
    assert result.exit_code == 1
    remaining = json.loads(result.stdout)
    (failed,) = [item for item in remaining if item["rule"] == "unwritable-file"]
    assert failed["message"] == f"not fixed: {words}"  # not blamed on a concurrent edit
    # The report lists what is still wrong on disk, not the repaired text's nothing.
    assert {item["rule"] for item in remaining} == {*BROKEN_RULES, "unwritable-file"}
    assert post.read_text() == BROKEN
    assert _left_over(tmp_path) == []


def test_a_failed_write_among_several_files_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _post(tmp_path, name="a.md")
    refused = _post(tmp_path, name="b.md")
    os.chmod(refused, 0o444)
    result = CliRunner().invoke(main, ["--fix", str(good), str(refused)])
    assert result.exit_code == 1
    assert good.read_text() == REPAIRED
    assert refused.read_text() == BROKEN
    assert result.stdout.splitlines()[-1].startswith("Fixed 2 of 5 findings; 3 remaining")


@pytest.mark.parametrize("same_size_and_time", [False, True])
def test_an_edit_made_before_the_rename_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_size_and_time: bool
) -> None:
    # The user saves while --fix has already written and synced its temporary file.
    post = _post(tmp_path)
    before = post.stat()
    edited = BROKEN + "- 1h Chapter 3: saved meanwhile\n"
    if same_size_and_time:  # an edit only the bytes can reveal
        edited = BROKEN.replace("Tensors", "TENSORS")
    real = atomic._flush_to_disk

    def user_saves(handle: int) -> None:
        real(handle)
        with open(post, "r+b") as stream:  # in place, as many editors do
            stream.write(edited.encode())
            stream.truncate()
        if same_size_and_time:
            os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))

    monkeypatch.setattr(atomic, "_flush_to_disk", user_saves)
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert (
        f"{post}:1:1: AL004 unwritable-file not fixed: changed on disk while being fixed"
        in result.stdout
    )
    assert post.read_text() == edited
    assert _left_over(tmp_path) == []


def test_a_post_replaced_by_a_rename_before_ours_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Editors that save atomically give the post a new inode with the same bytes.
    post = _post(tmp_path)
    real = atomic._flush_to_disk

    def editor_saves(handle: int) -> None:
        real(handle)
        saved = tmp_path / "editor.swp"
        saved.write_text(BROKEN.replace("Autograd", "Autodiff"))
        os.replace(saved, post)

    monkeypatch.setattr(atomic, "_flush_to_disk", editor_saves)
    with pytest.raises(atomic.WriteConflict, match="changed on disk while being fixed"):
        atomic.replace_post(post, BROKEN.encode(), REPAIRED.encode())
    assert "Autodiff" in post.read_text()
    assert _left_over(tmp_path) == []


def test_a_post_changed_before_replace_post_is_called_is_not_written(tmp_path: Path) -> None:
    post = _post(tmp_path)
    with pytest.raises(atomic.WriteConflict):
        atomic.replace_post(post, b"what was read earlier", REPAIRED.encode())
    assert post.read_text() == BROKEN
    assert _left_over(tmp_path) == []


# -- a failed write names the user's path (issue #23) -----------------------------------------


def _cli(*args: str, stdout: str = "capture", stdin: str | None = None) -> tuple[int, str, str]:
    """``python -m arena_lint`` with its standard output captured, closed (``>&-``) or
    sent to ``/dev/full``."""
    command = [sys.executable, "-m", "arena_lint", *args]
    if stdout == "closed":
        command = ["bash", "-c", '"$@" >&-', "bash", *command]
    if stdout == "full":
        command = ["bash", "-c", '"$@" >/dev/full', "bash", *command]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("hook", "error", "words"),
    [
        ("_write_all", errno.ENOSPC, "No space left on device"),  # os.write names no file
        ("_temporary_beside", errno.EROFS, "Read-only file system"),  # names the temporary
        ("_flush_to_disk", errno.EIO, "Input/output error"),
    ],
)
def test_a_failed_report_write_names_the_users_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: str, error: int, words: str
) -> None:
    post = _post(tmp_path)
    target = tmp_path / "report.txt"

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error), str(tmp_path / ".report.txt.x1y2.tmp"))

    def fail_unnamed(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(atomic, hook, fail if hook == "_temporary_beside" else fail_unnamed)
    result = CliRunner().invoke(main, ["-o", str(target), str(post)])
    assert result.exit_code == 2
    assert result.stderr == f"arena-lint: cannot write {target}: {words}\n"
    assert not target.exists()
    assert _left_over(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_device_is_named_for_every_output(tmp_path: Path) -> None:
    post = _post(tmp_path)
    status, _, stderr = _cli("check", "-o", "/dev/full", str(post))
    assert (status, stderr) == (2, "arena-lint: cannot write /dev/full: No space left on device\n")
    status, _, stderr = _cli("check", str(post), stdout="full")
    assert (status, stderr) == (
        2,
        "arena-lint: cannot write standard output: No space left on device\n",
    )
    status, _, stderr = _cli("check", "--fix", "-", stdin=BROKEN, stdout="full")
    assert (status, stderr) == (
        2,
        "arena-lint: cannot write standard output: No space left on device\n",
    )
    status, _, stderr = _cli("report", "--chart", "/dev/full", str(post))
    assert status == 2
    assert stderr.endswith("arena-lint: cannot write /dev/full: No space left on device\n")


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{post}"),
        ("check", "--fix", "-"),
        ("report", "--by", "week", "{post}"),
        ("check", "--diff", "{post}"),
    ],
)
def test_a_closed_standard_output_is_one_line_not_a_traceback(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    post = _post(tmp_path)
    arguments = [arg.replace("{post}", str(post)) for arg in args]
    status, _, stderr = _cli(*arguments, stdout="closed", stdin=BROKEN)
    assert status == 2
    assert stderr == "arena-lint: cannot write standard output: Bad file descriptor\n"
    # With -o the report has somewhere to go: a closed standard output is no matter.
    if args[0] == "check" and "-" not in args:
        out = tmp_path / "out.txt"
        status, _, stderr = _cli("check", "-o", str(out), str(post), stdout="closed")
        assert (status, stderr) == (1, "")
        assert "total-mismatch" in out.read_text(encoding="utf-8")


# -- extended attributes and ACLs survive --fix ------------------------------------------------


def _acl(user: int) -> bytes:
    """A POSIX ACL as the kernel stores it: owner rw, ``user`` r, group r, mask r, other -."""
    import struct

    every = 0xFFFFFFFF
    entries = [(0x01, 6, every), (0x02, 4, user), (0x04, 4, every), (0x10, 4, every)]
    entries.append((0x20, 0, every))
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


def _attributes(path: Path) -> dict[str, bytes]:
    return {name: os.getxattr(path, name) for name in os.listxattr(path)}


needs_xattr = pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes here")


@needs_xattr
def test_fix_keeps_extended_attributes_and_acls(tmp_path: Path) -> None:
    post = _post(tmp_path)
    try:
        os.setxattr(post, "user.arena.tag", b"week 3")
    except OSError as error:
        pytest.skip(f"this file system keeps no user attributes ({error.strerror})")
    with contextlib.suppress(OSError):  # no ACLs here: the user attribute shows the copy
        os.setxattr(post, "system.posix_acl_access", _acl(1234))
    before = _attributes(post)
    inode = post.stat().st_ino
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 0, result.output
    assert post.read_text() == REPAIRED
    assert post.stat().st_ino != inode  # a new file, renamed over the old one
    assert _attributes(post) == before
    assert before["user.arena.tag"] == b"week 3"


@needs_xattr
def test_fix_refuses_when_an_attribute_cannot_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _post(tmp_path)
    try:
        os.setxattr(post, "user.arena.tag", b"week 3")
    except OSError as error:
        pytest.skip(f"this file system keeps no user attributes ({error.strerror})")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "setxattr", refuse)
    result = CliRunner().invoke(main, ["--fix", str(post)])
    assert result.exit_code == 1
    assert "not fixed: has the extended attribute 'user.arena.tag'" in result.stdout
    assert post.read_text() == BROKEN
    assert _attributes(post) == {"user.arena.tag": b"week 3"}
    assert _left_over(tmp_path) == []
    # A report keeps what it can: it is replaced all the same.
    report = tmp_path / "report.txt"
    report.write_text("old\n")
    monkeypatch.undo()
    os.setxattr(report, "user.kept", b"1")
    monkeypatch.setattr(os, "setxattr", refuse)
    assert CliRunner().invoke(main, ["-o", str(report), str(post)]).exit_code == 1
    assert "total-mismatch" in report.read_text()
