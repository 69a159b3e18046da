"""A repair a rule proves: the one record rules, diagnostics and ``--fix`` share.

On its own so that a diagnostic can name its edits without importing the fixer
(which reads the settings, which name the rules, which make diagnostics).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from .span import Span


class Edit(NamedTuple):
    """A proven repair: replace the text of ``span`` (on one line) with ``text``."""

    span: Span
    text: str
    hours: Fraction | None = None
    """For a rewritten duration, its new value: a later pass of ``--fix`` that
    rewrites the same number again writes it in the style first found there."""
    after: tuple[Span, ...] = ()
    """Places whose edits must be made first: a sum computed from its parts waits
    for a pass in which none of them is edited."""
