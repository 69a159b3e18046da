"""The words and characters durations are written with, shared by the grammar
(:mod:`arena_lint.durations`) and the prefilter, which must never miss a token
the grammar reads. Kept apart so the prefilter need not import the grammar.
"""

from __future__ import annotations

import re

HOURS = r"h|hrs?|hours?"
MINUTES = r"m|mins?|minutes?"
SIGNS = "-+\u2212"
#: The characters a duration token may start with (signs, a tilde of an
#: approximation, digits, a decimal point or comma). The prefilter builds its
#: test from this, so it cannot miss a token the parser reads.
START = rf"{re.escape(SIGNS)}~\u2248\d.,"
