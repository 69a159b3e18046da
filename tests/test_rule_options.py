"""A rule's options are declared once, in its options dataclass: configuration
reading, the configuration schema, the rule's page and ``--explain`` all follow it."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from arena_lint import docs, rules
from arena_lint.cli import main
from arena_lint.rules import catalog

ROOT = Path(__file__).resolve().parents[1]

# Step 1 of docs/architecture.md's "Add a rule", as a maintainer would write it.
LONG_LOG = '''"""A log with more timed entries than the configured budget.

## What it does
Counts the timed entries of each log and reports a log that has more than
`max-entries` of them.

## Why
A log too long to read is a log nobody checks.

## Example
```markdown
Total Hours: 3
- 1h Chapter 1: One
- 1h Chapter 2: Two
- 1h Chapter 3: Three
```

## Fix
```markdown
Total Hours: 2
- 1h Chapter 1: One
- 1h Chapter 2: Two
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Severity
from ..model import Document
from .base import Finding, make_rule


@dataclass(frozen=True, slots=True)
class LongLogOptions:
    max_entries: int = 50
    """The most timed entries a log may hold."""


def check(document: Document, options: LongLogOptions) -> Iterator[Finding]:
    for log in document.logs:
        timed = [entry for entry in log.walk() if entry.duration is not None]
        if len(timed) > options.max_entries:
            yield Finding(log.span, f"{len(timed)} timed entries; at most {options.max_entries}")


RULE = make_rule("AL299", "long-log", Severity.WARNING, __doc__, check, options=LongLogOptions)
'''

POST = "Total Hours: 3\n- 1h Chapter 1: One\n- 1h Chapter 2: Two\n- 1h Chapter 3: Three\n"


@pytest.fixture
def long_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The rule above added by the recipe alone: its module, and its line in the catalog."""
    module_file = tmp_path / "long_log.py"
    module_file.write_text(LONG_LOG, encoding="utf-8")
    # Step 2: one line in REGISTRY; the catalog's derived tables follow it.
    registry = (*catalog.REGISTRY, ("AL299", "long-log"))
    names = tuple(name for _, name in registry)
    monkeypatch.setattr(catalog, "REGISTRY", registry)
    monkeypatch.setattr(catalog, "NAMES", names)
    monkeypatch.setattr(catalog, "ALL", frozenset(names))
    monkeypatch.setattr(rules, "NAMES", names)
    monkeypatch.setitem(catalog.CODE_OF, "long-log", "AL299")
    monkeypatch.setitem(catalog._NAME_OF, "AL299", "long-log")
    spec = importlib.util.spec_from_file_location("arena_lint.rules.long_log", module_file)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "arena_lint.rules.long_log", module)
    spec.loader.exec_module(module)
    rules.all_rules.cache_clear()
    rules.by_name.cache_clear()
    yield
    rules.all_rules.cache_clear()
    rules.by_name.cache_clear()


def _repo(tmp_path: Path, table: str) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(f"[tool.arena-lint]\n{table}", encoding="utf-8")
    (repo / "post.md").write_text(POST, encoding="utf-8")
    return repo


@pytest.mark.usefixtures("long_log")
def test_a_new_rule_option_is_read_from_pyproject(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "max-entries = 2\n")
    result = runner.invoke(main, ["--format", "json", str(repo / "post.md")])
    found = [(d["rule"], d["message"]) for d in json.loads(result.output)]
    assert found == [("long-log", "3 timed entries; at most 2")]


@pytest.mark.usefixtures("long_log")
def test_a_new_rule_option_keeps_its_default(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "strict = false\n")
    result = runner.invoke(main, [str(repo / "post.md")])
    assert (result.exit_code, "long-log" in result.output) == (0, False)


@pytest.mark.usefixtures("long_log")
def test_a_new_rule_option_of_the_wrong_type_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'max-entries = "two"\n')
    result = runner.invoke(main, [str(repo / "post.md")])
    assert result.exit_code == 2
    assert result.output == (
        f"arena-lint: {repo / 'pyproject.toml'}: max-entries (an option of long-log): "
        '"two" is not a whole number\n'
    )


@pytest.mark.usefixtures("long_log")
def test_a_new_rule_option_is_documented(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--explain", "AL299"])
    assert "## Options\n" in result.output
    assert (
        "- `max-entries` (a whole number; default `50`): "
        "The most timed entries a log may hold.\n" in result.output
    )
    published = json.loads(docs.schema_file().read_text(encoding="utf-8"))
    generated = docs.config_schema(published)["properties"]["max-entries"]
    assert generated["type"] == "integer"
    assert generated["description"].startswith("The most timed entries a log may hold.")


def test_the_published_config_schema_is_generated_from_the_rules() -> None:
    assert docs.schema_file().read_text(encoding="utf-8") == docs.expected_schema(), (
        "run: python -m arena_lint.docs"
    )


def test_every_rule_page_has_an_options_section() -> None:
    for name, page in docs.expected_pages().items():
        if name != "README.md":
            assert "\n## Options\n" in page, name
    total = docs.expected_pages()["total-mismatch.md"]
    assert '- `tolerance-mode` (`"exact"`, `"absolute"` or `"precision"`' in total


def test_tolerance_alone_means_absolute() -> None:
    from arena_lint.config import Overrides, build

    settings = build({"tolerance": "5min"}, None, Overrides())
    assert settings.options["tolerance_mode"] == "absolute"
    assert settings.options["tolerance"] * 60 == 5
