"""The ``arena-lint`` command: options -> settings -> api -> formatter -> exit code.

The click command only gathers options into a :class:`Request`; :func:`execute`
does the rest and returns the exit status.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .fixes import FileFix

from . import __version__, api, atomic
from .config import ConfigError, Overrides, Resolver
from .diagnostics import Diagnostic, Severity
from .formatters import FORMATTERS, Report, github
from .formatters import statistics as statistics_format
from .formatters import summary as job_summary
from .source import STDIN, ReadError, is_stdin
from .source import read as read_source

#: Exit statuses, stable for scripts and CI.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_EPILOG = """\b
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


@dataclass(frozen=True, slots=True)
class Request:
    """Everything the command line asked for."""

    paths: tuple[str, ...]
    output_format: str = "text"
    overrides: Overrides = field(default_factory=Overrides)
    config: Path | None = None
    isolated: bool = False
    exit_zero: bool = False
    quiet: bool = False
    statistics: bool = False
    dump_tree: bool = False
    color: str = "auto"
    output_file: Path | None = None
    fix: bool = False
    diff: bool = False
    jobs: int = 0
    outputs: tuple[tuple[str, Path], ...] = ()
    """``--output FORMAT:PATH``: more reports of the same run."""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select a,b --select c`` -> ``("a", "b", "c")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _outputs(
    context: click.Context, _: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, Path], ...]:
    """``--output sarif:out.sarif`` -> ``(("sarif", Path("out.sarif")),)``."""
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
        from . import docs

        click.echo(docs.table(), nl=False)
        context.exit(EXIT_OK)


def _explain(context: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is None or context.resilient_parsing:
        return
    from . import docs
    from .rules import BY_NAME, canonical

    name = canonical(value)
    if name is None:
        raise click.BadParameter(f"no rule named {value!r}; see --list-rules", context)
    click.echo(docs.page(BY_NAME[name]), nl=False)
    context.exit(EXIT_OK)


_config_option = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this configuration file instead of looking for one.",
)
_isolated_option = click.option("--isolated", is_flag=True, help="Ignore all configuration files.")


class _CheckByDefault(click.Group):
    """``arena-lint post.md`` means ``arena-lint check post.md``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=_CheckByDefault, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG
)
def main() -> None:
    """Check the study-time logs kept in Markdown posts.

    `arena-lint PATH...` is short for `arena-lint check PATH...`; see
    `arena-lint COMMAND --help` for each command's options.
    """


@main.command(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_EPILOG,
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
@_config_option
@_isolated_option
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
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check front matter against this JSON Schema instead of the lenient default.",
)
@click.option(
    "--log-schema",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also check each post's tree (the JSON of --dump-tree) against this JSON Schema.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file (atomically) instead of standard output.",
)
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
@click.version_option(__version__, "-V", "--version", prog_name="arena-lint")
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
    if statistics and output_format != "text":
        raise click.UsageError("--statistics prints text; leave out --format")
    overrides = Overrides(
        select=_split(select) or None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        strict=strict,
        front_matter_schema=front_matter_schema,
        log_schema=log_schema,
        fixable=_split(fixable) or None,
        fix_trust=fix_trust,
        exclude=_split(exclude) or None,
        extend_exclude=_split(extend_exclude),
        respect_gitignore=respect_gitignore,
        force_exclude=force_exclude,
        stdin_filename=stdin_filename,
    )
    if dump_tree and (fix or diff):
        raise click.UsageError("--dump-tree does not combine with --fix or --diff")
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


def execute(request: Request) -> int:
    """Run a request; the exit status."""
    resolver = Resolver(request.overrides, request.config, request.isolated)
    try:
        if request.dump_tree:
            return _dump_tree(request.paths)
        if request.fix or request.diff:
            return _fix(request, resolver)
        results = list(api.lint_paths(request.paths, resolver, request.jobs))
        diagnostics = _sorted(results)
        failed = _failed(diagnostics, resolver)
    except ConfigError as error:
        click.echo(f"arena-lint: {error}", err=True)
        return EXIT_USAGE
    color = request.output_file is None and (
        request.color == "always"
        or (request.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    )
    report = Report(diagnostics, results, color, request.quiet, fails=_fails(resolver))
    render = statistics_format.render if request.statistics else FORMATTERS[request.output_format]
    output = render(report)
    try:
        if request.output_file is not None:
            atomic.write_bytes(request.output_file, output.encode("utf-8"))
        else:
            click.echo(output, nl=False, color=color)
        for name, target in request.outputs:
            plain = replace(report, color=False)
            atomic.write_bytes(target, FORMATTERS[name](plain).encode("utf-8"))
        if request.output_format == "github":
            for variable, write in (
                ("GITHUB_STEP_SUMMARY", job_summary.render),
                ("GITHUB_OUTPUT", github.outputs),
            ):
                if os.environ.get(variable):
                    with open(os.environ[variable], "a", encoding="utf-8") as stream:
                        stream.write(write(report))
    except OSError as error:
        click.echo(f"arena-lint: cannot write {error.filename}: {error.strerror}", err=True)
        return EXIT_USAGE
    return EXIT_FINDINGS if failed and not request.exit_zero else EXIT_OK


def _fix(request: Request, resolver: Resolver) -> int:
    """``--fix`` and ``--diff``: repair, show or write, then report what remains."""
    from . import fixes

    fixed = [
        fixes.fix_path(path, resolver, write=request.fix)
        for path in api.discover(request.paths, resolver)
    ]
    # Standard input's repaired text goes to standard output, so the report goes to stderr.
    to_stderr = request.fix and STDIN in request.paths
    changed = False
    for item in fixed:
        if item.conflict:
            click.echo(
                f"arena-lint: {item.result.path} changed while being checked; not fixed", err=True
            )
        if item.before != item.after:
            changed = True
            if request.diff:
                click.echo(_unified_diff(item), nl=False)
            elif is_stdin(item.result.path):
                sys.stdout.write(item.after)
    results = [item.result for item in fixed]
    diagnostics = _sorted(results)
    report = Report(
        diagnostics,
        results,
        quiet=request.quiet,
        fixed=sum(item.fixed for item in fixed),
        fails=_fails(resolver),
    )
    if not request.diff:
        click.echo(FORMATTERS[request.output_format](report), nl=False, err=to_stderr)
    if request.diff:
        return EXIT_FINDINGS if changed else EXIT_OK
    failed = any(item.conflict for item in fixed) or _failed(diagnostics, resolver)
    return EXIT_FINDINGS if failed and not request.exit_zero else EXIT_OK


def _sorted(results: list[api.FileResult]) -> list[Diagnostic]:
    return sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)


def _failed(diagnostics: list[Diagnostic], resolver: Resolver) -> bool:
    return any(map(_fails(resolver), diagnostics))


def _fails(resolver: Resolver) -> Callable[[Diagnostic], bool]:
    """Errors fail a run; warnings too in a file whose settings are strict."""
    return lambda d: d.severity is Severity.ERROR or resolver.settings_for(d.path).strict


def _unified_diff(item: FileFix) -> str:
    name = item.result.path
    relative = not os.path.isabs(name)
    lines = difflib.unified_diff(
        item.before.splitlines(keepends=True),
        item.after.splitlines(keepends=True),
        f"a/{name}" if relative else name,
        f"b/{name}" if relative else name,
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def _dump_tree(paths: tuple[str, ...]) -> int:
    files = api.discover(paths)
    if len(files) != 1:
        raise click.UsageError(f"--dump-tree takes exactly one file, not {len(files)}")
    try:
        source = read_source(files[0])
    except ReadError as error:
        click.echo(f"arena-lint: {files[0]}: {error}", err=True)
        return EXIT_FINDINGS
    click.echo(json.dumps(api.parse(source).to_json(), indent=2, ensure_ascii=False))
    return EXIT_OK


@main.command(
    context_settings={"help_option_names": ["-h", "--help"]},
    short_help="Show where the time went: hours per chapter and exercise.",
)
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, allow_dash=True),
    metavar="PATH...",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "csv", "json"]),
    default="text",
    show_default=True,
    help="text: a table with bars; markdown: to paste into a post; csv; json.",
)
@click.option("--ascii", is_flag=True, help="Plain ASCII bars (the default off a terminal).")
@click.option("--width", type=click.IntRange(40, 400), help="Fit the table to this many columns.")
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write an SVG bar chart of the hours per chapter to this file.",
)
@_config_option
@_isolated_option
def report(
    paths: tuple[str, ...],
    output_format: str,
    ascii: bool,
    width: int | None,
    chart: Path | None,
    config: Path | None,
    isolated: bool,
) -> None:
    """Show where the time went: hours per chapter and exercise, their share of
    the total, skipped exercises and counts, per log and across all of them.

    Chapters and exercises of different posts are matched by their numbers, so a
    blog with one post per chapter adds up naturally. A log with errors is
    reported with its leaves' hours (as --fix would make them) and says so.
    """
    from .report import from_paths
    from .report import json_format as report_json
    from .report.chart import render as render_chart
    from .report.csv_format import render as render_csv
    from .report.markdown import render as render_markdown
    from .report.text import render as render_text

    resolver = Resolver(Overrides(), config, isolated)
    try:
        built, problems = from_paths(list(paths), resolver)
    except ConfigError as error:
        click.echo(f"arena-lint: {error}", err=True)
        sys.exit(EXIT_USAGE)
    for problem in problems:
        click.echo(f"arena-lint: {problem}", err=True)
    if output_format == "text":
        terminal = sys.stdout.isatty()
        columns = width or (shutil.get_terminal_size().columns if terminal else 80)
        output = render_text(built, width=columns, ascii=ascii or not terminal)
    elif output_format == "markdown":
        output = render_markdown(built)
    elif output_format == "csv":
        output = render_csv(built)
    else:
        output = report_json.render(built)
    click.echo(output, nl=False)
    if chart is not None:
        try:
            atomic.write_bytes(chart, render_chart(built.all).encode("utf-8"))
        except OSError as error:
            click.echo(f"arena-lint: cannot write {chart}: {error.strerror}", err=True)
            sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if problems else EXIT_OK)
