"""The parse core: the registry of wire formats, and bytes -> stories for a whole input.

Adding a format takes a module that ends with ``FORMAT = WireFormat(...)``, one line in
``REGISTRY`` and a folder of samples. Detection asks each format in registry order; the first to
claim a message parses it. ``FALLBACK`` (``unknown.py``, not in the registry) takes what nobody claims:
its record says ``format: "unknown"``, keeps the text as paragraphs and carries an ``unknown-format``
error, so every message still becomes a story record.

Checks that need no format knowledge run here, over every message: a story code already used in
the same input (``duplicate-code``), text after the last end-of-message marker
(``trailing-text``), and UTF-8 text that was once read as Windows-1252 (``mojibake``).

Before an input is split, its first bytes decide two things: an input that starts with a UTF-16
or UTF-32 byte order mark is converted to UTF-8 as a whole (``transcoded-input``), and an input
that is not text at all (a file signature, or NUL bytes all over its first message) becomes one
record with a ``binary-data`` error instead of a pile of junk stories.

``duplicate-code`` remembers the last ``CODES_REMEMBERED`` codes used (a code used again counts as
recent), so memory stays flat however long a feed is: a code first seen more than that many
distinct codes ago is not reported again.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from wirecli.decode import UTF8, decode, transcode, wide_encoding
from wirecli.diagnostics import diagnose
from wirecli.formats import anpa1312, bss, iptc7901, newsbites, unknown, zczc
from wirecli.formats._binary import SIGNATURE_BYTES, nul_problem, signature_problem
from wirecli.formats._common import (
    Message,
    WireFormat,
    numbered_lines,
    remove_controls,
    source_of,
    with_diagnostics,
)
from wirecli.formats.framing import RawMessage, has_start_marker, split_messages
from wirecli.model import Diagnostic, ParseOptions, Source, Story

REGISTRY: dict[str, WireFormat] = {
    anpa1312.FORMAT.name: anpa1312.FORMAT,
    iptc7901.FORMAT.name: iptc7901.FORMAT,
    newsbites.FORMAT.name: newsbites.FORMAT,
    zczc.FORMAT.name: zczc.FORMAT,
    bss.FORMAT.name: bss.FORMAT,
}
FALLBACK = unknown.FORMAT
_DETECT_BYTES = 1024
BINARY = "binary"
"""``source.encoding`` of the one record made for an input that is not text (``binary-data``)."""
CODES_REMEMBERED = 50_000
"""Story codes kept for ``duplicate-code``: days of a busy service, a few MB."""

__all__ = [
    "BINARY",
    "FALLBACK",
    "REGISTRY",
    "Message",
    "WireFormat",
    "detect_format",
    "no_story",
    "parse_bytes",
    "parse_chunks",
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


def parse_chunks(chunks: Iterable[bytes], options: ParseOptions) -> Iterator[Story]:
    """Stories of one input read as byte chunks, in order, as each message completes."""
    head, chunks = _peek(iter(chunks), SIGNATURE_BYTES)
    wide = wide_encoding(head, options.encoding)
    problem = signature_problem(head) if wide is None else None
    if problem is not None:
        yield _binary_input(problem, options)
        _drain(chunks)
        return
    notes: list[Diagnostic] = []
    if wide is not None:
        # Framing needs ASCII-compatible bytes: UTF-16 and UTF-32 inputs are transcoded whole.
        data, note = transcode(b"".join(chunks), wide)
        chunks, notes = iter((data,)), [note]
        options = dataclasses.replace(options, encoding=None)
    seen_codes: OrderedDict[str, int] = OrderedDict()  # code -> line of its first story, oldest first
    for index, raw in enumerate(split_messages(chunks)):
        problem = nul_problem(raw.data) if index == 0 and wide is None else None
        if problem is not None:
            yield _binary_input(problem, options)
            _drain(chunks)
            return
        story = _parse_message(raw, index, options)
        if wide is not None:
            source = dataclasses.replace(story.source, encoding=wide)
            story = with_diagnostics(dataclasses.replace(story, source=source), notes)
            notes = []
        if story.code is not None:
            first = seen_codes.setdefault(story.code, story.source.line)
            if first == story.source.line:
                if len(seen_codes) > CODES_REMEMBERED:
                    seen_codes.popitem(last=False)
            else:
                seen_codes.move_to_end(story.code)
                story = with_diagnostics(
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


def no_story() -> Diagnostic:
    """The warning for an input that held no story: empty, or only blanks and control bytes."""
    return diagnose(
        "no-story", None, "no story found: the input is empty or holds only blanks and control bytes"
    )


def _peek(chunks: Iterator[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """The first ``size`` bytes of a chunked input (fewer if it is shorter), and all its chunks."""
    taken: list[bytes] = []
    length = 0
    while length < size:
        chunk = next(chunks, None)
        if chunk is None:
            break
        taken.append(chunk)
        length += len(chunk)
    return b"".join(taken)[:size], itertools.chain(taken, chunks)


def _drain(chunks: Iterator[bytes]) -> None:
    # Read a binary input to its end, so that a program writing it into a pipe is not cut off.
    for _ in chunks:
        pass


def parse_bytes(data: bytes, options: ParseOptions) -> list[Story]:
    """All stories of an input held in memory."""
    return list(parse_chunks((data,), options))


def _parse_message(raw: RawMessage, index: int, options: ParseOptions) -> Story:
    decoded = decode(raw.data, options.encoding, raw.line)
    message = Message(decoded.text, raw.line, raw.end, index, decoded.encoding, decoded.plain)
    if index > 0 and not has_start_marker(raw.data):
        story = _trailing_text(message, options)
    else:
        wire_format = REGISTRY[options.format] if options.format else detect_format(raw.data[:_DETECT_BYTES])
        story = wire_format.parse(message, options)
    found = list(decoded.diagnostics)
    # Mojibake needs a character from U+00C2-U+00F4, and UTF-8 writes all of them with a 0xC3 byte:
    # most input has none, and memchr over the bytes says so faster than any scan of the text.
    if decoded.encoding != UTF8 or b"\xc3" in raw.data:
        from wirecli.formats._mojibake import find_mojibake  # its tables load only when needed

        found.extend(find_mojibake(decoded.text, raw.line))
    return with_diagnostics(story, found) if found else story


def _binary_input(problem: str, options: ParseOptions) -> Story:
    """The one record for an input that is not text: no fields, one error."""
    return Story(
        format=options.format or "unknown",
        source=Source(options.path, 0, 1, BINARY),
        diagnostics=(diagnose("binary-data", 1, problem),),
    )


def _trailing_text(message: Message, options: ParseOptions) -> Story:
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
        format=options.format or "unknown",
        source=source_of(message, options),
        preamble=kept,
        diagnostics=(trailing, *removed),
    )
