"""What the server keeps per open document, and its one way into the pipeline.

Every call into arena-lint's pipeline (parse, check, fix) goes through
:func:`run_pipeline`, so the server checks a text exactly as ``check`` would
check the file. Re-point it here when the pipeline changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import api
from ..diagnostics import Diagnostic
from ..model import Document
from ..settings import Settings
from ..source import MAX_BYTES
from .positions import Lines

#: Seconds of quiet typing before a changed document is checked again.
DEBOUNCE = 0.25


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline made of one text."""

    document: Document | None
    """The typed tree; ``None`` when the text holds no log or checking failed."""
    diagnostics: list[Diagnostic]
    fixed: str | None = None
    """With ``fix=True``: the text as ``--fix`` would leave it."""


def run_pipeline(text: str, path: str, settings: Settings, *, fix: bool = False) -> Outcome:
    """Check ``text`` as the file at ``path`` with the one pipeline ``check`` runs
    (:func:`arena_lint.api.run`); with ``fix``, also repair it in memory.

    Never raises: the pipeline's own guard turns a crash into an
    ``internal-error`` diagnostic, so one odd document cannot stop the server.
    A text over the size cap of a file is refused there as a file would be.
    """
    result = api.run(path, settings, mode="diff" if fix else "check", text=text)
    return Outcome(result.document, result.diagnostics, result.after if fix else None)


def lines_of(text: str, encoding: str) -> Lines:
    """The text's lines; none of a text over the cap (only its refusal is shown,
    on the first line, and splitting it would take the memory the cap saves)."""
    return Lines.of(text if len(text) <= MAX_BYTES else "", encoding)


@dataclass(frozen=True, slots=True)
class Checked:
    """One version of an open document, checked."""

    text: str
    path: str
    lines: Lines
    outcome: Outcome
    settings: Settings | None
    config_error: str | None = None

    @property
    def document(self) -> Document | None:
        return self.outcome.document


@dataclass(slots=True)
class Options:
    """Initialization options (``initializationOptions``) an editor may send."""

    inlay_hints: bool = True
    debounce: float = DEBOUNCE

    @classmethod
    def parse(cls, raw: Any) -> Options:
        options = cls()
        if isinstance(raw, dict):
            hints = raw.get("inlayHints")
            if isinstance(hints, bool):
                options.inlay_hints = hints
            debounce = raw.get("debounceMs")
            if isinstance(debounce, int | float) and not isinstance(debounce, bool):
                options.debounce = max(0.0, float(debounce) / 1000)
        return options
