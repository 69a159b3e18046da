"""The one way out: every byte a command writes goes through :func:`emit`."""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING

import click

from ..diagnostics import Diagnostic
from ..escape import display_path, for_log
from ..formatters.text import line

if TYPE_CHECKING:
    from pathlib import Path

    from .. import api
    from ..settings import SettingsSource


class Unwritable(Exception):
    """An output that could not be written; the message names the path the user gave."""


def emit(
    text: str | bytes,
    to: Path | None = None,
    *,
    err: bool = False,
    append: bool = False,
    color: bool = False,
) -> None:
    """The one way out: ``text`` to the file ``to`` (replaced whole, or appended
    to), else to standard output (or error). Any failure is :class:`Unwritable`."""
    where = str(to) if to is not None else "standard error" if err else "standard output"
    try:
        if to is None:
            if isinstance(text, str):
                click.echo(text, nl=False, color=color, err=err)
            else:  # a post, written as it is
                stream = sys.stderr if err else sys.stdout
                stream.flush()
                stream.buffer.write(text)
                stream.flush()
        elif append:  # the GitHub step files, which other steps write too
            with open(to, "a", encoding="utf-8") as stream:
                stream.write(text if isinstance(text, str) else text.decode("utf-8", "replace"))
        else:
            # `-o reports/out.sarif` in a fresh checkout: the folder is made, as a
            # user expects of an output path (the file itself is written atomically).
            folder = os.path.dirname(to)
            if folder and not os.path.isdir(folder):
                import contextlib

                # A file in the way: the write below says so ("Not a directory").
                with contextlib.suppress(FileExistsError):
                    os.makedirs(folder)
            _write_report(to, text if isinstance(text, bytes) else text.encode("utf-8"))
    except (OSError, ValueError) as error:  # ValueError: a closed stream
        reason = getattr(error, "strerror", None) or str(error)
        raise Unwritable(f"cannot write {where}: {reason}") from None


def fenced(text: str, to: Path | None) -> str:
    """A post's own lines on standard output in a GitHub Actions log, where the
    runner would read them as workflow commands (`::error ...`), are fenced off
    with `::stop-commands::`, whose token nobody can guess. Not when standard
    output is a file (`> fixed.md`): that is not the log, and must stay the post."""
    if not text or to is not None or "GITHUB_ACTIONS" not in os.environ:
        return text
    try:
        import stat

        if stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode):
            return text
    except (OSError, ValueError, AttributeError):  # no descriptor (an embedding program)
        pass
    import secrets

    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text}::{token}::\n"


def _write_report(path: Path, data: bytes) -> None:
    # The writing machinery (tempfile, fsync) is loaded only when a file is asked for.
    from .. import atomic

    atomic.write_report(path, data)


def refuse_overwriting_inputs(option: str, output: Path | None, files: list[str]) -> None:
    """A report is never written over one of the posts being checked."""
    if output is None:
        return
    from .. import atomic

    post = atomic.clash(output, files)
    if post is not None:
        # Named as given; through a link or another spelling, the post it is as well.
        given = str(output)
        same = given == post
        raise click.UsageError(
            f"{option} {display_path(given)}: is an input post; not written"
            + ("" if same else f" (it is {display_path(post)})")
        )


def refuse_one_file_twice(outputs: list[tuple[str, Path | None]]) -> None:
    """Two outputs named to one file (a link or ``./`` included) are a usage error:
    only the one written last would be left. A stream (``/dev/stdout``) takes both."""
    seen: dict[object, str] = {}
    for option, path in outputs:
        if path is None:
            continue
        try:
            info = os.stat(path)
        except OSError:  # not there yet: made by the first output that names it
            same: object = os.path.realpath(path)
        else:
            if not stat.S_ISREG(info.st_mode):
                continue
            same = (info.st_dev, info.st_ino)
        if same in seen:
            raise click.UsageError(
                f"{option} {display_path(str(path))}: {seen[same]} writes that file too; "
                "give each output its own file"
            )
        seen[same] = option


def nothing_checked(
    paths: tuple[str, ...], files: list[str], source: SettingsSource, *, rules: bool = True
) -> None:
    """A run that checks no file, or runs no rule, says why on standard error: it
    would otherwise pass ("All checks passed (0 files checked)") having done nothing."""
    if not files:
        from ..discovery import why_nothing

        reasons = [why for why in (why_nothing(path, source) for path in paths) if why]
        emit(
            "".join(f"arena-lint: warning: no file checked: {for_log(r)}\n" for r in reasons),
            err=True,
        )
    elif rules and all(not source.settings_for(file).enabled for file in files):
        emit("arena-lint: warning: no rule is selected (`select = []`, or all ignored)\n", err=True)


#: Findings that mean a file was not checked at all (its logs are missing from a report).
_UNCHECKED_FILE = frozenset({"unreadable-file", "internal-error"})


def unchecked(results: list[api.FileResult]) -> list[Diagnostic]:
    """The findings of files that could not be checked, each told on standard error."""
    found = [item for r in results for item in r.diagnostics if item.rule in _UNCHECKED_FILE]
    if found:
        emit("".join(f"arena-lint: {line(item)}\n" for item in found), err=True)
    return found
