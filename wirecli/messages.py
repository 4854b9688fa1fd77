"""What the command line says on stderr: one line per message, safe for any terminal.

Diagnostics use the compiler form ``path:line: severity code: message`` that editors and grep know;
other messages start with ``wirecli:``. Story text and file names can hold control characters and
bidi overrides, so every line goes through :func:`visible` before it is written.
"""

from __future__ import annotations

import sys

from wirecli.model import Diagnostic


def format_diagnostic(name: str, diagnostic: Diagnostic) -> str:
    """``path:line: severity code: message``, with control characters made visible."""
    line = diagnostic.line if diagnostic.line is not None else 0
    return visible(f"{name}:{line}: {diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}")


_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_VISIBLE |= {code: f"<U+{code:04X}>" for code in range(0x80, 0xA0)}
_VISIBLE |= {code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def visible(text: str) -> str:
    """Show control characters and bidi overrides as symbols so they cannot act on a terminal."""
    return text.translate(_VISIBLE)


def say(message: str) -> None:
    """Write one line to stderr (looked up at call time, so a progress display can take it over)."""
    sys.stderr.write(visible(message) + "\n")
