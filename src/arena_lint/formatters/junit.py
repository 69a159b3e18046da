"""JUnit XML for CI dashboards: one test case per file, one failure per finding."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree

from .text import line

if TYPE_CHECKING:
    from . import Report


def render(report: Report) -> str:
    suites = ElementTree.Element("testsuites", name="arena-lint")
    suite = ElementTree.SubElement(suites, "testsuite", name="arena-lint")
    failures = 0
    shown = set(report.shown)
    for result in report.results:
        case = ElementTree.SubElement(
            suite, "testcase", classname="arena-lint", name=result.path, file=result.path
        )
        for item in (d for d in result.diagnostics if d in shown):
            failures += 1
            failure = ElementTree.SubElement(
                case,
                "failure",
                message=f"{item.line}:{item.column}: {item.code} {item.rule} {item.message}",
                type=f"{item.severity.value} {item.code}",
            )
            failure.text = line(item)
    for element in (suites, suite):
        element.set("tests", str(len(report.results)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", "0")
        element.set("time", "0")
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
