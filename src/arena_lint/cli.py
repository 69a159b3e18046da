"""The ``arena-lint`` command: options -> settings -> api -> formatter -> exit code.

The click command only gathers options into a :class:`Request`; :func:`execute`
does the rest and returns the exit status.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from . import api
from .about import __version__
from .config import ConfigError, Overrides, Resolver
from .diagnostics import Diagnostic, Severity
from .escape import dumps_json, for_log
from .formatters import FORMATTERS, Report
from .formatters.text import line
from .source import is_stdin

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from click.shell_completion import CompletionItem

    from .report.periods import Unit

#: Exit statuses, stable for scripts and CI; a signal N ends the run with 128 + N
#: (Ctrl-C: 130), as a shell reports it.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 128


#: ``report``'s formats; the table itself (``report.formats.REPORT_FORMATS``) is
#: imported only by ``report``, and a test keeps the two in step.
REPORT_FORMAT_NAMES = ("csv", "html", "json", "markdown", "text")

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


class Request:
    """Everything the command line asked for (a plain class: see config.Overrides)."""

    __slots__ = (
        "color",
        "config",
        "diff",
        "dump_tree",
        "exit_zero",
        "fix",
        "isolated",
        "jobs",
        "output_file",
        "output_format",
        "outputs",
        "overrides",
        "paths",
        "quiet",
        "statistics",
    )

    def __init__(
        self,
        paths: tuple[str, ...],
        *,
        output_format: str = "text",
        overrides: Overrides | None = None,
        config: Path | None = None,
        isolated: bool = False,
        exit_zero: bool = False,
        quiet: bool = False,
        statistics: bool = False,
        dump_tree: bool = False,
        color: str = "auto",
        output_file: Path | None = None,
        fix: bool = False,
        diff: bool = False,
        jobs: int = 0,
        outputs: tuple[tuple[str, Path], ...] = (),
    ) -> None:
        self.paths = paths
        self.output_format = output_format
        self.overrides = overrides if overrides is not None else Overrides()
        self.config = config
        self.isolated = isolated
        self.exit_zero = exit_zero
        self.quiet = quiet
        self.statistics = statistics
        self.dump_tree = dump_tree
        self.color = color
        self.output_file = output_file
        self.fix = fix
        self.diff = diff
        self.jobs = jobs
        self.outputs = outputs  # --output FORMAT:PATH: more reports of the same run


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select a,b --select c`` -> ``("a", "b", "c")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


class _PathType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
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


class _OwnHelp(click.Command):
    """A command whose help option is :func:`_help_parameter`, given where click
    asks for its help option: so usage errors still end their usage line with
    "Try '... --help' for help." and the option is listed last, as click's is."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = self.__dict__.get("_own_help")
        if option is None:  # one object: click orders eager options by identity
            option = self.__dict__["_own_help"] = _help_parameter()
        return option


_version_option = click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)


def _as_path(_context: click.Context, _: click.Parameter, value: str | None) -> Path | None:
    """A path option's value; pathlib is loaded only when one is given (not on every start)."""
    if value is None:
        return None
    from pathlib import Path

    return Path(value)


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
        from . import docs

        click.echo(docs.table(), nl=False)
        context.exit(EXIT_OK)


def _explain(context: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is None or context.resilient_parsing:
        return
    from . import docs
    from .rules import canonical, rule_named

    name = canonical(value)
    if name is None:
        raise click.BadParameter(f"no rule named {value!r}; see --list-rules", context)
    click.echo(docs.page(rule_named(name)), nl=False)
    context.exit(EXIT_OK)


_config_option = click.option(
    "--config",
    type=_PathType(exists=True, dir_okay=False),
    callback=_as_path,
    help="Use this configuration file instead of looking for one.",
)
_isolated_option = click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
_output_option = click.option(
    "-o",
    "--output-file",
    type=_PathType(dir_okay=False),
    callback=_as_path,
    help="Write the output to this file instead of standard output.",
)


def entry() -> None:
    """The ``arena-lint`` command and ``python -m arena_lint``: :func:`main`, then exit."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        from .atomic import ClosedStream

        sys.stdout = ClosedStream()
    try:
        main()
    finally:
        # The process ends here. Its last act would be the cycle collector's
        # passes over every object left (~4 ms, a tenth of a start without a log),
        # freeing memory the system takes back anyway. Everything freed by
        # reference counting is still finalised; the files arena-lint writes are
        # closed by then (`with`, arena_lint.atomic) and the streams are flushed.
        gc.freeze()


class _CheckByDefault(_OwnHelp, click.Group):
    """``arena-lint post.md`` means ``arena-lint check post.md``; ``report`` and
    ``server`` are made on first use (:data:`_LAZY_COMMANDS`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.list_commands(ctx) and args[0] not in ("-h", "--help")):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            self.add_command(_LAZY_COMMANDS[cmd_name]())
        return super().get_command(ctx, cmd_name)


@click.group(cls=_CheckByDefault, epilog=_EPILOG)
def main() -> None:
    """Check the study-time logs kept in Markdown posts.

    `arena-lint PATH...` is short for `arena-lint check PATH...`; see
    `arena-lint COMMAND --help` for each command's options.
    """


@main.command(
    cls=_OwnHelp,
    epilog=_EPILOG,
    short_help="Check posts: exact sums, structure, style (the default command).",
)
@click.argument("paths", nargs=-1, type=_PathType(exists=True, allow_dash=True), metavar="PATH...")
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
    type=_PathType(exists=True, dir_okay=False),
    callback=_as_path,
    help="Check front matter against this JSON Schema instead of the lenient default.",
)
@click.option(
    "--log-schema",
    type=_PathType(exists=True, dir_okay=False),
    callback=_as_path,
    help="Also check each post's tree (the JSON of --dump-tree) against this JSON Schema.",
)
@_output_option
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
@_version_option
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
        output_format, statistics=statistics, diff=diff, quiet=quiet, color=color, dump=dump_tree
    )
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
    output_format: str, *, statistics: bool, diff: bool, quiet: bool, color: str, dump: bool
) -> None:
    """Options apply to every mode or are refused where they would mean nothing."""
    if statistics and output_format != "text":
        raise click.UsageError("--statistics prints text; leave out --format")
    if dump and (diff or statistics):
        raise click.UsageError(
            "--dump-tree prints the tree only; leave out --diff and --statistics"
        )
    if diff and (output_format != "text" or statistics or quiet):
        raise click.UsageError("--diff prints a unified diff; leave out --format, --statistics, -q")
    if color == "always" and output_format != "text":
        raise click.UsageError(f"--color applies to text output, not --format {output_format}")


def execute(request: Request) -> int:
    """Run a request; the exit status."""
    resolver = Resolver(request.overrides, request.config, request.isolated)
    try:
        with _signals_as_exceptions():
            if request.dump_tree:
                return _dump_tree(request.paths, resolver)
            files = api.discover(request.paths, resolver)
            _refuse_overwriting_inputs("-o", request.output_file, files)
            for _name, target in request.outputs:
                _refuse_overwriting_inputs("--output", target, files)
            mode: api.Mode = "diff" if request.diff else "fix" if request.fix else "check"
            results = list(api.run_many(files, resolver, request.jobs, mode=mode))
    except ConfigError as error:
        click.echo(f"arena-lint: {for_log(str(error))}", err=True)
        return EXIT_USAGE
    except click.UsageError:
        raise
    except _Interrupted as stop:
        click.echo("arena-lint: interrupted", err=True)
        return EXIT_INTERRUPTED + stop.signal
    except KeyboardInterrupt:
        click.echo("arena-lint: interrupted", err=True)
        return EXIT_INTERRUPTED + signal.SIGINT
    if mode == "diff":
        # The diff is the output; a file that could not be checked is said so aside.
        unchecked = _unchecked(results)
        changed = [result for result in results if result.changed]
        output = _quarantined("".join(_unified_diff(result) for result in changed), request)
        return _emit(request, output, color=_color(request)) or (
            EXIT_FINDINGS if changed or unchecked else EXIT_OK
        )
    if mode == "fix":
        for result in results:
            if is_stdin(result.path):  # the post itself, always whole, on standard output
                try:
                    _write_stdout(result)
                except OSError as error:
                    click.echo(
                        f"arena-lint: cannot write standard output: {error.strerror}", err=True
                    )
                    return EXIT_USAGE
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)
    report = Report(
        diagnostics,
        results,
        _color(request),
        request.quiet,
        sum(result.fixed for result in results) if mode == "fix" else None,
        fails=_fails(resolver),
    )
    render = FORMATTERS[request.output_format] if not request.statistics else _statistics_renderer()
    # With `--fix -` the post goes to standard output, so the report goes to stderr.
    to_stderr = mode == "fix" and any(map(is_stdin, files))
    status = _emit(request, render(report), color=report.color, to_stderr=to_stderr)
    if status is not None:
        return status
    try:
        for name, target in request.outputs:  # --output FORMAT:PATH, from the same run
            plain = report.plain()
            _write_report(target, FORMATTERS[name](plain))
        if request.output_format == "github":
            for variable, write in (
                ("GITHUB_STEP_SUMMARY", _job_summary_renderer()),
                ("GITHUB_OUTPUT", _github_outputs),
            ):
                if os.environ.get(variable):
                    with open(os.environ[variable], "a", encoding="utf-8") as stream:
                        stream.write(write(report))
    except OSError as error:
        where = for_log(str(error.filename or "the GitHub step files"))
        click.echo(f"arena-lint: cannot write {where}: {error.strerror}", err=True)
        return EXIT_USAGE
    failed = _failed(diagnostics, resolver)
    return EXIT_FINDINGS if failed and not request.exit_zero else EXIT_OK


def _emit(
    request: Request, output: str, *, color: bool = False, to_stderr: bool = False
) -> int | None:
    """The one way out: ``output`` to ``-o FILE`` or the terminal; a status on failure."""
    try:
        if request.output_file is not None:
            _write_report(request.output_file, output)
        else:
            click.echo(output, nl=False, color=color, err=to_stderr)
    except OSError as error:
        # A write to a terminal or pipe names no file: name the stream.
        where = error.filename or ("standard error" if to_stderr else "standard output")
        click.echo(f"arena-lint: cannot write {for_log(str(where))}: {error.strerror}", err=True)
        return EXIT_USAGE
    return None


def _quarantined(text: str, request: Request) -> str:
    """A diff shows the posts' own lines, which the Actions runner would read as
    workflow commands (`::error ...`); in a GitHub Actions log they are fenced
    off with `::stop-commands::`, whose token nobody can guess."""
    if not text or request.output_file is not None or "GITHUB_ACTIONS" not in os.environ:
        return text
    import secrets

    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text}::{token}::\n"


def _statistics_renderer() -> Callable[[Report], str]:
    from .formatters import statistics

    return statistics.render


def _job_summary_renderer() -> Callable[[Report], str]:
    from .formatters import summary

    return summary.render


def _github_outputs(report: Report) -> str:
    from .formatters import github

    return github.outputs(report)


def _write_report(path: Path, text: str) -> None:
    # The writing machinery (tempfile, fsync) is loaded only when a file is asked for.
    from . import atomic

    atomic.write_report(path, text.encode("utf-8"))


def _terminal_columns() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _color(request: Request) -> bool:
    if request.output_file is not None or request.color == "never":
        return False
    return request.color == "always" or (sys.stdout.isatty() and "NO_COLOR" not in os.environ)


def _write_stdout(result: api.FileResult) -> None:
    if result.after is not None:
        sys.stdout.write(result.after)
    elif result.raw is not None:  # unreadable: passed through untouched, never lost
        sys.stdout.flush()
        sys.stdout.buffer.write(result.raw)  # ClosedStream's buffer fails the same way
    sys.stdout.flush()


def _refuse_overwriting_inputs(option: str, output: Path | None, files: list[str]) -> None:
    """A report is never written over one of the posts being checked."""
    if output is None:
        return
    from . import atomic

    post = atomic.clash(output, files)
    if post is not None:
        raise click.UsageError(f"{option} {post}: is an input post; not written")


class _Interrupted(BaseException):
    """SIGTERM or SIGHUP, raised where the main process is, so that every ``with``
    (worker pool, temporary file) is left cleanly; not an ``Exception``, so no
    crash guard mistakes it for a bug."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


@contextlib.contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    def stop(number: int, _: object) -> None:
        raise _Interrupted(number)

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    except ValueError:  # not the main thread (a program embedding the CLI): its signals
        yield
        return
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _failed(diagnostics: list[Diagnostic], resolver: Resolver) -> bool:
    return any(map(_fails(resolver), diagnostics))


def _fails(resolver: Resolver) -> Callable[[Diagnostic], bool]:
    """Errors fail a run; warnings too in a file whose settings are strict."""
    return lambda d: d.severity is Severity.ERROR or resolver.settings_for(d.path).strict


def _unified_diff(result: api.FileResult) -> str:
    name = for_log(result.path)  # the header is one line whatever the name
    relative = not os.path.isabs(name)
    import difflib

    lines = difflib.unified_diff(
        (result.before or "").splitlines(keepends=True),
        (result.after or "").splitlines(keepends=True),
        f"a/{name}" if relative else name,
        f"b/{name}" if relative else name,
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def _dump_tree(paths: tuple[str, ...], resolver: Resolver) -> int:
    files = api.discover(paths, resolver)
    if len(files) != 1:
        raise click.UsageError(f"--dump-tree takes exactly one file, not {len(files)}")
    result = api.run(files[0], resolver, tree=True)
    if result.document is None:
        for item in result.diagnostics:
            click.echo(f"arena-lint: {line(item)}", err=True)
        return EXIT_FINDINGS
    click.echo(dumps_json(result.document.to_json()))
    return EXIT_OK


def _report_command() -> click.Command:
    """``report``, built when asked for (see :class:`_CheckByDefault`)."""

    @click.command(
        context_settings={"help_option_names": ["-h", "--help"]},
        short_help="Show where the time went: hours per chapter and exercise.",
    )
    @click.argument(
        "paths",
        nargs=-1,
        required=True,
        type=_PathType(exists=True, allow_dash=True),
        metavar="PATH...",
    )
    @click.option(
        "--format",
        "output_format",
        type=click.Choice(REPORT_FORMAT_NAMES),
        default="text",
        show_default=True,
        help="text: a table with bars; markdown: to paste into a post; csv; json; "
        "html: one self-contained page with the chart.",
    )
    @click.option("--ascii", is_flag=True, help="Plain ASCII bars (the default off a terminal).")
    @click.option(
        "--width", type=click.IntRange(40, 400), help="Fit the table to this many columns."
    )
    @click.option(
        "--chart",
        type=_PathType(dir_okay=False, writable=True),
        callback=_as_path,
        help="Also write an SVG chart of the hours (per chapter, or per period with --by).",
    )
    @click.option(
        "--by",
        type=click.Choice(["post", "week", "month"]),
        default="post",
        show_default=True,
        help="Hours per log, or per ISO week / month by each post's date, with a running total.",
    )
    @click.option(
        "--since",
        type=click.DateTime(["%Y-%m-%d"]),
        help="Only posts dated on or after this day (YYYY-MM-DD); undated posts are left out.",
    )
    @click.option(
        "--until",
        type=click.DateTime(["%Y-%m-%d"]),
        help="Only posts dated on or before this day (YYYY-MM-DD); undated posts are left out.",
    )
    @_output_option
    @_config_option
    @_isolated_option
    def report(
        paths: tuple[str, ...],
        output_format: str,
        ascii: bool,
        width: int | None,
        chart: Path | None,
        by: Unit,
        since: datetime.datetime | None,
        until: datetime.datetime | None,
        output_file: Path | None,
        config: Path | None,
        isolated: bool,
    ) -> None:
        """Show where the time went: hours per chapter and exercise, their share of
        the total, skipped exercises and counts, per log and across all of them.

        Chapters and exercises of different posts are matched by their numbers, so a
        blog with one post per chapter adds up naturally. Hours are computed from the
        leaves (as --fix would make them); a stated total that differs is shown beside.
        """
        from .report.chart import render_report as render_chart
        from .report.formats import REPORT_FORMATS, RenderOptions
        from .report.periods import build_report

        if since is not None and until is not None and since > until:
            raise click.UsageError(f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}")
        request = Request(paths, output_file=output_file)
        resolver = Resolver(Overrides(), config, isolated)
        try:
            with _signals_as_exceptions():
                files = api.discover(paths, resolver)
                _refuse_overwriting_inputs("-o", output_file, files)
                _refuse_overwriting_inputs("--chart", chart, files)
                results = list(api.run_many(files, resolver, keep=True))
        except ConfigError as error:
            click.echo(f"arena-lint: {for_log(str(error))}", err=True)
            sys.exit(EXIT_USAGE)
        except (_Interrupted, KeyboardInterrupt) as stop:
            click.echo("arena-lint: interrupted", err=True)
            number = stop.signal if isinstance(stop, _Interrupted) else signal.SIGINT
            sys.exit(EXIT_INTERRUPTED + number)
        # A file the pipeline could not check is said so; its findings are check's business.
        unchecked = _unchecked(results)
        built = build_report(
            results,
            by,
            since.date() if since is not None else None,
            until.date() if until is not None else None,
        )
        terminal = output_file is None and sys.stdout.isatty()
        options = RenderOptions(
            width=width or (_terminal_columns() if terminal else 80),
            ascii=ascii or not terminal,
        )
        status = _emit(request, REPORT_FORMATS[output_format](built, options))
        if status is not None:
            sys.exit(status)
        if chart is not None:
            try:
                _write_report(chart, render_chart(built))
            except OSError as error:
                click.echo(
                    f"arena-lint: cannot write {for_log(str(chart))}: {error.strerror}", err=True
                )
                sys.exit(EXIT_USAGE)
        # The figures are still shown, but a report over a log with errors (a wrong
        # sum) fails like check does: its numbers cannot be trusted as they stand.
        wrong = any(section.errors for section in built.logs)
        sys.exit(EXIT_FINDINGS if unchecked or wrong else EXIT_OK)

    return report


#: Findings that mean a file was not checked at all (its logs are missing from a report).
_UNCHECKED_FILE = frozenset({"unreadable-file", "internal-error"})


def _unchecked(results: list[api.FileResult]) -> list[Diagnostic]:
    """The findings of files that could not be checked, each told on standard error."""
    found = [item for r in results for item in r.diagnostics if item.rule in _UNCHECKED_FILE]
    for item in found:
        click.echo(f"arena-lint: {line(item)}", err=True)
    return found


def _server_command() -> click.Command:
    """``server``, built when asked for (see :class:`_CheckByDefault`)."""

    @click.command(context_settings={"help_option_names": ["-h", "--help"]})
    def server() -> None:
        """Run the language server over stdio, for editors (see the README)."""
        from .server import main as serve  # pygls is loaded only here

        sys.exit(serve())

    return server


#: Commands whose options are built only when they run or help is shown: making a
#: click option costs ~0.05 ms, and a check (most starts) needs only its own.
_LAZY_COMMANDS: dict[str, Callable[[], click.Command]] = {
    "report": _report_command,
    "server": _server_command,
}
