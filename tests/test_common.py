"""The shared parser helpers, and that their fast paths give what the plain algorithm gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirecli.formats._common import Line, Message, numbered_lines, remove_controls, unwrap
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
