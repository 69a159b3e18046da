"""GitHub Actions workflow commands: pull-request annotations within GitHub's budget.

GitHub shows at most 10 error and 10 warning annotations per step and drops
the rest silently, so the most important findings are annotated (arithmetic
before structure, input, suppression and style; then by position), the others
are printed as plain lines in the log, and one notice says how many were left
out and that the job summary (``GITHUB_STEP_SUMMARY``) lists them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..escape import for_workflow_data, for_workflow_property
from .text import line, summary

if TYPE_CHECKING:
    from . import CheckReport

#: Annotations GitHub shows per step, for each of errors and warnings.
BUDGET = 10
_GROUP_RANK = {"AL1": 0, "AL2": 1, "AL0": 2, "AL9": 3, "AL3": 4}


def render(report: CheckReport) -> str:
    annotated: set[int] = set()
    hidden: dict[Severity, int] = {}
    for severity in Severity:
        found = [d for d in report.shown if d.severity is severity]
        found.sort(key=_importance)
        annotated.update(id(d) for d in found[:BUDGET])
        hidden[severity] = max(0, len(found) - BUDGET)
    lines = [annotation(item) if id(item) in annotated else line(item) for item in report.shown]
    if any(hidden.values()):
        more = " and ".join(
            f"{count} more {severity.value}{'' if count == 1 else 's'}"
            for severity, count in hidden.items()
            if count
        )
        lines.append(
            f"::notice title={escape_property('arena-lint')}::"
            + escape_data(
                f"{more} not annotated (GitHub shows {BUDGET} of each per step); "
                "the job summary lists every finding"
            )
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def annotation(item: Diagnostic) -> str:
    """``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``."""
    properties = {
        "file": item.path,
        "line": str(item.line),
        "col": str(item.column),
        "endLine": str(item.end_line),
    }
    if item.end_line == item.line:  # GitHub ignores endColumn across lines
        properties["endColumn"] = str(item.end_column)
    properties["title"] = f"{item.code} {item.rule}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{item.severity.value} {joined}::{escape_data(item.message)}"


#: A workflow command's message, as the Actions toolkit escapes it (kept here
#: under its old name; the one definition is in :mod:`arena_lint.escape`).
escape_data = for_workflow_data
#: A workflow command's property value (also ``:`` and ``,``).
escape_property = for_workflow_property


def _importance(item: Diagnostic) -> tuple[int, str, int, int]:
    return (_GROUP_RANK.get(item.code[:3], 5), item.path, item.line, item.column)


def outputs(report: CheckReport) -> str:
    """Step outputs for ``GITHUB_OUTPUT``: how many errors, warnings and files."""
    errors = sum(d.severity is Severity.ERROR for d in report.diagnostics)
    warnings = len(report.diagnostics) - errors
    return f"errors={errors}\nwarnings={warnings}\nfiles={report.files}\n"
