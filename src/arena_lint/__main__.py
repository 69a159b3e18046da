"""``python -m arena_lint``."""

from .cli import entry

entry()
