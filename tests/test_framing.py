"""Splitting a byte stream into messages, whatever the chunk boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import ROOT, corpus_files
from wirecli.formats.framing import (
    _ANY,
    End,
    RawMessage,
    _MarkerFinder,
    _single_zczc_message,
    _Splitter,
    find_marker,
    split_bytes,
    split_messages,
)

BSS = b"ZCZC\n\nBSS-41\n\nSLUG\n\nHeadline\n\nText.\n\nBSS/SRH/1412 hrs"
SOH = b"\x16\x16\x01W2870\x1fasian\nr i \x13\x11 BC-Slug 11-13 0100\r\n\x02^Headline<\r\n\x03AP-WF\x04"


def test_one_unframed_message_starts_on_line_one() -> None:
    [message] = split_bytes(b"\n\njust text\n")
    assert (message.line, message.end, message.data) == (3, End.EOF, b"just text\n")


def test_preamble_after_an_end_marker_belongs_to_the_next_message() -> None:
    feed = BSS + b"\nNNNN\n\nweb title\n\n" + BSS
    first, second = split_bytes(feed)
    assert first.end is End.MARKER and first.data.endswith(b"NNNN\n")
    assert second.data.startswith(b"web title\n") and second.line == 14


def test_next_start_marker_ends_a_message_without_end_marker() -> None:
    first, second = split_bytes(BSS + b"\n" + BSS)
    assert first.end is End.NEXT and second.end is End.EOF
    assert second.line == BSS.count(b"\n") + 2


def test_soh_eot_framing_and_mixed_streams() -> None:
    messages = split_bytes(SOH + b"\r\n" + BSS + b"\nNNNN\n" + SOH)
    assert [m.end for m in messages] == [End.MARKER, End.MARKER, End.MARKER]
    assert messages[0].data == SOH and messages[2].data == SOH
    assert [m.line for m in messages] == [1, 5, 17]


def test_bare_cr_line_ends_count_as_lines() -> None:
    first, second = split_bytes(b"\rZCZC AAP\r:x\rNNNN\r\rZCZC AAP\rbody")
    assert (first.line, second.line) == (2, 6)


def test_blank_and_framing_bytes_after_the_last_message_are_no_message() -> None:
    assert len(split_bytes(SOH + b"\r\n\x7f\n")) == 1


def test_trailing_text_after_the_last_message_is_a_message() -> None:
    messages = split_bytes(BSS + b"\nNNNN\ntrailing words\n")
    assert messages[-1].data == b"trailing words\n" and messages[-1].line == 13


@given(
    st.lists(
        st.sampled_from([BSS, SOH, b"\nNNNN\n", b"\r\n", b"x\r", b"ZCZC", b"\x04", b"\n", b"\nNNNN"])
        # A BSS story file without a final newline, and the web title and counter of the next file.
        | st.sampled_from([BSS, b"BSS-42 Next title\n\n318\n\n", b" hrs", b"1412 hrs"])
        # Blanks (or SYN bytes) around a marker can be longer than the look-ahead kept between chunks.
        | st.sampled_from([b" " * 20, b"\t" * 17, b"\x16" * 18]),
        max_size=8,
    ),
    st.integers(min_value=1, max_value=40),
)
def test_chunk_boundaries_do_not_change_the_split(parts: list[bytes], size: int) -> None:
    data = b"".join(parts)
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    # A list is split knowing its last chunk; a stream (iterator) is not.
    assert list(split_messages(iter(chunks))) == list(split_messages(chunks)) == split_bytes(data)


def test_a_marker_after_a_long_run_of_blanks_across_a_chunk_boundary() -> None:
    data = b"ZCZC\nfirst\n" + b" " * 20 + b"ZCZC\nsecond\n"
    # The second ZCZC arrives in the next chunk, its blanks began more than 16 bytes earlier.
    chunks = [data[:30], data[30:]]
    assert [m.data for m in split_messages(iter(chunks))] == [b"ZCZC\nfirst\n", b" " * 20 + b"ZCZC\nsecond\n"]
    assert list(split_messages(iter(chunks))) == split_bytes(data)


def test_an_end_marker_takes_its_blanks_and_line_break_from_the_next_chunk() -> None:
    data = b"ZCZC\nfirst\nNNNN" + b"\t" * 20 + b"\nZCZC\nsecond\n"
    chunks = [data[:35], data[35:]]  # the first ends with the tabs, more than 16 bytes after NNNN
    assert split_bytes(data)[0].data == b"ZCZC\nfirst\nNNNN" + b"\t" * 20 + b"\n"
    assert list(split_messages(iter(chunks))) == split_bytes(data)


def test_files_joined_without_a_newline_still_split() -> None:
    # `cat a.tst b.tst` where a.tst ends in NNNN without a final newline.
    first, second = split_bytes(b"   ZCZC AAP\r\n:x\r\nbody\r\nNNNN   ZCZC AAP\r\n:y\r\nmore\r\nNNNN")
    assert first.data == b"   ZCZC AAP\r\n:x\r\nbody\r\nNNNN"
    assert second.data == b"   ZCZC AAP\r\n:y\r\nmore\r\nNNNN"
    assert (first.line, second.line) == (1, 4)


def test_a_signoff_glued_to_the_next_files_preamble_ends_the_story() -> None:
    # `cat a.txt b.txt` where a.txt ends with its signoff and no newline, and b.txt opens with its
    # web title and counter: they are b's preamble, on the line where the signoff is.
    second = b"BSS-42 Next title\n\n318\n\n" + BSS
    first, rest = split_bytes(BSS + second)
    assert first.data == BSS and first.end is End.NEXT
    assert rest.data == second and rest.line == BSS.count(b"\n") + 1


def test_a_signoff_on_its_own_line_before_the_next_preamble_ends_the_story() -> None:
    first, rest = split_bytes(BSS + b" \r\n\r\nBSS-42 Next title\r\n" + BSS)
    assert first.data == BSS + b" \r\n"
    assert rest.data.startswith(b"BSS-42 Next title\r\nZCZC") and rest.line == BSS.count(b"\n") + 3


def test_a_signoff_glued_to_the_next_zczc_ends_the_story() -> None:
    assert [m.data for m in split_bytes(BSS + BSS)] == [BSS, BSS]
    assert [m.data for m in split_bytes(BSS + b" \t" + BSS)] == [BSS, b" \t" + BSS]
    # Elsewhere ZCZC starts a message only at the start of a line.
    assert len(split_bytes(BSS + b"\nTalks at 10 hrsZCZC")) == 1 + len(split_bytes(b"ZCZC"))


def test_nnnn_glued_to_the_next_files_first_line_ends_the_story() -> None:
    first, second = split_bytes(BSS + b"\n\nNNNNBSS-42 Next title\n\n318\n\n" + BSS)
    assert first.data == BSS + b"\n\nNNNN" and first.end is End.MARKER
    assert second.data.startswith(b"BSS-42 Next title\n") and second.line == BSS.count(b"\n") + 3


def test_text_after_a_story_without_signoff_stays_with_it() -> None:
    story = BSS.replace(b"BSS/SRH/1412 hrs", b"Last words.")
    first, second = split_bytes(story + b"\nBSS-42 Next title\n" + BSS)
    assert first.data == story + b"\nBSS-42 Next title\n" and second.data == BSS


@given(
    st.lists(
        st.sampled_from([b"ZCZC", b"zczc", b"NNNN", b"N", b"Z", b"\x16", b"\x01", b"\x04", b"\r", b"\n"])
        | st.sampled_from([b" ", b"\t", b"x", b"\r\n", b"ZCZCx", b" NNNN x\n"]),
        max_size=20,
    ),
    st.integers(min_value=0, max_value=30),
)
def test_find_marker_finds_what_a_plain_search_finds(parts: list[bytes], position: int) -> None:
    data = b"".join(parts)
    found = find_marker(data, position)
    expected = _ANY.search(data, position)
    assert (found and found.span()) == (expected and expected.span())


@given(
    st.lists(
        st.sampled_from(
            [b"ZCZC", b"zczc", b"NNNN", b"Z", b"\x16", b"\x01", b"\x04", b"\r", b"\n", b" ", b"x"]
        ),
        max_size=20,
    ),
    st.lists(st.integers(min_value=0, max_value=30), max_size=6).map(sorted),
)
@example([b"ZCZCZ\x04 ZCZC"], [5, 7])  # a match found from 5 starts at 6, before the next search
def test_one_finder_answers_a_run_of_forward_searches(parts: list[bytes], positions: list[int]) -> None:
    data = b"".join(parts)
    finder = _MarkerFinder(data)
    for position in positions:
        found, expected = finder.search(position), _ANY.search(data, position)
        assert (found and found.span()) == (expected and expected.span())


# The bytes the shortcut for one SOH ... EOT message looks at, and some that rule it out.
SOH_PARTS = [SOH, b"\x01", b"\x04", b"\x16", b" ", b"\t", b"\r\n", b"\n", b"\r", b"x", b"1 hrs", b"NNNN"]


@given(st.lists(st.sampled_from([*SOH_PARTS, b"\x7f", b"\x04\x01", b"ZCZC"]), max_size=12))
def test_a_single_soh_message_splits_as_a_stream_does(parts: list[bytes]) -> None:
    # An input in one piece may take the shortcut for one SOH ... EOT message; a stream never does.
    data = b"".join(parts)
    assert split_bytes(data) == list(split_messages(iter([data])))


def general_split(data: bytes) -> list[RawMessage]:
    """The split by the general splitter, with no shortcut, of an input held in one piece."""
    return list(_Splitter().feed(data, final=True))


# The bytes the shortcut for one ZCZC message looks at, and some that rule it out: other markers,
# marker look-alikes, a signoff and the text that may follow it, blank lines and control bytes.
ZCZC_PARTS = [
    BSS,
    b"ZCZC",
    b"zczc",
    b"NNNN",
    b"ZCZCx",
    b"NNNNx",
    b"N",
    b"z",
    b"\x01",
    b"\x04",
    b"\x16",
    b"\x1f",
    b"\x7f",
    b" ",
    b"\t",
    b"\r\n",
    b"\n",
    b"\r",
    b"\n\n",
    b"x",
    b"BSS-42 Next title",
    b"1412 hrs",
    b"BSS/SRH/1412 hrs",
]
_FEW_MARKERS = [part for part in ZCZC_PARTS if b"ZCZC" not in part.upper()]
_NO_START = [part for part in _FEW_MARKERS if part not in (b"\x01", b"\x04")]


@given(
    st.lists(st.sampled_from(_FEW_MARKERS), max_size=8),
    st.sampled_from([b"ZCZC", b"zczc", b" ZCZC", b"\tzczc", b"ZCZC ", b"ZCZC\x1f", BSS]),
    # Mostly parts that leave the shortcut open, so that it is taken often enough to be tested.
    st.lists(st.sampled_from(_NO_START) | st.sampled_from(ZCZC_PARTS), max_size=10),
)
@example([b"x", b"\n"], b"ZCZC", [b"\n", b"NNNN", b"\r\n", b"x"])  # text after the end marker
@example([b"1412 hrs"], b"ZCZC", [b"\n", b"x"])  # a start glued to a signoff's "hrs"
@example([b"NNNN"], b"ZCZC", [])  # a start glued to an NNNN before it
def test_the_shortcut_for_one_zczc_message_splits_as_the_splitter_does(
    before: list[bytes], marker: bytes, after: list[bytes]
) -> None:
    data = b"".join(before) + marker + b"".join(after)
    shortcut = _single_zczc_message(data)
    assert shortcut is None or shortcut == general_split(data)
    assert split_bytes(data) == general_split(data)


@given(st.lists(st.sampled_from(ZCZC_PARTS), max_size=12))
def test_any_input_splits_with_and_without_the_shortcuts_alike(parts: list[bytes]) -> None:
    data = b"".join(parts)
    shortcut = _single_zczc_message(data)
    assert shortcut is None or shortcut == general_split(data)
    assert split_bytes(data) == general_split(data) == list(split_messages(iter([data])))


def test_the_shortcut_takes_one_zczc_message_with_or_without_nnnn() -> None:
    assert _single_zczc_message(b"web title\n\n" + BSS) == [RawMessage(b"web title\n\n" + BSS, 1, End.EOF)]
    assert _single_zczc_message(b"\n\n" + BSS + b"\nNNNN\n\ntrailing\n") == [
        RawMessage(BSS + b"\nNNNN\n", 3, End.MARKER),
        RawMessage(b"trailing\n", 16, End.EOF),
    ]
    assert _single_zczc_message(BSS.lower()) == [RawMessage(BSS.lower(), 1, End.EOF)]
    # Two starts, an NNNN before the start, framing bytes: the splitter decides.
    for data in (BSS + b"\n" + BSS, b"NNNN\n" + BSS, BSS + b"\x04", BSS + b"\nNNNN\nNNNN\n", BSS + b"\nzczc"):
        assert _single_zczc_message(data) is None


SAMPLES = ROOT / "samples"
FILES = sorted(path for path in SAMPLES.glob("*/*") if path.suffix != ".md") + corpus_files()


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_sample_and_corpus_file_splits_alike_whole_and_in_chunks(path: Path) -> None:
    data = path.read_bytes()
    expected = general_split(data)
    assert split_bytes(data) == expected
    for size in (1, 7, 64, 4096):
        chunks = [data[i : i + size] for i in range(0, len(data), size)]
        assert list(split_messages(chunks)) == expected
        assert list(split_messages(iter(chunks))) == expected


def test_one_story_bss_and_aap_files_take_the_shortcut() -> None:
    taken = [path for path in FILES if _single_zczc_message(path.read_bytes()) is not None]
    assert SAMPLES / "bss" / "russia-nkorea-summit.txt" in taken
    assert SAMPLES / "zczc" / "bob-hail-storm.txt" in taken
