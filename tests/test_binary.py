"""Inputs that are not text: one record with a binary-data error, never a pile of junk stories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REFERENCE_DATE, parse
from wirecli.formats._binary import nul_problem, signature_problem
from wirecli.model import ParseOptions
from wirecli.pipeline import parse_chunks

STORY = "ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) – Text.\n\nBSS/AB/1200 hrs\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "the input looks like a PNG image, not a wire story: nothing was read",
        ),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            "the input looks like a JPEG image, not a wire story: nothing was read",
        ),
        (b"%PDF-1.7\n%\xe2\xe3", "the input looks like a PDF document, not a wire story: nothing was read"),
        (
            b"\x1f\x8b\x08\x00" + bytes(20),
            "the input looks like gzip-compressed data, not a wire story: decompress it first (gunzip)",
        ),
        (
            STORY.encode("utf-16-le"),
            "the input looks like UTF-16 without a byte order mark: pass --encoding utf-16-le",
        ),
        (
            STORY.encode("utf-16-be"),
            "the input looks like UTF-16 without a byte order mark: pass --encoding utf-16-be",
        ),
        (
            b"ab\x00\x00\x00" * 600,
            "the input is binary data, not a wire story (614 of the first 1024 bytes are NUL)",
        ),
    ],
)
def test_binary_inputs_are_one_record(data: bytes, message: str) -> None:
    [story] = parse(data)
    assert (story.source.encoding, story.headline, story.body) == ("binary", None, ())
    assert [(d.code, d.line, d.message) for d in story.diagnostics] == [("binary-data", 1, message)]


def test_framing_bytes_after_a_signature_make_no_junk_stories() -> None:
    [story] = parse(b"\x89PNG\r\n\x1a\n" + b"\x01\x04\nZCZC\nNNNN\n" * 50)
    assert [d.code for d in story.diagnostics] == ["binary-data"]


def test_a_few_nuls_in_a_story_are_not_binary() -> None:
    assert nul_problem(STORY.encode().replace(b"Text", b"Te\x00xt")) is None
    [story] = parse(STORY.encode().replace(b"Text", b"Te\x00xt"))
    assert story.body[0].text == "DHAKA, May 1, 2024 (BSS) – Text."


def test_nothing_but_nuls_is_no_story() -> None:
    # Framing drops blanks and control bytes between messages: zero fill holds no message at all.
    assert parse(bytes(3000)) == []


def test_nuls_after_a_start_marker_are_a_story_with_control_characters() -> None:
    assert nul_problem(b"ZCZC\n" + bytes(100)) is None


def test_signatures_need_only_the_first_bytes() -> None:
    assert (
        signature_problem(b"GIF89a") == "the input looks like a GIF image, not a wire story: nothing was read"
    )
    assert signature_problem(b"ZCZC\n") is None


def test_the_first_story_of_a_live_feed_is_not_held_back() -> None:
    # The checks look at the first 8 bytes and the first message only: once the first message is
    # complete, its story comes out before any more input is read.
    def feed() -> Iterator[bytes]:
        yield (STORY + "NNNN\n").encode()
        yield b"ZCZC\n\nBSS-2\n\nSLUG\n\n"  # framing looks 16 bytes past an end marker
        raise AssertionError("read past the first message before yielding its story")

    stories = parse_chunks(feed(), ParseOptions(reference_date=REFERENCE_DATE))
    assert next(stories).code == "BSS-1"


_HEADS = st.lists(
    st.sampled_from(
        [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"%PDF-", b"\x1f\x8b", b"\x00", b"a", b"\x01"]
    ),
    max_size=6,
).map(b"".join)


@given(_HEADS)
def test_the_first_byte_shortcut_gives_what_every_signature_gives(head: bytes) -> None:
    from wirecli.formats._binary import _SIGNATURES

    expected = next((kind for signature, kind in _SIGNATURES if head.startswith(signature)), None)
    problem = signature_problem(head)
    assert (problem is None) == (expected is None)
    assert expected is None or (problem is not None and expected in problem)
