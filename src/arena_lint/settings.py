"""What a run is asked to do: the options every stage reads.

Built by :mod:`arena_lint.config` from defaults, a configuration file and the
command line, in that order of precedence (the last wins).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import globs
from .diagnostics import Severity
from .rules.catalog import ALL

if TYPE_CHECKING:
    from pathlib import Path

    from .rules.base import Rule

OptionsT = TypeVar("OptionsT")

DEFAULT_FIXABLE = frozenset({"total-mismatch", "subtotal-mismatch", "untimed-entry"})
"""By default ``--fix`` repairs the numbers, which it can prove; style fixes
(``extra-whitespace``) when asked for."""


class Settings:
    """Immutable (``replace`` makes a changed copy); equal when every option is."""

    # Written out rather than a dataclass: this class is defined on every start,
    # where importing dataclasses and generating a frozen dataclass's methods
    # cost ~3.5 ms, more than the no-log row's margin (docs/architecture.md,
    # "Fast paths"). The start's other records are NamedTuples.
    __slots__ = (
        "_configured",
        "enabled",
        "exclude",
        "fixable",
        "force_exclude",
        "include",
        "options",
        "per_file_ignores",
        "respect_gitignore",
        "root",
        "severity",
        "stdin_filename",
        "strict",
    )

    enabled: frozenset[str]
    """Names of the rules that run, resolved when the configuration is built."""
    severity: Mapping[str, Severity]
    """Rule name -> severity the user configured; it beats every other choice."""
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...]
    """(glob, rule names) pairs: those rules do not run on matching files."""
    strict: bool
    """Warnings fail the run too."""
    options: Mapping[str, Any]
    """Rule options by their field name (``tolerance``, ``fix_trust``); each
    rule reads only the ones its ``options`` class declares."""
    fixable: frozenset[str]
    """Rules whose fixes ``--fix`` applies."""
    include: tuple[str, ...]
    """Globs of the files searched for in folders."""
    exclude: tuple[str, ...]
    """Globs of files and folders a folder walk skips (named files too, with ``force_exclude``)."""
    respect_gitignore: bool
    """Folder walks skip what git ignores."""
    force_exclude: bool
    """``exclude`` applies to files named on the command line too."""
    stdin_filename: str | None
    """The name standard input goes by (``--stdin-filename``)."""
    root: Path | None
    """The folder globs are relative to: the configuration file's folder."""
    _configured: dict[str, Any]

    def __init__(
        self,
        *,
        enabled: frozenset[str] = ALL,
        severity: Mapping[str, Severity] | None = None,
        per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = (),
        strict: bool = False,
        options: Mapping[str, Any] | None = None,
        fixable: frozenset[str] = DEFAULT_FIXABLE,
        include: tuple[str, ...] = ("*.md", "*.markdown"),
        exclude: tuple[str, ...] = (),
        respect_gitignore: bool = True,
        force_exclude: bool = False,
        stdin_filename: str | None = None,
        root: Path | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "enabled", enabled)
        setattr_(self, "severity", severity if severity is not None else {})
        setattr_(self, "per_file_ignores", per_file_ignores)
        setattr_(self, "strict", strict)
        setattr_(self, "options", options if options is not None else {})
        setattr_(self, "fixable", fixable)
        setattr_(self, "include", include)
        setattr_(self, "exclude", exclude)
        setattr_(self, "respect_gitignore", respect_gitignore)
        setattr_(self, "force_exclude", force_exclude)
        setattr_(self, "stdin_filename", stdin_filename)
        setattr_(self, "root", root)
        setattr_(self, "_configured", {})  # rule name -> its options, built on first use

    def _fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (keyword names as in the constructor)."""
        return Settings(**{**self._fields(), **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Settings are immutable: use replace({name}=...)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Settings are immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Settings):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mappings inside: unhashable, as before

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self._fields().items())
        return f"Settings({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to --jobs workers; the options cache is rebuilt there.
        return (_rebuild, (self._fields(),))

    def is_fixable(self, rule: str) -> bool:
        return rule in self.fixable

    def settings_for(self, path: str) -> Settings:
        """These settings apply to every file (a :class:`SettingsSource`)."""
        return self

    def settings_in(self, folder: str) -> Settings:
        """These settings apply in every folder (a :class:`SettingsSource`)."""
        return self

    def options_for(self, rule: Rule[OptionsT]) -> OptionsT:
        """``rule``'s own options, built once per settings."""
        known: OptionsT | None = self._configured.get(rule.name)
        if known is None:
            known = self._configured[rule.name] = rule.configure(self.options)
        return known

    def rules_for(self, path: str) -> frozenset[str]:
        """Rules that run on ``path``, after ``per-file-ignores``."""
        if not self.per_file_ignores:
            return self.enabled
        relative = self._relative(path)
        ignored = frozenset(
            name
            for pattern, names in self.per_file_ignores
            if matches(relative, pattern)
            for name in names
        )
        return self.enabled - ignored

    def _relative(self, path: str) -> str:
        return globs.relative_path(self.root, path)


def matches(relative: str, pattern: str) -> bool:
    """Gitignore-style glob match (see :mod:`arena_lint.globs`)."""
    return globs.matches(relative, pattern)


class SettingsSource(Protocol):
    """Gives the settings for a file: one :class:`Settings` for all, or a config resolver."""

    def settings_for(self, path: str) -> Settings: ...

    def settings_in(self, folder: str) -> Settings:
        """The settings of the files in ``folder``."""
        ...


_FIELDS = tuple(name for name in Settings.__slots__ if not name.startswith("_"))


def _rebuild(fields: dict[str, Any]) -> Settings:
    return Settings(**fields)
