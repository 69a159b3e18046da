"""Positions: arena-lint counts 1-based lines and code points on LF text
without a BOM; LSP counts 0-based lines and (by default) UTF-16 code units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types

from ..source import Source

if TYPE_CHECKING:
    from ..model import Span


@dataclass(frozen=True, slots=True)
class Lines:
    """The editor's text split as both sides count lines, with the position encoding."""

    lines: list[str]
    encoding: str = types.PositionEncodingKind.Utf16
    bom: bool = False

    @classmethod
    def of(cls, text: str, encoding: str) -> Lines:
        bom = text.startswith("\ufeff")
        return cls(Source.from_text(text).lines, encoding, bom)

    def _line(self, index: int) -> str:
        line = self.lines[index] if 0 <= index < len(self.lines) else ""
        # The BOM is a character the editor shows on line 0 but arena-lint dropped.
        return "\ufeff" + line if self.bom and index == 0 else line

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based ``(line, column)`` of arena-lint."""
        index = line - 1
        shift = 1 if self.bom and index == 0 else 0
        prefix = self._line(index)[: column - 1 + shift]
        return types.Position(index, self._units(prefix))

    def range(self, span: Span) -> types.Range:
        return types.Range(
            self.position(span.line, span.column), self.position(span.end_line, span.end_column)
        )

    def column(self, position: types.Position) -> int:
        """The 1-based arena-lint column of an LSP position (on its line)."""
        line = self._line(position.line)
        units = 0
        chars = 0
        for char in line:
            if units >= position.character:
                break
            units += self._units(char)
            chars += 1
        shift = 1 if self.bom and position.line == 0 else 0
        return max(chars - shift, 0) + 1

    def end(self) -> types.Position:
        last = len(self.lines) - 1
        return types.Position(last, self._units(self._line(last)))

    def _units(self, text: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8"))
        return len(text.encode("utf-16-le")) // 2
