"""What a check reports: a located, named, graded message."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .edits import Edit


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Diagnostic(NamedTuple):
    """One finding in one file; lines and columns are 1-based, the end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    url: str = ""
    """The rule's documentation page."""
    fix: tuple[Edit, ...] = ()
    """The edits ``--fix`` applies for this finding (none: not fixable here)."""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "url": self.url,
            "fixable": bool(self.fix),
        }
