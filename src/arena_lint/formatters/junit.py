"""JUnit XML for CI dashboards: one test case per file checked.

A test case fails only when the file has a finding that fails the run (an
error, or a warning under ``--strict``): one ``<failure>`` lists them all, so a
passing run has no failures and ``failures`` never exceeds ``tests``. A file
that could not be read or checked at all is an ``<error>`` instead. Findings
that do not fail the run are listed in the case's ``<system-out>``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from . import Report

#: Rules meaning the file could not be checked: JUnit's "error", not "failure".
NOT_CHECKED = frozenset({"unreadable-file", "internal-error"})


def render(report: Report) -> str:
    suites = ElementTree.Element("testsuites", name="arena-lint")
    suite = ElementTree.SubElement(suites, "testsuite", name="arena-lint")
    counts = {"failure": 0, "error": 0}
    for result in report.results:
        name = _clean(result.path)
        case = ElementTree.SubElement(
            suite, "testcase", classname="arena-lint", name=name, file=name
        )
        failing = [item for item in result.diagnostics if report.fails(item)]
        passing = [item for item in result.diagnostics if not report.fails(item)]
        if failing:
            kind = "error" if any(item.rule in NOT_CHECKED for item in failing) else "failure"
            counts[kind] += 1
            element = ElementTree.SubElement(
                case,
                kind,
                message=_count(failing),
                type=" ".join(sorted({item.code for item in failing})),
            )
            element.text = "\n".join(map(_line, failing))
        if passing:
            ElementTree.SubElement(case, "system-out").text = "\n".join(map(_line, passing))
    for element in (suites, suite):
        element.set("tests", str(len(report.results)))
        element.set("failures", str(counts["failure"]))
        element.set("errors", str(counts["error"]))
        element.set("skipped", "0")
        element.set("time", "0")
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _count(items: list[Diagnostic]) -> str:
    errors = sum(item.severity.value == "error" for item in items)
    warnings = len(items) - errors
    named = ((errors, "error"), (warnings, "warning"))
    return " and ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in named if n)


def _line(item: Diagnostic) -> str:
    return _clean(
        f"{item.path}:{item.line}:{item.column}: [{item.severity.value}] "
        f"{item.code} {item.rule} {item.message}"
    )


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters: write them as ``\\xNN``."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
