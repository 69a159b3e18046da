"""What a run is asked to do: the options every stage reads.

Built by :mod:`arena_lint.config` from defaults, a configuration file and the
command line, in that order of precedence (the last wins).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import discovery
from .diagnostics import Severity
from .rules.catalog import ALL

if TYPE_CHECKING:
    from .rules.base import Rule

OptionsT = TypeVar("OptionsT")

DEFAULT_FIXABLE = frozenset({"total-mismatch", "subtotal-mismatch", "untimed-entry"})
"""By default ``--fix`` repairs the numbers, which it can prove; style fixes
(``extra-whitespace``) when asked for."""


@dataclass(frozen=True, slots=True)
class Settings:
    enabled: frozenset[str] = ALL
    """Names of the rules that run, resolved when the configuration is built."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Rule name -> severity the user configured; it beats every other choice."""
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    """(glob, rule names) pairs: those rules do not run on matching files."""
    strict: bool = False
    """Warnings fail the run too."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Rule options by their snake-case name (``tolerance``, ``fix_trust``); each
    rule reads only the ones its ``options`` class declares."""
    fixable: frozenset[str] = DEFAULT_FIXABLE
    """Rules whose fixes ``--fix`` applies."""
    include: tuple[str, ...] = ("*.md", "*.markdown")
    """Globs of the files searched for in folders."""
    exclude: tuple[str, ...] = ()
    """Globs of files and folders a folder walk skips (named files too, with ``force_exclude``)."""
    respect_gitignore: bool = True
    """Folder walks skip what git ignores."""
    force_exclude: bool = False
    """``exclude`` applies to files named on the command line too."""
    stdin_filename: str | None = None
    """The name standard input goes by (``--stdin-filename``)."""
    root: Path | None = None
    """The folder globs are relative to: the configuration file's folder."""
    _configured: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def is_fixable(self, rule: str) -> bool:
        return rule in self.fixable

    def settings_for(self, path: str) -> Settings:
        """These settings apply to every file (a :class:`SettingsSource`)."""
        return self

    def options_for(self, rule: Rule[OptionsT]) -> OptionsT:
        """``rule``'s own options, built once per settings."""
        known = self._configured.get(rule.name)
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

    def is_included(self, path: str) -> bool:
        return discovery.is_included(self, path)

    def is_excluded(self, path: str) -> bool:
        return discovery.is_excluded(self, path)

    def _relative(self, path: str) -> str:
        return discovery.relative_path(self.root, path)


def matches(relative: str, pattern: str) -> bool:
    """Gitignore-style glob match (see :mod:`arena_lint.discovery`)."""
    return discovery.matches(relative, pattern)


class SettingsSource(Protocol):
    """Gives the settings for a file: one :class:`Settings` for all, or a config resolver."""

    def settings_for(self, path: str) -> Settings: ...
