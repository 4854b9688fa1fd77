"""The BSS parser, rule by rule, on literal stories and on the seed."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REFERENCE_DATE, ROOT, codes, parse
from wirecli.decode import decode
from wirecli.formats import bss
from wirecli.formats._common import Line, Message, unwrap
from wirecli.formats.bss import OTHER_WHITESPACE, has_controls, single_spaced, unwrap_block
from wirecli.formats.framing import End
from wirecli.model import BlockType, ParseOptions, Severity, count_words

SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"


def story_text(*blocks: str) -> str:
    return "\n\n".join(blocks)


HEADER = ("ZCZC", "BSS-41", "DHAKA-RAIN", "Heavy rain floods Dhaka streets")
LEDE = "DHAKA, July 2, 2026 (BSS) – Heavy rain flooded streets in the capital on\nWednesday, officials said."
SIGNOFF = "BSS/SRH/1412 hrs"


def test_seed_story() -> None:
    [story] = parse(SEED.read_bytes(), path="seed.txt")
    assert story.format == "bss"
    assert story.code == "BFF-09"
    assert story.keyword == "RUSSIA-NKOREA-SUMMIT"
    assert story.headline == "N.Korea’s Kim, Putin to hold first talks in Russia’s Far East"
    assert story.dateline is not None
    assert story.dateline.place == "MOSCOW"
    assert story.dateline.date == dt.date(2019, 4, 24)
    assert story.dateline.credit == "BSS/AFP"
    assert story.agencies == ("BSS", "AFP")
    paragraphs = [block.text for block in story.body if block.type is BlockType.PARAGRAPH]
    subheads = [block.text for block in story.body if block.type is BlockType.SUBHEAD]
    assert len(paragraphs) == 28
    assert subheads == ["Cold War ties"]
    assert "Moon Jae-in" in paragraphs[11]
    assert story.signoff is not None
    assert story.signoff.agencies == ("BSS", "AFP")
    assert story.signoff.initials == ("GMR",)
    assert story.signoff.time == "08:26"
    assert "242" in story.preamble
    assert story.source.encoding == "utf-8"
    assert story.created == dt.datetime(2019, 4, 24, 8, 26, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    assert not [d for d in story.diagnostics if d.severity is not Severity.INFO]


def test_preamble_kept_verbatim_without_blank_lines() -> None:
    [story] = parse(story_text("BSS-41 Heavy rain floods Dhaka streets", "318", *HEADER, LEDE, SIGNOFF))
    assert story.preamble == ("BSS-41 Heavy rain floods Dhaka streets", "318")
    assert "preamble-mismatch" not in codes(story)


def test_web_title_that_disagrees_is_reported() -> None:
    [story] = parse(story_text("BSS-40 Heavy rain floods Dhaka streets", *HEADER, LEDE, SIGNOFF))
    assert "preamble-mismatch" in codes(story)


def test_byline_is_stored_without_by() -> None:
    [story] = parse(story_text(*HEADER, "by Farhana Rahman", LEDE, SIGNOFF))
    assert story.byline == "Farhana Rahman"
    assert story.body[0].text.startswith("DHAKA, July 2, 2026")


def test_dateline_with_country_abbreviated_month_and_em_dash() -> None:
    lede = "NEW YORK, United States, Dec. 2, 2025 (BSS/AFP) — Costs fell."
    [story] = parse(story_text(*HEADER, lede, SIGNOFF))
    assert story.dateline is not None
    assert (story.dateline.place, story.dateline.date, story.dateline.credit) == (
        "NEW YORK, United States",
        dt.date(2025, 12, 2),
        "BSS/AFP",
    )
    assert story.dateline.text == "NEW YORK, United States, Dec. 2, 2025 (BSS/AFP)"


def test_ascii_double_hyphen_and_sept() -> None:
    [story] = parse(
        story_text(*HEADER, "SYLHET, Sept. 14, 2025 (BSS) -- Workers said - again - no.", SIGNOFF)
    )
    assert story.dateline is not None
    assert story.dateline.date == dt.date(2025, 9, 14)
    assert story.dateline.credit == "BSS"


def test_em_dash_inside_the_lede_is_not_a_dateline_separator() -> None:
    lede = "DHAKA, July 2, 2026 (BSS) – The meeting — the first — ended."
    [story] = parse(story_text(*HEADER, lede, SIGNOFF))
    assert story.body[0].text == lede


def test_paragraphs_and_subheads_with_either_dash() -> None:
    [story] = parse(
        story_text(*HEADER, LEDE, "– Cold War ties –", "Second.", "- Markets react -", "Third.", SIGNOFF)
    )
    assert [(block.type.value, block.text) for block in story.body[1:]] == [
        ("subhead", "Cold War ties"),
        ("paragraph", "Second."),
        ("subhead", "Markets react"),
        ("paragraph", "Third."),
    ]


def test_signoff_splits_agencies_initials_and_time() -> None:
    [story] = parse(story_text(*HEADER, LEDE.replace("(BSS)", "(BSS/AFP)"), "BSS/AFP/RY/MKH/2145 hrs"))
    assert story.signoff is not None
    assert (story.signoff.agencies, story.signoff.initials, story.signoff.time) == (
        ("BSS", "AFP"),
        ("RY", "MKH"),
        "21:45",
    )


def test_signoff_agency_missing_from_the_credit_is_reported() -> None:
    [story] = parse(story_text(*HEADER, LEDE, "BSS/AFP/GMR/0826 hrs"))
    assert "signoff-agency-mismatch" in codes(story)


def test_impossible_signoff_time() -> None:
    [story] = parse(story_text(*HEADER, LEDE, "BSS/SRH/2561 hrs"))
    assert story.signoff is not None
    assert story.signoff.time is None
    assert "impossible-signoff-time" in codes(story)
    assert story.created is None


def test_optional_nnnn_is_not_body_text() -> None:
    [story] = parse(story_text(*HEADER, LEDE, SIGNOFF) + "\nNNNN\n")
    assert story.signoff is not None
    assert story.body[-1].text.endswith("officials said.")


def test_several_stories_in_one_input() -> None:
    one = story_text(*HEADER, LEDE, SIGNOFF)
    two = story_text("ZCZC", "BSP-07", "CRICKET", "Tigers win", LEDE, "BSS/AZR/1602 hrs")
    stories = parse(one + "\nNNNN\n" + two)
    assert [story.code for story in stories] == ["BSS-41", "BSP-07"]
    assert [story.source.index for story in stories] == [0, 1]
    assert [story.source.line for story in stories] == [1, one.count("\n") + 3]


def test_next_zczc_cutting_a_story_short_is_a_signoff_warning() -> None:
    one = story_text(*HEADER, LEDE)
    two = story_text("ZCZC", "BSP-07", "CRICKET", "Tigers win", LEDE, "BSS/AZR/1602 hrs")
    first, _ = parse(one + "\n" + two)
    [cut] = [d for d in first.diagnostics if d.code == "missing-signoff"]
    assert cut.severity is Severity.WARNING
    assert "cut short" in cut.message


def test_urgency_prefixes() -> None:
    for prefix, level in (("FLASH - ", 1), ("BULLETIN: ", 2), ("URGENT: ", 3)):
        header = (*HEADER[:3], prefix + "Quake jolts Sylhet")
        [story] = parse(story_text(*header, LEDE, SIGNOFF))
        assert (story.urgency, story.headline) == (level, "Quake jolts Sylhet")
    [plain] = parse(story_text(*HEADER, LEDE, SIGNOFF))
    assert plain.urgency is None


def test_year_less_dateline_takes_the_latest_date_not_after_the_reference() -> None:
    lede = "CHATTOGRAM, Dec 3 (BSS) – Buses ran."
    [story] = parse(story_text(*HEADER, lede, SIGNOFF))
    assert story.dateline is not None
    assert story.dateline.date == dt.date(2025, 12, 3)
    [warning] = [d for d in story.diagnostics if "year" in d.code]
    assert warning.severity is Severity.WARNING


def test_year_option_wins_and_is_not_a_warning() -> None:
    [story] = parse(story_text(*HEADER, "CHATTOGRAM, Dec 3 (BSS) – Buses ran.", SIGNOFF), year=2020)
    assert story.dateline is not None
    assert story.dateline.date == dt.date(2020, 12, 3)
    assert not [code for code in codes(story) if "year" in code]


def test_impossible_and_future_dates() -> None:
    [impossible] = parse(story_text(*HEADER, "DHAKA, February 30, 2026 (BSS) – Text.", SIGNOFF))
    assert "impossible-date" in codes(impossible)
    assert impossible.dateline is not None and impossible.dateline.date is None
    [future] = parse(story_text(*HEADER, "DHAKA, March 1, 2027 (BSS) – Text.", SIGNOFF))
    assert "future-date" in codes(future)


def test_unusual_date_goes_through_dateutil_or_is_reported() -> None:
    [story] = parse(story_text(*HEADER, "DHAKA, 2 July 2026 (BSS) – Text.", SIGNOFF))
    assert story.dateline is not None
    assert story.dateline.date == dt.date(2026, 7, 2)
    [bad] = parse(story_text(*HEADER, "DHAKA, Someday soon (BSS) – Text.", SIGNOFF))
    assert "unparseable-date" in codes(bad)


def test_hyphen_at_line_end_joins_without_space_and_keeps_the_hyphen() -> None:
    lede = (
        "DHAKA, July 2, 2026 (BSS) – The self-\ndeclared leader met Moon Jae-\nin and a well -\nknown envoy."
    )
    [story] = parse(story_text(*HEADER, lede, SIGNOFF))
    assert story.body[0].text.endswith("The self-declared leader met Moon Jae-in and a well - known envoy.")
    assert codes(story).count("hyphen-join") == 2


def test_missing_parts_are_diagnostics() -> None:
    [story] = parse(
        story_text(
            "ZCZC", "BSS-71", "GARMENT-EXPORTS", "Exports fetched $3.96 billion in July,\nofficials said."
        )
    )
    assert story.headline is None
    found = {d.code: d.severity for d in story.diagnostics}
    assert found["missing-headline"] is Severity.ERROR
    assert found["missing-dateline"] is Severity.ERROR
    assert found["missing-signoff"] is Severity.WARNING


def test_no_zczc_read_as_bss_is_an_error_but_still_a_record() -> None:
    [story] = parse("Not a wire story\n\nJust some text, wrapped\nover two lines.\n", format="bss")
    assert story.format == "bss"
    assert "missing-framing" in codes(story)
    assert story.headline == "Not a wire story"
    assert story.body[0].text == "Just some text, wrapped over two lines."


def test_empty_input_has_no_story() -> None:
    assert parse(b"") == []
    assert parse(b"\n \n") == []


def test_control_characters_are_removed_with_a_warning() -> None:
    [story] = parse(story_text(*HEADER[:3], "Heavy \x1b[2Jrain\x07 floods", LEDE, SIGNOFF))
    assert story.headline == "Heavy [2Jrain floods"
    [warning] = [d for d in story.diagnostics if "control" in d.code]
    assert warning.severity is Severity.WARNING
    assert warning.line == 7


def test_cp1252_with_crlf() -> None:
    text = story_text(*HEADER, "DHAKA, July 2, 2026 (BSS) \u2013 \u201cRain,\u201d he said.", SIGNOFF)
    [story] = parse(text.replace("\n", "\r\n").encode("cp1252"))
    assert story.source.encoding == "cp1252"
    assert story.body[0].text == "DHAKA, July 2, 2026 (BSS) – “Rain,” he said."
    assert "encoding-fallback" in codes(story)


def test_parsing_is_deterministic(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    assert parse(data) == parse(data)


def test_a_code_on_the_zczc_line_is_detected() -> None:
    assert bss.detect(b"ZCZC BSS-41\n\nSLUG\n")
    assert bss.detect(b"ZCZC\tBSS-41\n")
    assert bss.detect(b"ZCZC AAP\nBSS-41\n")  # the code on the line after a non-code
    assert not bss.detect(b"ZCZC AAP\nSLUG\nBSS-41\n")  # only the two lines after ZCZC count
    assert not bss.detect(b"ZCZCBSS-41\n")


def test_text_after_zczc_on_its_line_is_kept() -> None:
    # ZCZC should stand alone; text after it used to vanish with the marker.
    [story] = parse("ZCZC BSS-41\n\nSLUG\n\nHead\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n")
    assert (story.format, story.code, story.keyword, story.headline) == ("bss", "BSS-41", "SLUG", "Head")
    assert codes(story) == ["timezone-assumed"]


def test_words_are_counted_whatever_the_spacing() -> None:
    [story] = parse(story_text(*HEADER, "DHAKA, July 2, 2026 (BSS) – One  two\tthree\u00a0four", SIGNOFF))
    assert story.word_count == 10 == count_words(story.body)


def test_blank_lines_of_spaces_and_runs_of_blank_lines_separate_blocks() -> None:
    text = "ZCZC\n\n\nBSS-41\n   \nDHAKA-RAIN\n\t\n\n\nHeavy rain\n\n" + LEDE + "\n \n\n" + SIGNOFF + "\n"
    [story] = parse(text)
    assert (story.code, story.keyword, story.headline) == ("BSS-41", "DHAKA-RAIN", "Heavy rain")
    assert [block.text for block in story.body] == [LEDE.replace("\n", " ")]
    assert story.dateline is not None and story.signoff is not None
    assert [(d.code, d.line) for d in story.diagnostics] == [("timezone-assumed", 16)]


def test_a_hyphen_ending_the_last_line_of_a_block_joins_nothing() -> None:
    paragraphs = (
        "DHAKA, July 2, 2026 (BSS) – Talks with Moon Jae-\nin ended in a draw-",
        "Next day it was all-\nout war.",
    )
    [story] = parse(story_text(*HEADER, *paragraphs, SIGNOFF))
    assert [block.text for block in story.body] == [
        "DHAKA, July 2, 2026 (BSS) – Talks with Moon Jae-in ended in a draw-",
        "Next day it was all-out war.",
    ]
    assert [(d.line, d.message) for d in story.diagnostics if d.code == "hyphen-join"] == [
        (9, "joined 'Jae-in' across lines"),
        (12, "joined 'all-out' across lines"),
    ]
    assert story.word_count == 20


_LINES = [
    "ZCZC",
    "BSS-41",
    "DHAKA-RAIN",
    "Heavy rain floods Dhaka",
    "By Staff Correspondent",
    "DHAKA, July 2, 2026 (BSS) – Heavy rain flooded streets in the",
    "capital on Wednesday, officials said. Moon Jae-",
    "in said so.",
    "– Cold War ties –",
    "BSS/SRH/1412 hrs",
    "NNNN",
    "",
    "",
    " ",
    "\t",
    "two  spaces and a\ttab",
    "no\u00a0break and thin\u2009space ",
    "  indented line",
    "escape \x1b[31m here",
    "x" * 85,
]


@given(st.lists(st.sampled_from(_LINES), max_size=16).map("\n".join))
def test_the_fast_path_for_plain_text_gives_what_the_checked_path_gives(text: str) -> None:
    # Decoding says whether the text is plain; the parser must not depend on being told.
    options = ParseOptions(reference_date=REFERENCE_DATE)
    told = bss.parse(Message(text, 3, End.EOF, 0, "utf-8", decode(text.encode()).plain), options)
    checked = bss.parse(Message(text, 3, End.EOF, 0, "utf-8", False), options)
    assert told == checked
    assert told.word_count == count_words(told.body)


def test_a_blank_date_is_still_read_as_a_loose_dateline() -> None:
    # The one match the old backtracking pattern found by giving blanks back to the date.
    [story] = parse("ZCZC\n\nBSS-1\n\nSLUG\n\nHead\n\nDHAKA,  (BSS) – Text.\n\nBSS/AB/1200 hrs\n")
    assert story.dateline is not None
    assert (story.dateline.text, story.dateline.place, story.dateline.credit) == (
        "DHAKA,  (BSS)",
        "DHAKA",
        "BSS",
    )
    assert ("unparseable-date", "dateline date ' ' is not understood") in [
        (diagnostic.code, diagnostic.message) for diagnostic in story.diagnostics
    ]


def test_long_runs_of_blanks_in_datelines_and_subheads() -> None:
    # Each of these took time quadratic in the run of blanks (minutes for a 100,000-blank run).
    blanks = " " * 100_000
    text = story_text(*HEADER, f"DHAKA,{blanks}x (BSS) – Text.", f"– Cold{blanks}War –", SIGNOFF)
    [story] = parse(text)
    assert story.dateline is not None and story.dateline.place == "DHAKA"
    assert [(block.type, block.text) for block in story.body[1:]] == [(BlockType.SUBHEAD, f"Cold{blanks}War")]


_WORDS = st.text(alphabet="abcdeé", min_size=1, max_size=6)
_BODY_LINE = (
    st.lists(_WORDS, min_size=1, max_size=5)
    .map(" ".join)
    .flatmap(lambda line: st.sampled_from([line, line + "-"]))
)
_PARAGRAPH = st.lists(_BODY_LINE, min_size=1, max_size=4).map("\n".join)


@given(
    st.lists(_PARAGRAPH, min_size=1, max_size=8),
    st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n\n\n\n"]), min_size=9, max_size=9),
    st.booleans(),
)
def test_reported_line_numbers_point_at_the_lines_they_name(
    paragraphs: list[str], gaps: list[str], end_marker: bool
) -> None:
    # Line numbers are worked out from offsets, from either end of the text: check them against the input.
    parts = [*HEADER, LEDE, *paragraphs, SIGNOFF + ("\n\nNNNN" if end_marker else "")]
    text = "318\n" + "".join(part + gap for part, gap in zip(parts, [*gaps, *gaps], strict=False))
    lines = text.split("\n")
    [story] = parse(text)
    for diagnostic in story.diagnostics:
        assert diagnostic.line is not None
        line = lines[diagnostic.line - 1]
        if diagnostic.code == "hyphen-join":
            assert line.endswith("-")
            assert diagnostic.message.split("'")[1].split("-")[0] in line
        elif diagnostic.code in ("timezone-assumed", "signoff-agency-mismatch"):
            assert line == SIGNOFF
        elif diagnostic.code == "dateline-year-assumed":
            assert line == LEDE.split("\n")[0]
        else:
            raise AssertionError(f"unexpected {diagnostic}")
    assert "timezone-assumed" in codes(story)


def test_a_story_cut_short_is_quoted_without_its_indent() -> None:
    [story] = parse(story_text(*HEADER, LEDE, "      and then the line"))
    [cut] = [d for d in story.diagnostics if d.code == "cut-short"]
    assert (cut.line, cut.message) == (
        12,
        "the story stops mid-sentence ('and then the line') at the end of the input",
    )


# The fast paths of the BSS parser give what the shared helpers' plain algorithms give.

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


@given(
    st.lists(st.sampled_from([*_LINES, "x" * 80, "x" * 81, "a", "ends in a hyphen-", "  "]), max_size=16).map(
        "\n".join
    )
)
def test_tidy_text_is_cut_as_the_line_by_line_path_cuts_it(text: str) -> None:
    # The shortcut for tidy text (one regex match, no stripping) against the path it stands in for.
    options = ParseOptions(reference_date=REFERENCE_DATE)
    message = Message("ZCZC\n" + text, 3, End.EOF, 0, "utf-8", False)
    fast = bss._Parser(message, options)
    fast._split_blocks(message.text, 5)
    slow = bss._Parser(message, options)
    slow._split_lines(text)
    assert vars(fast) == vars(slow)


def test_a_hyphen_before_the_signoff_in_its_block_joins_nothing() -> None:
    lede = "DHAKA, July 2, 2026 (BSS) – Talks with Moon Jae-\nin ended in a draw-"
    [story] = parse(story_text(*HEADER, lede + "\n" + SIGNOFF))
    assert [block.text for block in story.body] == [
        "DHAKA, July 2, 2026 (BSS) – Talks with Moon Jae-in ended in a draw-"
    ]
    assert [(d.code, d.line) for d in story.diagnostics] == [("hyphen-join", 9), ("timezone-assumed", 11)]
    assert story.signoff is not None and story.signoff.text == SIGNOFF
