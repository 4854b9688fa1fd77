"""The parse core: the registry of wire formats, and bytes -> stories for a whole input.

Adding a format takes a module that ends with ``FORMAT = WireFormat(...)``, one line in
``REGISTRY`` and a folder of samples. Detection asks each format in registry order; the first to
claim a message parses it, and ``FALLBACK`` parses what nobody claims, so every message still becomes
a story record that carries the diagnostics explaining what is missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from wirecli.decode import decode
from wirecli.diagnostics import diagnose
from wirecli.formats import anpa1312, bss, iptc7901, newsbites, zczc
from wirecli.formats._common import Message, WireFormat
from wirecli.formats.framing import RawMessage, split_messages
from wirecli.model import Diagnostic, ParseOptions, Story

REGISTRY: dict[str, WireFormat] = {
    anpa1312.FORMAT.name: anpa1312.FORMAT,
    iptc7901.FORMAT.name: iptc7901.FORMAT,
    newsbites.FORMAT.name: newsbites.FORMAT,
    zczc.FORMAT.name: zczc.FORMAT,
    bss.FORMAT.name: bss.FORMAT,
}
FALLBACK = bss.FORMAT
_DETECT_BYTES = 1024

__all__ = [
    "FALLBACK",
    "REGISTRY",
    "Message",
    "WireFormat",
    "detect_format",
    "parse_bytes",
    "parse_chunks",
]


def detect_format(head: bytes) -> WireFormat:
    """The first registered format that claims ``head``, else the fallback."""
    for wire_format in REGISTRY.values():
        if wire_format.detect(head):
            return wire_format
    return FALLBACK


def parse_chunks(chunks: Iterable[bytes], options: ParseOptions) -> Iterator[Story]:
    """Stories of one input read as byte chunks, in order, as each message completes."""
    seen_codes: dict[str, int] = {}
    for index, raw in enumerate(split_messages(chunks)):
        story = _parse_message(raw, index, options)
        if story.code is not None:
            first = seen_codes.setdefault(story.code, story.source.line)
            if first != story.source.line:
                story = _with_diagnostics(
                    story,
                    [
                        diagnose(
                            "duplicate-code",
                            story.source.line,
                            f"story code {story.code} was already used by the story at line {first}",
                        )
                    ],
                )
        yield story


def parse_bytes(data: bytes, options: ParseOptions) -> list[Story]:
    """All stories of an input held in memory."""
    return list(parse_chunks((data,), options))


def _parse_message(raw: RawMessage, index: int, options: ParseOptions) -> Story:
    wire_format = REGISTRY[options.format] if options.format else detect_format(raw.data[:_DETECT_BYTES])
    decoded = decode(raw.data, options.encoding, raw.line)
    message = Message(decoded.text, raw.line, raw.end, index, decoded.encoding)
    story = wire_format.parse(message, options)
    return _with_diagnostics(story, decoded.diagnostics) if decoded.diagnostics else story


def _with_diagnostics(story: Story, extra: Iterable[Diagnostic]) -> Story:
    diagnostics = sorted((*story.diagnostics, *extra), key=lambda diagnostic: diagnostic.line or 0)
    return dataclasses.replace(story, diagnostics=tuple(diagnostics))
