"""Click pieces shared by the commands: the path type, --help, --version, the
configuration and output options, and the epilog."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

from ..about import __version__
from .guard import EXIT_OK

if TYPE_CHECKING:
    from pathlib import Path

    from click.shell_completion import CompletionItem

EPILOG = """\b
Exit status: 0 no errors (warnings allowed unless --strict),
1 errors found (or warnings with --strict), 2 usage or configuration error.

\b
Configuration: [tool.arena-lint] in pyproject.toml, or .arena-lint.toml,
in the file's folder or the nearest one above it (see the README).

\b
Examples:
  arena-lint _posts/                  # every *.md and *.markdown below
  arena-lint --format json post.md
  arena-lint --ignore style --strict post.md
  arena-lint --explain subtotal-mismatch
  cat post.md | arena-lint -
  arena-lint report _posts/           # hours per chapter, across posts
"""


def split_commas(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select a,b --select c`` -> ``("a", "b", "c")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


class PathType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """``click.Path`` made when a value needs its checks: its constructor looks up a
    translation of its name with gettext, which imports locale (~1 ms a start).

    A path that ``click.Path(exists=True, allow_dash=True)`` accepts (``-``, or
    one that exists and can be read) is passed as it is; any other value goes
    through a real ``click.Path``, for its checks and its messages.
    """

    def __init__(
        self,
        *,
        exists: bool = False,
        dir_okay: bool = True,
        writable: bool = False,
        allow_dash: bool = False,
    ) -> None:
        self.exists = exists
        self.dir_okay = dir_okay
        self.writable = writable
        self.allow_dash = allow_dash
        self.name = "path" if dir_okay else "file"
        # click.Path(exists=True, allow_dash=True): the input paths of every run.
        self._plain = exists and dir_okay and allow_dash and not writable

    def _path(self) -> click.Path:
        return click.Path(
            exists=self.exists,
            dir_okay=self.dir_okay,
            writable=self.writable,
            allow_dash=self.allow_dash,
        )

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self._plain and (value == "-" or (os.path.exists(value) and os.access(value, os.R_OK))):
            return value
        return self._path().convert(value, param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return self._path().shell_complete(ctx, param, incomplete)


def _version(context: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(f"arena-lint, version {__version__}")
        context.exit(EXIT_OK)


def _help(context: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(context.get_help(), color=context.color)
        context.exit(EXIT_OK)


# click's own --help and --version options, written out: click makes them with a
# gettext lookup of their text, and gettext imports locale (~1 ms) on every start.
def _help_parameter() -> click.Option:
    return click.Option(
        ["-h", "--help"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_help,
        help="Show this message and exit.",
    )


class OwnHelp(click.Command):
    """A command whose help option is :func:`_help_parameter`, given where click
    asks for its help option: so usage errors still end their usage line with
    "Try '... --help' for help." and the option is listed last, as click's is."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = self.__dict__.get("_own_help")
        if option is None:  # one object: click orders eager options by identity
            option = self.__dict__["_own_help"] = _help_parameter()
        return option


version_option = click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)


def as_path(_context: click.Context, _: click.Parameter, value: str | None) -> Path | None:
    """A path option's value; pathlib is loaded only when one is given (not on every start)."""
    if value is None:
        return None
    from pathlib import Path

    return Path(value)


config_option = click.option(
    "--config",
    type=PathType(exists=True, dir_okay=False),
    callback=as_path,
    help="Use this configuration file instead of looking for one.",
)
isolated_option = click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
output_option = click.option(
    "-o",
    "--output-file",
    type=PathType(dir_okay=False),
    callback=as_path,
    help="Write the output to this file instead of standard output.",
)
