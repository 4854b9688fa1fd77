"""Bytes to text: the only place that guesses an encoding.

Wire copy is UTF-8 when it comes from a web edition and Windows-1252 (or Latin-1) when it comes off
an old feed. We try strict UTF-8 first because a legacy byte sequence is almost never valid UTF-8,
then Windows-1252, whose five undefined bytes fall back to Latin-1 so that decoding never fails.
Line ends (CRLF, bare CR, LF, and mixes of them) all become LF.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from wirecli.diagnostics import diagnose
from wirecli.model import Diagnostic

UTF8 = "utf-8"
CP1252 = "cp1252"
_BOM = codecs.BOM_UTF8


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; Latin-1 maps every byte.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("wirecli-latin1", _latin1_for_undefined)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text with LF line ends, the encoding that produced it, and what decoding had to say."""

    text: str
    encoding: str
    diagnostics: tuple[Diagnostic, ...] = ()


def normalise_newlines(text: str) -> str:
    """CRLF and bare CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line holding byte ``offset``, counting CRLF, CR and LF each as one break."""
    head = data[:offset]
    return 1 + head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")


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
        return Decoded(normalise_newlines(body.decode(UTF8)), UTF8)
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
