"""What a rule is: metadata, its documentation, its options, and a check that only finds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..diagnostics import Severity
from ..fixes import Edit
from ..model import Document
from ..span import Span
from .catalog import CODE_OF, group


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem a rule found; the engine adds the file, rule and severity."""

    span: Span
    message: str
    severity: Severity | None = None
    """The rule's own choice for this finding (a sum off by rounding only); a
    severity the user configured still wins."""
    fix: tuple[Edit, ...] = ()
    """Edits that repair it, when the repair is certain."""


@dataclass(frozen=True, slots=True)
class NoOptions:
    """The options of a rule that has none."""


OptionsT = TypeVar("OptionsT")
Check = Callable[[Document, OptionsT], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule(Generic[OptionsT]):
    """A rule: stable ``code`` and ``name``, default severity, docs and options.

    ``doc`` is the rule module's docstring, the single source of its user
    documentation. ``options`` is a frozen dataclass whose fields (with their
    defaults) are the configuration keys the rule reads, in snake case; the
    check receives an instance of it and nothing else of the configuration.
    ``check`` is ``None`` for the rules the pipeline itself reports (a file
    that cannot be read has no document to check).
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check[OptionsT] | None
    options: type[OptionsT]
    fixable: bool = False

    @property
    def group(self) -> str:
        return group(self.name)

    def configure(self, values: Mapping[str, Any]) -> OptionsT:
        """The rule's options from configured ``values`` (any keys; only its own are read)."""
        own = {
            field.name: values[field.name]
            for field in dataclasses.fields(self.options)  # type: ignore[arg-type]
            if field.name in values
        }
        return self.options(**own)


def make_rule(
    code: str,
    name: str,
    severity: Severity,
    doc: str | None,
    check: Check[OptionsT] | None,
    *,
    options: type[OptionsT],
    fixable: bool = False,
) -> Rule[OptionsT]:
    """A rule whose summary is the first line of its module docstring."""
    if CODE_OF.get(name) != code:
        raise ValueError(f"rule {code} {name} is not in rules/catalog.py as written")
    text = (doc or "").strip()
    return Rule(code, name, severity, text.split("\n", 1)[0], text, check, options, fixable)
