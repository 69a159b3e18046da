"""Rule documentation, single-sourced from each rule module: its docstring, and
its options dataclass for the **Options** section and the configuration schema.

``arena-lint --explain RULE`` prints :func:`page`; ``arena-lint --list-rules``
prints :func:`table`; ``python -m arena_lint.docs`` writes ``docs/rules/`` and
the rule options of ``schema/config.schema.json`` (a test fails when the
checked-in files differ from what this writes).
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import re
import sys
import textwrap
import typing
from fractions import Fraction
from pathlib import Path
from typing import Any

from .config import CONFIG_SCHEMA, GENERAL_KEYS
from .rules import all_rules
from .rules.base import Option, Rule, options_of

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
        f"{options_section(rule)}\n"
        "## Configuration\n\n"
        f'Switch it off with `ignore = ["{rule.name}"]` under `[tool.arena-lint]`, change its\n'
        f'severity with `severity = {{ {rule.name} = "{_other_severity(rule)}" }}`, or silence '
        "one finding with\n"
        f"`<!-- arena-lint-disable-next-line {rule.name} -->` on the line before it.\n"
    )


def options_section(rule: Rule[Any]) -> str:
    """The ``## Options`` section of a rule's page, from its options dataclass."""
    options = options_of([rule]).values()
    if not options:
        return "## Options\n\nNone.\n"
    items = "".join(
        f"- `{option.key}` ({_value_text(option)}; default {_default_text(option)})"
        + (f": {description}" if (description := option_doc(option)) else "")
        + "\n"
        for option in options
    )
    return (
        "## Options\n\n"
        "Set under `[tool.arena-lint]` in `pyproject.toml`, or in `.arena-lint.toml`:\n\n" + items
    )


def option_doc(option: Option) -> str:
    """An option's description: the docstring under its field in an options class."""
    for rule in all_rules():
        text = _field_docs(rule.options).get(option.field)
        if text is not None:
            return " ".join(text.replace("``", "`").split())
    return ""


def _field_docs(cls: type[Any]) -> dict[str, str]:
    """Field name -> the string written under it in the class body."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for statement, after in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _value_text(option: Option) -> str:
    kind = option.kind
    if typing.get_origin(kind) is typing.Literal:
        choices = [f"`{json.dumps(choice)}`" for choice in typing.get_args(kind)]
        return ", ".join(choices[:-1]) + f" or {choices[-1]}"
    return {
        bool: "`true` or `false`",
        int: "a whole number",
        str: "a string",
        Fraction: 'a duration such as `"0.05h"` or `"3min"`',
        Path: "a file, relative to the configuration file",
        dict[str, Path]: "a table of names and files, relative to the configuration file",
    }.get(kind, "a list of strings")


def _default_text(option: Option) -> str:
    default = option.default
    if default is None or (option.load is not None and not default):
        return "none"
    if isinstance(default, Fraction):
        from .durations import format_hours

        return f"`{json.dumps(format_hours(default))}`"
    if isinstance(default, tuple):
        return f"`{json.dumps(list(default))}`"
    return f"`{json.dumps(default)}`"


def _option_schema(option: Option) -> dict[str, Any]:
    kind = option.kind
    if typing.get_origin(kind) is typing.Literal:
        shape: dict[str, Any] = {"enum": list(typing.get_args(kind))}
    elif kind in (bool, int):
        shape = {"type": "boolean" if kind is bool else "integer"}
    elif kind in (str, Fraction, Path):
        shape = {"type": "string", "minLength": 1}
    elif kind == dict[str, Path]:
        shape = {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}}
    else:
        shape = {"type": "array", "items": {"type": "string", "minLength": 1}}
    description = option_doc(option)
    value = _value_text(option).replace("`", "")
    rules = ", ".join(option.rules)
    return {
        "description": f"{description} ({value}; read by {rules})".lstrip(),
        **shape,
    }


def config_schema(published: dict[str, Any]) -> dict[str, Any]:
    """``published`` (the configuration schema) with its rule options generated:
    the keys config.py reads itself are kept as written, every other property
    comes from the rules' options dataclasses."""
    general = {key: value for key, value in published["properties"].items() if key in GENERAL_KEYS}
    options = {key: _option_schema(option) for key, option in options_of(all_rules()).items()}
    return {**published, "properties": {**general, **options}}


def schema_file() -> Path:
    """The published configuration schema (also the package's copy)."""
    from . import schema

    return Path(next(iter(schema.__path__))) / CONFIG_SCHEMA


def expected_schema() -> str:
    published = json.loads(schema_file().read_text(encoding="utf-8"))
    return json.dumps(config_schema(published), indent=2, ensure_ascii=False) + "\n"


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


def _other_severity(rule: Rule[Any]) -> str:
    """The severity a user would change a rule to: not the one it has."""
    return "warning" if rule.severity.value == "error" else "error"


def table() -> str:
    """The rules as aligned plain text, for ``--list-rules``; the ``fix`` column says
    whether ``--fix`` repairs a rule's findings by default (``[*]``), only when
    ``--fixable`` names it (``opt-in``), or never (``-``)."""
    from .settings import DEFAULT_FIXABLE

    def fix(rule: Rule[Any]) -> str:
        if not rule.fixable:
            return "-"
        return "[*]" if rule.name in DEFAULT_FIXABLE else "opt-in"

    width = max(len(rule.name) for rule in all_rules())
    head = f"{'code':<5}  {'name':<{width}}  severity  {'group':<11}  {'fix':<6}  summary\n"
    return head + "".join(
        f"{r.code}  {r.name:<{width}}  {r.severity.value:<8}  {r.group:<11}  {fix(r):<6}  "
        f"{r.summary}\n"
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


def write_schema() -> bool:
    """Write the rule options into the configuration schema; whether it changed."""
    expected = expected_schema()
    target = schema_file()
    if target.read_text(encoding="utf-8") == expected:
        return False
    target.write_text(expected, encoding="utf-8")
    return True


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    destination = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    for path in write(destination):
        print(f"wrote {path}")
    if write_schema():
        print(f"wrote {schema_file()}")
