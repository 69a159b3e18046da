"""Where something is written: the one position type every stage shares."""

from __future__ import annotations

from typing import Any, NamedTuple


class Span(NamedTuple):
    """A source range: 1-based lines and columns; the end column is exclusive."""

    # A NamedTuple, as every record on the start-up path: a frozen dataclass costs
    # about half a millisecond to define (a start without a log is ~35 ms) and sets
    # each field through object.__setattr__ when made (spans are made per entry).

    line: int
    column: int
    end_line: int
    end_column: int

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


#: Where a finding about a whole file points.
FILE_START = Span(1, 1, 1, 1)
