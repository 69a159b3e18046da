"""A user's schema runs bounded: its regular expressions with a time limit each,
and each validation as a whole with a budget of work and time of its own."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .schema_files import SchemaFileError, first, shorten

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

#: The bound on one match of a user's regular expression, in seconds.
PATTERN_SECONDS = 0.5
#: The bound on all matches of a user's regular expressions for one instance
#: (one post's front matter, or its log tree), in seconds.
BUDGET_SECONDS = 2.0
#: The bound on the work of validating one instance against a user's schema, in
#: keyword evaluations: a base plus an allowance per JSON value of the instance,
#: so a long log's tree gets the work a right schema needs while nested
#: ``anyOf``/``$ref`` (exponential in the schema's depth) stops early.
STEPS = 50_000
STEPS_PER_VALUE = 100
#: The same bound in time (seconds): a base plus an allowance per JSON value.
SECONDS = 5.0
SECONDS_PER_VALUE = 0.000_05

# --- bounded regular expressions ---------------------------------------------
#
# Python's re backtracks: "^(a+)+$" against 30 characters runs for minutes,
# and it cannot be interrupted. Two engines can bound it:
# - google-re2 is linear-time, but it lacks lookaround and backreferences,
#   which JSON Schema's ECMA-262 patterns allow, so valid schemas would break;
# - regex (a maintained superset of re, the syntax jsonschema itself checks
#   patterns with) takes a timeout= per match.
# regex it is: every pattern the packaged schemas and jsonschema accept keeps
# its meaning, and a pattern that hits the bound becomes a finding ("took too
# long; not checked") instead of a hung CI job. It is imported only here, when
# a user's schema is loaded.


class OutOfBudget(Exception):
    """A validation used up its work or time: raised through jsonschema's generators."""


@dataclass
class Budget:
    """The work and time one validation may take (one post's front matter, or its
    log tree), and the patterns that ran out of theirs. One per check, held in a
    context variable: the editor server validates posts in several threads."""

    steps: int
    """Keyword evaluations left."""
    stop: float
    """When the validation as a whole stops (``time.monotonic``)."""
    deadline: float
    """When the patterns stop."""
    slow: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)

    @classmethod
    def fresh(cls, values: int = 0) -> Budget:
        now = time.monotonic()
        return cls(
            STEPS + STEPS_PER_VALUE * values,
            now + SECONDS + SECONDS_PER_VALUE * values,
            now + BUDGET_SECONDS,
        )


current: ContextVar[Budget | None] = ContextVar("arena_lint_schema_budget", default=None)


def _active() -> Budget:
    """The budget of the validation running here; a fresh one outside :func:`violations`."""
    budget = current.get()
    if budget is None:
        budget = Budget.fresh()
        current.set(budget)
    return budget


def _counted(keyword: Callable[..., Any]) -> Callable[..., Any]:
    """``keyword`` (a jsonschema keyword function), charged to the current budget."""

    def run(check: Any, value: Any, instance: Any, schema: Any) -> Any:
        budget = current.get()
        if budget is not None:
            budget.steps -= 1
            if budget.steps < 0 or (budget.steps % 512 == 0 and time.monotonic() > budget.stop):
                raise OutOfBudget
        return keyword(check, value, instance, schema)

    return run


def compile_patterns(registry: Registry, uris: set[str], shown: str) -> None:
    """Compile every pattern of the walked documents now: a bad one is a config error."""
    for uri in uris:
        stack = [registry[uri]]
        while stack:
            resource = stack.pop()
            contents = resource.contents
            if isinstance(contents, dict):
                patterns = list(contents.get("patternProperties") or ())
                if isinstance(contents.get("pattern"), str):
                    patterns.append(contents["pattern"])
                for pattern in patterns:
                    try:
                        _compiled(pattern)
                    except Exception as error:  # regex.error, and its recursion limit
                        raise SchemaFileError(
                            f"{shown}: pattern {shorten(repr(pattern), 80)} is not a regular "
                            f"expression arena-lint runs: {first(error)}"
                        ) from None
            stack.extend(resource.subresources())


@cache
def _compiled(pattern: str) -> Any:
    import regex

    return regex.compile(pattern)


def _search(pattern: str, text: str) -> bool | None:
    """Whether ``pattern`` matches somewhere in ``text``; ``None`` if it ran out of time."""
    budget = _active()
    left = budget.deadline - time.monotonic()
    if left <= 0 or pattern in budget.slow:
        # A pattern that hit its bound on one value would likely do so again on
        # the next: it is not run again for this instance.
        return None
    try:
        return _compiled(pattern).search(text, timeout=min(PATTERN_SECONDS, left)) is not None
    except TimeoutError:
        budget.slow.add(pattern)
        return None


def _too_slow(pattern: str) -> Iterator[ValidationError]:
    """The finding for a pattern that was not run to the end, once per pattern and instance."""
    from jsonschema.exceptions import ValidationError

    budget = _active()
    if pattern in budget.reported:
        return
    budget.reported.add(pattern)
    shown = shorten(repr(pattern), 80)
    if pattern in budget.slow:
        yield ValidationError(
            f"pattern {shown} took too long (over {PATTERN_SECONDS:g} s); not checked"
        )
    else:
        yield ValidationError(
            f"pattern {shown} not checked: the schema's patterns used up their "
            f"{BUDGET_SECONDS:g} s for this post"
        )


def _pattern(check: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not check.is_type(instance, "string"):
        return
    found = _search(pattern, instance)
    if found is None:
        yield from _too_slow(pattern)
    elif not found:
        yield ValidationError(f"{shorten(repr(instance), 120)} does not match {pattern!r}")


def _matching(check: Any, patterns: Mapping[str, Any], name: str, slow: list[str]) -> Iterator[str]:
    """The patterns of ``patterns`` that match the property ``name``."""
    for pattern in patterns:
        found = _search(pattern, name)
        if found is None:
            slow.append(pattern)
        elif found:
            yield pattern


def _pattern_properties(
    check: Any, patterns: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not check.is_type(instance, "object"):
        return
    slow: list[str] = []
    for name, value in instance.items():
        for pattern in _matching(check, patterns, name, slow):
            yield from check.descend(value, patterns[pattern], path=name, schema_path=pattern)
    for pattern in dict.fromkeys(slow):
        yield from _too_slow(pattern)


def _additional(check: Any, instance: Any, schema: Any, slow: list[str]) -> list[str]:
    """Properties that neither ``properties`` nor ``patternProperties`` cover."""
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    return [
        name
        for name in instance
        if name not in properties and not any(_matching(check, patterns, name, slow))
    ]


def _additional_properties(
    check: Any, allowed: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not check.is_type(instance, "object"):
        return
    slow: list[str] = []
    extras = _additional(check, instance, schema, slow)
    for pattern in dict.fromkeys(slow):
        yield from _too_slow(pattern)
    if slow:
        return  # which properties are additional is unknown: not checked
    if check.is_type(allowed, "object"):
        for extra in extras:
            yield from check.descend(instance[extra], allowed, path=extra)
    elif not allowed and extras:
        # jsonschema's own wording, so a user's schema reads the same as before.
        names = ", ".join(repr(each) for each in sorted(extras))
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            patterns = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{names} {verb} not match any of the regexes: {patterns}")
        else:
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(
                f"Additional properties are not allowed ({names} {verb} unexpected)"
            )


def _unevaluated_properties(
    check: Any, unevaluated: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """jsonschema's keyword, with the evaluated keys found by :func:`_evaluated_keys`."""
    from jsonschema.exceptions import ValidationError

    if not check.is_type(instance, "object"):
        return
    slow: list[str] = []
    evaluated = _evaluated_keys(check, instance, schema, slow)
    for pattern in dict.fromkeys(slow):
        yield from _too_slow(pattern)
    if slow:
        return  # which properties were evaluated is unknown: not checked
    failed = [
        name
        for name in instance
        if name not in evaluated
        and next(check.descend(instance[name], unevaluated, path=name), None) is not None
    ]
    if failed:
        names = ", ".join(repr(each) for each in sorted(failed, key=str))
        verb = "was" if len(failed) == 1 else "were"
        if unevaluated is False:
            yield ValidationError(
                f"Unevaluated properties are not allowed ({names} {verb} unexpected)"
            )
        else:
            yield ValidationError(
                "Unevaluated properties are not valid under the given schema "
                f"({names} {verb} unevaluated and invalid)"
            )


def _evaluated_keys(check: Any, instance: Any, schema: Any, slow: list[str]) -> set[str]:
    """The keys some keyword of ``schema`` evaluates, as jsonschema's own helper finds
    them (``find_evaluated_property_keys_by_schema``), but matching patternProperties
    with the bounded engine: the helper calls re directly.
    """
    if check.is_type(schema, "boolean"):
        return set()
    keys: set[str] = set()
    for keyword in ("$ref", "$dynamicRef"):
        ref = schema.get(keyword)
        if ref is not None:
            resolved = check._resolver.lookup(ref)
            inner = check.evolve(schema=resolved.contents, _resolver=resolved.resolver)
            keys |= _evaluated_keys(inner, instance, resolved.contents, slow)
    properties = schema.get("properties")
    if check.is_type(properties, "object"):
        keys |= properties.keys() & instance.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        subschema = schema.get(keyword)
        if subschema is not None:
            keys |= {
                name
                for name, value in instance.items()
                if next(check.descend(value, subschema), None) is None
            }
    patterns = schema.get("patternProperties") or {}
    keys |= {name for name in instance if any(_matching(check, patterns, name, slow))}
    for name, subschema in (schema.get("dependentSchemas") or {}).items():
        if name in instance:
            keys |= _evaluated_keys(check, instance, subschema, slow)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if next(check.descend(instance, subschema), None) is None:
                keys |= _evaluated_keys(check, instance, subschema, slow)
    if "if" in schema:
        if check.evolve(schema=schema["if"]).is_valid(instance):
            keys |= _evaluated_keys(check, instance, schema["if"], slow)
            if "then" in schema:
                keys |= _evaluated_keys(check, instance, schema["then"], slow)
        elif "else" in schema:
            keys |= _evaluated_keys(check, instance, schema["else"], slow)
    return keys


@cache
def bounded_class() -> type[Draft202012Validator]:
    from jsonschema import Draft202012Validator, validators

    keywords = {
        **Draft202012Validator.VALIDATORS,
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
        "unevaluatedProperties": _unevaluated_properties,
    }
    extend: Any = validators.extend  # untyped in the stubs
    bounded: type[Draft202012Validator] = extend(
        Draft202012Validator, {name: _counted(run) for name, run in keywords.items()}
    )
    return bounded


def budget_words(values: int) -> str:
    """The bound of a validation of ``values`` JSON values, for a message."""
    steps = STEPS + STEPS_PER_VALUE * values
    seconds = SECONDS + SECONDS_PER_VALUE * values
    return f"{steps:,} steps or {seconds:.0f} s"
