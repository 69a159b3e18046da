"""Loading the packaged (or a user's) JSON Schemas; errors placed in the source.

A user's schema (``--front-matter-schema``, ``--log-schema`` or the
configuration's ``front-matter-schema`` / ``schema``) is untrusted: in CI it
comes with the pull request. So its ``$ref`` may load nothing from the network
and no file outside the schema's own folder, every ref is resolved once when
the schema is loaded (a ref that does not resolve is an error then, not a crash
halfway through a run), and its regular expressions run with a time bound.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry, Resource

# jsonschema takes longer to import than the rest of arena-lint: only a post
# with front matter (or a configuration file) needs it.

FRONT_MATTER = "front-matter.schema.json"
LOG = "arena-log.schema.json"
DIAGNOSTICS = "diagnostics.schema.json"

#: A user's schema file (and each file its refs name) larger than this is not read.
MAX_SCHEMA_BYTES = 1_000_000
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
#: User schemas whose validators are kept (an editor edits and reloads).
KEPT_VALIDATORS = 8


class SchemaFileError(Exception):
    """A user's schema that cannot be used; the message is one line, safe to print."""


def load(name: str) -> dict[str, Any]:
    """A schema shipped in the package ``arena_lint.schema``."""
    text = resources.files("arena_lint.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validator(name: str | None = None, path: Path | None = None) -> Draft202012Validator:
    """A checked validator for a packaged schema (``name``) or a user's file (``path``).

    A user's schema is untrusted: see :func:`user_validator`. Raises
    :class:`SchemaFileError` for one that cannot be used. A user's validator is
    kept by the content of its file and of every file its refs read, so an
    edited schema is seen at once (the editor server reloads, it does not restart).
    """
    if path is not None:
        return _kept_user_validator(path)
    return _packaged(name or "")


@cache
def _packaged(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@dataclass(frozen=True)
class _Kept:
    check: Draft202012Validator
    reads: tuple[tuple[Path, bytes], ...]
    """Every other file the schema's refs read, with the bytes read."""


_kept: dict[tuple[Path, bytes], _Kept] = {}


def _kept_user_validator(path: Path) -> Draft202012Validator:
    real = path.resolve()
    data = read_bytes(real, str(path))
    key = (real, data)
    kept = _kept.get(key)
    if kept is not None and all(_unchanged(other, content) for other, content in kept.reads):
        return kept.check
    reads: list[tuple[Path, bytes]] = []
    check = user_validator(path, data=data, reads=reads)
    if len(_kept) >= KEPT_VALIDATORS:
        _kept.pop(next(iter(_kept)), None)  # the oldest: a dict keeps insertion order
    _kept[key] = _Kept(check, tuple(reads))
    return check


def _unchanged(path: Path, content: bytes) -> bool:
    try:
        return read_bytes(path, str(path)) == content
    except SchemaFileError:
        return False


def user_validator(
    path: Path, *, data: bytes | None = None, reads: list[tuple[Path, bytes]] | None = None
) -> Draft202012Validator:
    """A validator for the user's schema at ``path``, every ``$ref`` already resolved.

    Refs may name only files in the schema's own folder (or below it, symlinks
    and ``..`` resolved first); nothing is fetched. Patterns run with a bound,
    and so does the whole of a validation (:func:`violations`). ``data`` is the
    file's content when already read; ``reads`` receives every other file read.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    real = path.resolve()
    schema = parse_json(read_bytes(real, str(path)) if data is None else data, str(path))
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise SchemaFileError(
            f"{path} is not a valid JSON Schema: {shorten(error.message)}"
        ) from None
    except RecursionError:
        raise SchemaFileError(f"{path} is not a valid JSON Schema: nested too deeply") from None
    if isinstance(schema, dict) and "$id" not in schema:
        # Without an $id, jsonschema resolves a relative ref against "", so
        # "sibling.json" would not mean the file beside this one.
        schema = {"$id": real.as_uri(), **schema}
    try:
        registry = _crawl(schema, real, str(path), [] if reads is None else reads)
    except ValueError:  # an $id urllib refuses, met while crawling
        raise SchemaFileError(f"{path}: an $id or $ref is not a URI") from None
    check: Draft202012Validator = _bounded_class()(schema, registry=registry)
    return check


def read_json(path: Path, shown: str) -> Any:
    """The JSON in the file at ``path`` (called ``shown`` in messages), within bounds."""
    return parse_json(read_bytes(path, shown), shown)


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of the schema file at ``path``, refused over :data:`MAX_SCHEMA_BYTES`."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SCHEMA_BYTES + 1)
    except OSError as error:
        raise SchemaFileError(f"cannot read {shown}: {error.strerror or error}") from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise SchemaFileError(f"{shown} is larger than {MAX_SCHEMA_BYTES:,} bytes; not read")
    return data


def parse_json(data: bytes, shown: str) -> Any:
    """The JSON of a schema file's bytes; one-line errors."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SchemaFileError(f"{shown} is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise SchemaFileError(f"{shown} is not JSON: {error}") from None
    except RecursionError:
        raise SchemaFileError(f"{shown} is not JSON arena-lint reads: nested too deeply") from None
    except ValueError as error:
        # Python's bound on the digits of an integer (4300) is a ValueError.
        raise SchemaFileError(f"{shown} is not JSON arena-lint reads: {first(error)}") from None


def shorten(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first(error: BaseException) -> str:
    """The first clause of an exception's message."""
    return shorten(str(error).split(";")[0])


# --- refs ---------------------------------------------------------------------


class _Refused(Exception):
    """Why a ref names nothing arena-lint will read."""


@dataclass(frozen=True)
class _Retriever:
    """The only way a user's schema loads another document: a file in its folder.

    ``aliases`` maps the folder of the schema's own ``$id`` (``https://…/``) to
    the schema's folder, so relative refs in a schema with an http ``$id``
    name the files beside it, as its author meant, without a request.
    """

    folder: Path
    aliases: tuple[str, ...] = ()
    reads: list[tuple[Path, bytes]] = field(default_factory=list, compare=False)
    """Every file read, with its bytes: the validator is kept while they stay so."""

    def __call__(self, uri: str) -> Resource:
        from referencing import Resource
        from referencing.jsonschema import DRAFT202012

        path = self.path(uri)
        if not path.is_file():
            raise _Refused(f"names no file in the schema's folder ({self.folder})")
        data = read_bytes(path, str(path))
        self.reads.append((path, data))
        contents = parse_json(data, str(path))
        try:
            return Resource.from_contents(contents, default_specification=DRAFT202012)
        except Exception:  # referencing's errors for an unknown $schema
            raise _Refused(f"names {path}, which declares an unknown $schema") from None

    def path(self, uri: str) -> Path:
        """The file ``uri`` names, if it is inside the folder."""
        for alias in self.aliases:
            if uri.startswith(alias):
                return self.inside(self.folder / unquote(uri[len(alias) :]))
        from urllib.request import url2pathname  # slow to import: only here

        parts = urlsplit(uri)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            return self.inside(Path(url2pathname(parts.path)))
        if not parts.scheme and not parts.netloc:
            return self.inside(self.folder / unquote(parts.path))
        raise _Refused(
            "is not fetched: arena-lint makes no network requests; "
            f"a ref may name only files in the schema's folder ({self.folder})"
        )

    def inside(self, path: Path) -> Path:
        real = path.resolve()
        if not real.is_relative_to(self.folder):
            raise _Refused(f"is outside the schema's folder ({self.folder}); not read")
        return real


def _crawl(schema: Any, real: Path, shown: str, reads: list[tuple[Path, bytes]]) -> Registry:
    """A registry holding every document the schema's refs reach.

    jsonschema resolves refs lazily, only when an instance reaches them; doing
    it all here makes a bad ref a configuration error, not a crash in a rule.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from referencing import Registry
    from referencing.exceptions import NoSuchResource, Unresolvable, Unretrievable
    from referencing.jsonschema import DRAFT202012

    # The metaschemas jsonschema ships (its own dependency, untyped), so a ref to
    # "https://json-schema.org/draft/2020-12/schema" resolves without a request.
    specifications: Registry = import_module("jsonschema_specifications").REGISTRY
    root_uri = schema.get("$id", "") if isinstance(schema, dict) else ""
    aliases: tuple[str, ...] = ()
    if urlsplit(root_uri).scheme not in ("", "file"):
        aliases = (urljoin(root_uri, "."),)
    retrieve = _Retriever(real.parent, aliases, reads)
    registry: Registry = specifications.combine(Registry(retrieve=retrieve))  # type: ignore[call-arg]
    registry = registry.with_resource(root_uri, DRAFT202012.create_resource(schema)).crawl()
    pending: list[tuple[str, Resource]] = [(root_uri, registry[root_uri])]
    walked = {root_uri}
    while pending:
        uri, resource = pending.pop()
        for base, ref in _refs(resource, uri):
            where = shorten(repr(ref), 120)
            try:
                document = urldefrag(urljoin(base, ref))[0] if not ref.startswith("#") else base
            except ValueError:  # "http://[::1": urllib refuses it
                raise SchemaFileError(f"{shown}: $ref {where} is not a URI") from None
            try:
                retrieved = registry.get_or_retrieve(document)
            except Unretrievable as error:
                cause = error.__cause__
                reason = str(cause) if isinstance(cause, (_Refused, SchemaFileError)) else ""
                raise SchemaFileError(
                    f"{shown}: $ref {where} {reason or 'cannot be read'}"
                ) from None
            except NoSuchResource:
                raise SchemaFileError(f"{shown}: $ref {where} names no known schema") from None
            registry = retrieved.registry.crawl()
            if document not in walked:
                walked.add(document)
                if document not in specifications:
                    try:
                        Draft202012Validator.check_schema(retrieved.value.contents)
                    except SchemaError as error:
                        raise SchemaFileError(
                            f"{shown}: $ref {where} names no valid JSON Schema: "
                            f"{shorten(error.message)}"
                        ) from None
                    pending.append((document, retrieved.value))
            try:
                registry.resolver(base_uri=base).lookup(ref)
            except Unresolvable:
                # referencing's own message quotes the whole document: never show it.
                raise SchemaFileError(
                    f"{shown}: $ref {where} points to nothing in the schema it names"
                ) from None
    _compile_patterns(registry, walked, shown)
    _refuse_loops(registry, walked, shown)
    return registry


def _refs(resource: Resource, base: str) -> Iterator[tuple[str, str]]:
    """(base URI, ref) of every ``$ref`` and ``$dynamicRef`` in a resource."""
    stack = [(resource, base)]
    while stack:
        current, uri = stack.pop()
        identifier = current.id()
        if identifier is not None:
            uri = urljoin(uri, identifier)
        contents = current.contents
        if isinstance(contents, dict):
            for keyword in ("$ref", "$dynamicRef"):
                ref = contents.get(keyword)
                if isinstance(ref, str):
                    yield uri, ref
        stack.extend((each, uri) for each in current.subresources())


#: Keywords that apply a subschema to the same value (not to a part of it):
#: a ``$ref`` cycle through only these never ends (``{"$ref": "#"}``).
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONES = ("not", "if", "then", "else")


def _refuse_loops(registry: Registry, uris: set[str], shown: str) -> None:
    """A configuration error for a ``$ref`` that leads back to where it started
    without reading into the value: validating with it would recurse forever."""
    done: set[int] = set()
    for uri in uris:
        resource = registry[uri]
        resolver = registry.resolver(base_uri=uri).in_subresource(resource)
        stack = [(resource, resolver)]
        while stack:
            current, here = stack.pop()
            _follow(current.contents, here, done, shown)
            for each in current.subresources():
                stack.append((each, here.in_subresource(each)))


def _follow(start: Any, resolver: Any, done: set[int], shown: str) -> None:
    """Depth first through in-place refs from ``start``; a schema met again on the
    current path closes a loop. ``done`` holds schemas already proved loop-free."""
    from referencing.exceptions import Unresolvable

    if id(start) in done:
        return
    path: list[int] = [id(start)]
    on_path = {id(start)}
    # Every schema met is held by the registry, so its id stays its own meanwhile.
    stack: list[Iterator[tuple[Any, Any, str]]] = [_in_place_refs(start, resolver)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            finished = path.pop()
            on_path.discard(finished)
            done.add(finished)
            continue
        _, base, ref = step
        try:
            resolved = base.lookup(ref)
        except Unresolvable:
            continue  # _crawl has vouched for every ref; a dynamic one may differ
        target = resolved.contents
        if id(target) in on_path:
            where = shorten(repr(ref), 120)
            raise SchemaFileError(
                f"{shown}: $ref {where} leads back to itself without reading into the "
                "value: it would never end"
            )
        if id(target) in done or not isinstance(target, dict):
            continue
        path.append(id(target))
        on_path.add(id(target))
        stack.append(_in_place_refs(target, resolved.resolver))


def _in_place_refs(schema: Any, resolver: Any) -> Iterator[tuple[Any, Any, str]]:
    """(schema, resolver, ref) of each ref applied to the same value as ``schema``."""
    from referencing.jsonschema import DRAFT202012

    stack = [(schema, resolver)]
    while stack:
        current, base = stack.pop()
        if not isinstance(current, dict):
            continue
        if "$id" in current and current is not schema:
            base = base.in_subresource(DRAFT202012.create_resource(current))
        for keyword in ("$ref", "$dynamicRef"):
            ref = current.get(keyword)
            if isinstance(ref, str):
                yield current, base, ref
        for keyword in _IN_PLACE_LISTS:
            parts = current.get(keyword)
            if isinstance(parts, list):
                stack.extend((part, base) for part in parts)
        for keyword in _IN_PLACE_ONES:
            if keyword in current:
                stack.append((current[keyword], base))
        dependent = current.get("dependentSchemas")
        if isinstance(dependent, dict):
            stack.extend((part, base) for part in dependent.values())


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


class _OutOfBudget(Exception):
    """A validation used up its work or time: raised through jsonschema's generators."""


@dataclass
class _Budget:
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
    def fresh(cls, values: int = 0) -> _Budget:
        now = time.monotonic()
        return cls(
            STEPS + STEPS_PER_VALUE * values,
            now + SECONDS + SECONDS_PER_VALUE * values,
            now + BUDGET_SECONDS,
        )


_current: ContextVar[_Budget | None] = ContextVar("arena_lint_schema_budget", default=None)


def _active() -> _Budget:
    """The budget of the validation running here; a fresh one outside :func:`violations`."""
    budget = _current.get()
    if budget is None:
        budget = _Budget.fresh()
        _current.set(budget)
    return budget


def _counted(keyword: Callable[..., Any]) -> Callable[..., Any]:
    """``keyword`` (a jsonschema keyword function), charged to the current budget."""

    def run(check: Any, value: Any, instance: Any, schema: Any) -> Any:
        budget = _current.get()
        if budget is not None:
            budget.steps -= 1
            if budget.steps < 0 or (budget.steps % 512 == 0 and time.monotonic() > budget.stop):
                raise _OutOfBudget
        return keyword(check, value, instance, schema)

    return run


def _compile_patterns(registry: Registry, uris: set[str], shown: str) -> None:
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
def _bounded_class() -> type[Draft202012Validator]:
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


# --- violations -----------------------------------------------------------------


def violations(check: Draft202012Validator, instance: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(JSON path, message) of each violation, most relevant first within a branch.

    A validation with a user's schema has a budget of its own (work, time, and
    time for patterns); one that uses it up ends with a finding that says so.
    """
    from jsonschema.exceptions import best_match

    values = _values(instance)
    budget = _Budget.fresh(values)
    token = _current.set(budget)
    found: list[ValidationError] = []
    stopped = None
    try:
        for error in check.iter_errors(instance):
            found.append(error)
    except _OutOfBudget:
        stopped = f"the schema took too long (over {budget_words(values)}); not checked (at $)"
    except RecursionError:
        stopped = "the schema nests too deeply for this value; not checked (at $)"
    finally:
        _current.reset(token)
    errors = sorted(found, key=lambda error: list(map(str, error.path)))
    for error in errors:
        chosen: ValidationError = best_match([error]) if error.context else error
        path = tuple(chosen.absolute_path)
        message = chosen.message
        expected = chosen.schema.get("description") if isinstance(chosen.schema, dict) else None
        if chosen.validator in ("anyOf", "oneOf") and expected:
            # "not valid under any of the given schemas" says nothing; the schema's
            # own description says what was expected.
            message = f"{message}; expected {expected[0].lower()}{expected[1:].rstrip('.')}"
        yield path, f"{message} (at {json_path(path)})"
    if stopped is not None:
        yield (), stopped


def budget_words(values: int) -> str:
    """The bound of a validation of ``values`` JSON values, for a message."""
    steps = STEPS + STEPS_PER_VALUE * values
    seconds = SECONDS + SECONDS_PER_VALUE * values
    return f"{steps:,} steps or {seconds:.0f} s"


def _values(instance: Any) -> int:
    """How many JSON values ``instance`` holds, itself included."""
    count = 0
    stack = [instance]
    while stack:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def json_path(path: Any) -> str:
    """``$.logs[0].entries[2].title``."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def locate(spans: Mapping[tuple[Any, ...], Any], path: tuple[Any, ...]) -> Any | None:
    """The span of the deepest prefix of ``path`` that has one."""
    for length in range(len(path), 0, -1):
        span = spans.get(path[:length])
        if span is not None:
            return span
    return None
