"""Text on its way to a terminal: control characters made visible, and plain ANSI colour.

Wire copy can carry bytes that a terminal would obey: ESC sequences that clear the screen or set
the window title, BEL, the one-byte C1 CSI (0x9B), bidi overrides that reorder what is shown and
zero-width characters that hide text.
Whatever part of the input reaches a terminal (a diagnostic message, a preview) goes through
:func:`visible` first, which swaps each such character for a harmless symbol::

    >>> visible("a\\x1b[2Jb\\u202e")
    'a␛[2Jb<U+202E>'

Colour here is a handful of SGR codes, so that printing a diagnostic never imports Rich: Rich is
for the ``show`` preview only, and start-up time matters for every ``convert`` run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from typing import TextIO

from wirecli.model import Severity

# C0 controls become the Control Pictures block (U+2400 + code: ␛ ␇ ␊ ...), DEL becomes ␡; C1
# controls and bidi embeddings, overrides and isolates have no pictures, so they are spelt out.
_VISIBLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_VISIBLE |= {code: f"<U+{code:04X}>" for code in range(0x80, 0xA0)}
_VISIBLE |= {code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# Invisible characters that hide or reorder text: zero-width space, bidi marks, word joiner and
# invisible operators, the BOM used as a zero-width no-break space, line and paragraph separators.
# The zero-width (non-)joiners U+200C/U+200D are left alone: Bengali, Hindi and emoji need them.
_INVISIBLE = (0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x2060, 0x2065), 0xFEFF)
_VISIBLE |= {code: f"<U+{code:04X}>" for code in _INVISIBLE}


def visible(text: str) -> str:
    """Show control characters, bidi controls and zero-width characters as symbols on a terminal."""
    return text.translate(_VISIBLE)


class ColourMode(StrEnum):
    """When to colour output: ``auto`` colours a terminal unless ``NO_COLOR`` is set."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def wants_colour(
    stream: TextIO, mode: ColourMode = ColourMode.AUTO, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether to colour ``stream``.

    An explicit mode wins. In ``auto`` mode a non-empty ``NO_COLOR`` turns colour off
    (https://no-color.org), a non-empty ``FORCE_COLOR`` turns it on (for pagers and tests), and
    otherwise a terminal other than ``TERM=dumb`` gets colour.
    """
    if mode is not ColourMode.AUTO:
        return mode is ColourMode.ALWAYS
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    if env.get("FORCE_COLOR", ""):
        return True
    if env.get("TERM", "") == "dumb":
        return False
    try:
        return stream.isatty()
    except ValueError:  # a closed stream is no terminal
        return False


RESET = "\x1b[0m"
BOLD = "1"
SEVERITY_SGR: dict[Severity, str] = {
    Severity.ERROR: "1;31",
    Severity.WARNING: "33",
    Severity.INFO: "36",
}


def paint(text: str, sgr: str, colour: bool) -> str:
    """``text`` wrapped in the SGR sequence ``sgr`` when ``colour`` is on; pass visible text only."""
    return f"\x1b[{sgr}m{text}{RESET}" if colour and text else text
