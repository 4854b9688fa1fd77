"""The ANPA 1312 parser (AP and other agencies), rule by rule on literal messages and on the corpus."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SHARED, codes, parse
from wirecli.formats import REGISTRY, anpa1312, detect_format
from wirecli.formats.anpa1312 import ap_typography, detect, urgency_of
from wirecli.formats.framing import split_bytes
from wirecli.model import BlockType, Severity, Story

SYN_SOH = b"\x16\x16\x01"
TEXT, TABLE = b"\x13\x11", b"\x14\x12"
LINE_TWO = b"r a" + TEXT + b" BC-US--Harbor-Dredging     06-03 0412"
HEADING = (b"^BC-US--Harbor-Dredging,58<", b"^Harbor dredging starts a month early<")
LEDE = b"\t   PORT ELLIS, Maine (AP) _ Dredging of the harbor channel began Monday."
TRAILER = b"AP-WF-06-03-25 1402GMT"


def anpa(
    *lines: bytes,
    line_one: bytes = b"W1234\x1fasian",
    line_two: bytes = LINE_TWO,
    trailer: bytes | None = TRAILER,
    end: bytes = b"\r\n\x0c\r\n\x04",
) -> bytes:
    """One message: line 1 with a bare LF, CRLF after; ``lines`` follow STX; then ETX and trailer."""
    body = b"\r\n".join(lines or (*HEADING, LEDE))
    message = SYN_SOH + line_one + b"\n" + line_two + b"\r\n\x02" + body + b"\r\n"
    if trailer is None:
        return message
    return message + b"\r\n\t   \x03" + trailer + b"<\r\n" + end


def one(data: bytes, **options: object) -> Story:
    [story] = parse(data, **options)
    return story


def not_info(story: Story) -> list[str]:
    return [d.code for d in story.diagnostics if d.severity is not Severity.INFO]


# Detection and registration


def test_detect_claims_anpa_framing_and_line_two() -> None:
    assert detect(anpa())
    assert detect(b"\x01W1234\x1fasian\nr a" + TABLE + b" BC-X  06-03 0100\r\n")
    assert detect_format(anpa()).name == "anpa1312"


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"ZCZC\n\nBSS-41\n\nSLUG\n",
        b"\x01eca062 4 i 211 ccccb   dpa 061\r\n\nGermany-politics/\r\n",  # IPTC 7901: line 2 blank
        b"\x01W1234 asian\nnot a header line\r\n",  # neither AP line 1 nor line 2
        b"r a" + TEXT + b" BC-US--Slug  06-03 0100\r\n",  # line 2 shape without the SOH line
    ],
)
def test_detect_rejects_other_input(head: bytes) -> None:
    assert not detect(head)


@given(st.binary(max_size=300))
def test_detect_never_raises(head: bytes) -> None:
    assert detect(head) in (True, False)


def test_registered_before_bss() -> None:
    names = list(REGISTRY)
    assert names.index("anpa1312") < names.index("bss")


# Header lines 1 and 2


def test_header_fields() -> None:
    story = one(anpa())
    assert story.format == "anpa1312"
    assert story.code == "W1234"
    assert (story.priority, story.urgency, story.category) == ("r", 6, "a")
    assert story.transmitted_word_count == 412
    assert story.tabular is False
    assert story.agencies == ("AP",)
    assert not_info(story) == []
    assert [d.code for d in story.diagnostics] == []


@pytest.mark.parametrize(
    ("letter", "urgency"), [("f", 1), ("b", 2), ("u", 3), ("r", 6), ("d", 6), ("z", 6), ("F", 1)]
)
def test_priority_letter_to_urgency(letter: str, urgency: int) -> None:
    assert urgency_of(letter) == urgency


def test_priority_is_kept_raw() -> None:
    story = one(anpa(line_two=b"b i" + TEXT + b" BC-US--Harbor-Dredging     06-03 0412"))
    assert (story.priority, story.urgency, story.category) == ("b", 2, "i")


def test_version_on_line_two_is_the_take_key() -> None:
    line_two = b"r a" + TEXT + b" BC-US--Harbor-Dredging 2ndLd-Writethru   06-03 0412"
    heading = b"^BC-US--Harbor-Dredging, 2nd Ld-Writethru,58<"
    story = one(anpa(heading, HEADING[1], LEDE, line_two=line_two))
    assert story.take_key == "2ndLd-Writethru"
    assert story.keyword == "BC-US--Harbor-Dredging"


def test_take_key_from_caret_line_when_line_two_has_none() -> None:
    story = one(anpa(b"^BC-US--Harbor-Dredging, 2nd Ld-Writethru,58<", HEADING[1], LEDE))
    assert story.take_key == "2nd Ld-Writethru"


def test_full_keyword_from_caret_line_is_preferred() -> None:
    line_two = b"r a" + TEXT + b" BC-LT--Harbor-DredgingSe     06-03 0412"
    story = one(anpa(b"^BC-LT--Harbor-Dredging Season,58<", HEADING[1], LEDE, line_two=line_two))
    assert story.keyword == "BC-LT--Harbor-Dredging Season"


def test_line_two_keyword_when_no_caret_keyword_line() -> None:
    line_two = b"r a" + TEXT + b" BC-LT--Harbor-DredgingSe     06-03 0412"
    story = one(anpa(HEADING[1], LEDE, line_two=line_two))
    assert story.keyword == "BC-LT--Harbor-DredgingSe"
    assert story.headline == "Harbor dredging starts a month early"


ROWS = (b"\x08Harbor;12;3;.800\x10 ", b"\x08Port\x10 Ellis;9;6;.600\x10 ")


def test_tabular_codes_and_empty_word_count() -> None:
    story = one(anpa(*HEADING, *ROWS, line_two=b"r s" + TABLE + b" BC-US--Harbor-Dredging     06-03 "))
    assert story.tabular is True
    assert story.transmitted_word_count is None
    assert "tabular-mismatch" not in codes(story)


def test_ap_line_one_alone_is_enough_to_detect() -> None:
    assert detect(SYN_SOH + b"W1234\x1fasian\nnot a header line\r\n")


def test_unreadable_line_two_is_reported() -> None:
    story = one(anpa(line_two=b"routine copy"))
    assert "garbled-header" in codes(story)
    assert (story.priority, story.urgency, story.category) == (None, None, None)
    assert story.keyword == "BC-US--Harbor-Dredging"  # the caret line still gives it
    [problem] = [d for d in story.diagnostics if d.code == "garbled-header"]
    assert problem.line == 2


def test_unreadable_line_one_is_reported() -> None:
    story = one(anpa(line_one=b"no code here"))
    assert story.code is None
    assert [(d.code, d.line) for d in story.diagnostics] == [("missing-code", 1)]


def test_forced_format_without_framing() -> None:
    story = one(b"just some text\n", format="anpa1312")
    assert "missing-framing" in codes(story)
    assert "garbled-header" in codes(story)


def test_missing_keyword() -> None:
    story = one(anpa(HEADING[1], LEDE, line_two=b"garbled"))
    assert "missing-keyword" in codes(story)


# Heading (caret) lines


def test_heading_lines_in_order() -> None:
    story = one(
        anpa(
            HEADING[0],
            b"^Harbor dredging starts a month early <",
            b"^Crews will work nights to finish before the lobster season opens.< ",
            b"^AP Photo MEPE101, MEPE102<",
            b"^Eds: With AP Photos.<",
            b"^By JOANNA PRICE and OWEN MARSH=",
            b"^Associated Press=",
            LEDE,
        )
    )
    assert story.headline == "Harbor dredging starts a month early"
    assert story.summary == "Crews will work nights to finish before the lobster season opens."
    assert story.editor_note == "With AP Photos."
    assert story.byline == "JOANNA PRICE and OWEN MARSH"
    assert story.byline_title == "Associated Press"
    assert "MEPE101" not in json.dumps([block.text for block in story.body])


def test_editor_notes_in_parentheses_and_editors_note_line() -> None:
    story = one(
        anpa(
            *HEADING,
            b"^(Eds: Minor edits. With BC-US--Harbor-Fees.)<",
            b"^EDITOR'S NOTE _ This story is part of a series on working harbors.<",
            LEDE,
        )
    )
    assert story.editor_note == (
        "Minor edits. With BC-US--Harbor-Fees.\nThis story is part of a series on working harbors."
    )


def test_byline_without_title() -> None:
    story = one(anpa(*HEADING, b"^By The Associated Press=", LEDE))
    assert (story.byline, story.byline_title) == ("The Associated Press", None)


def test_headline_starting_with_by_is_not_a_byline() -> None:
    story = one(anpa(HEADING[0], b"^By land and sea, the harbor reopens<", LEDE))
    assert (story.headline, story.byline) == ("By land and sea, the harbor reopens", None)


def test_heading_translates_ap_conventions() -> None:
    story = one(anpa(HEADING[0], b"^``Dig deeper,'' port tells crews _ again<", LEDE))
    assert story.headline == "“Dig deeper,” port tells crews — again"


def test_digest_list_lines_without_end_code_are_body() -> None:
    story = one(
        anpa(
            b"^*9006< ^AP-Top-Harbor-Headlines,0030<",
            b"^AP Top Harbor News at 6:10 a.m. EDT<",
            b"^Dredging starts early",
            b"^Lobster prices climb",
            line_two=b"r e" + TEXT + b" AP-Top-Harbor-Headlines     06-03 0030",
        )
    )
    assert story.keyword == "AP-Top-Harbor-Headlines"
    assert story.headline == "AP Top Harbor News at 6:10 a.m. EDT"
    assert [(block.type, block.text) for block in story.body] == [
        (BlockType.PARAGRAPH, "Dredging starts early"),
        (BlockType.PARAGRAPH, "Lobster prices climb"),
    ]
    assert story.dateline is None
    assert codes(story) == []


# Body


def test_one_paragraph_per_line_with_or_without_separators() -> None:
    story = one(anpa(*HEADING, LEDE, b" ", b"\t   Second paragraph. ", b"\t   Third paragraph."))
    assert [block.text for block in story.body] == [
        "PORT ELLIS, Maine (AP) — Dredging of the harbor channel began Monday.",
        "Second paragraph.",
        "Third paragraph.",
    ]
    assert story.word_count == 16  # the dash of the dateline counts, as in every format


def test_dateline() -> None:
    story = one(anpa())
    assert story.dateline is not None
    assert (story.dateline.text, story.dateline.place, story.dateline.date, story.dateline.credit) == (
        "PORT ELLIS, Maine (AP)",
        "PORT ELLIS, Maine",
        None,
        "AP",
    )
    assert story.body[0].text.startswith(story.dateline.text + " — ")


def test_no_dateline_is_not_reported() -> None:
    story = one(anpa(*HEADING, b"\t   Your daily look at the harbor:"))
    assert story.dateline is None
    assert codes(story) == []


@pytest.mark.parametrize(
    ("wire", "text"),
    [
        ("``Look Good Feel Better'' is a program", "“Look Good Feel Better” is a program"),
        ("faced with, `This is who I am,' and", "faced with, ‘This is who I am,’ and"),
        ("``When you say, `I'm here,' it helps,''", "“When you say, ‘I'm here,’ it helps,”"),
        ("19 _ season highs for each player _ and", "19 — season highs for each player — and"),
        ("It's the farmers' land", "It's the farmers' land"),
        ("BAR 'NO DEAL' BREXIT", "BAR 'NO DEAL' BREXIT"),
        ("snake_case and _lead", "snake_case and _lead"),
        ("he said: ```Go,' she told me.''", "he said: “‘Go,’ she told me.”"),
    ],
)
def test_ap_typewriter_conventions(wire: str, text: str) -> None:
    assert ap_typography(wire) == text


def test_section_break_subheads_and_credit() -> None:
    story = one(
        anpa(
            *HEADING,
            LEDE,
            b"\t   ___ ",
            b"\t   TIP-INS ",
            b"\t   Crews: Work resumes at dawn.",
            b"\t   1. DREDGING STARTS EARLY ",
            b"\t   AP writer Lee Moss contributed.",
        )
    )
    assert [(block.type.value, block.text) for block in story.body[1:]] == [
        ("paragraph", "___"),
        ("subhead", "TIP-INS"),
        ("paragraph", "Crews: Work resumes at dawn."),
        ("subhead", "1. DREDGING STARTS EARLY"),
        ("paragraph", "AP writer Lee Moss contributed."),
    ]


def test_long_capitals_paragraph_is_not_a_subhead() -> None:
    shout = b"\t   " + b"THE HARBOR IS CLOSED " * 5
    story = one(anpa(*HEADING, LEDE, shout))
    assert story.body[-1].type is BlockType.PARAGRAPH


def test_end_codes_stripped_from_body_lines() -> None:
    story = one(anpa(*HEADING, LEDE, b"\t   Crews will work nights.< "))
    assert story.body[-1].text == "Crews will work nights."


# Alerts and missing parts


def test_alert_first_paragraph_stands_in_for_headline() -> None:
    story = one(
        anpa(
            b"^BC-US--APNewsAlert,12<",
            b"\t   PORT ELLIS, Maine (AP) _ The harbor channel reopens after dredging.",
            line_two=b"b a" + TEXT + b" BC-US--APNewsAlert     06-03 0215",
        )
    )
    assert story.headline == "The harbor channel reopens after dredging."
    assert [(d.code, d.severity, d.line) for d in story.diagnostics] == [
        ("headline-from-body", Severity.INFO, 4)
    ]


def test_no_headline_and_no_text() -> None:
    story = one(anpa(HEADING[0]))
    assert story.headline is None
    assert set(codes(story)) == {"missing-headline", "empty-body"}


def test_message_without_etx_is_cut_short() -> None:
    story = one(anpa(*HEADING, LEDE, b"\t   Crews said the work would", trailer=None))
    assert story.signoff is None and story.created is None
    [problem] = story.diagnostics
    assert (problem.code, problem.severity, problem.line) == ("cut-short", Severity.WARNING, 6)
    assert problem.message == "no ETX and trailer (AP-WF-MM-DD-YY HHMMGMT): the story may be cut short"
    assert story.body[-1].text == "Crews said the work would"


def test_trailer_without_eot_is_cut_short() -> None:
    story = one(anpa(end=b"\r\n"))
    assert codes(story) == ["cut-short"]
    assert story.created == dt.datetime(2025, 6, 3, 14, 2, tzinfo=dt.UTC)


def test_next_story_before_eot() -> None:
    first, second = parse(anpa(end=b"\r\n") + anpa(line_one=b"W5678\x1fasian"))
    assert [d.message for d in first.diagnostics] == ["no EOT after the trailer: the next story starts here"]
    assert codes(second) == []
    assert second.source.line == 9


def test_two_stories_in_one_feed() -> None:
    data = anpa() + b"\r\n" + anpa(line_one=b"W5678\x1fasian")
    assert len(split_bytes(data)) == 2
    first, second = parse(data)
    assert (first.code, second.code) == ("W1234", "W5678")
    assert (first.source.index, second.source.index) == (0, 1)


def test_preamble_before_soh_is_kept() -> None:
    story = one(b"queued 0412\r\n" + anpa())
    assert story.preamble == ("queued 0412",)


def test_text_after_trailer_is_reported() -> None:
    story = one(anpa(end=b"\r\nstray words\r\n\x04"))
    assert codes(story) == ["trailing-text"]


# Trailer


def test_trailer_gives_signoff_and_created() -> None:
    story = one(anpa())
    assert story.signoff is not None
    assert story.signoff.text == "AP-WF-06-03-25 1402GMT"
    assert (story.signoff.agencies, story.signoff.initials, story.signoff.time) == (("AP",), (), "14:02")
    assert story.created == dt.datetime(2025, 6, 3, 14, 2, tzinfo=dt.UTC)
    assert "timezone-assumed" not in codes(story)


def test_trailer_without_zone_is_read_as_gmt() -> None:
    story = one(anpa(trailer=b"AP-WF-06-03-25 1402"))
    assert story.created == dt.datetime(2025, 6, 3, 14, 2, tzinfo=dt.UTC)
    assert codes(story) == ["timezone-assumed"]


@pytest.mark.parametrize(
    ("trailer", "code"),
    [
        (b"AP-WF-06-03-25 2561GMT", "impossible-signoff-time"),
        (b"AP-WF-02-30-25 1402GMT", "impossible-date"),
        (b"AP-WF-06-03-27 1402GMT", "future-date"),
        (b"end of copy", "missing-signoff"),
    ],
)
def test_bad_trailers(trailer: bytes, code: str) -> None:
    story = one(anpa(trailer=trailer))
    assert codes(story) == [code]
    [problem] = story.diagnostics
    assert problem.line == 7  # the trailer line


def test_two_digit_year_before_2000() -> None:
    story = one(anpa(trailer=b"AP-WF-06-03-98 1402GMT"))
    assert story.created == dt.datetime(1998, 6, 3, 14, 2, tzinfo=dt.UTC)


# Tabular items


def table_story(*lines: bytes) -> Story:
    line_two = b"r s" + TABLE + b" BC-CUR--CurlingGlance     02-08 "
    return one(anpa(*lines, line_two=line_two))


def test_tabular_rows_and_section_headings() -> None:
    story = table_story(
        b"^BC-CUR--Curling Glance<",
        b"^Curling Glance=",
        b"^By The Associated Press=",
        b"^EASTERN POOL=",
        b"\x08^;W;L;GB\x10 ",
        b"\x08Harbor\x10 Point;9;2;_\x10 ",
        b"\x08Millbrook;8;4;1{\x10 ",
        b"\t   ___= ",
        b"^Thursday's Draws=",
        b"\t   Harbor Point 7, Cedar Falls 4 ",
        b"\t   Lakeview 9, Red Hollow 3< ",
        b"^END<",
    )
    assert story.tabular is True
    assert (story.headline, story.byline) == ("Curling Glance", "The Associated Press")
    assert [(block.type.value, block.text) for block in story.body] == [
        ("subhead", "EASTERN POOL"),
        ("table", ";W;L;GB\nHarbor Point;9;2;_\nMillbrook;8;4;1½"),
        ("paragraph", "___"),
        ("subhead", "Thursday's Draws"),
        ("table", "Harbor Point 7, Cedar Falls 4\nLakeview 9, Red Hollow 3"),
    ]
    assert codes(story) == []


def test_rs_and_us_become_aligned_spacing() -> None:
    story = table_story(
        b"^BC-CUR--Curling Glance<",
        b"^Curling Glance=",
        b"^By The Associated Press=",
        b"\x08^\x1f\x1e \x1e \x1e W\x1e \x1e \x1e L",
        b"\x08Lakeview\x1f\x1e \x1e 10\x1e \x1e \x1e 1",
        b"\x08Pine\x10 Ridge\x1f\x1e \x1e \x1e 7\x1e \x1e 10",
    )
    [table] = story.body
    assert table.type is BlockType.TABLE
    assert table.text.split("\n") == [
        "             W   L",
        "Lakeview    10   1",
        "Pine Ridge   7  10",
    ]


def test_tabular_dateline_paragraph_then_rows() -> None:
    # The keyword line disagrees with line 2 (BC-CUR--...) but its trailing ',' count marks it.
    story = table_story(
        b"^BC-WEA--Harbor Tides,<",
        b"\t   PORT ELLIS, Maine (AP) _ High and low tides for Tuesday:<",
        b"\t   ;HIGH;LOW<",
        b"\t   Port Ellis;6:12;12:30<",
        b" ",
        b"\t      Source: Harbor office<",
    )
    assert story.dateline is not None and story.dateline.place == "PORT ELLIS, Maine"
    assert story.keyword == "BC-WEA--Harbor Tides"
    assert story.headline == "High and low tides for Tuesday:"
    assert [(block.type.value, block.text) for block in story.body] == [
        ("paragraph", "PORT ELLIS, Maine (AP) — High and low tides for Tuesday:"),
        ("table", ";HIGH;LOW\nPort Ellis;6:12;12:30"),
        ("table", "   Source: Harbor office"),
    ]
    assert codes(story) == ["headline-from-body"]


def test_tabular_without_byline_ends_heading_after_headline() -> None:
    story = table_story(b"^BC-CUR--Curling Glance<", b"^Curling Glance=", b"^EASTERN POOL=", b"\x08A;1\x10 ")
    assert story.headline == "Curling Glance"
    assert story.summary is None
    assert [block.type.value for block in story.body] == ["subhead", "table"]


# Control characters


def test_framing_and_typesetting_codes_are_not_reported() -> None:
    story = table_story(
        b"^BC-CUR--Curling Glance<", b"^Curling Glance=", b"\x08Pine\x10 Ridge\x1f\x1e 7\x10 "
    )
    assert codes(story) == []


def test_unexpected_control_characters_are_removed_and_reported() -> None:
    story = one(anpa(*HEADING, b"\t   PORT ELLIS, Maine (AP) _ Dredging \x1b[2Jbegan \x10Monday."))
    assert story.body[0].text == "PORT ELLIS, Maine (AP) — Dredging [2Jbegan Monday."
    [problem] = story.diagnostics
    assert (problem.code, problem.line) == ("control-characters", 5)
    assert problem.message == "removed control characters U+0010, U+001B"


# The shared corpus (read from ../shared, never copied; skipped when absent)

CORPUS = SHARED / "corpus" / "anpa1312"
CORPUS_FILES = sorted(CORPUS.glob("*.tst")) if CORPUS.is_dir() else []
END_CODE = re.compile(r"\s*[<=]\s*$")
SPACED_UNDERSCORE = re.compile(r"(?<=\s)_(?=\s)")
SINGLE_QUOTES = str.maketrans({"`": "'", "‘": "'", "’": "'"})


def corpus_story(path: Path) -> Story:
    return one(path.read_bytes(), path=path.name)


def is_tabular_file(data: bytes) -> bool:
    return data.split(b"\n", 2)[1][3:5] == TABLE


def documented_words(line: str) -> list[str]:
    """Words of a TAB-led wire line after the documented translations (single quotes folded)."""
    text = END_CODE.sub("", line.strip())
    text = text.replace("``", "“").replace("''", "”")
    text = SPACED_UNDERSCORE.sub("—", text)
    return text.translate(SINGLE_QUOTES).split()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[path.name for path in CORPUS_FILES])
def test_corpus_file_is_detected_and_parses_without_errors(path: Path) -> None:
    data = path.read_bytes()
    assert detect_format(split_bytes(data)[0].data[:1024]).name == "anpa1312"
    story = corpus_story(path)
    assert story.format == "anpa1312"
    assert [d for d in story.diagnostics if d.severity is Severity.ERROR] == []
    assert story.tabular is is_tabular_file(data)
    assert story.created is not None and story.created.tzinfo is dt.UTC


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[path.name for path in CORPUS_FILES])
def test_corpus_body_words_survive(path: Path) -> None:
    data = path.read_bytes()
    if is_tabular_file(data):
        pytest.skip("tabular item: rows are kept as tables, not reflowed text")
    text = data.decode("cp1252").replace("\r\n", "\n")
    wire_words = Counter(
        word
        for line in text.split("\n")
        if line.startswith("\t") and "\x03" not in line
        for word in documented_words(line)
    )
    story = corpus_story(path)
    body_words = Counter(word for block in story.body for word in block.text.translate(SINGLE_QUOTES).split())
    assert wire_words or "headlines-only" in path.name  # the digest's list is in caret lines
    assert wire_words - body_words == Counter()


# What Superdesk's own tests assert for these files (expected.json, entries not marked
# superdesk_internal), mapped onto our fields. Two kinds cannot map and are left out:
# * "type" == "text": our model has no item type; every story wirecli produces is text.
# That leaves every other assertion, each compared below.
EXPECTED = SHARED / "corpus" / "expected.json"
UNMAPPED_FIELDS = {"type"}


def peer_assertions() -> list[tuple[str, dict[str, Any]]]:
    if not EXPECTED.is_file():
        return []
    files = json.loads(EXPECTED.read_text())["files"]
    return [
        (name, assertion)
        for name, entry in files.items()
        if name.startswith("anpa1312/")
        for assertion in entry["assertions"]
        if not assertion["superdesk_internal"] and assertion["field"] not in UNMAPPED_FIELDS
    ]


PEER = peer_assertions()


def peer_slug(story: Story, parser: str) -> str | None:
    """The slugline each Superdesk parser derives from the keyword we keep whole.

    ANPAFeedParser cuts the caret keyword after the ``desk--`` prefix at the first space
    (``BC-LT--Argentina-Cancer Beauty`` -> ``Argentina-Cancer``); AP_ANPAFeedParser takes header
    line 2's 24-character squeeze and drops the cycle prefix (``BC-BBO--BaseballExpanded`` ->
    ``BBO--BaseballExpanded``).
    """
    assert story.keyword is not None
    if parser.startswith("ANPAFeedParser"):
        return story.keyword.split("--", 1)[-1].split(" ", 1)[0]
    return story.keyword.replace(" ", "")[:24].split("-", 1)[1]


def ours(story: Story, assertion: dict[str, Any]) -> object:
    """Our value in the peer's terms, for ``assertion["field"]``."""
    field, value = assertion["field"], assertion.get("value")
    if field == "sequence":
        return story.code[1:] if story.code else None  # code = service letter + story number
    if field == "word_count":
        return story.transmitted_word_count  # the peer reads header line 2; word_count is our own count
    if field == "byline":
        return f"By {story.byline}"  # we keep the byline without its "By"
    if field == "slug":
        return peer_slug(story, assertion["peer_parser"])
    if field == "created":
        return story.created.isoformat() if story.created else None
    if field == "format":
        return {True: "preserved", False: "HTML"}[story.tabular]
    if field == "body_start":
        # Peer regex on its HTML ('^<p>BUENOS'); in plain text: the first paragraph starts so.
        return value if re.search(value.replace("<p>", ""), story.body[0].text) else story.body[0].text
    if field == "ednote":
        # We keep every editor note, one per line, without labels; the peer keeps only the
        # EDITOR'S NOTE when there is one, and keeps the parentheses of "(Eds: ...)".
        notes = (story.editor_note or "").split("\n")
        return value if value in notes or value in [f"({note})" for note in notes] else story.editor_note
    if field == "headline" and assertion["check"] == "truthy_only":
        return bool(story.headline)
    return getattr(story, field)


def expected_value(assertion: dict[str, Any]) -> object:
    return True if assertion["check"] == "truthy_only" else assertion["value"]


@pytest.mark.parametrize(
    ("name", "assertion"),
    PEER,
    ids=[
        f"{name.split('/')[1]}:{assertion['field']}:{index}" for index, (name, assertion) in enumerate(PEER)
    ],
)
def test_peer_expectations(name: str, assertion: dict[str, Any]) -> None:
    story = corpus_story(SHARED / "corpus" / name)
    assert ours(story, assertion) == expected_value(assertion)


def test_peer_assertions_are_all_mapped(corpus: Path) -> None:
    files = json.loads((corpus / "expected.json").read_text())["files"]
    fields = {
        assertion["field"]
        for name, entry in files.items()
        if name.startswith("anpa1312/")
        for assertion in entry["assertions"]
        if not assertion["superdesk_internal"]
    }
    assert fields - UNMAPPED_FIELDS == {
        "sequence",
        "category",
        "word_count",
        "headline",
        "byline",
        "body_start",
        "slug",
        "created",
        "ednote",
        "take_key",
        "format",
    }
    assert len(PEER) == 20


PIECES = (
    *(b"\x16", b"\x01", b"\x02", b"\x03", b"\x04", b"\x08", b"\x10", b"\x1e", b"\x1f", b"\r\n", b"\n"),
    *(b"^", b"<", b"=", b"\t   ", b" _ ", b"``", b"''", b"`", b"'", b"{", b";", b"W1234", b"r a"),
    *(TEXT, TABLE, b"BC-US--Slug", b"AP-WF-06-03-25 1402GMT", b"PORT ELLIS (AP) _ ", b"By X="),
)


@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_input_gives_a_story_not_an_exception(pieces: list[bytes]) -> None:
    for story in parse(b"".join(pieces), format="anpa1312"):
        assert story.format == "anpa1312"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kim, Putin to meet<", ("Kim, Putin to meet", "<")),
        ("Kim, Putin to meet \t<  \t", ("Kim, Putin to meet", "<")),
        ("text =", ("text", "=")),
        ("no code  ", ("no code", None)),
        ("<", ("", "<")),
        ("a" + "\t" * 100_000 + "y)", ("a" + "\t" * 100_000 + "y)", None)),  # was quadratic
    ],
)
def test_strip_end_code(line: str, expected: tuple[str, str | None]) -> None:
    assert anpa1312._strip_end_code(line) == expected


# Copy from agencies other than AP: the text decides what is a table, the copy names the agency

KYODO_TWO = b"r i" + TABLE + b" Japan-Economy-Wages     10-03 0366"
KYODO_HEADING = (b"^Japan-Economy-Wages,212<", b"^Japan's real wages rise for 3rd month<")
KYODO_LEDE = b"\t   TOKYO (Kyodo) -- Japan's real wages rose 0.8 percent in August from a year earlier."
KYODO_MORE = b"\t   Nominal cash earnings climbed 3.9 percent to an average of 296,412 yen per worker."


def test_prose_under_table_codes_is_running_text() -> None:
    story = one(
        anpa(*KYODO_HEADING, KYODO_LEDE, b" ", KYODO_MORE, line_two=KYODO_TWO, trailer=b"10-03-24 0412GMT")
    )
    assert story.tabular is False
    assert story.headline == "Japan's real wages rise for 3rd month"
    assert story.dateline is not None
    assert (story.dateline.place, story.dateline.credit, story.dateline.date) == ("TOKYO", "Kyodo", None)
    assert story.agencies == ("Kyodo",)
    assert [block.type for block in story.body] == [BlockType.PARAGRAPH, BlockType.PARAGRAPH]
    [note] = story.diagnostics
    assert (note.code, note.severity, note.line) == ("tabular-mismatch", Severity.INFO, 2)
    assert note.message == (
        "header line 2 marks a table (DC4 DC2), but the text has prose lines: 2, table rows: 0; "
        "read as running text"
    )


def test_rows_under_text_codes_are_a_table() -> None:
    rows = [
        f"\t   {name:<20}{score:>4}{points:>6}".encode()
        for name, score, points in [("Harbor Point", 9, 41), ("Millbrook", 8, 38), ("Stone River", 6, 35)]
    ]
    story = one(anpa(*HEADING, LEDE, *rows))
    assert story.tabular is True
    assert [block.type for block in story.body] == [BlockType.PARAGRAPH, BlockType.TABLE]
    assert codes(story) == ["tabular-mismatch"]


def test_a_few_figures_in_running_text_leave_it_text() -> None:
    story = one(
        anpa(
            *HEADING,
            LEDE,
            b"\t   Final score  Harbor 7, Ellis 4",
            b"\t   Crews said the work would end in May.",
        )
    )
    assert story.tabular is False
    assert "tabular-mismatch" not in codes(story)


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        (b"\x08Baltimore;23;13;.639", (1, 0, 0)),  # BS row
        (b"\t   Amsterdam;42;50;rn;0.08", (1, 0, 0)),  # ';' cells
        (b"\t   Lakeview        10     1", (1, 0, 0)),  # column gaps
        (b"\t   Harbor Point 7, Cedar Falls 4", (0, 1, 0)),  # a results line
        (b"\t   Pine Ridge at Lakeview, 7:30 p.m.<", (0, 1, 0)),  # p.m. ends no sentence
        (b"\t   2. HONG KONG BILL WITHDRAWN 2019", (0, 0, 1)),  # a numbered list heading, not a row
        (b"\t   2. BILL WITHDRAWN IN 2019", (0, 0, 0)),  # a short list heading: neither
        (b"\t   The vote was 52-48.", (0, 0, 1)),  # a sentence
        (b"\t   Ministers said; the cabinet agreed; talks go on", (0, 0, 1)),  # prose semicolons
        (b"\t   It ended.  Then talks began again", (0, 0, 1)),  # two blanks after a full stop
        (b"^AMERICAN LEAGUE=", (0, 0, 0)),  # caret lines do not count
        (b"\t   ___", (0, 0, 0)),
    ],
)
def test_line_kinds(line: bytes, kinds: tuple[int, int, int]) -> None:
    assert tuple(anpa1312.line_kinds([anpa1312.Line(1, line.decode())])) == kinds


@pytest.mark.parametrize(
    ("lede", "trailer", "agencies"),
    [
        (LEDE, TRAILER, ("AP",)),  # trailer and credit name the same agency once
        (LEDE.replace(b"(AP)", b"(AP/Kyodo)"), TRAILER, ("AP", "Kyodo")),  # distributor first
        (LEDE.replace(b"(AP)", b"(Kyodo)"), b"10-03-24 0412GMT", ("Kyodo",)),
        (b"\t   Dredging of the harbor channel began Monday.", b"10-03-24 0412GMT", ()),  # none named
    ],
)
def test_agencies_are_those_the_copy_names(lede: bytes, trailer: bytes, agencies: tuple[str, ...]) -> None:
    assert one(anpa(*HEADING, lede, trailer=trailer)).agencies == agencies


def test_closing_agency_line_is_a_signoff_not_text() -> None:
    story = one(anpa(*KYODO_HEADING, KYODO_LEDE, b"\t   ==Kyodo", line_two=LINE_TWO, trailer=b"garbled"))
    assert [block.text for block in story.body] == [KYODO_LEDE.decode().strip()]
    assert story.signoff is not None
    assert (story.signoff.text, story.signoff.agencies) == ("==Kyodo", ("Kyodo",))
    assert story.agencies == ("Kyodo",)
    # A closing line that names no agency of the copy stays text.
    story = one(anpa(*KYODO_HEADING, KYODO_LEDE, b"\t   ==Lorem", line_two=LINE_TWO))
    assert story.body[-1].text == "==Lorem"


def test_dateline_date_takes_its_year_from_the_trailer() -> None:
    lede = b"\t   TOKYO, Jan. 1 (Kyodo) -- New Year crowds filled the shrines."
    story = one(anpa(*KYODO_HEADING, lede, trailer=b"12-31-24 1630GMT"))  # 01:30 on Jan 1 in Tokyo
    assert story.dateline is not None
    assert (story.dateline.text, story.dateline.place) == ("TOKYO, Jan. 1 (Kyodo)", "TOKYO")
    assert story.dateline.date == dt.date(2025, 1, 1)
    assert "dateline-year-inferred" in codes(story)
    story = one(anpa(*KYODO_HEADING, lede, trailer=None))  # no trailer: the reference date decides
    assert story.dateline is not None and story.dateline.date is not None
    assert "dateline-year-assumed" in codes(story)


def test_photo_line_of_another_agency_is_skipped() -> None:
    story = one(anpa(HEADING[0], HEADING[1], b"^Kyodo Photo KY101<", LEDE))
    assert story.summary is None


# Detection finds each SOH with bytes.find and tries _DETECT only where that SOH's line starts; a
# search with the pattern itself is the reference. The alphabet is the bytes the pattern looks at.
_DETECT_ALPHABET = [b"\x01", b"\x16", b"\x04", b"\r", b"\n", b" ", b"\t", b"\x1f", b"\x13\x11", b"\x14\x12",
                    b"r", b"a", b"b ", b"W", b"1", b"2345", b"r a", b"\x00", b"\xff", b"\x02"]


def _detected_by_search(head: bytes) -> bool:
    return anpa1312._DETECT.search(head) is not None


@given(st.binary(max_size=200))
def test_detect_agrees_with_a_search_on_random_bytes(data: bytes) -> None:
    assert detect(data) is _detected_by_search(data)


@given(st.lists(st.sampled_from(_DETECT_ALPHABET), max_size=60).map(b"".join))
def test_detect_agrees_with_a_search_on_framing_bytes(data: bytes) -> None:
    assert detect(data) is _detected_by_search(data)


def test_detect_agrees_with_a_search_on_every_sample_and_corpus_head() -> None:
    root = Path(__file__).parent.parent
    paths = sorted((root / "samples").glob("*/*.txt")) + sorted((SHARED / "corpus").glob("*/*"))
    for path in paths:
        data = path.read_bytes()
        for start in range(0, len(data), 512):
            head = data[start : start + 1024]
            assert detect(head) is _detected_by_search(head), (path, start)


@given(st.lists(st.sampled_from(["\t", " ", "x", "\n", "<"]), max_size=10).map("".join))
def test_unindent_removes_what_the_indent_pattern_matches(text: str) -> None:
    assert anpa1312._unindent(text) == re.sub(r"^\t {0,3}", "", text)


def _ap_typography_every_step(text: str) -> str:
    """ap_typography with every step run on every text, its patterns as first written."""
    text = text.replace("'''", "'”").replace("``", "“").replace("''", "”")
    text = re.sub(r"`((?:[^`']|'(?=[^\W_]))*)'(?![^\W_])", r"‘\1’", text).replace("`", "‘")
    return re.sub(r"(?<=\s)_(?=\s)", "—", text)


@given(st.lists(st.sampled_from(["`", "'", "_", " ", "\t", "a", "1"]), max_size=16).map("".join))
def test_ap_typography_skips_only_steps_with_nothing_to_do(text: str) -> None:
    assert ap_typography(text) == _ap_typography_every_step(text)


_EDITOR_NOTE_ALPHABET = ["(", ")", "E", "e", "ds:", "DS:", "DITOR'S NOTE", " ", "_", "x"]


@given(st.lists(st.sampled_from(_EDITOR_NOTE_ALPHABET), max_size=8).map("".join))
def test_editor_note_matches_as_the_patterns_in_turn(text: str) -> None:
    expected = (
        anpa1312._EDS_IN_PARENTHESES.match(text)
        or anpa1312._EDS.match(text)
        or anpa1312._EDITORS_NOTE.match(text)
    )
    found = anpa1312._editor_note(text)
    assert (found.group(1) if found else None) == (expected.group(1) if expected else None)


# No double blank or TAB can be formed from these, so ";" cells are the only table evidence.
@given(st.lists(st.sampled_from([";", "; ", "x", "<"]), max_size=12).map("".join))
def test_semicolon_cells_counted_as_the_pattern_searches(text: str) -> None:
    cells = re.search(r";(?! ).*;(?! )", text.rstrip().removesuffix("<").rstrip()) is not None
    assert anpa1312.line_kinds([anpa1312.Line(1, text)]).strong == int(cells)


@given(st.lists(st.sampled_from(["\t", " ", "  ", "x", ".", ",", "\x0b"]), max_size=14).map("".join))
def test_column_gap_found_as_the_pattern_searches(text: str) -> None:
    assert anpa1312._has_column_gap(text) == (anpa1312._COLUMN_GAP.search(text) is not None)
