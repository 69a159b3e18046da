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
    ``tuple[str, ...]``; for a field with a loader, ``Path`` or ``dict[str, Path]``
    (a table of names and files)."""
    default: Any
    rules: tuple[str, ...]
    load: Loader | None = None
    """``field(metadata={"load": f})``: the configuration names a file (or, for a
    field typed ``tuple[tuple[str, X], ...]``, a table of names and files) and
    the field holds what ``f(path, root=repository)`` reads from it, loaded once
    when the configuration is built; ``f`` raises ConfigError for a bad file."""


#: Reads a file an option names: ``(path, root=the repository or None)``.
Loader = Callable[..., Any]


#: The field types a configuration value can be read into (see :class:`Option`).
OPTION_TYPES = (bool, int, str, Fraction, Path)


def option_kind(hint: Any, *, loaded: bool = False) -> Any:
    """The type a configuration value is read into, for a field's type hint
    (``loaded``: a field with a loader, whose value the configuration names by file)."""
    origin = typing.get_origin(hint)
    if loaded:
        args = typing.get_args(hint)
        pairs = origin is tuple and len(args) == 2 and args[1] is Ellipsis
        pair = typing.get_args(args[0]) if pairs else ()
        return dict[str, Path] if len(pair) == 2 and pair[0] is str else Path
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
            load = field.metadata.get("load")
            kind = option_kind(hints[field.name], loaded=load is not None)
            option = Option(key, field.name, kind, field.default, (), load)
            known = found.get(key, option)
            if (known.field, known.kind) != (option.field, option.kind):
                raise TypeError(f"option {key!r} of {rule.name} differs from another rule's")
            found[key] = dataclasses.replace(known, rules=(*known.rules, rule.name))
    return found
