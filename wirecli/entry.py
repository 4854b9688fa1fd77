"""The console entry point: load the command line with the garbage collector paused, then run it.

Importing Typer, Click and wirecli makes tens of thousands of objects that live as long as the
process, and the collector would walk them again and again while they load, then once more at
exit: about 10-15 ms of every run. Collection stays paused while they load; then they are frozen
(left out of every later collection) and collection resumes for what the command makes.
"""

import gc
from collections.abc import Callable


def load_cli() -> Callable[[], None]:
    """Import the command line as described above; returns its ``main``."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from wirecli.cli import main
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return main


def main() -> None:
    """What the ``wirecli`` command runs."""
    load_cli()()
