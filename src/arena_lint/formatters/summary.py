"""The Markdown job summary written to ``GITHUB_STEP_SUMMARY`` with ``--format github``:
findings per rule, the hours of each log checked, and every finding.

Messages keep their code spans (`` `https://...` ``) as code, not as escaped
backticks; a log whose stated total differs from its entries is marked; each
file is a link to it at the commit the workflow runs on, when the runner says
which (``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``, ``GITHUB_SHA``).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..escape import for_terminal, markdown_cell, uri_path
from .text import summary

if TYPE_CHECKING:
    from . import CheckReport


def render(report: CheckReport) -> str:
    from ..durations import format_hours

    link = _linker()
    lines = ["## arena-lint", "", summary(report), ""]
    if report.diagnostics:
        counts = Counter((d.code, d.rule, d.severity.value) for d in report.shown)
        lines += ["| rule | severity | findings |", "|---|---|---:|"]
        lines += [
            f"| {code} {rule} | {severity} | {count} |"
            for (code, rule, severity), count in sorted(counts.items())
        ]
        lines.append("")
    logs = [(result.path, log) for result in report.results for log in result.logs]
    if logs:
        lines += [
            "### Hours per log",
            "",
            "| file | line | stated | computed from the entries | |",
            "|---|---:|---:|---:|---|",
        ]
        for path, log in logs:
            stated = format_hours(log.stated) if log.stated is not None else "no total"
            computed = format_hours(log.computed)
            mark = ""
            if log.stated is not None and log.stated != log.computed:
                off = log.computed - log.stated
                sign = "+" if off > 0 else "-"
                mark = f"**mismatch**: the entries are {sign}{format_hours(abs(off))}"
                stated, computed = f"**{stated}**", f"**{computed}**"
            file = link(path, log.line)
            lines.append(f"| {file} | {log.line} | {stated} | {computed} | {mark} |")
        lines.append("")
    if report.diagnostics:
        lines += [
            "<details><summary>Every finding</summary>",
            "",
            "| file | line | column | rule | message |",
            "|---|---:|---:|---|---|",
        ]
        lines += [
            f"| {link(d.path, d.line)} | {d.line} | {d.column} | {d.code} {d.rule} "
            f"| {markdown_message(d.message)} |"
            for d in report.shown
        ]
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"


def markdown_message(text: str) -> str:
    """A message for a table cell, its `code spans` kept as code: the text between
    them as :func:`markdown_cell` writes it, each span fenced with more backticks
    than it holds (so nothing in it ends it early) and its pipes escaped (GitHub
    splits cells on them even there). Code spans show no link and no HTML."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: no spans to trust
        return markdown_cell(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(markdown_cell(part))
        elif part:
            out.append(_code_span(part))
    return "".join(out)


def _code_span(content: str) -> str:
    content = for_terminal(content).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith(("`", " ")) or content.endswith(("`", " ")) else ""
    return f"{fence}{pad}{content}{pad}{fence}"


_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def _linker() -> Callable[[str, int], str]:
    """``path`` (and line) as a table cell: a link to the file at the commit when the
    runner names the server, repository and commit, else the name alone."""
    server = os.environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    sha = os.environ.get("GITHUB_SHA", "")
    if not (
        re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?", server)
        and _REPOSITORY.fullmatch(repository)
        and _SHA.fullmatch(sha)
    ):
        return lambda path, _line: markdown_cell(path)
    workspace = os.path.realpath(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())

    def link(path: str, line: int) -> str:
        name = markdown_cell(path)
        try:
            relative = os.path.relpath(os.path.realpath(path), workspace)
        except ValueError:  # another drive
            return name
        if relative == ".." or relative.startswith(("../", "..\\")) or path == "-":
            return name  # not a file of the repository
        return f"[{name}]({server}/{repository}/blob/{sha}/{uri_path(relative)}#L{line})"

    return link
