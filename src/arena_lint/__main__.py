"""``python -m arena_lint``."""

from .cli import main

main()
