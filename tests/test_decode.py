"""Decoding: UTF-8 with stray bytes, the Windows-1252 fallback, and UTF-16/32 transcoding."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import REFERENCE_DATE, parse
from wirecli.decode import CP1252, UTF8, decode, encoding_problem, is_plain_utf8, transcode, wide_encoding
from wirecli.model import Diagnostic, ParseOptions, Severity
from wirecli.pipeline import parse_chunks

STORY = "ZCZC\n\nBSS-1\n\nSLUG\n\nRain – Dhaka\n\nDHAKA, May 1, 2024 (BSS) – Café text.\n\nBSS/AB/1200 hrs\n"


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    decoded = decode("Café – ".encode() + b"it\x92s\n")
    assert (decoded.text, decoded.encoding) == ("Café – it’s\n", "utf-8")
    assert decoded.diagnostics == (
        Diagnostic(
            Severity.WARNING,
            "invalid-utf8",
            "1 byte is not valid UTF-8 in UTF-8 text (the first, 0x92, on this line); read as Windows-1252",
            1,
        ),
    )


def test_a_cut_character_is_one_run_read_as_windows_1252() -> None:
    decoded = decode("Café\nfin ".encode() + b"\xe2\x80 end", first_line=10)
    assert (decoded.text, decoded.encoding) == ("Café\nfin â€ end", "utf-8")
    assert [(d.code, d.line, d.message[:27]) for d in decoded.diagnostics] == [
        ("invalid-utf8", 11, "2 bytes are not valid UTF-8")
    ]


def test_legacy_text_without_utf8_characters_is_windows_1252() -> None:
    decoded = decode(b"\x93Caf\xe9\x94 \x96 it\x92s")
    assert (decoded.text, decoded.encoding) == ("“Café” – it’s", "cp1252")
    assert [d.code for d in decoded.diagnostics] == ["encoding-fallback"]


def test_more_invalid_bytes_than_utf8_characters_is_windows_1252() -> None:
    # One pair happens to be valid UTF-8 (Ã©), three runs of bytes are not: the text is legacy.
    decoded = decode(b"\xc3\xa9 \x93quoted\x94 it\x92s")
    assert (decoded.text, decoded.encoding) == ("Ã© “quoted” it’s", "cp1252")


def test_a_utf8_bom_settles_it() -> None:
    decoded = decode(codecs.BOM_UTF8 + b"it\x92s")
    assert (decoded.text, decoded.encoding) == ("it’s", "utf-8")
    assert [d.code for d in decoded.diagnostics] == ["invalid-utf8"]


@pytest.mark.parametrize(
    ("head", "encoding", "expected"),
    [
        (codecs.BOM_UTF16_LE + b"Z\x00", None, "utf-16-le"),
        (codecs.BOM_UTF16_BE + b"\x00Z", None, "utf-16-be"),
        (codecs.BOM_UTF32_LE, None, "utf-32-le"),
        (codecs.BOM_UTF32_BE, None, "utf-32-be"),
        (b"ZCZC", None, None),
        (codecs.BOM_UTF8 + b"Z", None, None),
        (b"ZCZC", "UTF16", "utf-16"),
        (codecs.BOM_UTF16_LE, "cp1252", None),
        (b"", None, None),
    ],
)
def test_wide_encoding(head: bytes, encoding: str | None, expected: str | None) -> None:
    assert wide_encoding(head, encoding) == expected


def test_transcode_drops_the_bom_and_notes_it() -> None:
    data, note = transcode(STORY.encode("utf-16"), "utf-16-le")
    assert data == STORY.encode()
    assert (note.code, note.line, note.message) == (
        "transcoded-input",
        1,
        "input is UTF-16-LE (by its byte order mark); converted to UTF-8 before reading",
    )


def test_transcode_an_odd_byte_is_a_decode_error() -> None:
    data, note = transcode(codecs.BOM_UTF16_LE + "ab\ncd".encode("utf-16-le") + b"\x00", "utf-16-le")
    assert data == "ab\ncd\ufffd".encode()
    assert (note.code, note.severity, note.line) == ("decode-error", Severity.ERROR, 2)
    assert note.message == (
        "the input is UTF-16-LE but the bytes from offset 12 are not; replaced with U+FFFD"
    )


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_inputs_parse_like_utf8(bom: bytes, encoding: str) -> None:
    [expected] = parse(STORY)
    [story] = parse(bom + STORY.encode(encoding))
    assert (story.headline, story.body, story.signoff) == (expected.headline, expected.body, expected.signoff)
    assert story.source.encoding == encoding
    assert story.diagnostics[0].code == "transcoded-input"
    assert story.diagnostics[1:] == expected.diagnostics


def test_encoding_option_transcodes_utf16_without_a_bom() -> None:
    [story] = parse(STORY.encode("utf-16-le"), encoding="utf-16-le")
    assert (story.headline, story.source.encoding) == ("Rain – Dhaka", "utf-16-le")
    assert story.diagnostics[0].message == (
        "input is UTF-16-LE (as --encoding says); converted to UTF-8 before reading"
    )


def test_utf16_read_one_byte_at_a_time() -> None:
    data = (STORY + "NNNN\n" + STORY.replace("BSS-1", "BSS-2")).encode("utf-16")
    options = ParseOptions(reference_date=REFERENCE_DATE)
    whole = list(parse_chunks([data], options))
    assert [story.code for story in whole] == ["BSS-1", "BSS-2"]
    assert list(parse_chunks([data[i : i + 1] for i in range(len(data))], options)) == whole
    # The note goes with the first story only.
    assert [d.code for d in whole[1].diagnostics].count("transcoded-input") == 0


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TRICKY = "ab \n\r\t\x00\x01\x0b\x1c\x7f\x85\x9f\xa0£é’–—\u1680\u2000\u2009\u200a\u2028\u202f\u205f\u3000"


def plain(text: str) -> bool:
    """What ``Decoded.plain`` promises: no control character, no whitespace but space and LF."""
    return _CONTROLS.search(text) is None and all(char in " \n" for char in text if char.isspace())


@given(st.text(alphabet=_TRICKY, max_size=12) | st.text(max_size=12))
def test_plain_is_true_exactly_when_the_decoded_text_is_plain(text: str) -> None:
    data = text.encode()
    decoded = decode(data)
    assert decoded.plain == is_plain_utf8(data) == plain(decoded.text)


def test_plain_examples() -> None:
    assert decode("Dhaka – “quoted” £5\r\n".encode()).plain  # CR becomes LF
    assert not decode(b"tab\there").plain
    assert not decode("no\u00a0break".encode()).plain
    assert not decode("thin\u2009space".encode()).plain
    assert not decode(b"escape \x1b[31m").plain


def test_text_not_decoded_as_utf8_is_never_called_plain() -> None:
    decoded = decode(b"caf\xe9")
    assert (decoded.text, decoded.encoding, decoded.plain) == ("café", CP1252, False)
    assert decode(b"plain", encoding="latin-1").plain is False
    assert decode(b"plain").encoding == UTF8


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("utf-8", None),
        ("cp1252", None),
        ("utf-16-le", None),
        ("latin-1", None),
        ("klingon", "unknown encoding 'klingon'"),
        ("hex", "'hex' is not a text encoding"),
        ("rot13", "'rot13' is not a text encoding"),
        ("base64", "'base64' is not a text encoding"),
        ("zlib", "'zlib' is not a text encoding"),
        ("bz2", "'bz2' is not a text encoding"),
        ("uu", "'uu' is not a text encoding"),
        ("idna", "'idna' cannot decode arbitrary bytes"),
        ("punycode", "'punycode' cannot decode arbitrary bytes"),
        ("undefined", "'undefined' cannot decode arbitrary bytes"),
    ],
)
def test_encoding_problem_accepts_only_text_codecs_that_decode_any_bytes(
    name: str, problem: str | None
) -> None:
    assert encoding_problem(name) == problem


# Bytes shaped like damaged UTF-8: valid characters of every length, characters cut short, lone
# high bytes, encoded surrogates and overlongs, between ASCII.
_PIECES = st.sampled_from(
    [b"a", b" ", b"\n", "é".encode(), "’".encode(), "😀".encode(), "€".encode()[:2], "😀".encode()[:3]]
    + [bytes([byte]) for byte in (0x80, 0x93, 0xA0, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF5, 0xFF)]
    + [b"\xed\xa0\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80"]
)
_DAMAGED = st.lists(_PIECES, max_size=40).map(b"".join)


@given(_DAMAGED, st.booleans())
def test_stray_bytes_and_characters_are_counted_as_the_regex_scan_did(data: bytes, marked: bool) -> None:
    from wirecli.decode import _HIGH_RUN, _UTF8_CHARACTER, _stray_utf8

    characters = len(_UTF8_CHARACTER.findall(data))
    runs = _HIGH_RUN.findall(_UTF8_CHARACTER.sub(b" ", data))
    stray = sum(map(len, runs)) if marked or characters >= len(runs) else 0
    assert _stray_utf8(data, marked=marked) == (stray, characters)


@given(_DAMAGED)
@example(b"\xe2\x82\xe2\x80\x99")  # stray E2 82 read as cp1252, then a valid U+2019: 'â‚’'
def test_text_said_to_hold_no_mojibake_holds_none(data: bytes) -> None:
    from wirecli.formats._mojibake import find_mojibake

    decoded = decode(data)
    if not decoded.may_hold_mojibake:
        assert find_mojibake(decoded.text, 1) == []


_LINES = st.lists(st.sampled_from([b"a", b"\n", b"\r", b"\r\n", b"\xe9"]), max_size=30).map(b"".join)


@given(_LINES, st.data())
def test_the_line_of_an_offset_counts_crlf_cr_and_lf_as_one_break(data: bytes, draw: st.DataObject) -> None:
    from wirecli.decode import line_of_offset

    offset = draw.draw(st.integers(min_value=0, max_value=len(data)))
    head = data[:offset]
    assert line_of_offset(data, offset) == 1 + head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")
