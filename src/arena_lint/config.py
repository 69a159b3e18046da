"""Configuration: find it, validate it, and merge it with the command line.

``[tool.arena-lint]`` in ``pyproject.toml`` or the whole of ``.arena-lint.toml``
(which wins when a folder has both), in the linted file's folder or the nearest
one above it, stopping at the repository root (finding and reading the file:
:mod:`arena_lint.config_files`). The file is checked against
``schema/config.schema.json``; every problem is one :class:`ConfigError` line
naming the file, the key and what was expected. A rule's option is read into
its field's type by :mod:`arena_lint.config_options`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .config_files import OWN_FILE, PYPROJECT, find, parent_of, read_toml, with_line
from .config_files import ConfigError as ConfigError  # the error every caller catches
from .diagnostics import Severity
from .rules import catalog
from .settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

# jsonschema, the rule registry and config_options are imported only when a
# configuration file exists or a rule is named: the common run, with neither,
# starts faster.

CONFIG_SCHEMA = "config.schema.json"


#: The keys this module reads itself; every other key is a rule's option.
GENERAL_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "strict",
    "fixable",
    "include",
    "exclude",
)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'select'?)`` for the closest of ``choices``, or nothing."""
    import difflib

    by_folded = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), by_folded, n=1, cutoff=0.7)
    return f" (did you mean '{by_folded[close[0]]}'?)" if close else ""


def _selector_words() -> list[str]:
    return [*catalog.NAMES, *catalog.CODE_OF.values(), *catalog.GROUPS.values(), "ALL"]


class Overrides(NamedTuple):
    """What the command line says; ``None`` or empty leaves the file's value."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool | None = None
    options: Mapping[str, Any] = {}  # read only
    """Rule options by field name (``fix_trust``), typed already."""
    fixable: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    force_exclude: bool = False
    stdin_filename: str | None = None


def resolve_selectors(
    selectors: Iterable[str], where: str, key: str | None = None
) -> frozenset[str]:
    """Rule names for selectors: names, codes, code prefixes, group names or ``ALL``."""
    selectors = list(selectors)
    try:
        return catalog.resolve(selectors)
    except catalog.UnknownRule as error:
        bad = next(s for s in selectors if not _resolves(s))
        hint = _did_you_mean(bad.strip(), _selector_words())
        message = f"unknown rule '{bad}'{hint}; see --list-rules" if hint else str(error)
        raise ConfigError(f"{where}: {message}", key=key, value=bad) from None


def _resolves(selector: str) -> bool:
    try:
        catalog.resolve([selector])
    except catalog.UnknownRule:
        return False
    return True


def load(path: Path) -> dict[str, Any]:
    """The validated raw table of a configuration file."""
    from . import quick_schema

    data: Any = read_toml(path)
    if (
        path.name != PYPROJECT
        and isinstance(data.get("tool"), dict)
        and "arena-lint" in data["tool"]
    ):
        raise ConfigError(
            f"{path}: [tool.arena-lint] is pyproject.toml's header; in {OWN_FILE} write the "
            "same keys at the top, without it",
            key="tool.arena-lint",
        )
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        data = tool.get("arena-lint", {}) if isinstance(tool, dict) else None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [tool.arena-lint] must be a table")
    # The schema checks the keys read here; a rule's options are checked against
    # the rule's own options class when they are read (rule_options).
    general = {key: value for key, value in data.items() if key in GENERAL_KEYS}
    if len(general) < len(data):
        from .config_options import option_table

        known = option_table()
        unknown = [key for key in data if key not in GENERAL_KEYS and key not in known]
        if unknown:
            names = ", ".join(f"'{key}'" for key in unknown)
            expected = ", ".join([*GENERAL_KEYS, *known])
            hint = _did_you_mean(unknown[0], [*GENERAL_KEYS, *known])
            raise ConfigError(
                f"{path}: unknown key {names}{hint}; expected one of: {expected}",
                key=unknown[0],
            )
    if quick_schema.valid(CONFIG_SCHEMA, general):
        return data  # the usual case, told without importing jsonschema (~50 ms)
    from jsonschema import Draft202012Validator

    from . import schema_check

    validator = Draft202012Validator(schema_check.load(CONFIG_SCHEMA))
    try:
        errors = sorted(validator.iter_errors(general), key=lambda e: list(map(str, e.path)))
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply for a configuration") from None
    for error in errors:
        raise ConfigError(_describe(path, error), key=_dotted(error.absolute_path) or None)
    return data


def build(raw: Mapping[str, Any], path: Path | None, overrides: Overrides) -> Settings:
    """Settings from defaults, a validated file table (``raw``) and the command line."""
    where = str(path) if path is not None else "command line"
    base = path.parent if path is not None else None

    def selectors(key: str) -> frozenset[str]:
        return resolve_selectors(raw.get(key, ()), f"{where}: {key}", key)

    # Rule selection is resolved here, once, to a concrete set of names.
    if overrides.select is not None:
        enabled = resolve_selectors(overrides.select, "--select")
    elif "select" in raw:
        enabled = selectors("select")
    else:
        enabled = catalog.ALL
    enabled |= selectors("extend-select") | resolve_selectors(
        overrides.extend_select, "--extend-select"
    )
    enabled -= selectors("ignore") | resolve_selectors(overrides.ignore, "--ignore")

    severity: dict[str, Severity] = {}
    for key, value in raw.get("severity", {}).items():
        for name in resolve_selectors([key], f"{where}: severity", "severity"):
            severity[name] = Severity(value)

    per_file = tuple(
        (
            pattern,
            resolve_selectors(
                rules, f"{where}: {_dotted(('per-file-ignores', pattern))}", "per-file-ignores"
            ),
        )
        for pattern, rules in raw.get("per-file-ignores", {}).items()
    )

    # Rule options, by the snake-case names the rules' option classes declare;
    # the command line's are typed already.
    options = rule_options(raw, where, base)
    options.update(overrides.options)
    extra: dict[str, Any] = {}
    if overrides.fixable is not None:
        extra["fixable"] = resolve_selectors(overrides.fixable, "--fixable")
    elif "fixable" in raw:
        extra["fixable"] = selectors("fixable")

    settings = Settings(
        enabled=enabled,
        severity=severity,
        per_file_ignores=per_file,
        strict=overrides.strict if overrides.strict is not None else raw.get("strict", False),
        options=options,
        root=base,
        **extra,
    )
    if "include" in raw:
        settings = settings.replace(include=tuple(raw["include"]))
    exclude = overrides.exclude if overrides.exclude is not None else raw.get("exclude", ())
    _check_globs(raw, where, overrides)
    return settings.replace(
        exclude=(*exclude, *overrides.extend_exclude),
        respect_gitignore=overrides.respect_gitignore is not False,
        force_exclude=overrides.force_exclude,
        stdin_filename=overrides.stdin_filename,
    )


def rule_options(raw: Mapping[str, Any], where: str, base: Path | None) -> dict[str, Any]:
    """The rules' options in ``raw``, by field name, each read into its field's type."""
    keys = [key for key in raw if key not in GENERAL_KEYS]
    if not keys:
        return {}
    # Imported only for a configuration that sets an option: not on the start.
    from .config_options import option_table, read_option

    table = option_table()
    options = {}
    for key in keys:
        option = table[key]  # load() refused unknown keys
        try:
            options[option.field] = read_option(option, raw[key], base)
        except ValueError as error:
            rules = ", ".join(option.rules)
            message = f"{where}: {key} (an option of {rules}): {error}"
            raise ConfigError(message, key=key) from None
    _settle_sum_options(options, raw, where)
    return options


def _settle_sum_options(options: dict[str, Any], raw: Mapping[str, Any], where: str) -> None:
    """The one link between two options: a ``tolerance`` alone means
    ``tolerance-mode = "absolute"``, which needs a tolerance."""
    mode = options.setdefault("tolerance_mode", "absolute" if "tolerance" in options else "exact")
    if mode == "absolute" and "tolerance" not in options:
        raise ConfigError(
            f'{where}: tolerance-mode: "absolute" needs a tolerance ("0.05h")', key="tolerance-mode"
        )


def _check_globs(raw: Mapping[str, Any], where: str, overrides: Overrides) -> None:
    """A glob that cannot be matched stops the run here (exit 2), not in the walk."""
    from .discovery import glob_problem

    given = [
        (f"{where}: include", raw.get("include", ())),
        (f"{where}: exclude", raw.get("exclude", ()) if overrides.exclude is None else ()),
        (f"{where}: per-file-ignores", raw.get("per-file-ignores", {})),
        ("--exclude", overrides.exclude or ()),
        ("--extend-exclude", overrides.extend_exclude),
    ]
    for label, patterns in given:
        for pattern in patterns:
            # A per-file-ignores key matches what follows its `!` (see discovery.matches).
            glob = (
                pattern[1:]
                if label.endswith("per-file-ignores") and pattern[:1] == "!"
                else pattern
            )
            problem = glob_problem(glob)
            if problem is not None:
                key = label.rpartition(": ")[2]
                raise ConfigError(
                    f"{label}: {pattern!r} is not a valid glob ({problem})", key=key, value=pattern
                )


def check_schema_file(path: Path, where: str) -> None:
    """Raise :class:`ConfigError` unless ``path`` holds a usable JSON Schema.

    Every ``$ref`` it makes is resolved now (only files in its own folder) and
    every pattern compiled, so a bad one stops the run here with exit 2.
    """
    from . import schema_check

    try:
        schema_check.validator(path=path)
    except schema_check.SchemaFileError as error:
        raise ConfigError(f"{where}: {error}") from None


class Resolver:
    """The settings for each linted file: found, loaded and merged once per folder.

    ``config`` (``--config``) replaces discovery; ``isolated`` ignores all files.
    """

    __slots__ = ("_by_file", "_by_folder", "config", "isolated", "overrides")

    def __init__(
        self, overrides: Overrides | None = None, config: Path | None = None, isolated: bool = False
    ) -> None:
        self.overrides = overrides if overrides is not None else Overrides()
        self.config = config
        self.isolated = isolated
        self._by_folder: dict[str, Settings] = {}
        self._by_file: dict[Path | None, Settings] = {}

    def settings_for(self, path: str) -> Settings:
        """The settings of ``path`` (``-``: standard input, in the current folder)."""
        return self.settings_in(os.getcwd() if path == "-" else parent_of(path))

    def settings_in(self, folder: str) -> Settings:
        """The settings of the files in ``folder``."""
        if self.isolated:
            return self._settings(None)
        if self.config is not None:
            return self._settings(self.config)
        folder = os.path.realpath(folder)
        known = self._by_folder.get(folder)
        if known is None:
            known = self._by_folder[folder] = self._settings(find(folder))
        return known

    def _settings(self, path: Path | None) -> Settings:
        known = self._by_file.get(path)
        if known is None:
            try:
                raw = load(path) if path is not None else {}
                known = self._by_file[path] = build(raw, path, self.overrides)
            except ConfigError as error:
                raise with_line(error, path) from None
            for key in ("front_matter_schema", "log_schema"):
                schema = known.options.get(key)
                if schema is not None:
                    check_schema_file(schema, str(path or "command line"))
        return known


def _dotted(path: Iterable[Any]) -> str:
    """A nested key as TOML writes it: ``severity.total-mismatch``, ``per-file-ignores."x/*"``;
    a list's positions are left out (TOML has no name for them: ``select``, not ``select.1``)."""
    import re

    return ".".join(
        part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"'
        for part in map(str, (part for part in path if not isinstance(part, int)))
    )


def _describe(path: Path, error: Any) -> str:
    """One line for a schema error in a configuration file."""
    from . import schema_check

    # A value from the file may be megabytes long: the line is cut short.
    return schema_check.shorten(_explain(path, error), 400)


def _explain(path: Path, error: Any) -> str:
    import json

    key = _dotted(error.absolute_path)
    if error.validator == "additionalProperties" and not error.absolute_path:
        known = ", ".join(error.schema["properties"])
        unknown = ", ".join(
            f"'{name}'" for name in error.instance if name not in error.schema["properties"]
        )
        return f"{path}: unknown key {unknown}; expected one of: {known}"
    if error.validator == "enum":
        expected = " or ".join(json.dumps(value) for value in error.validator_value)
        return f"{path}: {key}: {json.dumps(error.instance)} is not allowed; expected {expected}"
    return f"{path}: {key or '[tool.arena-lint]'}: {error.message}"
