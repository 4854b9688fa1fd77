"""Bytes to text: encodings, line ends, and what decoding tells the parsers about the text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wirecli.decode import CP1252, UTF8, decode, is_plain_utf8

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
