"""Reading a file or standard input into text with known line positions.

Line numbers are the same for LF, CRLF and CR files: the text is normalised
to LF once, here, and every later stage works on that text.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import ClassVar

#: A post is a few kilobytes; anything far larger is refused unread. The cap
#: bounds memory: parsing takes about 45 bytes per byte of a long log and up to
#: 700 of the densest Markdown (a nested list on every line), so a post of at
#: most 6 MB peaks under 4.5 GB (SECURITY.md, tests/test_memory.py).
MAX_BYTES = 6 * 1024 * 1024

STDIN = "-"


class StdinPath(str):
    """Standard input, named by ``--stdin-filename``: the name is used for output,
    configuration lookup and ``per-file-ignores``; the text is read from stdin."""

    __slots__ = ()


class OutsidePath(str):
    """A file a folder walk found whose real path leaves the repository (a symlink
    to ``/etc/...`` or to another checkout): reported, never read nor written.

    A path named on the command line is the user's choice and is never one.
    """

    __slots__ = ()


class WalkedPath(str):
    """A file a folder walk found inside ``boundary`` (the real path of its repository).

    The walk's verdict is not enough: between the walk and the read (or the
    ``--fix`` write) the file, or a folder on its way, can be swapped for a
    symlink. The reader checks what it actually opened, the writer what it is
    about to replace, against ``boundary``. Made by :func:`walked`.
    """

    # The boundary is a class attribute of one subclass per repository: a walk
    # of 100,000 files makes 100,000 of these, and a str subclass with an
    # instance attribute would carry a dictionary each.
    __slots__ = ()
    boundary: ClassVar[str] = ""

    def __reduce__(self) -> tuple[Callable[[str, str], WalkedPath], tuple[str, str]]:
        # Sent to --jobs workers as it is, boundary included.
        return (walked, (str(self), self.boundary))


@lru_cache(maxsize=64)
def _walked_in(boundary: str) -> type[WalkedPath]:
    return type("WalkedPath", (WalkedPath,), {"__slots__": (), "boundary": boundary})


def walked(path: str, boundary: str) -> WalkedPath:
    """``path``, found by a walk that must not leave ``boundary``."""
    return _walked_in(boundary)(path)


def within(real: str, boundary: str) -> bool:
    """Whether the real path ``real`` is ``boundary`` or below it."""
    try:
        return os.path.commonpath((real, boundary)) == boundary
    except ValueError:  # another drive
        return False


#: Why an :class:`OutsidePath` is not read; the link's target is not repeated.
OUTSIDE = (
    "is a link to a file outside the repository; not read (name it on the command line to check it)"
)


def is_stdin(path: str) -> bool:
    """Whether ``path`` stands for standard input (``-`` or a :class:`StdinPath`)."""
    return path == STDIN or isinstance(path, StdinPath)


class ReadError(Exception):
    """A file that cannot be read as text; the message says why."""

    data: bytes | None = None
    """The bytes read before giving up (standard input over the cap), for ``--fix -``."""


class Source:
    """The text of one file, normalised to LF, without a BOM."""

    # A plain class: defined on every start, made only for a file that is parsed.
    __slots__ = ("line_starts", "lines", "path", "text")

    def __init__(self, path: str, text: str, lines: list[str], line_starts: list[int]) -> None:
        self.path = path
        self.text = text
        self.lines = lines
        self.line_starts = line_starts

    @classmethod
    def from_text(cls, text: str, path: str = STDIN) -> Source:
        return cls.from_normalized(normalize(text), path)

    @classmethod
    def from_normalized(cls, text: str, path: str = STDIN) -> Source:
        """From text :func:`normalize` has already made LF-only and BOM-free."""
        lines = text.split("\n")
        starts = [0] * len(lines)
        offset = 0
        for index, line in enumerate(lines):
            starts[index] = offset
            offset += len(line) + 1
        return cls(path, text, lines, starts)


def normalize(text: str) -> str:
    """``text`` without a BOM, with every line ending made LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode(data: bytes, path: str) -> Source:
    """Decode UTF-8, or UTF-16/UTF-32 that start with a BOM, or raise :class:`ReadError`."""
    return Source.from_text(decode_text(data), path)


#: Byte-order marks and the codec that reads what follows them; UTF-32 LE's
#: mark starts with UTF-16 LE's, so it is tried first.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def sniff(data: bytes) -> str:
    """The codec of ``data``: UTF-16 or UTF-32 when a byte-order mark says so, else UTF-8.

    The codec keeps the BOM as a ``\\ufeff`` character, so :func:`encode` with
    the same codec writes the file back with its BOM, byte for byte.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return "utf-8"


def decode_text(data: bytes) -> str:
    """The text of ``data``, BOM and line endings as they are, or :class:`ReadError`.

    UTF-8 unless a byte-order mark says UTF-16 or UTF-32, as editors and blog
    generators read files; positions are then counted in characters.
    """
    codec = sniff(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        if codec != "utf-8":
            name = codec.upper().replace("-LE", "").replace("-BE", "")
            raise ReadError(
                f"not {name} text, although it starts with a {name} byte-order mark: "
                f"{error.reason} at byte {error.start}"
            ) from None
        raise ReadError(f"not UTF-8 text: {_where(data, error.start)}") from None
    if codec == "utf-8" and (nul := data.find(b"\x00")) >= 0:
        # NUL is valid UTF-8, but no text file holds one: a binary, or UTF-16
        # without a byte-order mark, whose log would otherwise pass unseen.
        raise ReadError(
            f"not UTF-8 text: {_where(data, nul)} (a binary, or UTF-16 without a byte-order mark)"
        )
    return text


def _where(data: bytes, index: int) -> str:
    """``byte 0x.. at line L, column C`` for the byte at ``index``."""
    line = data.count(b"\n", 0, index) + 1
    column = index - (data.rfind(b"\n", 0, index) + 1) + 1
    return f"byte 0x{data[index]:02x} at line {line}, column {column}"


def encode(text: str, codec: str) -> bytes:
    """``text`` in ``codec`` (from :func:`sniff`): a file is written back as it was read."""
    return text.encode(codec)


def check_size(size: int, *, known: bool = True) -> None:
    """:class:`ReadError` for a post of ``size`` bytes (or characters) over the cap;
    ``known=False``: only that it is larger (standard input, read up to the cap)."""
    if size > MAX_BYTES:
        cap = f"the {MAX_BYTES // 1024 // 1024} MB a post can be; not read"
        if not known:
            raise ReadError(f"is larger than {cap}")
        raise ReadError(f"is {size / 1024 / 1024:.0f} MB, larger than {cap}")


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (standard input for ``-``), or :class:`ReadError`."""
    if is_stdin(path):
        data = sys.stdin.buffer.read(MAX_BYTES + 1)  # never more than the cap holds
        try:
            check_size(len(data), known=False)
        except ReadError as error:
            error.data = data  # `--fix -` passes it on, then the rest of the stream
            raise
        return data
    if isinstance(path, OutsidePath):
        raise ReadError(OUTSIDE)
    # Opened first, then examined: what is examined is what is read.
    try:
        stream = open(path, "rb", opener=_without_blocking)  # noqa: SIM115  # closed below
    except IsADirectoryError:
        raise ReadError("is a directory, not a file") from None
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from None
    try:
        with stream:
            handle = stream.fileno()
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode):
                # Reading a FIFO or a device could block or never end.
                raise ReadError("is not a regular file")
            check_size(info.st_size)
            if isinstance(path, WalkedPath) and not opened_within(handle, path, path.boundary):
                raise ReadError(OUTSIDE)
            # Read up to the cap: the file may have grown since it was measured.
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from None
    check_size(len(data), known=False)
    return data


def _without_blocking(path: str, flags: int) -> int:
    # A FIFO swapped in after the walk must not block the open; O_NONBLOCK
    # changes nothing for a regular file.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def opened_within(handle: int, path: str, boundary: str) -> bool:
    """Whether the file open as ``handle`` lies inside ``boundary``, whatever was
    swapped in at ``path`` (or a folder on its way) since the walk."""
    try:
        # Linux names what the descriptor holds: no second lookup to race with.
        return within(os.readlink(f"/proc/self/fd/{handle}"), boundary)
    except OSError:
        pass
    real = os.path.realpath(path)
    try:
        now, opened = os.stat(real), os.fstat(handle)
    except OSError:
        return False
    same = (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)
    return same and within(real, boundary)
