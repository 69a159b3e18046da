"""Writing files safely: reports (``-o``, ``--chart``) and repaired posts (``--fix``).

arena-lint often runs as root in a container, on a repository it does not
trust, so a write must never destroy what is at the path nor change who owns it.

Reports, :func:`write_report`:

- a regular file, or a path that does not exist yet, is replaced atomically:
  a temporary file in the same folder is written, flushed and synced, given
  the old file's mode, owner and group, then renamed over it. Readers see the
  old report or the new one, never half of it;
- a symlink is followed and its target written; the link stays a link;
- anything else that exists (a character device such as ``/dev/null``, a FIFO,
  ``/dev/stdout``, a shell's ``>(cat)`` which is ``/dev/fd/N``) is opened and
  written in place: no temporary file, no rename, no truncation. A path
  through ``/proc/*/fd`` or ``/dev/fd`` (``/dev/stdout`` redirected to a file)
  is also written in place, appending, as a shell redirection expects;
- a directory is an :class:`IsADirectoryError`.

Repaired posts, :func:`replace_post`:

- a symlink is followed and the target fixed (the link stays);
- the new file keeps the old one's owner, group, mode and extended
  attributes (``user.*``, POSIX ACLs; not the SELinux label, which the system
  gives by its policy): the temporary file gets them before the rename;
- **refused** (:class:`WriteRefused`, the post is left as it is and ``--fix``
  reports it as not fixed, exit 1):

  - a file with several hard links: a rename would give only this name the
    new text and leave the other names on the old inode, silently splitting
    one file in two;
  - a read-only file (no owner write bit in its mode): root can write it,
    but the owner said it must not change. The mode bits are read, not
    :func:`os.access`, which says yes to root for any file;
  - a file whose owner or group the temporary file cannot be given (not
    root, file owned by someone else): the rename would change its owner;
    likewise an extended attribute the temporary file cannot be given
    (``trusted.*`` without the privilege);

- the temporary file is written and synced first; immediately before the
  rename the post on disk is checked to be still what was read (same inode,
  size and modification time, same bytes). If not, :class:`WriteConflict`,
  and the user's edit is kept. A write in the few microseconds between that
  check and the rename cannot be detected without locks editors do not take;
- a post a folder walk found (``boundary``) is refused when its real path is
  outside the repository, when the work starts and again right before the
  rename: a symlink swapped in after the walk does not redirect the write;
- any :class:`OSError` (read-only folder, disk full) propagates with its OS
  message; the temporary file is removed on every failure.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .ownership import OwnerUnkept, copy_attributes, own_like
from .source import opened_within, within

#: Symlink hops followed when deciding whether a path goes through ``/proc``.
_MAX_HOPS = 40
#: Paths that name an already open descriptor: reopening them writes to it.
_DESCRIPTOR_FOLDERS = ("/proc/", "/dev/fd/")


class WriteRefused(Exception):
    """``--fix`` will not replace this file; ``str()`` is the reason, without the path."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class WriteConflict(WriteRefused):
    """The file changed on disk between reading it and replacing it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "changed on disk while being fixed; not written")


def write_report(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` without destroying what is there (see the module doc).

    An :class:`OSError` names ``path`` as the user gave it: a failed ``os.write``
    names nothing, a failed temporary file or rename names the temporary file.
    """
    try:
        _write_report(path, data)
    except OSError as error:
        if error.filename == str(path) and error.filename2 is None:
            raise
        # OSError(errno, ...) is the matching subclass (PermissionError, ...).
        raise OSError(error.errno, error.strerror or str(error), str(path)) from None


class ClosedStream(io.TextIOBase):
    """Standard output when the process was started with it closed (``>&-``), where
    Python leaves ``sys.stdout`` as ``None``: a write fails as a write to a closed
    descriptor does (EBADF), and is reported like any other failed write."""

    def writable(self) -> bool:
        return True

    def write(self, text: str | bytes) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self) -> ClosedStream:
        return self  # written bytes fail alike


def _write_report(path: Path, data: bytes) -> None:
    try:
        info: os.stat_result | None = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(path, data, os.O_WRONLY)
        return
    if info is not None and _names_a_descriptor(path):
        # Replacing the file behind the shell's descriptor would leave the
        # shell writing to a deleted inode; append, as ``>>`` or ``>`` expect.
        _write_in_place(path, data, os.O_WRONLY | os.O_APPEND)
        return
    target = Path(os.path.realpath(path))
    try:
        _replace(target, data, info, strict_owner=False)
    except OwnerUnkept:
        # Not root and the report belongs to someone else: the rename would
        # steal it. Truncate and write in place, which keeps the owner.
        _write_in_place(target, data, os.O_WRONLY | os.O_TRUNC)


def replace_post(path: Path | str, original: bytes, data: bytes) -> None:
    """Replace the post at ``path``, read as ``original``, with ``data`` (see the module doc).

    A post a folder walk found (a :class:`~arena_lint.source.WalkedPath`) must
    be inside its repository when the work starts and again right before the
    rename (a symlink swapped in meanwhile is refused).

    Raises :class:`WriteRefused` (hard links, read-only, owner that cannot be
    kept, outside the repository), :class:`WriteConflict` (changed since it
    was read) or :class:`OSError`.
    """
    boundary: str | None = getattr(path, "boundary", None)
    path = Path(path)
    target = Path(os.path.realpath(path))
    if boundary is not None and not within(str(target), boundary):
        raise WriteRefused(path, _OUTSIDE)
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(path, "is not a regular file")
    if info.st_nlink > 1:
        raise WriteRefused(path, f"has {info.st_nlink} hard links; --fix would break them")
    if not info.st_mode & stat.S_IWUSR:
        raise WriteRefused(path, "is read-only")
    if _read(target) != original:
        # Cheap early answer; the check that matters is the one before the rename.
        raise WriteConflict(path)

    def unchanged(folder: int | None) -> bool:
        if boundary is not None and (
            os.path.realpath(path) != str(target)
            or not within(str(target), boundary)
            or (folder is not None and not opened_within(folder, str(target.parent), boundary))
        ):
            raise _Outside
        return _is_unchanged(target, info, original, folder)

    try:
        _replace(target, data, info, strict_owner=True, unchanged=unchanged)
    except OwnerUnkept as error:
        raise WriteRefused(path, str(error)) from None
    except _Changed:
        raise WriteConflict(path) from None
    except _Outside:
        raise WriteRefused(path, _OUTSIDE) from None


#: Why a post a walk found is not written once its real path leaves the repository.
_OUTSIDE = "is now a link to a file outside the repository; not written"


def clash(output: Path, inputs: Iterable[str]) -> str | None:
    """The input that writing ``output`` would overwrite (same file), or ``None``."""
    try:
        out = os.stat(output)
    except OSError:
        return None  # a new file cannot be one of the inputs
    if not stat.S_ISREG(out.st_mode):
        return None
    for name in inputs:
        try:
            info = os.stat(name)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (out.st_dev, out.st_ino):
            return name
    return None


class _Changed(Exception):
    """The file on disk is no longer what was read."""


class _Outside(Exception):
    """The post's real path left the repository after it was read."""


def _replace(
    target: Path,
    data: bytes,
    info: os.stat_result | None,
    *,
    strict_owner: bool,
    unchanged: Callable[[int | None], bool] | None = None,
) -> None:
    """Temporary file beside ``target``, written, owned, synced, checked, renamed."""
    with _signals_held():
        _replace_unsignalled(target, data, info, strict_owner=strict_owner, unchanged=unchanged)
    _sync_folder(target.parent)


#: What ends a run: held while a temporary file exists, so that it is always removed.
_HELD = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends; then they act as usual.

    A ``--jobs`` worker dies of SIGTERM's default action (a Python handler could
    lose the signal and hang the run); held here, it dies only once the
    temporary file is renamed or removed. The main process's handlers run after
    the block the same way.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signals to hold
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _replace_unsignalled(
    target: Path,
    data: bytes,
    info: os.stat_result | None,
    *,
    strict_owner: bool,
    unchanged: Callable[[int | None], bool] | None,
) -> None:
    # The folder is opened once and the temporary file made, checked, renamed
    # and (on failure) removed relative to it: a folder on the way swapped for
    # a symlink meanwhile cannot move the write elsewhere nor strand the file.
    folder = _open_folder(target.parent)
    try:
        handle, temporary = _temporary_beside(target, folder)
        try:
            try:
                _write_all(handle, data)
                if info is not None:
                    own_like(handle, info, strict=strict_owner)
                    # After the chown, which drops some (security.capability).
                    copy_attributes(target, handle, strict=strict_owner)
                    mode = stat.S_IMODE(info.st_mode)
                else:
                    mode = 0o666 & ~_umask()
                # After the chown, which clears set-id bits.
                os.fchmod(handle, mode)
                _flush_to_disk(handle)
            finally:
                os.close(handle)
            if unchanged is not None and not unchanged(folder):
                raise _Changed
            destination = target.name if folder is not None else str(target)
            os.replace(temporary, destination, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
    finally:
        if folder is not None:
            os.close(folder)


#: Whether a file can be made, renamed and removed relative to an open folder (not Windows).
# os.replace is renameat too, but only os.rename is listed.
_BY_FOLDER = {os.open, os.rename, os.unlink} <= os.supports_dir_fd


def _open_folder(folder: Path) -> int | None:
    """``folder`` opened for ``dir_fd`` use, or ``None`` where the system has none."""
    if not _BY_FOLDER:
        return None
    return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)


def _temporary_beside(target: Path, folder: int | None) -> tuple[int, str]:
    """A new file beside ``target`` that nobody else has opened: its descriptor and
    its name (relative to ``folder`` when one is open)."""
    if folder is None:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = f".{target.name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(name, flags, 0o600, dir_fd=folder), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _is_unchanged(
    target: Path, before: os.stat_result, original: bytes, folder: int | None = None
) -> bool:
    """Whether ``target`` (in the open ``folder``, if any) is still the file that was
    read: identity, then bytes."""
    try:
        name = target.name if folder is not None else str(target)
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(name, flags, dir_fd=folder)
        with os.fdopen(handle, "rb") as stream:
            now = os.fstat(stream.fileno())
            same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
                before.st_dev,
                before.st_ino,
                before.st_size,
                before.st_mtime_ns,
            )
            return same and stream.read() == original
    except FileNotFoundError:
        return False


def _names_a_descriptor(path: Path) -> bool:
    """Whether ``path`` or a symlink on the way is ``/proc/*/fd/N`` or ``/dev/fd/N``."""
    current = os.path.abspath(path)
    for _ in range(_MAX_HOPS):
        if current.startswith(_DESCRIPTOR_FOLDERS) or current in ("/dev/stdout", "/dev/stderr"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
        current = os.path.normpath(current)
    return False


def _write_in_place(path: Path, data: bytes, flags: int) -> None:
    """Open what is at ``path`` (never creating it) and write ``data`` to it."""
    # No O_CREAT: the thing must exist. No fsync: devices and pipes refuse it.
    handle = os.open(path, flags | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(handle, data)
    finally:
        os.close(handle)


def _write_all(handle: int, data: bytes) -> None:
    """``os.write`` until every byte is written (pipes and devices take partial writes)."""
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _flush_to_disk(handle: int) -> None:
    """Sync the temporary file before the rename makes it visible; tests patch this."""
    os.fsync(handle)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; best effort, since the file is already in place."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _read(path: Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _umask() -> int:
    """The process umask; reading it means setting it, so set it straight back."""
    umask = os.umask(0)
    os.umask(umask)
    return umask
