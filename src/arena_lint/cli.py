"""The ``arena-lint`` command: options -> Settings -> api -> formatter -> exit code."""

from __future__ import annotations

import json
import os
import sys

import click

from . import __version__, api
from .diagnostics import Severity
from .formatters import FORMATTERS, Report
from .parser import parse
from .settings import Settings
from .source import ReadError
from .source import read as read_source

#: Exit statuses, stable for scripts and CI.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_EPILOG = """\b
Exit status: 0 no errors (warnings allowed unless --strict),
1 errors found (or warnings with --strict), 2 usage error.

\b
Examples:
  arena-lint posts/2023-08-01-arena.md
  arena-lint _posts/                 # every *.md and *.markdown below
  arena-lint --format json post.md
  cat post.md | arena-lint -
"""


@click.command(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_EPILOG,
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True), metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="How findings are printed.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option(
    "--dump-tree",
    is_flag=True,
    help="Print the typed tree of one file as JSON (schema/arena-log.schema.json) and exit.",
)
@click.option(
    "--front-matter-schema",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Check front matter against this JSON Schema instead of the lenient default.",
)
@click.option(
    "--log-schema",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Also check each post's tree (the JSON of --dump-tree) against this JSON Schema.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output. Default: only on a terminal, and never when NO_COLOR is set.",
)
@click.version_option(__version__, "-V", "--version", prog_name="arena-lint")
def main(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    dump_tree: bool,
    front_matter_schema: str | None,
    log_schema: str | None,
    color: bool | None,
) -> None:
    """Check the study-time logs in Markdown posts.

    A log is a `Total Hours: 42.7` line followed by a nested list of timed
    chapters and exercises (`- 2.3h exercise 0.2 [CNN](url)`). arena-lint
    checks that exercises add up to their chapter and chapters to the total,
    exactly, plus structure, style and front matter. PATH may be a file, a
    folder (searched for *.md and *.markdown) or - for standard input.
    """
    if not paths:
        raise click.UsageError("give at least one PATH: a file, a folder, or - for standard input")
    from pathlib import Path

    settings = Settings(
        strict=strict,
        front_matter_schema=Path(front_matter_schema) if front_matter_schema else None,
        log_schema=Path(log_schema) if log_schema else None,
    )
    if dump_tree:
        sys.exit(_dump_tree(paths))
    if color is None:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    results = list(api.lint_paths(paths, settings))
    diagnostics = sorted(
        (item for result in results for item in result.diagnostics), key=lambda d: d.sort_key()
    )
    report = Report(diagnostics, len(results), color)
    click.echo(FORMATTERS[output_format](report), nl=False, color=color)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(EXIT_FINDINGS if any(item.severity in failing for item in diagnostics) else EXIT_OK)


def _dump_tree(paths: tuple[str, ...]) -> int:
    files = api.discover(paths)
    if len(files) != 1:
        raise click.UsageError(f"--dump-tree takes exactly one file, not {len(files)}")
    try:
        source = read_source(files[0])
    except ReadError as error:
        click.echo(f"arena-lint: {files[0]}: {error}", err=True)
        return EXIT_FINDINGS
    document = parse(source)
    click.echo(json.dumps(document.to_json(), indent=2, ensure_ascii=False))
    return EXIT_OK
