"""The ``check`` command (the default): its options, gathered into a
:class:`~.run.Request` for :func:`~.run.execute`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..config import Overrides
from ..formatters import FORMATTERS
from .guard import EXIT_OK
from .params import (
    CONTEXT,
    EPILOG,
    as_path,
    config_option,
    isolated_option,
    output_option,
    split_commas,
    version_option,
)
from .run import Request, execute

if TYPE_CHECKING:
    from pathlib import Path


def _outputs(
    context: click.Context, _: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, Path], ...]:
    """``--output sarif:out.sarif`` -> ``(("sarif", Path("out.sarif")),)``."""
    if not values:
        return ()
    from pathlib import Path

    parsed = []
    for value in values:
        name, _sep, target = value.partition(":")
        if name not in FORMATTERS or not target:
            raise click.BadParameter(
                f"{value!r} is not FORMAT:PATH with FORMAT one of {', '.join(sorted(FORMATTERS))}",
                context,
            )
        parsed.append((name, Path(target)))
    return tuple(parsed)


def _list_rules(context: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        from .. import docs

        click.echo(docs.table(), nl=False)
        context.exit(EXIT_OK)


def _explain(context: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is None or context.resilient_parsing:
        return
    from .. import docs
    from ..rules import canonical, rule_named

    name = canonical(value)
    if name is None:
        raise click.BadParameter(f"no rule named {value!r}; see --list-rules", context)
    click.echo(docs.page(rule_named(name)), nl=False)
    context.exit(EXIT_OK)


@click.command(
    context_settings=CONTEXT,
    epilog=EPILOG,
    short_help="Check posts: exact sums, structure, style (the default command).",
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
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Run only these rules (names, codes, prefixes such as AL3, groups such as style).",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Run these rules too.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules.")
@click.option("--strict/--no-strict", default=None, help="Warnings fail the run too (exit 1).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of findings.")
@click.option(
    "--fix", is_flag=True, help="Repair what can be proved (the sums, by default) in place."
)
@click.option(
    "--diff", is_flag=True, help="Print what --fix would change as a diff; write nothing."
)
@click.option(
    "--fixable",
    multiple=True,
    metavar="RULES",
    help="Rules whose fixes --fix applies (default: the sums; add style or ALL for whitespace).",
)
@click.option(
    "--fix-trust",
    type=click.Choice(["leaves", "parents"]),
    default=None,
    help="Which side of a wrong sum --fix believes (default: leaves, the parts).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOBS",
    help="Skip these files and folders (gitignore-style), instead of the configuration's.",
)
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Skip these too.")
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Folder walks skip what git ignores (default: on).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply exclude to files named on the command line too (as pre-commit hooks do).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="The name of standard input, for output, configuration and per-file-ignores.",
)
@config_option
@isolated_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 256),
    default=0,
    show_default=True,
    help="Worker processes for many files; 0 means one per CPU.",
)
@click.option(
    "--front-matter-schema",
    type=click.Path(exists=True, dir_okay=False),
    callback=as_path,
    help="Check front matter against this JSON Schema instead of the lenient default.",
)
@click.option(
    "--log-schema",
    type=click.Path(exists=True, dir_okay=False),
    callback=as_path,
    help="Also check each post's tree (the JSON of --dump-tree) against this JSON Schema.",
)
@output_option
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:PATH",
    callback=_outputs,
    help="Also write this format to PATH, from the same run (repeatable).",
)
@click.option(
    "--dump-tree",
    is_flag=True,
    help="Print the typed tree of one file as JSON (schema/arena-log.schema.json) and exit.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output; auto means on a terminal unless NO_COLOR is set.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_list_rules,
    help="List every rule and exit.",
)
@click.option(
    "--explain",
    metavar="RULE",
    expose_value=False,
    is_eager=True,
    callback=_explain,
    help="Print the documentation of one rule (name or code) and exit.",
)
@version_option
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool | None,
    exit_zero: bool,
    quiet: bool,
    statistics: bool,
    fix: bool,
    diff: bool,
    fixable: tuple[str, ...],
    fix_trust: str | None,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    respect_gitignore: bool | None,
    force_exclude: bool,
    stdin_filename: str | None,
    config: Path | None,
    isolated: bool,
    jobs: int,
    front_matter_schema: Path | None,
    log_schema: Path | None,
    output_file: Path | None,
    outputs: tuple[tuple[str, Path], ...],
    dump_tree: bool,
    color: str,
) -> None:
    """Check the study-time logs in Markdown posts.

    A log is a `Total Hours: 42.7` line followed by a nested list of timed
    chapters and exercises (`- 2.3h exercise 0.2 [CNN](url)`). arena-lint
    checks that exercises add up to their chapter and chapters to the total,
    exactly, plus structure, style and front matter. PATH may be a file, a
    folder (searched for *.md and *.markdown) or - for standard input.
    """
    if stdin_filename is not None and not paths:
        paths = ("-",)
    if not paths:
        raise click.UsageError("give at least one PATH: a file, a folder, or - for standard input")
    if outputs and (diff or dump_tree):
        # Neither mode reports findings: the files would silently not be written.
        raise click.UsageError("--output writes findings; leave out --diff and --dump-tree")
    _check_combinations(
        output_format,
        statistics=statistics,
        diff=diff,
        fix=fix,
        quiet=quiet,
        color=color,
        dump=dump_tree,
    )
    overrides = Overrides(
        select=split_commas(select) or None,
        extend_select=split_commas(extend_select),
        ignore=split_commas(ignore),
        strict=strict,
        options={
            name: value
            for name, value in (
                ("front_matter_schema", front_matter_schema),
                ("log_schema", log_schema),
                ("fix_trust", fix_trust),
            )
            if value is not None
        },
        fixable=split_commas(fixable) or None,
        exclude=split_commas(exclude) or None,
        extend_exclude=split_commas(extend_exclude),
        respect_gitignore=respect_gitignore,
        force_exclude=force_exclude,
        stdin_filename=stdin_filename,
    )
    request = Request(
        paths,
        output_format=output_format,
        overrides=overrides,
        config=config,
        isolated=isolated,
        exit_zero=exit_zero,
        quiet=quiet,
        statistics=statistics,
        dump_tree=dump_tree,
        color=color,
        output_file=output_file,
        fix=fix,
        diff=diff,
        jobs=jobs,
        outputs=outputs,
    )
    sys.exit(execute(request))


def _check_combinations(
    output_format: str,
    *,
    statistics: bool,
    diff: bool,
    fix: bool,
    quiet: bool,
    color: str,
    dump: bool,
) -> None:
    """Options apply to every mode or are refused where they would mean nothing."""
    if statistics and output_format != "text":
        raise click.UsageError("--statistics prints text; leave out --format")
    if dump and (diff or fix or statistics or output_format != "text"):
        raise click.UsageError(
            "--dump-tree prints the tree only; leave out --fix, --diff, --statistics, --format"
        )
    if diff and (output_format != "text" or statistics or quiet):
        raise click.UsageError("--diff prints a unified diff; leave out --format, --statistics, -q")
    if color == "always" and output_format != "text":
        raise click.UsageError(f"--color applies to text output, not --format {output_format}")
