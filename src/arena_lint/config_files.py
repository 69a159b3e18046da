"""Configuration files: where they are, how they are read, and the line an error is on.

``.arena-lint.toml`` or ``pyproject.toml`` (with a ``[tool.arena-lint]`` table)
in a folder or the nearest one above it, stopping at the repository root; read
as TOML with every problem one :class:`ConfigError` line. What the table means
is :mod:`arena_lint.config`'s business.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

# pathlib is imported once a configuration file is found: a run in a folder
# without one (most starts) does without it.

OWN_FILE = ".arena-lint.toml"
PYPROJECT = "pyproject.toml"
#: A configuration file larger than this is not read: no real one comes close.
MAX_CONFIG_BYTES = 1_000_000


class ConfigError(Exception):
    """A configuration problem: the run stops with exit status 2.

    ``key`` (the TOML key, dotted for a nested one) and ``value`` (the offending
    word in it) let :func:`with_line` name the line of the file they are on.
    """

    def __init__(self, message: str, *, key: str | None = None, value: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.value = value


# Its public home is arena_lint.config, which re-exports it: pydoc, tracebacks
# and pickles (a --jobs worker's error) name it there.
ConfigError.__module__ = "arena_lint.config"


def find(folder: str | os.PathLike[str]) -> Path | None:
    """The configuration file that applies to files in ``folder`` (absolute), if any."""
    from .discovery import and_parents

    for candidate in and_parents(os.fspath(folder)):
        # lexists: a name that is there but no file to read (a link to a device or
        # elsewhere, a FIFO) is a configuration error, never silently passed over.
        own = os.path.join(candidate, OWN_FILE)
        if os.path.lexists(own):
            return _inside(_path(own))
        pyproject = os.path.join(candidate, PYPROJECT)
        if os.path.lexists(pyproject):
            # Parsed even when it cannot name us: a pyproject.toml that is not
            # TOML stops the run, as it would stop the project's other tools.
            path = _inside(_path(pyproject))
            if "arena-lint" in _tool_table(path):
                return path
        if os.path.exists(os.path.join(candidate, ".git")):
            return None
    return None


def parent_of(path: str) -> str:
    """``str(Path(path).parent)`` without pathlib, which a start without a
    configuration file does without (~3.5 ms: docs/architecture.md, "Fast paths").
    Unlike ``os.path.dirname``, pathlib drops a trailing separator and ``.``
    parts first: the folder of ``--stdin-filename sub/`` is ``.``, not ``sub``."""
    if os.altsep is not None:  # pragma: no cover - Windows: drives, both separators
        return str(_path(path).parent)
    root = (
        "//"
        if path.startswith("//") and not path.startswith("///")
        else path[:1] * (path[:1] == "/")
    )
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return root + "/".join(parts[:-1]) if len(parts) > 1 else root or "."


def repository_of(folder: Path) -> Path:
    """The repository holding ``folder`` (resolved), else that folder itself."""
    from .discovery import repository_root

    real = folder.resolve()
    return _path(repository_root(str(real)) or str(real))


def _path(name: str) -> Path:
    from pathlib import Path

    return Path(name)


def _inside(path: Path) -> Path:
    """``path``, unless it is a link to a file outside its repository: a configuration
    comes with the pull request, and must not make arena-lint read (and quote in
    its messages) a file elsewhere on the machine. ``--config`` is the user's choice.

    One rule whatever the link points to (a file, ``/dev/zero``, a FIFO): outside
    the repository is an error; inside, anything but a regular file is one too."""
    if path.is_symlink():
        root = repository_of(path.parent)
        if not path.resolve().is_relative_to(root):
            raise ConfigError(
                f"{path}: is a link to a file outside the repository ({root}); not read "
                "(give it with --config to use it)"
            )
    import stat

    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if not regular:
        raise ConfigError(f"{path}: is not a regular file; not read")
    return path


def with_line(error: ConfigError, path: Path | None) -> ConfigError:
    """``error`` with the line of its key (and value) in ``path``: ``file:3: ...``."""
    prefix = f"{path}: "
    message = str(error)
    if path is None or error.key is None or not message.startswith(prefix):
        return error
    number = _line_of(path, error.key, error.value)
    if number is None:
        return error
    return ConfigError(f"{path}:{number}: {message[len(prefix) :]}", key=error.key)


def _line_of(path: Path, key: str, value: str | None) -> int | None:
    """The line of ``key`` (its last part) in ``path``, or of ``value`` quoted after it;
    in a pyproject.toml, from the ``[tool.arena-lint`` header on."""
    import re

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = 0
    last = key.rpartition(".")[2].strip('"')
    named = re.compile(
        r"""^\s*(?:\[\s*(?:[\w."'-]+\.)?)?["']?""" + re.escape(last) + r"""["']?\s*(?:=|\])"""
    )
    if path.name == PYPROJECT:
        header = re.compile(r"\s*\[\s*tool\s*\.\s*[\"']?arena-lint\b")
        start = next((i for i, line in enumerate(lines) if header.match(line)), -1)
        if start < 0:
            # No [tool.arena-lint] table: the key is written dotted, `tool.arena-lint.select`
            # at the top or `arena-lint.select` under [tool]; another tool's `select` is not it.
            start = 0
            named = re.compile(
                r"""^\s*(?:tool\s*\.\s*)?["']?arena-lint["']?\s*\.\s*(?:[\w"'-]+\s*\.\s*)*["']?"""
                + re.escape(last)
                + r"""["']?\s*="""
            )
    at = next((i for i in range(start, len(lines)) if named.search(lines[i])), None)
    if at is None:
        return None
    if value is not None:
        # A rule named in a list ("AL1", 'x') or as a key (severity's `x = "error"`).
        quoted = re.compile(
            r"""["']""" + re.escape(value) + r"""["']|^\s*""" + re.escape(value) + r"""\s*="""
        )
        found = next((i for i in range(at, len(lines)) if quoted.search(lines[i])), None)
        if found is not None:
            return found + 1
    return at + 1


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML table in ``path``; any problem, bombs included, is one ConfigError line."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes; not read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        table: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML arena-lint reads: nested too deeply") from None
    except ValueError as error:
        # Python's bound on the digits of an integer (4300 since 3.11).
        message = " ".join(str(error).split(";")[0].split())
        raise ConfigError(f"{path}: not valid TOML arena-lint reads: {message}") from None
    return table


def _tool_table(path: Path) -> dict[str, Any]:
    """The ``[tool]`` table of a pyproject.toml (empty when it is missing or not a table)."""
    tool = read_toml(path).get("tool", {})
    return tool if isinstance(tool, dict) else {}
