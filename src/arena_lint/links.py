"""Where a rule's documentation page is."""

from __future__ import annotations

DOCS_PATH = "docs/rules"


def rule_url(name: str) -> str:
    """The page of rule ``name``: relative to the root of arena-lint's repository."""
    return f"{DOCS_PATH}/{name}.md"
