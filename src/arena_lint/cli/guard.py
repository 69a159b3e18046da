"""The one guard every command runs in: configuration errors, unwritable
output and signals become one line and an exit status."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator

import click

from ..config import ConfigError
from ..escape import for_log
from .output import Unwritable

#: Exit statuses, stable for scripts and CI; a signal N ends the run with 128 + N
#: (Ctrl-C: 130), as a shell reports it.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 128


def guarded(body: Callable[[], int]) -> int:
    """The one guard of every command: ``body``'s status, or the status of the
    configuration error, unwritable output or signal that ended it, said in one line."""
    try:
        with signals_as_exceptions():
            return body()
    except (ConfigError, Unwritable) as error:
        click.echo(f"arena-lint: {for_log(str(error))}", err=True)
        return EXIT_USAGE
    except Interrupted as stop:
        click.echo("arena-lint: interrupted", err=True)
        return EXIT_INTERRUPTED + stop.signal
    except KeyboardInterrupt:
        click.echo("arena-lint: interrupted", err=True)
        return EXIT_INTERRUPTED + signal.SIGINT


class Interrupted(BaseException):
    """SIGTERM or SIGHUP, raised where the main process is, so that every ``with``
    (worker pool, temporary file) is left cleanly; not an ``Exception``, so no
    crash guard mistakes it for a bug."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    def stop(number: int, _: object) -> None:
        raise Interrupted(number)

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    except ValueError:  # not the main thread (a program embedding the CLI): its signals
        yield
        return
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
