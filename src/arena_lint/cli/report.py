"""The ``report`` command: where the time went. Imported when it is asked for."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .. import api
from ..config import Overrides, Resolver
from ..report.chart import render_report as render_chart
from ..report.formats import REPORT_FORMATS, RenderOptions
from ..report.periods import build_report
from .guard import EXIT_FINDINGS, EXIT_OK, guarded
from .output import (
    emit,
    nothing_checked,
    refuse_one_file_twice,
    refuse_overwriting_inputs,
    unchecked,
)
from .params import CONTEXT, as_path, config_option, isolated_option, output_option

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from ..api import FileResult
    from ..course import Outline
    from ..report import Unit
    from ..report.planning import Target


@click.command(
    context_settings=CONTEXT,
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
    type=click.Choice(sorted(REPORT_FORMATS)),
    default="text",
    show_default=True,
    help="text: a table with bars; markdown: to paste into a post; csv; json; "
    "html: one self-contained page with the chart.",
)
@click.option("--ascii", is_flag=True, help="Plain ASCII bars (the default off a terminal).")
@click.option("--width", type=click.IntRange(40, 400), help="Fit the table to this many columns.")
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, writable=True),
    callback=as_path,
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
@click.option(
    "--outline",
    type=click.Path(exists=True, dir_okay=False),
    callback=as_path,
    help="Compare with this course outline (TOML): hours spent against planned, "
    "done/skipped/not started, share finished, pace and projected finish. "
    "Default: the outline(s) the configuration names.",
)
@click.option(
    "--pace-weeks",
    type=click.IntRange(1, 520),
    default=4,
    show_default=True,
    help="With an outline: the pace is the hours per week over this many ISO weeks, "
    "up to the latest dated post.",
)
@output_option
@config_option
@isolated_option
def report(
    paths: tuple[str, ...],
    output_format: str,
    ascii: bool,
    width: int | None,
    chart: Path | None,
    by: Unit,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    outline: Path | None,
    pace_weeks: int,
    output_file: Path | None,
    config: Path | None,
    isolated: bool,
) -> None:
    """Show where the time went: hours per chapter and exercise, their share of
    the total, skipped exercises and counts, per log and across all of them.

    Chapters and exercises of different posts are matched by their numbers within
    a course (the front matter's `course:`), so a blog with one post per chapter
    adds up naturally and different courses never mix. Hours are computed from the
    leaves (as --fix would make them); a stated total that differs is shown beside.
    """
    if since is not None and until is not None and since > until:
        raise click.UsageError(f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}")
    resolver = Resolver(Overrides(), config, isolated)

    def run() -> int:
        files = api.discover(paths, resolver)
        nothing_checked(paths, files, resolver, rules=False)
        refuse_overwriting_inputs("-o", output_file, files)
        refuse_overwriting_inputs("--chart", chart, files)
        refuse_one_file_twice([("-o", output_file), ("--chart", chart)])
        results = list(api.run_many(files, resolver, keep=True))
        # A file the pipeline could not check is said so; its findings are check's business.
        missed = unchecked(results)
        built = build_report(
            results,
            by,
            since.date() if since is not None else None,
            until.date() if until is not None else None,
            _targets(outline, results, resolver),
            pace_weeks,
        )
        if not built.logs and any(built.left_out):
            _empty_range(since, until, *built.left_out)
        terminal = output_file is None and sys.stdout.isatty()
        options = RenderOptions(
            width=width or (_terminal_columns() if terminal else 80),
            ascii=ascii or not terminal,
        )
        emit(REPORT_FORMATS[output_format](built, options), output_file)
        if chart is not None:
            emit(render_chart(built), chart)
        # Whatever the format: why the status is 1 (unless the format shows each log's
        # errors beside it: the per-post views but CSV's), and which dates were not read.
        shown_beside = built.timeline is None and output_format != "csv"
        problems = built.problems(errors=not shown_beside)
        if problems:
            emit("".join(f"arena-lint: {problem}\n" for problem in problems), err=True)
        # The figures are still shown, but a report over a log with errors (a wrong
        # sum) fails like check does: its numbers cannot be trusted as they stand.
        wrong = any(section.errors for section in built.logs)
        return EXIT_FINDINGS if missed or wrong else EXIT_OK

    sys.exit(guarded(run))


def _targets(outline: Path | None, results: list[FileResult], resolver: Resolver) -> list[Target]:
    """The outlines to compare with: the one named by ``--outline``, else those the
    configuration of each post names (``outline``, and ``outlines`` by course),
    each with the posts the outline rules check against it."""
    import os

    from ..report.planning import Target
    from ..rules.outlines import OutlineOptions, outline_for

    if outline is not None:
        from ..course import load_outline

        # Named on the command line: the user's choice, wherever it is.
        return [Target(load_outline(outline, root=None))]
    found: dict[tuple[str, str], tuple[Outline, set[str]]] = {}

    def key(chosen: Outline) -> tuple[str, str]:
        # One outline file, however each configuration spells its path: one plan.
        return (os.path.realpath(chosen.path), chosen.name)

    for result in results:
        options = resolver.settings_for(result.path).options
        default = options.get("outline")
        named = tuple(options.get("outlines") or ())
        for chosen in (default, *(pair[1] for pair in named)):
            if chosen is not None:  # every configured outline has a plan, posts or none
                found.setdefault(key(chosen), (chosen, set()))
        if result.document is not None:
            mine = outline_for(result.document, OutlineOptions(default, named))
            if mine is not None:
                found[key(mine)][1].add(result.path)
    return [Target(chosen, paths=frozenset(paths)) for chosen, paths in found.values()]


def _empty_range(
    since: datetime.datetime | None, until: datetime.datetime | None, dated: int, undated: int
) -> None:
    """No post in ``--since``/``--until``: said, as a run that checks no file says
    so, since the report alone (empty) cannot be told from a blog with no log."""
    from ..words import plural

    bounds = " ".join(
        f"{flag} {day:%Y-%m-%d}" for flag, day in (("--since", since), ("--until", until)) if day
    )
    more = f", and {undated} undated" if undated else ""
    emit(
        f"arena-lint: warning: no post falls in the range {bounds} "
        f"({plural(dated, 'dated post')} left out{more})\n",
        err=True,
    )


def _terminal_columns() -> int:
    import shutil

    return shutil.get_terminal_size().columns
