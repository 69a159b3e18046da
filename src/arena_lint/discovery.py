"""Which files a run checks: the folder walk and every glob match.

Globs are gitignore-style everywhere (``include``, ``exclude``, ``--exclude``,
``per-file-ignores``), matched with :mod:`pathspec` as git does: ``*`` stays
within a folder, ``**`` crosses folders, a pattern without ``/`` matches a
name at any depth, one with ``/`` is anchored at the configuration file's
folder, a trailing ``/`` matches folders only, and a later ``!pattern``
re-includes what an earlier one matched (but, as in git, not a file inside a
folder that is itself excluded).

A folder walk skips hidden folders, folders matched by ``exclude``, and what
git ignores (``.gitignore`` files at every level, ``.git/info/exclude`` and the
global excludes file) unless ``respect_gitignore`` is off. A path named
explicitly is always checked, unless ``force_exclude`` is on: then ``exclude``
applies to it too (pre-commit names every staged file).

:mod:`pathspec` is imported only when a glob has to be matched: checking the
files named on the command line, without ``--force-exclude`` or
``per-file-ignores``, never loads it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .source import STDIN, OutsidePath, StdinPath, walked, within

if TYPE_CHECKING:
    from .settings import Settings, SettingsSource


from .globs import glob_problem as glob_problem
from .globs import last_decision, usable
from .globs import matches as matches
from .globs import matches_any as matches_any
from .globs import relative_path as relative_path


def is_included(settings: Settings, path: str) -> bool:
    """Whether a folder walk picks the file ``path`` (``include``)."""
    return matches_any(relative_path(settings.root, path), settings.include)


def is_excluded(settings: Settings, path: str, *, folder: bool = False) -> bool:
    """Whether ``exclude`` matches ``path`` or one of its folders."""
    if not settings.exclude:
        return False
    relative = relative_path(settings.root, path)
    return matches_any(relative + "/" if folder else relative, settings.exclude)


# --- the walk --------------------------------------------------------------------------------


def discover(paths: Iterable[str], settings: Settings | SettingsSource) -> list[str]:
    """The files a run checks, in order: files named in ``paths`` (``-`` is standard input),
    and the files ``include`` matches under the folders named there."""
    found: list[str] = []
    for path in paths:
        if path == STDIN:
            found.extend(_stdin(settings))
        elif os.path.isdir(path):
            found.extend(_walk(path, settings))
        else:
            own = settings.settings_for(path)
            if not (own.force_exclude and is_excluded(own, path)):
                found.append(path)
    return found


def _stdin(source: SettingsSource) -> Iterator[str]:
    name = source.settings_for(STDIN).stdin_filename
    if name is None:
        yield STDIN
        return
    named = StdinPath(name)
    own = source.settings_for(named)
    if not (own.force_exclude and is_excluded(own, named)):
        yield named


def _walk(top: str, source: SettingsSource) -> Iterator[str]:
    # A file below the folder never exists: this asks for the folder's own settings.
    git = _GitIgnored(top) if source.settings_in(top).respect_gitignore else None
    inside = _boundary(top)
    for root, folders, files in os.walk(top):
        kept = []
        for name in sorted(folders):
            if name.startswith("."):
                continue  # .git, .venv, .cache, .github: tool state, not posts
            folder = os.path.join(root, name)
            if git is not None and git.ignored(folder, folder=True):
                continue
            if is_excluded(source.settings_in(folder), folder, folder=True):
                continue
            kept.append(name)
        folders[:] = kept  # os.walk descends only into these (never into symlinked folders)
        for name in sorted(files):
            file = os.path.normpath(os.path.join(root, name))
            if git is not None and git.ignored(file):
                continue
            own = source.settings_for(file)
            if is_included(own, file) and not is_excluded(own, file):
                yield OutsidePath(file) if _leaves(file, inside) else walked(file, inside)


def _boundary(top: str) -> str:
    """The real path a walked file must stay in: the repository holding ``top``
    (the folder with ``.git``), else ``top`` itself."""
    real = os.path.realpath(top)
    return repository_root(real) or real


def _leaves(file: str, inside: str) -> bool:
    """Whether ``file``, found by a walk, is a symlink whose target is outside ``inside``.

    The walk never enters a symlinked folder, so only the file itself can be a link.
    """
    if not os.path.islink(file):
        return False
    return not within(os.path.realpath(file), inside)


# --- git's ignore files ----------------------------------------------------------------------


class _IgnoreFile:
    """The patterns of one ignore file and the folder they are relative to."""

    __slots__ = ("base", "patterns")

    def __init__(self, base: str, patterns: tuple[str, ...]) -> None:
        self.base = base
        self.patterns = patterns


class _GitIgnored:
    """What git ignores below a walked folder: the global excludes file, then
    ``.git/info/exclude``, then every ``.gitignore`` from the repository's root
    down, each deeper file overriding the ones above (git's precedence)."""

    def __init__(self, top: str) -> None:
        self._chains: dict[str, tuple[_IgnoreFile, ...]] = {}
        top = os.path.abspath(top)
        repository = repository_root(top)
        if repository is None:
            self._chains[top] = ()
            return
        # The .gitignore files above the walked folder apply too.
        chain = _with_gitignore(_repository_files(repository), repository)
        folder = repository
        relative = os.path.relpath(top, repository)
        for step in [] if relative == "." else relative.split(os.sep):
            folder = os.path.join(folder, step)
            chain = _with_gitignore(chain, folder)
        self._chains[top] = chain

    def ignored(self, path: str, *, folder: bool = False) -> bool:
        path = os.path.abspath(path)
        chain = self._chain(os.path.dirname(path))
        decision = False
        for ignore in chain:
            relative = os.path.relpath(path, ignore.base).replace(os.sep, "/")
            include = last_decision(ignore.patterns, relative + "/" if folder else relative)
            if include is not None:
                decision = include
        return decision

    def _chain(self, folder: str) -> tuple[_IgnoreFile, ...]:
        known = self._chains.get(folder)
        if known is None:
            parent = os.path.dirname(folder)
            if parent == folder:
                known = ()  # the file system's root: outside every walked folder
            elif os.path.exists(os.path.join(folder, ".git")):
                # A nested repository (a submodule): its own rules, not its parent's.
                known = _with_gitignore(_repository_files(folder), folder)
            else:
                known = _with_gitignore(self._chain(parent), folder)
            self._chains[folder] = known
        return known


def repository_root(folder: str) -> str | None:
    """The folder holding ``.git`` at or above ``folder`` (absolute), if any."""
    for candidate in and_parents(folder):
        if os.path.exists(os.path.join(candidate, ".git")):
            return candidate
    return None


def and_parents(folder: str) -> Iterator[str]:
    """``folder`` (absolute) and each folder above it, up to the root."""
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def _with_gitignore(chain: tuple[_IgnoreFile, ...], folder: str) -> tuple[_IgnoreFile, ...]:
    found = _read_patterns(os.path.join(folder, ".gitignore"), folder, follow=False)
    return (*chain, found) if found is not None else chain


def _repository_files(repository: str) -> tuple[_IgnoreFile, ...]:
    """The global excludes file and ``info/exclude``, both relative to the root."""
    found = []
    for path in (_global_excludes_file(repository), _info_exclude(repository)):
        read = _read_patterns(path, repository) if path is not None else None
        if read is not None:
            found.append(read)
    return tuple(found)


def _info_exclude(repository: str) -> str | None:
    """``info/exclude`` of the repository's git folder: ``.git/``, or where a ``.git`` file
    points (worktrees and submodules), in its common folder for a worktree."""
    git = os.path.join(repository, ".git")
    if os.path.isfile(git):
        try:
            with open(git, encoding="utf-8") as stream:
                first = stream.readline().strip()
        except (OSError, UnicodeDecodeError):
            return None
        if not first.startswith("gitdir:"):
            return None
        git = os.path.join(repository, first.removeprefix("gitdir:").strip())
        try:
            with open(os.path.join(git, "commondir"), encoding="utf-8") as stream:
                git = os.path.join(git, stream.readline().strip())
        except (OSError, UnicodeDecodeError):
            pass  # a submodule: its git folder is its own
    return os.path.join(git, "info", "exclude")


#: An ignore file larger than this is not read; real ones are a few kilobytes.
MAX_IGNORE_BYTES = 1_000_000


def _read_patterns(path: str, base: str, *, follow: bool = True) -> _IgnoreFile | None:
    """The patterns of the ignore file at ``path``; ``None`` when there is none to read.

    A ``.gitignore`` comes with the pull request, so (``follow`` off) a symlink
    is not followed, as git (2.32 and later) does not: ``.gitignore -> /dev/zero``
    would be read forever. Only a regular file is read, and at most
    :data:`MAX_IGNORE_BYTES`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        if not follow and os.path.islink(path):
            return None  # O_NOFOLLOW is missing on Windows
        handle = os.open(path, flags)
    except OSError:
        return None  # absent (the usual case), a folder, a link, or unreadable: no rules
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        data = stream.read(MAX_IGNORE_BYTES + 1)
    if len(data) > MAX_IGNORE_BYTES:
        _warn(f"{path} is larger than 1 MB; its patterns are not applied")
        return None
    # As git, a UTF-8 byte-order mark is not part of the first pattern.
    lines = data.decode("utf-8", errors="replace").removeprefix("\ufeff").splitlines()
    patterns = tuple(line for line in lines if line.strip() and not line.startswith("#"))
    # As git, a line that is no pattern (`[z-a]`, a lone `!`) is skipped, not fatal.
    patterns = usable(patterns) if patterns else patterns
    return _IgnoreFile(base, patterns) if patterns else None


_warned: set[str] = set()


def _warn(message: str) -> None:
    """One line on standard error, once a run: the walk goes on, the user should know."""
    import contextlib
    import sys

    from .escape import for_log

    if message in _warned or sys.stderr is None:  # None: started with it closed
        return
    _warned.add(message)
    with contextlib.suppress(OSError):  # a warning that cannot be shown stops nothing
        sys.stderr.write(f"arena-lint: warning: {for_log(message)}\n")


@lru_cache(maxsize=16)
def _global_excludes_file(repository: str) -> str | None:
    """``core.excludesFile`` as git reads it (its own configuration files, ``~`` expanded),
    else git's default, ``$XDG_CONFIG_HOME/git/ignore``."""
    try:
        import subprocess  # only a walk that honours .gitignore asks git

        answer = subprocess.run(
            ["git", "config", "--path", "--get", "core.excludesFile"],
            cwd=repository,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if answer.returncode == 0 and answer.stdout.strip():
            return os.path.join(repository, answer.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass  # no git installed: its default file still applies
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(
        os.path.expanduser("~"), ".config"
    )
    return os.path.join(config_home, "git", "ignore")


# --- why a run found nothing -----------------------------------------------------------------


def why_nothing(path: str, source: SettingsSource) -> str | None:
    """Why the folder ``path``, named on the command line, gave no file to check: the
    answer to a run that would otherwise pass silently ("All checks passed (0 files
    checked)"). ``None`` for a file or standard input: only ``--force-exclude`` leaves
    those out, which pre-commit and editors ask for on purpose, at every commit."""
    if path == STDIN or not os.path.isdir(path):
        return None
    own = source.settings_in(path)
    if own.respect_gitignore and _GitIgnored(path).ignored(path, folder=True):
        return (
            f"{path}: ignored by git (.gitignore); name the files, "
            "or pass --no-respect-gitignore to walk it"
        )
    if is_excluded(own, path, folder=True):
        return f"{path}: excluded by `exclude`"
    markdown = 0
    for root, folders, files in os.walk(path):
        folders[:] = [name for name in folders if not name.startswith(".")]
        markdown += sum(
            1
            for name in files
            if is_included(source.settings_for(os.path.join(root, name)), os.path.join(root, name))
        )
        if markdown:
            break
    if not markdown:
        patterns = ", ".join(own.include) or "nothing"
        return f"{path}: no file matches `include` ({patterns})"
    return f"{path}: every file matching `include` is ignored by git or excluded by `exclude`"
