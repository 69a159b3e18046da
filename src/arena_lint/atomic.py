"""Writing a file so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a temporary file in the same folder, then a rename.

    An existing file keeps its permission bits. On any failure the temporary
    file is removed and ``path`` is untouched.
    """
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class Conflict(OSError):
    """The file changed on disk while it was being fixed."""


def replace_post(path: str | Path, original: bytes, data: bytes) -> None:
    """Replace the post at ``path`` with ``data``, unless it no longer holds ``original``."""
    target = Path(path)
    if target.read_bytes() != original:
        raise Conflict("changed on disk while being fixed; not written")
    write_bytes(target, data)


def write_report(path: Path, data: bytes) -> None:
    """Write a report to ``path``."""
    write_bytes(path, data)
