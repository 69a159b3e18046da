"""``check``'s work once its options are gathered: run the files, emit the
output, return the exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import click

from .. import api
from ..config import Overrides, Resolver
from ..diagnostics import Diagnostic, Severity
from ..escape import dumps_json, for_log
from ..formatters import FORMATTERS, CheckReport
from ..formatters.text import line
from ..source import MAX_BYTES, is_stdin
from .guard import EXIT_FINDINGS, EXIT_OK, guarded
from .output import (
    emit,
    fenced,
    nothing_checked,
    refuse_one_file_twice,
    refuse_overwriting_inputs,
    unchecked,
)

if TYPE_CHECKING:
    from pathlib import Path


class Request(NamedTuple):
    """Everything the command line asked for."""

    paths: tuple[str, ...]
    output_format: str = "text"
    overrides: Overrides = Overrides()
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


def execute(request: Request) -> int:
    """Run a request; the exit status."""
    resolver = Resolver(request.overrides, request.config, request.isolated)
    return guarded(lambda: _check(request, resolver))


def _check(request: Request, resolver: Resolver) -> int:
    if request.dump_tree:
        return _dump_tree(request, resolver)
    files = api.discover(request.paths, resolver)
    nothing_checked(request.paths, files, resolver)
    refuse_overwriting_inputs("-o", request.output_file, files)
    for _name, target in request.outputs:
        refuse_overwriting_inputs("--output", target, files)
    refuse_one_file_twice(
        [("-o", request.output_file), *(("--output", target) for _, target in request.outputs)]
    )
    mode: api.Mode = "diff" if request.diff else "fix" if request.fix else "check"
    results = list(api.run_many(files, resolver, request.jobs, mode=mode))
    if mode == "diff":
        # The diff is the output; a file that could not be checked is said so aside.
        missed = unchecked(results)
        changed = [result for result in results if result.changed]
        diff = "".join(_unified_diff(result) for result in changed)
        emit(fenced(diff, request.output_file), request.output_file, color=_color(request))
        return EXIT_FINDINGS if changed or missed else EXIT_OK
    if mode == "fix":
        for result in results:
            if is_stdin(result.path):  # the post itself, always whole, on standard output
                _write_stdout(result)
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=Diagnostic.sort_key)
    report = CheckReport(
        diagnostics,
        results,
        _color(request),
        request.quiet,
        sum(result.fixed for result in results) if mode == "fix" else None,
        fails=_fails(resolver),
        fixable=lambda d: bool(d.fix) and resolver.settings_for(d.path).is_fixable(d.rule),
        found=sum(result.found for result in results) if mode == "fix" else None,
    )
    render = FORMATTERS[request.output_format] if not request.statistics else _statistics_renderer()
    # With `--fix -` the post goes to standard output, so the report goes to stderr.
    to_stderr = mode == "fix" and any(map(is_stdin, files))
    emit(render(report), request.output_file, color=report.color, err=to_stderr)
    for name, target in request.outputs:  # --output FORMAT:PATH, from the same run
        emit(FORMATTERS[name](report.plain()), target)
    if request.output_format == "github":
        for variable, write in (
            ("GITHUB_STEP_SUMMARY", _job_summary_renderer()),
            ("GITHUB_OUTPUT", _github_outputs),
        ):
            if os.environ.get(variable):
                from pathlib import Path

                emit(write(report), Path(os.environ[variable]), append=True)
    failed = _failed(diagnostics, resolver)
    return EXIT_FINDINGS if failed and not request.exit_zero else EXIT_OK


def _statistics_renderer() -> Callable[[CheckReport], str]:
    from ..formatters import statistics

    return statistics.render


def _job_summary_renderer() -> Callable[[CheckReport], str]:
    from ..formatters import summary

    return summary.render


def _github_outputs(report: CheckReport) -> str:
    from ..formatters import github

    return github.outputs(report)


def _color(request: Request) -> bool:
    if request.output_file is not None or request.color == "never":
        return False
    return request.color == "always" or (sys.stdout.isatty() and "NO_COLOR" not in os.environ)


def _write_stdout(result: api.FileResult) -> None:
    # Bytes: the post is written as it is (click.echo would drop escape sequences).
    if result.after is not None:
        emit(fenced(result.after, None).encode("utf-8"))
    elif result.raw is not None:  # unreadable: passed through untouched, never lost
        emit(result.raw)
        if len(result.raw) > MAX_BYTES:  # read up to the cap: the rest follows as it comes
            while chunk := sys.stdin.buffer.read(1 << 20):
                emit(chunk)


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


def _dump_tree(request: Request, resolver: Resolver) -> int:
    files = api.discover(request.paths, resolver)
    if len(files) != 1:
        raise click.UsageError(f"--dump-tree takes exactly one file, not {len(files)}")
    refuse_overwriting_inputs("-o", request.output_file, files)
    result = api.run(files[0], resolver, tree=True)
    if result.document is None:
        emit("".join(f"arena-lint: {line(item)}\n" for item in result.diagnostics), err=True)
        return EXIT_FINDINGS
    emit(dumps_json(result.document.to_json()) + "\n", request.output_file)
    front_matter = result.document.front_matter
    if front_matter is not None and front_matter.template:
        line_count = front_matter.span.end_line
        emit(
            f"arena-lint: note: {for_log(result.path)}: lines 1-{line_count} are a template's "
            "front matter ({{ ... }}, as in Hugo's archetypes/): not parsed or checked\n",
            err=True,
        )
    return EXIT_OK
