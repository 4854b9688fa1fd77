"""The shared parser helpers, and that their fast paths give what the plain algorithm gives."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirecli.formats._common import (
    OTHER_WHITESPACE,
    Line,
    Message,
    has_controls,
    lazy_compile,
    numbered_lines,
    remove_controls,
    single_spaced,
    unwrap,
    unwrap_block,
)
from wirecli.formats.framing import End


def message(text: str, line: int = 1) -> Message:
    return Message(text, line, End.EOF, 0, "utf-8")


def test_numbered_lines_count_from_the_message_line() -> None:
    lines = numbered_lines(message("ZCZC\n\nBSS-41", line=7))
    assert lines == [Line(7, "ZCZC"), Line(8, ""), Line(9, "BSS-41")]
    assert all(type(line) is Line for line in lines)


def test_lines_are_immutable() -> None:
    line = Line(1, "text")
    with pytest.raises(AttributeError):
        line.text = "other"  # type: ignore[misc]


def test_clean_lines_pass_through_remove_controls() -> None:
    lines = [Line(1, "Dhaka – “quoted”"), Line(2, "tab\tkept")]
    assert remove_controls(iter(lines)) == (lines, [])


def test_remove_controls_drops_escapes_and_says_where() -> None:
    cleaned, [diagnostic] = remove_controls([Line(1, "clean"), Line(2, "red\x1b[31m text")])
    assert cleaned == [Line(1, "clean"), Line(2, "red[31m text")]
    assert (diagnostic.code, diagnostic.line, diagnostic.message) == (
        "control-characters",
        2,
        "removed control characters U+001B",
    )


def test_unwrap_joins_a_hyphen_break_without_a_space_and_notes_it() -> None:
    text, [note] = unwrap([Line(3, "Moon Jae-"), Line(4, "in said - then left")])
    assert text == "Moon Jae-in said - then left"
    assert (note.line, note.message) == (3, "joined 'Jae-in' across lines")


_HYPHEN_BREAK = re.compile(r"[^\W\d_]-$")


def plain_unwrap(texts: list[str]) -> str:
    """The algorithm the fast path must agree with: a space after each line but hyphen breaks."""
    parts = []
    for position, text in enumerate(texts):
        parts.append(text.strip())
        if position < len(texts) - 1 and not _HYPHEN_BREAK.search(text.strip()):
            parts.append(" ")
    return "".join(parts)


@given(st.lists(st.text(alphabet="ab1_- \t–", max_size=8), max_size=6))
def test_unwrap_agrees_with_the_plain_algorithm(texts: list[str]) -> None:
    text, notes = unwrap([Line(number, line) for number, line in enumerate(texts, 1)])
    assert text == plain_unwrap(texts)
    assert len(notes) == sum(1 for line in texts[:-1] if _HYPHEN_BREAK.search(line.strip()))


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Controls, whitespace of every kind, and characters whose UTF-8 or UCS-2 bytes look like them.
_TRICKY = "ab \n\t\x00\x01\x1b\x7f\x85\x9f\xa0\xc2é’–\u2000\u200a\u2028\u3000\U0001f600"


def test_other_whitespace_is_every_whitespace_character_but_space_and_lf() -> None:
    every = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert set(OTHER_WHITESPACE) == every - {" ", "\n"}
    assert len(OTHER_WHITESPACE) == len(set(OTHER_WHITESPACE))


@given(st.text(alphabet=_TRICKY, max_size=12) | st.text(max_size=12))
def test_has_controls_finds_what_remove_controls_removes(text: str) -> None:
    assert has_controls(text) == (_CONTROLS.search(text) is not None)


def test_has_controls_examples() -> None:
    assert not has_controls("Dhaka – “quoted”\ttab\n")
    assert has_controls("red\x1b[31m")
    assert has_controls("next line\x85")  # C1, two bytes in UTF-8
    assert not has_controls("\xa0 and \xc2 are not controls")


@given(st.text(alphabet=_TRICKY, max_size=16))
def test_single_spaced_text_has_one_word_more_than_spaces_per_stripped_line(text: str) -> None:
    if single_spaced(text):
        for line in text.split("\n"):
            stripped = line.strip()
            assert len(stripped.split()) == (stripped.count(" ") + 1 if stripped else 0)


def test_single_spaced_examples() -> None:
    assert single_spaced("one two\nthree")
    assert not single_spaced("one  two")
    assert not single_spaced("one\ttwo")
    assert not single_spaced("one\u2009000")


@given(
    st.lists(st.text(alphabet="ab1_- \t–é²", min_size=1, max_size=8).map(str.strip).filter(bool), max_size=6)
)
def test_unwrap_block_agrees_with_unwrap(texts: list[str]) -> None:
    assert unwrap_block("\n".join(texts), 7) == unwrap(
        [Line(number, text) for number, text in enumerate(texts, 7)]
    )


def test_a_lazy_pattern_compiles_on_first_use_and_then_acts_as_the_pattern() -> None:
    lazy = lazy_compile(r"(?P<word>ab)+", re.IGNORECASE)
    assert lazy._compiled is None  # type: ignore[attr-defined]
    plain = re.compile(r"(?P<word>ab)+", re.IGNORECASE)
    assert lazy.match("ABab!") and lazy.match("ABab!").span() == plain.match("ABab!").span()  # type: ignore[union-attr]
    assert lazy.sub("-", "xabAby") == "x-y"
    assert [m.group("word") for m in lazy.finditer("ab ab")] == ["ab", "ab"]
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (plain.pattern, plain.flags, plain.groupindex)
    assert lazy_compile(rb"\x01").search(b"a\x01") is not None
