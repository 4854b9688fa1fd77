"""Bytes to text: the only place that guesses an encoding.

Wire copy is UTF-8 when it comes from a web edition and Windows-1252 (or Latin-1) when it comes off
an old feed. We try strict UTF-8 first because a legacy byte sequence is almost never valid UTF-8,
then Windows-1252, whose five undefined bytes fall back to Latin-1 so that decoding never fails.
Line ends (CRLF, bare CR, LF, and mixes of them) all become LF.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from wirecli.diagnostics import diagnose
from wirecli.model import Diagnostic

UTF8 = "utf-8"
CP1252 = "cp1252"
_BOM = codecs.BOM_UTF8
# What keeps UTF-8 text from being plain (see Decoded.plain): C0 controls and DEL but LF and CR
# (CR becomes LF) as single bytes; the C1 controls, NBSP and Unicode spaces as sequences, one
# pattern per lead byte so that each starts with a fixed byte the regex engine can skip to.
_NOT_PLAIN_BYTES = bytes([*range(0x00, 0x0A), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_PLAIN_SEQUENCES = (
    (b"\xc2", re.compile(rb"\xc2[\x80-\xa0]")),
    (b"\xe1", re.compile(rb"\xe1\x9a\x80")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\x80-\x8a\xa8\xa9\xaf]|\x81\x9f)")),
    (b"\xe3", re.compile(rb"\xe3\x80\x80")),
)


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; Latin-1 maps every byte.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("wirecli-latin1", _latin1_for_undefined)


class Decoded(NamedTuple):
    """Text with LF line ends, the encoding that produced it, and what decoding had to say.

    A named tuple, not a frozen dataclass: one is made per message, and a tuple is built faster.
    """

    text: str
    encoding: str
    diagnostics: tuple[Diagnostic, ...] = ()
    plain: bool = False
    """True when ``text`` is known to hold no control character and no whitespace but " " and LF
    (checked on UTF-8 bytes, where it is cheap); False when it may. Parsers then skip such checks."""


def normalise_newlines(text: str) -> str:
    """CRLF and bare CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line holding byte ``offset``, counting CRLF, CR and LF each as one break."""
    head = data[:offset]
    return 1 + head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")


def is_plain_utf8(data: bytes) -> bool:
    """True when UTF-8 ``data`` decodes to text with no control character (CR aside, which decoding
    turns into LF) and no whitespace but " " and LF. A memchr per byte value and regexes that skip
    to their lead byte: several times cheaper than any test on the decoded text."""
    if any(map(data.__contains__, _NOT_PLAIN_BYTES)):
        return False
    return not any(lead in data and pattern.search(data) for lead, pattern in _NOT_PLAIN_SEQUENCES)


def is_known_encoding(name: str) -> bool:
    """True when Python has a codec called ``name``."""
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def decode(data: bytes, encoding: str | None = None, first_line: int = 1) -> Decoded:
    """Decode one message's bytes; ``first_line`` is its line in the input, for diagnostics."""
    if encoding is not None:
        return _decode_as(data, encoding, first_line)
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        return Decoded(normalise_newlines(body.decode(UTF8)), UTF8, (), is_plain_utf8(body))
    except UnicodeDecodeError as error:
        bad_offset = error.start
    text = normalise_newlines(data.decode(CP1252, errors="wirecli-latin1"))
    note = diagnose(
        "encoding-fallback",
        first_line - 1 + line_of_offset(body, bad_offset),
        f"input is not valid UTF-8 (byte 0x{body[bad_offset]:02X} on this line); decoded as Windows-1252",
    )
    return Decoded(text, CP1252, (note,))


def _decode_as(data: bytes, encoding: str, first_line: int) -> Decoded:
    name = codecs.lookup(encoding).name
    if name == "utf-8" and data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return Decoded(normalise_newlines(data.decode(name)), name)
    except UnicodeDecodeError as error:
        bad_offset = error.start
    bad = data[bad_offset]
    text = normalise_newlines(data.decode(name, errors="replace"))
    problem = diagnose(
        "decode-error",
        first_line - 1 + line_of_offset(data, bad_offset),
        f"byte 0x{bad:02X} is not valid {name}; replaced with U+FFFD",
    )
    return Decoded(text, name, (problem,))
