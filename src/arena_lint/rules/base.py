"""What a rule is: metadata, its documentation, and a check that only finds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Edit, Severity
from ..model import Document, Span

if TYPE_CHECKING:
    from ..settings import Settings


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem a rule found; the engine adds the file, rule and severity."""

    span: Span
    message: str
    severity: Severity | None = None
    """Overrides the rule's severity for this finding (a sum off by rounding only)."""
    fix: tuple[Edit, ...] = ()
    """Edits that repair it, when the repair is certain."""


Check = Callable[[Document, "Settings"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: stable ``code`` and ``name``, default severity, and its docs.

    ``doc`` is the rule module's docstring, the single source of its user
    documentation. ``check`` is ``None`` for the rules the pipeline itself
    reports (a file that cannot be read has no document to check).
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None
    fixable: bool = False

    @property
    def group(self) -> str:
        return GROUPS[self.code[:3]]


GROUPS = {
    "AL0": "input",
    "AL1": "arithmetic",
    "AL2": "structure",
    "AL3": "style",
    "AL9": "suppression",
}


def make_rule(
    code: str,
    name: str,
    severity: Severity,
    doc: str | None,
    check: Check | None,
    *,
    fixable: bool = False,
) -> Rule:
    """A rule whose summary is the first line of its module docstring."""
    text = (doc or "").strip()
    return Rule(code, name, severity, text.split("\n", 1)[0], text, check, fixable)
