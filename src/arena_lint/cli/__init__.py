"""The ``arena-lint`` command: options -> settings -> api -> formatter -> exit code.

The click command only gathers options into a :class:`Request`; :func:`execute`
does the rest and returns the exit status.
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module

import click

from .check import check
from .params import CONTEXT, EPILOG
from .run import Request, execute

__all__ = ["Request", "entry", "execute", "main"]


def entry() -> None:
    """The ``arena-lint`` command and ``python -m arena_lint``: :func:`main`, then exit."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        from ..atomic import ClosedStream

        sys.stdout = ClosedStream()
    try:
        main()
    finally:
        # The process ends here. Its last act would be the cycle collector's
        # passes over every object left (~4 ms, a tenth of a start without a log),
        # freeing memory the system takes back anyway. Everything freed by
        # reference counting is still finalised; the files arena-lint writes are
        # closed by then (`with`, arena_lint.atomic) and the streams are flushed.
        gc.freeze()


class _CheckByDefault(click.Group):
    """``arena-lint post.md`` means ``arena-lint check post.md``; ``report`` and
    ``server`` are made on first use (:data:`_LAZY_COMMANDS`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.list_commands(ctx) and args[0] not in ("-h", "--help")):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            module, name = _LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(import_module(module, __name__), name))
        return super().get_command(ctx, cmd_name)


@click.group(cls=_CheckByDefault, epilog=EPILOG, context_settings=CONTEXT)
def main() -> None:
    """Check the study-time logs kept in Markdown posts.

    `arena-lint PATH...` is short for `arena-lint check PATH...`; see
    `arena-lint COMMAND --help` for each command's options.
    """


main.add_command(check)


@click.command(context_settings=CONTEXT)
def server() -> None:
    """Run the language server over stdio, for editors (see the README)."""
    from ..server import main as serve  # pygls is loaded only here

    sys.exit(serve())


#: Commands whose module is imported only when they run or help is shown: making a
#: click option costs ~0.05 ms, and a check (most starts) needs only its own.
_LAZY_COMMANDS = {"report": ".report:report", "server": f"{__name__}:server"}
