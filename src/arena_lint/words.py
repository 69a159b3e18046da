"""Small wording helpers shared by every output."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no column break."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
