"""What a run is asked to do: the options every stage reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    strict: bool = False
    """Warnings fail the run too."""
    front_matter_schema: Path | None = None
    """A JSON Schema replacing the packaged front matter schema."""
    log_schema: Path | None = None
    """An extra JSON Schema the typed tree (``--dump-tree``'s JSON) must satisfy."""
