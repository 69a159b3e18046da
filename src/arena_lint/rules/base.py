"""What a rule is: metadata, its documentation, its options, and a check that only finds."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, Union

from ..diagnostics import Severity
from ..edits import Edit
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


@dataclass(frozen=True, slots=True)
class Option:
    """One configuration key, read from a field of a rule's options dataclass.

    The key is the field's name in kebab case, unless the field's metadata
    gives another (``field(metadata={"key": "schema"})``). Rules that declare a
    field of the same name share the key, and must agree on its type.
    """

    key: str
    field: str
    kind: Any
    """The field's type, ``X | None`` reduced to ``X``: ``bool``, ``int``,
    ``str``, a ``Literal`` of strings, ``Fraction`` (a duration in the
    configuration), ``Path`` (a file relative to the configuration) or
    ``tuple[str, ...]``."""
    default: Any
    rules: tuple[str, ...]


#: The field types a configuration value can be read into (see :class:`Option`).
OPTION_TYPES = (bool, int, str, Fraction, Path)


def option_kind(hint: Any) -> Any:
    """The type a configuration value is read into, for a field's type hint."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        kinds = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(kinds) == 1:
            return option_kind(kinds[0])
    elif (
        (origin is Literal and all(isinstance(arg, str) for arg in typing.get_args(hint)))
        or (origin is tuple and typing.get_args(hint) == (str, ...))
        or hint in OPTION_TYPES
    ):
        return hint
    raise TypeError(f"an option of type {hint!r} cannot be read from a configuration")


def options_of(rules: Iterable[Rule[Any]]) -> dict[str, Option]:
    """Configuration key -> option, over the options dataclasses of ``rules``."""
    found: dict[str, Option] = {}
    for rule in rules:
        hints = typing.get_type_hints(rule.options)
        for field in dataclasses.fields(rule.options):
            key = field.metadata.get("key", field.name.replace("_", "-"))
            option = Option(key, field.name, option_kind(hints[field.name]), field.default, ())
            known = found.get(key, option)
            if (known.field, known.kind) != (option.field, option.kind):
                raise TypeError(f"option {key!r} of {rule.name} differs from another rule's")
            found[key] = dataclasses.replace(known, rules=(*known.rules, rule.name))
    return found
