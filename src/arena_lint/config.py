"""Configuration: find it, validate it, and merge it with the command line.

``[tool.arena-lint]`` in ``pyproject.toml`` or the whole of ``.arena-lint.toml``
(which wins when a folder has both), in the linted file's folder or the nearest
one above it, stopping at the repository root. The file is checked against
``schema/config.schema.json``; every problem is one :class:`ConfigError` line
naming the file, the key and what was expected.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .diagnostics import Severity
from .rules import catalog
from .settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from .rules.base import Option

# pathlib is imported once a configuration file is found: a run in a folder
# without one (most starts) does without it.

# jsonschema and the rule registry are imported only when a configuration file
# exists or a rule is named: the common run, with neither, starts faster.


OWN_FILE = ".arena-lint.toml"
PYPROJECT = "pyproject.toml"
CONFIG_SCHEMA = "config.schema.json"
#: A configuration file larger than this is not read: no real one comes close.
MAX_CONFIG_BYTES = 1_000_000


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


class ConfigError(Exception):
    """A configuration problem: the run stops with exit status 2.

    ``key`` (the TOML key, dotted for a nested one) and ``value`` (the offending
    word in it) let :class:`Resolver` name the line of the file they are on.
    """

    def __init__(self, message: str, *, key: str | None = None, value: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.value = value


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


def find(folder: str | os.PathLike[str]) -> Path | None:
    """The configuration file that applies to files in ``folder`` (absolute), if any."""
    from .discovery import and_parents

    for candidate in and_parents(os.fspath(folder)):
        # lexists: a name that is there but no file to read (a link to a device or
        # elsewhere, a FIFO) is a configuration error, never silently passed over.
        own = os.path.join(candidate, OWN_FILE)
        if os.path.lexists(own):
            return _inside(_path(own))
        pyproject = os.path.join(candidate, PYPROJECT)
        if os.path.lexists(pyproject):
            # Parsed even when it cannot name us: a pyproject.toml that is not
            # TOML stops the run, as it would stop the project's other tools.
            path = _inside(_path(pyproject))
            if "arena-lint" in _tool_table(path):
                return path
        if os.path.exists(os.path.join(candidate, ".git")):
            return None
    return None


def _parent(path: str) -> str:
    """``str(Path(path).parent)`` without pathlib, which a start without a
    configuration file does without (~3.5 ms: docs/architecture.md, "Fast paths").
    Unlike ``os.path.dirname``, pathlib drops a trailing separator and ``.``
    parts first: the folder of ``--stdin-filename sub/`` is ``.``, not ``sub``."""
    if os.altsep is not None:  # pragma: no cover - Windows: drives, both separators
        return str(_path(path).parent)
    root = (
        "//"
        if path.startswith("//") and not path.startswith("///")
        else path[:1] * (path[:1] == "/")
    )
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return root + "/".join(parts[:-1]) if len(parts) > 1 else root or "."


def _repository(folder: Path) -> Path:
    """The repository holding ``folder`` (resolved), else that folder itself."""
    from .discovery import repository_root

    real = folder.resolve()
    return _path(repository_root(str(real)) or str(real))


def _path(name: str) -> Path:
    from pathlib import Path

    return Path(name)


def _inside(path: Path) -> Path:
    """``path``, unless it is a link to a file outside its repository: a configuration
    comes with the pull request, and must not make arena-lint read (and quote in
    its messages) a file elsewhere on the machine. ``--config`` is the user's choice.

    One rule whatever the link points to (a file, ``/dev/zero``, a FIFO): outside
    the repository is an error; inside, anything but a regular file is one too."""
    if path.is_symlink():
        root = _repository(path.parent)
        if not path.resolve().is_relative_to(root):
            raise ConfigError(
                f"{path}: is a link to a file outside the repository ({root}); not read "
                "(give it with --config to use it)"
            )
    import stat

    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if not regular:
        raise ConfigError(f"{path}: is not a regular file; not read")
    return path


def load(path: Path) -> dict[str, Any]:
    """The validated raw table of a configuration file."""
    from . import quick_schema

    data: Any = _read_toml(path)
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


def option_table() -> dict[str, Option]:
    """Configuration key -> rule option, for every rule (imports the rules)."""
    from .rules import all_rules
    from .rules.base import options_of

    return options_of(all_rules())


def rule_options(raw: Mapping[str, Any], where: str, base: Path | None) -> dict[str, Any]:
    """The rules' options in ``raw``, by field name, each read into its field's type."""
    keys = [key for key in raw if key not in GENERAL_KEYS]
    if not keys:
        return {}
    table = option_table()
    options = {}
    for key in keys:
        option = table[key]  # load() refused unknown keys
        try:
            options[option.field] = _read_option(option, raw[key], base)
        except ValueError as error:
            rules = ", ".join(option.rules)
            message = f"{where}: {key} (an option of {rules}): {error}"
            raise ConfigError(message, key=key) from None
    _settle_sum_options(options, raw, where)
    return options


def _read_option(option: Option, value: Any, base: Path | None) -> Any:
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
    assert option.load is not None
    from pathlib import Path

    root = _repository(base) if base is not None else None
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


def _settle_sum_options(options: dict[str, Any], raw: Mapping[str, Any], where: str) -> None:
    """The one link between two options: a ``tolerance`` alone means
    ``tolerance-mode = "absolute"``, which needs a tolerance."""
    mode = options.setdefault("tolerance_mode", "absolute" if "tolerance" in options else "exact")
    if mode == "absolute" and "tolerance" not in options:
        raise ConfigError(
            f'{where}: tolerance-mode: "absolute" needs a tolerance ("0.05h")', key="tolerance-mode"
        )


def _shorten(text: str, limit: int) -> str:
    """``text``, cut to ``limit`` characters: a value may be megabytes long."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
        return self.settings_in(os.getcwd() if path == "-" else _parent(path))

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
                raise _with_line(error, path) from None
            for key in ("front_matter_schema", "log_schema"):
                schema = known.options.get(key)
                if schema is not None:
                    check_schema_file(schema, str(path or "command line"))
        return known


def _dotted(path: Iterable[Any]) -> str:
    """A nested key as TOML writes it: ``severity.total-mismatch``, ``per-file-ignores."x/*"``."""
    import re

    return ".".join(
        str(part) if re.fullmatch(r"[A-Za-z0-9_-]+", str(part)) else f'"{part}"' for part in path
    )


def _with_line(error: ConfigError, path: Path | None) -> ConfigError:
    """``error`` with the line of its key (and value) in ``path``: ``file:3: ...``."""
    prefix = f"{path}: "
    message = str(error)
    if path is None or error.key is None or not message.startswith(prefix):
        return error
    number = _line_of(path, error.key, error.value)
    if number is None:
        return error
    return ConfigError(f"{path}:{number}: {message[len(prefix) :]}", key=error.key)


def _line_of(path: Path, key: str, value: str | None) -> int | None:
    """The line of ``key`` (its last part) in ``path``, or of ``value`` quoted after it;
    in a pyproject.toml, from the ``[tool.arena-lint`` header on."""
    import re

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = 0
    if path.name == PYPROJECT:
        header = re.compile(r"\s*\[\s*tool\s*\.\s*[\"']?arena-lint\b")
        start = next((i for i, line in enumerate(lines) if header.match(line)), 0)
    last = key.rpartition(".")[2].strip('"')
    named = re.compile(
        r"""^\s*(?:\[\s*(?:[\w."'-]+\.)?)?["']?""" + re.escape(last) + r"""["']?\s*(?:=|\])"""
    )
    at = next((i for i in range(start, len(lines)) if named.search(lines[i])), None)
    if at is None:
        return None
    if value is not None:
        # A rule named in a list ("AL1", 'x') or as a key (severity's `x = "error"`).
        quoted = re.compile(
            r"""["']""" + re.escape(value) + r"""["']|^\s*""" + re.escape(value) + r"""\s*="""
        )
        found = next((i for i in range(at, len(lines)) if quoted.search(lines[i])), None)
        if found is not None:
            return found + 1
    return at + 1


def _file_inside(name: str, base: Path | None) -> Path:
    """The file a configuration names (relative to it), which must be inside its repository.

    The configuration may come with a pull request: it must not make arena-lint
    read (and quote) a file elsewhere on the machine. A file given on the
    command line is the user's own choice and is not checked here.
    """
    from pathlib import Path

    path: Path = (base or Path.cwd()) / name
    if base is not None:
        root = _repository(base)
        if not path.resolve().is_relative_to(root):
            raise ValueError(
                f"{name!r} is outside the repository ({root}); "
                "a configuration file may name only a file inside it"
            )
    if not path.is_file():
        raise ValueError(f"no file at {path}")
    return path


def _read_toml(path: Path) -> dict[str, Any]:
    """The TOML table in ``path``; any problem, bombs included, is one ConfigError line."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes; not read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        table: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML arena-lint reads: nested too deeply") from None
    except ValueError as error:
        # Python's bound on the digits of an integer (4300 since 3.11).
        message = " ".join(str(error).split(";")[0].split())
        raise ConfigError(f"{path}: not valid TOML arena-lint reads: {message}") from None
    return table


def _tool_table(path: Path) -> dict[str, Any]:
    """The ``[tool]`` table of a pyproject.toml (empty when it is missing or not a table)."""
    tool = _read_toml(path).get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _describe(path: Path, error: Any) -> str:
    """One line for a schema error in a configuration file."""
    from . import schema_check

    # A value from the file may be megabytes long: the line is cut short.
    return schema_check.shorten(_explain(path, error), 400)


def _explain(path: Path, error: Any) -> str:
    import json

    key = ".".join(str(part) for part in error.absolute_path)
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
