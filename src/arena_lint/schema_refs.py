"""The refs of a user's schema: resolved once, when it is loaded, from its own
folder only (nothing from the network), and refused when they loop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from .schema_bounds import compile_patterns
from .schema_files import SchemaFileError, parse_json, read_bytes, shorten

if TYPE_CHECKING:
    from referencing import Registry, Resource


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


def crawl(schema: Any, real: Path, shown: str, reads: list[tuple[Path, bytes]]) -> Registry:
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
    compile_patterns(registry, walked, shown)
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
