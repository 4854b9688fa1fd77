"""What the command line says on stderr: one line per message, safe for any terminal.

Diagnostics use the compiler form ``path:line:col: severity code: message`` that editors and grep
know (see :func:`wirecli.validate.diagnostic_line`), coloured only when stderr is a terminal; other
messages start with ``wirecli:``. Story text and file names can hold control characters and bidi
overrides, so every line is made visible before it is written.
"""

from __future__ import annotations

import sys

from wirecli.model import Diagnostic
from wirecli.terminal import visible, wants_colour

__all__ = ["format_diagnostic", "say", "say_diagnostic", "visible"]


def format_diagnostic(name: str, diagnostic: Diagnostic) -> str:
    """``path:line:col: severity code: message``, uncoloured, with control characters made visible."""
    from wirecli.validate import diagnostic_line  # most runs print none: keep it off start-up

    return diagnostic_line(name, diagnostic)


def say(message: str) -> None:
    """Write one line to stderr (looked up at call time, so a progress display can take it over)."""
    sys.stderr.write(visible(message) + "\n")


def say_diagnostic(name: str, diagnostic: Diagnostic) -> None:
    """Write one diagnostic line to stderr, coloured when stderr is a terminal."""
    from wirecli.validate import diagnostic_line  # most runs print none: keep it off start-up

    # Not through say(): diagnostic_line has made the text visible, and its colour must survive.
    sys.stderr.write(diagnostic_line(name, diagnostic, colour=wants_colour(sys.stderr)) + "\n")
