"""Click pieces shared by the commands: --help, --version, the configuration
and output options, and the epilog."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..about import __version__

if TYPE_CHECKING:
    from pathlib import Path

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


#: -h is --help too, for every command.
CONTEXT = {"help_option_names": ["-h", "--help"]}

version_option = click.version_option(
    __version__, "-V", "--version", prog_name="arena-lint", message="%(prog)s, version %(version)s"
)


def as_path(_context: click.Context, _: click.Parameter, value: str | None) -> Path | None:
    """A path option's value; pathlib is loaded only when one is given (not on every start)."""
    if value is None:
        return None
    from pathlib import Path

    return Path(value)


config_option = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    callback=as_path,
    help="Use this configuration file instead of looking for one.",
)
isolated_option = click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
output_option = click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    callback=as_path,
    help="Write the output to this file instead of standard output.",
)
