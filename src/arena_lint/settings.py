"""What a run is asked to do: the options every stage reads.

Built by :mod:`arena_lint.config` from defaults, a configuration file and the
command line, in that order of precedence (the last wins).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal, Protocol

from . import discovery
from .diagnostics import Severity

ToleranceMode = Literal["exact", "absolute", "precision"]
FixTrust = Literal["leaves", "parents"]


@dataclass(frozen=True, slots=True)
class Settings:
    enabled: frozenset[str] | None = None
    """Names of the rules that run; ``None`` for all of them."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Rule name -> severity, overriding the rule's default."""
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    """(glob, rule names) pairs: those rules do not run on matching files."""
    strict: bool = False
    """Warnings fail the run too."""
    tolerance: Fraction = Fraction(0)
    """Hours a sum may be off by, with ``tolerance_mode="absolute"``."""
    tolerance_mode: ToleranceMode = "exact"
    fixable: frozenset[str] = frozenset({"total-mismatch", "subtotal-mismatch", "untimed-entry"})
    """Rules whose fixes ``--fix`` applies: by default the numbers, which it can
    prove; style fixes (``extra-whitespace``) when asked for."""
    fix_trust: FixTrust = "leaves"
    """Which side of a wrong sum ``--fix`` believes: the parts (rewrite the stated
    sum) or the stated sum (rewrite its single timed or untimed part)."""
    front_matter_schema: Path | None = None
    """A JSON Schema replacing the packaged front matter schema."""
    log_schema: Path | None = None
    """An extra JSON Schema the typed tree (``--dump-tree``'s JSON) must satisfy."""
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
    config_path: Path | None = None
    """The configuration file these settings came from, if any."""

    def is_fixable(self, rule: str) -> bool:
        return rule in self.fixable

    def settings_for(self, path: str) -> Settings:
        """These settings apply to every file (a :class:`SettingsSource`)."""
        return self

    def rules_for(self, path: str) -> frozenset[str] | None:
        """Rules that run on ``path`` (``None``: all), after ``per-file-ignores``."""
        ignored = frozenset(
            name
            for pattern, names in self.per_file_ignores
            if matches(self._relative(path), pattern)
            for name in names
        )
        if not ignored:
            return self.enabled
        from .rules import BY_NAME  # the registry imports rule modules, which import this one

        return frozenset(self.enabled if self.enabled is not None else BY_NAME) - ignored

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
