"""What the command line says on stderr: one line per message, safe for any terminal.

Diagnostics use the compiler form ``path:line:col: severity code: message`` that editors and grep
know (:func:`diagnostic_line`), coloured only when stderr is a terminal; other
messages start with ``wirecli:``. Story text and file names can hold control characters and bidi
overrides, so every line is made visible before it is written.
"""

from __future__ import annotations

import sys

from wirecli.model import Diagnostic
from wirecli.terminal import BOLD, SEVERITY_SGR, ColourMode, paint, visible, wants_colour

__all__ = ["diagnostic_line", "say", "say_diagnostic", "visible"]


def diagnostic_line(name: str, diagnostic: Diagnostic, *, colour: bool = False) -> str:
    """``path:line:col: severity code: message``, safe for a terminal, coloured on request.

    An unknown line or column is written as 1: the finding is about the start of the input or
    of the line, and every line keeps the shape that editors and grep expect.
    """
    line = diagnostic.line or 1
    column = diagnostic.column or 1
    location = paint(f"{visible(name)}:{line}:{column}:", BOLD, colour)
    severity = paint(diagnostic.severity.value, SEVERITY_SGR[diagnostic.severity], colour)
    return f"{location} {severity} {diagnostic.code}: {visible(diagnostic.message)}"


def say(message: str) -> None:
    """Write one line to stderr (looked up at call time, so a progress display can take it over)."""
    sys.stderr.write(visible(message) + "\n")


def say_diagnostic(name: str, diagnostic: Diagnostic, mode: ColourMode = ColourMode.AUTO) -> None:
    """Write one diagnostic line to stderr, coloured as ``mode`` says (auto: when it is a terminal)."""
    # Not through say(): diagnostic_line has made the text visible, and its colour must survive.
    sys.stderr.write(diagnostic_line(name, diagnostic, colour=wants_colour(sys.stderr, mode)) + "\n")
