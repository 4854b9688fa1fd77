"""Bytes to text: the only place that guesses an encoding.

Wire copy is UTF-8 when it comes from a web edition and Windows-1252 (or Latin-1) when it comes off
an old feed. We try strict UTF-8 first because a legacy byte sequence is almost never valid UTF-8,
then Windows-1252, whose five undefined bytes fall back to Latin-1 so that decoding never fails.
Line ends (CRLF, bare CR, LF, and mixes of them) all become LF.

Two cases get special care:

* UTF-8 text with a few stray bytes (a file patched with a legacy editor, a feed that cut a
  character in two) stays UTF-8: when a message holds at least as many valid multi-byte UTF-8
  characters as runs of invalid bytes, only the invalid bytes are read as Windows-1252, with a
  warning. Reading the whole message as Windows-1252 would garble every good accent and dash.
* UTF-16 and UTF-32 put NUL bytes inside ``ZCZC``, so framing (which works on bytes) cannot see
  their messages. An input that starts with a UTF-16 or UTF-32 byte order mark, or that
  ``--encoding`` names as one, is transcoded to UTF-8 as a whole before it is split
  (:func:`wide_encoding`, :func:`transcode`).
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
_C3 = b"\xc3"
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


def _cp1252_for_invalid(error: UnicodeError) -> tuple[str, int]:
    # Bytes that are not UTF-8 inside UTF-8 text: read each run as Windows-1252 (or Latin-1).
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode(CP1252, errors="wirecli-latin1"), error.end


codecs.register_error("wirecli-cp1252", _cp1252_for_invalid)

# One valid multi-byte UTF-8 character (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
_UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE_BOM_FIRSTS = frozenset(bom[:1] for bom, _ in _WIDE_BOMS)
_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


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
    may_hold_mojibake: bool = True
    """False when ``text`` is known to hold no UTF-8 that was once read as Windows-1252 (see
    ``wirecli.formats._mojibake``); True when it may, and the text is to be scanned for it."""


def normalise_newlines(text: str) -> str:
    """CRLF and bare CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line holding byte ``offset``, counting CRLF, CR and LF each as one break."""
    # Counting a byte takes a pass over the bytes, finding one stops at it: most input has no CR.
    breaks = data.count(b"\n", 0, offset)
    if b"\r" in data[:offset]:
        breaks += data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset)
    return 1 + breaks


def is_plain_utf8(data: bytes) -> bool:
    """True when UTF-8 ``data`` decodes to text with no control character (CR aside, which decoding
    turns into LF) and no whitespace but " " and LF. A memchr per byte value and regexes that skip
    to their lead byte: several times cheaper than any test on the decoded text."""
    if any(map(data.__contains__, _NOT_PLAIN_BYTES)):
        return False
    return not any(lead in data and pattern.search(data) for lead, pattern in _NOT_PLAIN_SEQUENCES)


def encoding_problem(name: str) -> str | None:
    """Why ``--encoding name`` cannot decode wire copy, or None when it can.

    Python's codec registry also holds bytes-to-bytes codecs (``hex``, ``base64``, ``zlib``) and text
    codecs that refuse arbitrary bytes or ``errors="replace"`` (``idna``, ``punycode``,
    ``undefined``): each would fail on the first input instead of decoding it.
    """
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return f"unknown encoding {name!r}"
    if not getattr(codec, "_is_text_encoding", True):
        return f"{name!r} is not a text encoding"
    try:
        _ENCODING_PROBE.decode(codec.name, errors="replace")
    except (UnicodeError, LookupError):
        return f"{name!r} cannot decode arbitrary bytes"
    return None


# Every byte value, a length that UTF-16 and UTF-32 divide: a codec that reads wire copy decodes it.
_ENCODING_PROBE = bytes(range(256))


def decode(data: bytes, encoding: str | None = None, first_line: int = 1) -> Decoded:
    """Decode one message's bytes; ``first_line`` is its line in the input, for diagnostics."""
    if encoding is not None:
        return _decode_as(data, encoding, first_line)
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        text = normalise_newlines(body.decode(UTF8))
    except UnicodeDecodeError as error:
        bad_offset = error.start
    else:
        # Mojibake needs a character from U+00C2-U+00F4, and UTF-8 writes all of them with a 0xC3
        # byte: most input has none, and memchr over the bytes says so faster than any text scan.
        return Decoded(text, UTF8, (), is_plain_utf8(body), _C3 in body)
    stray, characters = _stray_utf8(body, marked=body is not data)
    if stray:
        text = normalise_newlines(body.decode(UTF8, errors="wirecli-cp1252"))
        note = diagnose(
            "invalid-utf8",
            first_line - 1 + line_of_offset(body, bad_offset),
            f"{_bytes(stray)} not valid UTF-8 in UTF-8 text (the first, 0x{body[bad_offset]:02X}, on this "
            "line); read as Windows-1252",
        )
        # A stray byte read as Windows-1252 ("â" for 0xE2) can open a mojibake run with the characters
        # after it, whatever else the text holds: such text is always scanned.
        return Decoded(text, UTF8, (note,), may_hold_mojibake=True)
    text = normalise_newlines(data.decode(CP1252, errors="wirecli-latin1"))
    note = diagnose(
        "encoding-fallback",
        first_line - 1 + line_of_offset(body, bad_offset),
        f"input is not valid UTF-8 (byte 0x{body[bad_offset]:02X} on this line); decoded as Windows-1252",
    )
    # Read as Windows-1252, every byte is one character: a mojibake run is the bytes of a valid
    # multi-byte UTF-8 character, so text with none of them holds no mojibake.
    return Decoded(text, CP1252, (note,), may_hold_mojibake=characters > 0)


def _decode_as(data: bytes, encoding: str, first_line: int) -> Decoded:
    name = codecs.lookup(encoding).name
    if name == "utf-8" and data.startswith(_BOM):
        data = data[len(_BOM) :]
    # Text in any encoding but UTF-8 is always scanned for mojibake; UTF-8 as in decode().
    mojibake = name != UTF8 or _C3 in data
    try:
        return Decoded(normalise_newlines(data.decode(name)), name, may_hold_mojibake=mojibake)
    except UnicodeDecodeError as error:
        bad_offset = error.start
    bad = data[bad_offset]
    text = normalise_newlines(data.decode(name, errors="replace"))
    problem = diagnose(
        "decode-error",
        first_line - 1 + line_of_offset(data, bad_offset),
        f"byte 0x{bad:02X} is not valid {name}; replaced with U+FFFD",
    )
    return Decoded(text, name, (problem,), may_hold_mojibake=mojibake)


def _stray_utf8(body: bytes, *, marked: bool) -> tuple[int, int]:
    """Invalid bytes in ``body`` when it is UTF-8 with a few of them, else 0 (read it as cp1252);
    and the valid multi-byte UTF-8 characters in it.

    A UTF-8 byte order mark settles it; otherwise the valid multi-byte characters must be at least
    as many as the runs of invalid bytes (a character cut in two is one run of two or three bytes).
    Legacy text almost never forms valid UTF-8 sequences by chance.

    Both counts come from the UTF-8 decoder itself, in C: ``surrogateescape`` turns each invalid
    byte into one lone surrogate, which UTF-8 cannot encode. Runs need counting (by regex, slower)
    only when the answer is not settled by there being no valid character at all (most legacy
    text) or at least as many characters as invalid bytes (runs are never more than their bytes).
    """
    escaped = body.decode(UTF8, errors="surrogateescape")
    if not marked:
        # Most legacy text holds no valid multi-byte character at all: its escaped text is ASCII
        # and lone surrogates only, which is all this encoding takes. The answer is then 0, 0.
        try:
            escaped.encode("ascii", errors="surrogateescape")
        except UnicodeEncodeError:
            pass
        else:
            return 0, 0
    stray = len(body) - len(escaped.encode(UTF8, errors="ignore"))
    characters = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - stray
    if marked or characters >= stray:
        return stray, characters
    if not characters:
        return 0, 0
    runs = len(_HIGH_RUN.findall(_UTF8_CHARACTER.sub(b" ", body)))
    return (stray if characters >= runs else 0), characters


def _bytes(count: int) -> str:
    return "1 byte is" if count == 1 else f"{count} bytes are"


def wide_encoding(head: bytes, encoding: str | None = None) -> str | None:
    """The UTF-16 or UTF-32 codec an input needs transcoding from, judged by its first bytes.

    ``encoding`` (``--encoding``) wins when it names one of them; otherwise a byte order mark
    decides. Returns ``None`` for every other input, which is decoded message by message.
    """
    if encoding is not None:
        name = codecs.lookup(encoding).name
        return name if name in _WIDE_CODECS else None
    if head[:1] not in _WIDE_BOM_FIRSTS:
        return None  # most input: one test instead of four
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    return None


def transcode(data: bytes, encoding: str) -> tuple[bytes, Diagnostic]:
    """A whole UTF-16 or UTF-32 input as UTF-8 bytes, and the diagnostic that says so."""
    bom = next((mark for mark, name in _WIDE_BOMS if name == encoding and data.startswith(mark)), b"")
    body = data[len(bom) :]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        text = body.decode(encoding, errors="replace")
        good = body[: error.start].decode(encoding)
        line = 1 + good.count("\n") + good.count("\r") - good.count("\r\n")
        return text.encode(UTF8), diagnose(
            "decode-error",
            line,
            f"the input is {encoding.upper()} but the bytes from offset {len(bom) + error.start} are not; "
            "replaced with U+FFFD",
        )
    how = "by its byte order mark" if bom else "as --encoding says"
    note = diagnose(
        "transcoded-input", 1, f"input is {encoding.upper()} ({how}); converted to UTF-8 before reading"
    )
    return text.encode(UTF8), note
