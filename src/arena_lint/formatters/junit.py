"""JUnit XML for CI dashboards: one test case per file checked.

A test case fails only when the file has a finding that fails the run (an
error, or a warning under ``--strict``): one ``<failure>`` lists them all, so a
passing run has no failures and ``failures`` never exceeds ``tests``. A file
that could not be read or checked at all is an ``<error>`` instead. Findings
that do not fail the run are listed in the case's ``<system-out>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree

from ..diagnostics import Diagnostic, Severity
from ..escape import for_xml, xml_document
from ..words import plural
from .text import line

if TYPE_CHECKING:
    from . import CheckReport

#: Rules meaning the file could not be checked: JUnit's "error", not "failure".
NOT_CHECKED = frozenset({"unreadable-file", "internal-error"})


def render(report: CheckReport) -> str:
    suites = ElementTree.Element("testsuites", name="arena-lint")
    suite = ElementTree.SubElement(suites, "testsuite", name="arena-lint")
    counts = {"failure": 0, "error": 0}
    shown = set(report.shown)
    for result in report.results:
        # ElementTree escapes markup and quotes but passes on characters XML
        # 1.0 forbids (a control byte in a file name) and lone surrogates (a
        # non-UTF-8 name), which would make the file unreadable or unwritable.
        name = for_xml(result.path)
        case = ElementTree.SubElement(
            suite, "testcase", classname="arena-lint", name=name, file=name
        )
        listed = [item for item in result.diagnostics if item in shown]
        failing = [item for item in listed if report.fails(item)]
        passing = [item for item in listed if not report.fails(item)]
        if failing:
            kind = "error" if any(item.rule in NOT_CHECKED for item in failing) else "failure"
            counts[kind] += 1
            element = ElementTree.SubElement(
                case,
                kind,
                message=_count(failing),
                type=" ".join(sorted({item.code for item in failing})),
            )
            element.text = "\n".join(for_xml(line(item)) for item in failing)
        if passing:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n".join(for_xml(line(item)) for item in passing)
    for element in (suites, suite):
        element.set("tests", str(len(report.results)))
        element.set("failures", str(counts["failure"]))
        element.set("errors", str(counts["error"]))
        element.set("skipped", "0")
        element.set("time", "0")
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return xml_document(f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n')


def _count(items: list[Diagnostic]) -> str:
    errors = sum(item.severity is Severity.ERROR for item in items)
    named = ((errors, "error"), (len(items) - errors, "warning"))
    return " and ".join(plural(n, word) for n, word in named if n)
