"""The rule registry, by hand: one line per rule, code and name.

This table is all that selecting rules needs (``--select AL1``, ``ignore =
["style"]``), so resolving a configuration never imports a rule's code. The
module of a rule is its name in snake case (``total-mismatch`` ->
``rules/total_mismatch.py``); a test checks that every module's ``RULE``
agrees with its line here.
"""

from __future__ import annotations

from collections.abc import Iterable

REGISTRY: tuple[tuple[str, str], ...] = (
    ("AL000", "internal-error"),
    ("AL001", "unreadable-file"),
    ("AL002", "front-matter-invalid"),
    ("AL003", "schema-violation"),
    ("AL004", "unwritable-file"),
    ("AL005", "unparsed-content"),
    ("AL101", "total-mismatch"),
    ("AL102", "subtotal-mismatch"),
    ("AL103", "invalid-duration"),
    ("AL201", "numbering-mismatch"),
    ("AL202", "duplicate-entry"),
    ("AL203", "numbering-order"),
    ("AL204", "untimed-entry"),
    ("AL205", "missing-total"),
    ("AL301", "extra-whitespace"),
    ("AL302", "mixed-duration-format"),
    ("AL303", "malformed-link"),
    ("AL304", "duplicate-link"),
    ("AL401", "not-in-outline"),
    ("AL402", "outline-title-mismatch"),
    ("AL403", "outline-parent-mismatch"),
    ("AL404", "outline-link-mismatch"),
    ("AL901", "unused-suppression"),
)

GROUPS = {
    "AL0": "input",
    "AL1": "arithmetic",
    "AL2": "structure",
    "AL3": "style",
    "AL4": "outline",
    "AL9": "suppression",
}

NAMES: tuple[str, ...] = tuple(name for _, name in REGISTRY)
ALL: frozenset[str] = frozenset(NAMES)
CODE_OF: dict[str, str] = {name: code for code, name in REGISTRY}
_NAME_OF: dict[str, str] = dict(REGISTRY)


class UnknownRule(ValueError):
    """A selector that names no rule; the message lists what is accepted."""


def canonical(name_or_code: str) -> str | None:
    """The rule name for a name or a code (``AL301``), or ``None``."""
    if name_or_code in CODE_OF:
        return name_or_code
    return _NAME_OF.get(name_or_code.upper())


def group(name: str) -> str:
    return GROUPS[CODE_OF[name][:3]]


def module_name(name: str) -> str:
    return name.replace("-", "_")


def resolve(selectors: Iterable[str]) -> frozenset[str]:
    """Rule names for selectors: names, codes, code prefixes, group names or ``ALL``."""
    names: set[str] = set()
    for selector in selectors:
        key = selector.strip()
        upper = key.upper()
        if key in CODE_OF:
            names.add(key)
        elif upper == "ALL":
            names.update(NAMES)
        elif key.lower() in GROUPS.values():
            names.update(name for name in NAMES if group(name) == key.lower())
        elif upper.startswith("AL") and any(code.startswith(upper) for code in _NAME_OF):
            names.update(name for code, name in REGISTRY if code.startswith(upper))
        else:
            raise UnknownRule(
                f"unknown rule '{selector}'; expected a rule name (extra-whitespace), "
                f"a code (AL301), a code prefix (AL3), a group ({', '.join(GROUPS.values())}) "
                "or ALL"
            )
    return frozenset(names)
