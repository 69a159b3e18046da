"""SARIF 2.1.0, as GitHub code scanning reads it.

The driver lists every rule (id = code, name, descriptions, help, default
level); each result points at its rule by index and at a region of a file
whose URI is relative to the working directory (``%SRCROOT%``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..about import __version__
from ..diagnostics import Diagnostic
from ..escape import dumps_json, uri_path

if TYPE_CHECKING:
    from ..rules.base import Rule
    from . import CheckReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: CheckReport) -> str:
    from .. import docs
    from ..links import rule_url
    from ..rules import all_rules

    rules = all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}
    driver = {
        "name": "arena-lint",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(rule, rule_url(rule.name), docs.page(rule)) for rule in rules],
    }
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "results": [_result(item, index[item.code]) for item in report.shown],
    }
    sarif = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return dumps_json(sarif) + "\n"


def _rule(rule: Rule[Any], url: str, page: str) -> dict[str, Any]:
    from ..docs import sections

    what = sections(rule).get("What it does", rule.summary).split("\n\n", 1)[0]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what.split())},
        "helpUri": url,
        "help": {"text": rule.doc, "markdown": page},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"tags": [rule.group]},
    }


def _result(item: Diagnostic, rule_index: int) -> dict[str, Any]:
    region = {
        "startLine": item.line,
        "startColumn": item.column,
        "endLine": item.end_line,
        "endColumn": item.end_column,
    }
    return {
        "ruleId": item.code,
        "ruleIndex": rule_index,
        "level": item.severity.value,
        "message": {"text": item.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact(item.path), "region": region}}
        ],
    }


def _artifact(path: str) -> dict[str, str]:
    if path == "-":
        return {"uri": "stdin"}
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    # A URI, not a file name: percent-encoded from the name's bytes, so a space,
    # ``#``, ``%`` or a non-UTF-8 byte still points at the right file.
    return {"uri": uri_path(str(relative)), "uriBaseId": "%SRCROOT%"}
