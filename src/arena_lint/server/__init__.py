"""``arena-lint server``: a Language Server Protocol server over stdio.

Editors get the findings of ``arena-lint check`` while the text is unsaved,
quick fixes made of the same edits ``--fix`` makes, and the sums themselves:
hover on a total, chapter or exercise, inlay hints after each parent, and the
log as an outline.

pygls is imported in this package only; ``arena-lint check`` never loads it.

- :mod:`.state`: the pipeline adapter and what is kept per document;
- :mod:`.positions`: arena-lint's positions and the editor's;
- :mod:`.outline`: the sums shown in hover, inlay hints and the outline;
- :mod:`.actions`: diagnostics and code actions;
- :mod:`.protocol`: what pygls leaves unanswered or unbounded, repaired;
- :mod:`.app`: the server, a method per protocol message.
"""

from __future__ import annotations

from typing import Any

from .app import ArenaServer, create_server, main
from .positions import Lines

__all__ = ["ArenaServer", "Lines", "create_server", "main", "share"]


def __getattr__(name: str) -> Any:
    # The outline needs the typed tree, which the server imports on first use.
    if name == "share":
        from .outline import share

        return share
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
