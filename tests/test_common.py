"""The shared parser helpers, and that their fast paths give what the plain algorithm gives."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirecli.diagnostics import diagnose
from wirecli.formats._common import (
    Line,
    Message,
    StoryParser,
    lazy_compile,
    numbered_lines,
    remove_controls,
    source_of,
    unwrap,
    with_diagnostics,
)
from wirecli.formats.framing import End
from wirecli.model import Diagnostic, ParseOptions, Severity, Source, Story


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


# The helpers as first written: their fast paths must give exactly what these give.
_OLD_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_numbered_lines(message: Message) -> list[Line]:
    return [Line(message.line + offset, text) for offset, text in enumerate(message.text.split("\n"))]


def plain_remove_controls(lines: list[Line]) -> tuple[list[Line], list[Diagnostic]]:
    cleaned: list[Line] = []
    affected: list[tuple[int, str]] = []
    for line in lines:
        found = _OLD_CONTROLS.findall(line.text)
        if found:
            affected.append((line.number, ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))))
            line = Line(line.number, _OLD_CONTROLS.sub("", line.text))
        cleaned.append(line)
    diagnostics = [
        diagnose("control-characters", number, f"removed control characters {names}")
        for number, names in affected[:10]
    ]
    if len(affected) > 10:
        more = f"removed control characters on {len(affected) - 10} more lines"
        diagnostics.append(diagnose("control-characters", affected[10][0], more))
    return cleaned, diagnostics


# Controls and the characters next to them (TAB, LF, DEL, C1, no-break space), other characters
# that are not printable (soft hyphen, line separator, a lone surrogate), and wider characters.
_TRICKY = "ab \t\n\x00\x08\x0b\x1b\x1f\x7f\x80\x9f\xa0\xad\xe9\u2013\u2028\ud800\U0001f600"
_TEXTS = st.text(alphabet=_TRICKY, max_size=12) | st.text(max_size=12)


@given(st.lists(_TEXTS, max_size=14), st.integers(min_value=1, max_value=99))
def test_numbered_lines_and_remove_controls_give_what_the_plain_loops_give(
    texts: list[str], first: int
) -> None:
    text = "\n".join(texts)
    lines = numbered_lines(message(text, line=first))
    assert lines == plain_numbered_lines(message(text, line=first))
    assert all(type(line) is Line for line in lines)
    cleaned, diagnostics = remove_controls(iter(lines))
    assert (cleaned, diagnostics) == plain_remove_controls(lines)
    assert all(type(line) is Line for line in cleaned)


@given(st.lists(_TEXTS, max_size=6))
def test_remove_controls_takes_lines_holding_line_feeds(texts: list[str]) -> None:
    # Callers may pass lines that are not one line of the message each.
    lines = [Line(number, f"{text}\n{text}") for number, text in enumerate(texts, 3)]
    assert remove_controls(lines) == plain_remove_controls(lines)


def test_tabs_and_no_break_spaces_are_no_control_characters() -> None:
    lines = [Line(1, "Runner\t2.40\t\xa0"), Line(2, "\u2028soft\xadhyphen \U0001f600")]
    assert remove_controls(lines) == (lines, [])


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


def test_a_lazy_pattern_compiles_on_first_use_and_then_acts_as_the_pattern() -> None:
    lazy = lazy_compile(r"(?P<word>ab)+", re.IGNORECASE)
    assert lazy._compiled is None  # type: ignore[attr-defined]
    plain = re.compile(r"(?P<word>ab)+", re.IGNORECASE)
    assert lazy.match("ABab!") and lazy.match("ABab!").span() == plain.match("ABab!").span()  # type: ignore[union-attr]
    assert lazy.sub("-", "xabAby") == "x-y"
    assert [m.group("word") for m in lazy.finditer("ab ab")] == ["ab", "ab"]
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (plain.pattern, plain.flags, plain.groupindex)
    assert lazy_compile(rb"\x01").search(b"a\x01") is not None


# The parser kit


class _Findings(StoryParser):
    format_name = "findings"

    def story(self, *found: tuple[str, int | None]) -> Story:
        for code, line in found:
            self.report(code, line, f"{code} at {line}")
        return self.finish(headline="A headline")


OPTIONS = ParseOptions(reference_date=dt.date(2026, 11, 28), path="feed.txt")


def test_finish_builds_the_story_with_its_format_and_source() -> None:
    story = _Findings(Message("text", 12, End.EOF, 3, "cp1252"), OPTIONS).story()
    assert (story.format, story.headline) == ("findings", "A headline")
    assert story.source == Source("feed.txt", 3, 12, "cp1252")
    assert story.source == source_of(Message("text", 12, End.EOF, 3, "cp1252"), OPTIONS)


def test_finish_sorts_the_diagnostics_by_line_keeping_the_order_of_a_line() -> None:
    found = [
        ("long-line", 9),
        ("empty-body", 4),
        ("missing-code", None),
        ("cut-short", 9),
        ("hyphen-join", 4),
    ]
    story = _Findings(message("text"), OPTIONS).story(*found)
    assert [(d.code, d.line) for d in story.diagnostics] == [
        ("missing-code", None),
        ("empty-body", 4),
        ("hyphen-join", 4),
        ("long-line", 9),
        ("cut-short", 9),
    ]


def test_report_takes_only_catalogued_codes() -> None:
    with pytest.raises(KeyError):
        _Findings(message("text"), OPTIONS).story(("no-such-code", 1))


_LINES = st.one_of(st.none(), st.integers(min_value=1, max_value=6))


@given(st.lists(_LINES, max_size=8), st.lists(_LINES, max_size=8))
def test_with_diagnostics_gives_what_a_stable_sort_of_all_gives(
    own: list[int | None], extra: list[int | None]
) -> None:
    # Distinct messages tell equal-line diagnostics apart, so the order within a line is checked too.
    found = [("hyphen-join", line) for line in own]
    story = _Findings(message("text"), OPTIONS).story(*found)
    added = [Diagnostic(Severity.WARNING, "mojibake", f"extra {i}", line) for i, line in enumerate(extra)]
    merged = with_diagnostics(story, added)
    assert merged.diagnostics == tuple(sorted((*story.diagnostics, *added), key=lambda d: d.line or 0))
    assert merged.headline == story.headline
