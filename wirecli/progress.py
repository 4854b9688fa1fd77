"""Progress on stderr for long runs, and only where a person is watching it."""

# No ``from __future__ import annotations`` needed: nothing here is evaluated at start-up.
import contextlib
import sys
from collections.abc import Iterator

PROGRESS_THRESHOLD = 20
"""Show a progress bar for runs with more inputs than this (on a terminal only)."""


class Bar:
    """Progress on stderr; this one shows nothing."""

    def advance(self) -> None:
        pass

    def stop(self) -> None:
        pass


class RichBar(Bar):
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        # Rich's Console honours NO_COLOR; stderr lines printed meanwhile go above the bar.
        self._progress = Progress(
            TextColumn("converting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=True,
        )
        self._task = self._progress.add_task("converting", total=total)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


@contextlib.contextmanager
def progress(total: int, *, quiet: bool, to_stdout: bool) -> Iterator[Bar]:
    """A progress bar only for long runs on a terminal, and never over data written to that terminal."""
    wanted = (
        not quiet
        and total > PROGRESS_THRESHOLD
        and sys.stderr.isatty()
        and not (to_stdout and sys.stdout.isatty())
    )
    bar = RichBar(total) if wanted else Bar()
    try:
        yield bar
    finally:
        bar.stop()
