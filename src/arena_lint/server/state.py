"""What the server keeps per open document, and its one way into the pipeline.

Every call into arena-lint's pipeline (parse, check, fix) goes through
:func:`run_pipeline`, so the server checks a text exactly as ``check`` would
check the file. Re-point it here when the pipeline changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..source import MAX_BYTES
from .positions import Lines

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..model import Document
    from ..settings import Settings

NAME = "arena-lint"

#: Bounds, in seconds, of the pause after a change before the check begins.
PAUSE_MIN = 0.002
PAUSE_MAX = 0.25
#: Characters checked per second, to guess a new document's first check.
CHECK_RATE = 1_000_000


def pause(last_check: float | None, size: int, fixed: float | None = None) -> float:
    """Seconds to wait after a change before checking it: as long as the
    document's last check took (or, before one, as a text of ``size``
    characters takes), within bounds; ``fixed`` when the editor set one.

    Waiting as long as a check takes costs at most one check's time, and saves
    starting a check that the next keystroke would make stale: a 3 KB post
    (8 ms a check) gets its diagnostics in a few milliseconds, a 1 MB log is
    not checked once per key.
    """
    if fixed is not None:
        return fixed
    guess = last_check if last_check is not None else size / CHECK_RATE
    return min(PAUSE_MAX, max(PAUSE_MIN, guess))


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
    from .. import api

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
    version: int | None = None
    """The editor's version of the text (``None`` for a client that numbers none)."""

    @property
    def document(self) -> Document | None:
        return self.outcome.document


@dataclass(slots=True)
class Options:
    """Initialization options (``initializationOptions``) an editor may send."""

    inlay_hints: bool = True
    debounce: float | None = None
    """Seconds to wait after a change; ``None``: :func:`pause` chooses."""

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
