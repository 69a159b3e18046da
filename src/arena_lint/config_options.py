"""A rule option's value from a configuration, read into the type its field declares.

Generic over every rule's options dataclass (:func:`arena_lint.rules.base.options_of`):
``bool``, ``int``, ``str``, a ``Literal`` of strings, ``Fraction`` for a duration,
``Path`` for a file inside the repository, ``tuple[str, ...]``; a value of
another type is a ``ValueError`` whose message says what was found and expected.
A field with a loader (``field(metadata={"load": f})``, a course outline) names
a file, or a table of names and files, that ``f`` reads here, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config_files import repository_of

if TYPE_CHECKING:
    from pathlib import Path

    from .rules.base import Option


def option_table() -> dict[str, Option]:
    """Configuration key -> rule option, for every rule (imports the rules)."""
    from .rules import all_rules
    from .rules.base import options_of

    return options_of(all_rules())


def read_option(option: Option, value: Any, base: Path | None) -> Any:
    """``value`` from a configuration read as ``option``'s type; ValueError says why not."""
    import json
    import typing
    from fractions import Fraction
    from pathlib import Path

    kind = option.kind
    found = _shorten(json.dumps(value, default=str), 80)
    if option.load is not None:
        return _load_files(option, value, base, found)
    if typing.get_origin(kind) is typing.Literal:
        allowed = typing.get_args(kind)
        if value not in allowed:
            expected = " or ".join(json.dumps(choice) for choice in allowed)
            raise ValueError(f"{found} is not allowed; expected {expected}")
        return value
    if kind is bool or kind is str:
        if not isinstance(value, kind):
            raise ValueError(f"{found} is not {'true or false' if kind is bool else 'a string'}")
        return value
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{found} is not a whole number")
        return value
    if kind is Fraction:
        from .durations import scan

        token = scan(value) if isinstance(value, str) else None
        if token is None or token.hours is None or token.end != len(value):
            raise ValueError(f'{found} is not a duration; expected one such as "0.05h" or "3min"')
        return token.hours
    if kind is Path:
        if not isinstance(value, str) or not value:
            raise ValueError(f"{found} is not a file name")
        return _file_inside(value, base)
    # tuple[str, ...]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{found} is not a list of strings")
    return tuple(value)


def _load_files(option: Option, value: Any, base: Path | None, found: str) -> Any:
    """A field with a loader: the file it names (or each file of a table of names
    and files), inside the repository, read now; a bad file is the loader's
    ConfigError, which names that file and line."""
    from pathlib import Path

    assert option.load is not None
    root = repository_of(base) if base is not None else None
    if option.kind is Path:
        if not isinstance(value, str) or not value:
            raise ValueError(f"{found} is not a file name")
        return option.load(_file_inside(value, base), root=root)
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and isinstance(file, str) and file for name, file in value.items()
    ):
        raise ValueError(f"{found} is not a table of names and file names")
    return tuple(
        (name, option.load(_file_inside(file, base), root=root)) for name, file in value.items()
    )


def _shorten(text: str, limit: int) -> str:
    """``text``, cut to ``limit`` characters: a value may be megabytes long."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _file_inside(name: str, base: Path | None) -> Path:
    """The file a configuration names (relative to it), which must be inside its repository.

    The configuration may come with a pull request: it must not make arena-lint
    read (and quote) a file elsewhere on the machine. A file given on the
    command line is the user's own choice and is not checked here.
    """
    from pathlib import Path

    path: Path = (base or Path.cwd()) / name
    if base is not None:
        root = repository_of(base)
        if not path.resolve().is_relative_to(root):
            raise ValueError(
                f"{name!r} is outside the repository ({root}); "
                "a configuration file may name only a file inside it"
            )
    if not path.is_file():
        raise ValueError(f"no file at {path}")
    return path
