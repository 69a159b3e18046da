"""The rules: the registry lives in :mod:`.catalog`; a rule's code is imported on first use.

Nothing here imports a rule module at import time, so resolving a
configuration (which needs only the catalog) stays cheap, and a run over
files that hold no log never imports a rule.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .catalog import NAMES, canonical, module_name

if TYPE_CHECKING:
    from .base import Rule


@cache
def all_rules() -> tuple[Rule[Any], ...]:
    """Every rule, in registry order."""
    return tuple(import_module(f"{__name__}.{module_name(name)}").RULE for name in NAMES)


@cache
def by_name() -> dict[str, Rule[Any]]:
    return {rule.name: rule for rule in all_rules()}


def rule_named(name: str) -> Rule[Any]:
    """The rule with this name (a name from the catalog)."""
    return by_name()[name]


__all__ = ["all_rules", "by_name", "canonical", "rule_named"]
