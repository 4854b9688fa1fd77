"""The parse core: the registry of wire formats, detection, and the records no format claims.

Adding a format takes a module that ends with ``FORMAT = WireFormat(...)``, one line in
``REGISTRY`` and a folder of samples. Detection asks each format in registry order; the first to
claim a message parses it. ``FALLBACK`` (``unknown.py``, not in the registry) takes what nobody claims:
its record says ``format: "unknown"``, keeps the text as paragraphs and carries an ``unknown-format``
error, so every message still becomes a story record.

Whole inputs (bytes -> stories, and what the input turned out to be) are :mod:`wirecli.pipeline`'s.
"""

from __future__ import annotations

from wirecli._callable import make_callable
from wirecli.diagnostics import diagnose
from wirecli.formats import anpa1312, bss, iptc7901, newsbites, unknown, zczc
from wirecli.formats._common import Message, WireFormat, numbered_lines, remove_controls, source_of
from wirecli.model import Diagnostic, ParseOptions, Source, Story

REGISTRY: dict[str, WireFormat] = {
    anpa1312.FORMAT.name: anpa1312.FORMAT,
    iptc7901.FORMAT.name: iptc7901.FORMAT,
    newsbites.FORMAT.name: newsbites.FORMAT,
    zczc.FORMAT.name: zczc.FORMAT,
    bss.FORMAT.name: bss.FORMAT,
}
FALLBACK = unknown.FORMAT
BINARY = "binary"
"""``source.encoding`` of the one record made for an input that is not text (``binary-data``)."""

__all__ = [
    "BINARY",
    "FALLBACK",
    "REGISTRY",
    "Message",
    "WireFormat",
    "detect_format",
    "parse_trailing_text",
    "unknown_record",
]


def detect_format(head: bytes) -> WireFormat:
    """The first registered format that claims ``head``, else the fallback."""
    for wire_format in REGISTRY.values():
        try:
            claimed = wire_format.detect(head)
        except Exception:  # detection is a guess over arbitrary bytes: a detect that fails means "not mine"
            claimed = False
        if claimed:
            return wire_format
    return FALLBACK


def unknown_record(options: ParseOptions, diagnostic: Diagnostic) -> Story:
    """The one record for an input that holds no text to parse (binary data): no fields, one error."""
    return Story(
        format=options.format or FALLBACK.name,
        source=Source(options.path, 0, 1, BINARY),
        diagnostics=(diagnostic,),
    )


def parse_trailing_text(message: Message, options: ParseOptions) -> Story:
    """Text after the last end-of-message marker: kept as a preamble, reported once."""
    lines, removed = remove_controls(numbered_lines(message))
    kept = tuple(line.text for line in lines if line.text.strip())
    trailing = diagnose(
        "trailing-text",
        message.line,
        "text after the last end-of-message marker belongs to no story "
        f"({len(kept)} line{'s' if len(kept) != 1 else ''})",
    )
    return Story(
        format=options.format or FALLBACK.name,
        source=source_of(message, options),
        preamble=kept,
        diagnostics=(trailing, *removed),
    )


make_callable(__name__, "list_formats")  # wirecli.formats() lists the formats (docs/api.md)
