"""Rule documentation, single-sourced from each rule module's docstring.

``arena-lint --explain RULE`` prints :func:`page`; ``arena-lint --list-rules``
prints :func:`table`; ``python -m arena_lint.docs`` writes ``docs/rules/``
(a test fails when the checked-in pages differ from what this writes).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .rules import all_rules
from .rules.base import Rule

_BLOCK = re.compile(r"^## (?P<title>[^\n]+)\n(?P<body>.*?)(?=^## |\Z)", re.S | re.M)
_MARKDOWN = re.compile(r"```markdown\n(.*?)```", re.S)


def sections(rule: Rule[Any]) -> dict[str, str]:
    """The ``## Title`` sections of a rule's docs, by title."""
    return {m["title"].strip(): m["body"].strip() for m in _BLOCK.finditer(rule.doc)}


def examples(rule: Rule[Any]) -> tuple[str | None, str | None]:
    """The Markdown of the rule's ``Example`` (bad) and ``Fix`` (good) sections."""
    found = sections(rule)
    bad = _MARKDOWN.search(found.get("Example", ""))
    good = _MARKDOWN.search(found.get("Fix", ""))
    return (bad[1] if bad else None), (good[1] if good else None)


def page(rule: Rule[Any]) -> str:
    """A rule's documentation page, in Markdown."""
    body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else ""
    return (
        f"# {rule.name} ({rule.code})\n\n"
        f"{rule.summary}\n\n"
        "| code | group | default severity | fixable |\n"
        "|---|---|---|---|\n"
        f"| {rule.code} | {rule.group} | {rule.severity} | {'yes' if rule.fixable else 'no'} |\n\n"
        f"{body}\n\n"
        "## Configuration\n\n"
        f'Switch it off with `ignore = ["{rule.name}"]` under `[tool.arena-lint]`, change its\n'
        f'severity with `severity = {{ {rule.name} = "error" }}`, or silence one finding with\n'
        f"`<!-- arena-lint-disable-next-line {rule.name} -->` on the line before it.\n"
    )


def index() -> str:
    """``docs/rules/README.md``: every rule, linked."""
    rows = "".join(
        f"| {r.code} | [{r.name}]({r.name}.md) | {r.group} | {r.severity} | {r.summary} |\n"
        for r in all_rules()
    )
    return (
        "# arena-lint rules\n\n"
        "Generated from the rule modules by `python -m arena_lint.docs`; do not edit.\n\n"
        "| code | rule | group | severity | what |\n|---|---|---|---|---|\n" + rows
    )


def table() -> str:
    """The rules as aligned plain text, for ``--list-rules``."""
    width = max(len(rule.name) for rule in all_rules())
    return "".join(
        f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.group:<11}  {r.summary}\n"
        for r in all_rules()
    )


def expected_pages() -> dict[str, str]:
    """File name -> content of every page in ``docs/rules/``."""
    pages = {f"{rule.name}.md": page(rule) for rule in all_rules()}
    pages["README.md"] = index()
    return pages


def write(folder: Path) -> list[Path]:
    """Write the pages into ``folder``; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, content in expected_pages().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
            changed.append(target)
    return changed


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    destination = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    for path in write(destination):
        print(f"wrote {path}")
