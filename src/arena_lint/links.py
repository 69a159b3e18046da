"""Where a rule's documentation page is: the project's home, at this version's tag."""

from __future__ import annotations

DOCS_PATH = "docs/rules"


def rule_url(name: str) -> str:
    """The page of rule ``name``, in the repository at this version's tag."""
    from .about import HOMEPAGE, __version__

    return f"{HOMEPAGE}/blob/v{__version__}/{DOCS_PATH}/{name}.md"
