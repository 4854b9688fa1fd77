"""The News Bites reader, rule by rule on literal items, then on the corpus item."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import codes, parse
from wirecli.formats import detect_format
from wirecli.formats.newsbites import detect
from wirecli.model import BlockType, Severity, Story, Subject

SYDNEY = ZoneInfo("Australia/Sydney")
ITEM = (
    b"zczc\r\nAN#31250077\r\nKN#News Bites\r\nPD#06 June 2023 16:30:00\r\nCO#XMP.AX\r\nSO#ASX\r\nSF#*\r\n"
    b"BY#\r\nKY#ACNB Comnews XMP.AX\r\nTI#Example Mining lifts output\r\n"
    b"AB#Example Mining\x92s output rose.\r\nTX#\r\n"
    b"Example Mining\x92s copper output rose 4 per cent.\r\nThe company kept its guidance.\r\n"
)


def one(data: bytes, **options: object) -> Story:
    [story] = parse(data, **options)
    assert story.format == "newsbites"
    return story


def test_detect() -> None:
    assert detect(ITEM)
    assert detect(b"\r\nzczc\r\n\r\nAN#1\r\n")
    assert detect_format(ITEM).name == "newsbites"
    assert not detect(b"ZCZC AAP\r\n%A\r\n")
    assert not detect(b"zczc\nBFF-09\n")
    assert not detect(b"")


def test_tags_fill_the_story() -> None:
    story = one(ITEM)
    assert story.code == "31250077"
    assert story.keyword == "ACNB Comnews XMP.AX"
    assert story.headline == "Example Mining lifts output"
    assert story.summary == "Example Mining’s output rose."
    assert story.byline is None
    assert story.agencies == ("News Bites",)  # the KN# source; the item names no feed
    assert story.subjects == (Subject("newsbites-company", "XMP.AX"), Subject("newsbites-exchange", "ASX"))
    assert [(block.type, block.text) for block in story.body] == [
        (BlockType.PARAGRAPH, "Example Mining’s copper output rose 4 per cent."),
        (BlockType.PARAGRAPH, "The company kept its guidance."),
    ]
    assert story.word_count == 13
    assert story.tabular is False
    assert story.source.encoding == "cp1252"


def test_publication_time_is_sydney_local_time_with_an_info() -> None:
    story = one(ITEM)
    assert story.created == dt.datetime(2023, 6, 6, 16, 30, tzinfo=SYDNEY)
    assert story.created is not None and story.created.utcoffset() == dt.timedelta(hours=10)
    [note] = [d for d in story.diagnostics if d.code == "timezone-assumed"]
    assert (note.severity, note.line, note.message) == (
        Severity.INFO,
        4,
        "PD# time read as Australia/Sydney local time (+10:00); the feed names no zone",
    )
    assert codes(story) == ["timezone-assumed", "encoding-fallback"]


def test_daylight_saving_and_abbreviated_month() -> None:
    story = one(ITEM.replace(b"06 June 2023 16:30:00", b"14 Jan 2024 09:05"))
    assert story.created is not None
    assert story.created.isoformat() == "2024-01-14T09:05:00+11:00"


@pytest.mark.parametrize("written", [b"2024-06-06 14:00", b"06 Juney 2016 14:00:00", b"6 June 2016"])
def test_unparseable_publication_time(written: bytes) -> None:
    story = one(ITEM.replace(b"06 June 2023 16:30:00", written))
    assert story.created is None
    assert "unparseable-date" in codes(story)


def test_impossible_publication_time() -> None:
    story = one(ITEM.replace(b"06 June 2023 16:30:00", b"31 June 2023 16:30:00"))
    assert story.created is None
    assert "impossible-date" in codes(story)


def test_byline_without_by() -> None:
    assert one(ITEM.replace(b"BY#\r\n", b"BY#By Jane Citizen\r\n")).byline == "Jane Citizen"
    assert one(ITEM.replace(b"BY#\r\n", b"BY#Jane Citizen\r\n")).byline == "Jane Citizen"


def test_untagged_line_continues_the_tag_above() -> None:
    story = one(
        ITEM.replace(b"AB#Example Mining\x92s output rose.", b"AB#Example Mining\x92s\r\noutput rose.")
    )
    assert story.summary == "Example Mining’s output rose."


def test_text_on_the_tx_line_and_a_closing_nnnn() -> None:
    story = one(b"zczc\nTI#Title\nTX#First paragraph.\n\nSecond paragraph.\nNNNN\n")
    assert [block.text for block in story.body] == ["First paragraph.", "Second paragraph."]
    assert story.diagnostics == ()


def test_unknown_tag_missing_title_and_empty_body() -> None:
    story = one(b"zczc\nAN#1\nZZ#what\nTX#\n")
    assert [(d.code, d.severity, d.line) for d in story.diagnostics] == [
        ("missing-headline", Severity.ERROR, 2),
        ("empty-body", Severity.ERROR, 2),
        ("unrecognised-header", Severity.WARNING, 3),
    ]


def test_text_before_any_tag() -> None:
    story = one(b"zczc\nstray words\nTI#Title\nTX#Body.\n", format="newsbites")
    assert codes(story) == ["unrecognised-header"]


def test_forced_format_without_zczc() -> None:
    story = one(b"TI#Title\nTX#Body.\n", format="newsbites")
    assert codes(story) == ["missing-framing"]
    assert story.headline == "Title"


def test_control_characters_are_reported() -> None:
    story = one(b"zczc\nTI#Title\nTX#Body \x1b[2J text.\n")
    assert "control-characters" in codes(story)


@given(st.binary(max_size=400))
def test_parse_never_raises(tail: bytes) -> None:
    for story in parse(b"zczc\r\nAN#1\r\n" + tail, format="newsbites"):
        assert story.format == "newsbites"


def test_corpus_item(corpus: Path) -> None:
    path = corpus / "aap-zczc" / "newsbites-ugl-project-delay.tst"
    story = one(path.read_bytes())
    expected = json.loads((corpus / "expected.json").read_text())["files"]["aap-zczc/" + path.name]
    peer = {a["field"]: a["value"] for a in expected["assertions"]}
    assert story.headline == peer["headline"]
    assert peer["format"] == "HTML" and story.tabular is False  # HTML in the peer = running text here
    assert story.body[0].text.startswith("UGL’s construction")  # the peer's body_start, as plain text
    assert story.created == dt.datetime(2016, 6, 6, 14, 0, tzinfo=SYDNEY)
    assert (story.code, story.keyword, story.byline) == ("26945219", "ACNB Comnews UGL.AX", None)
    assert len(story.body) == 3
    assert [d.severity for d in story.diagnostics] == [Severity.INFO, Severity.INFO]


def test_no_source_names_no_agency() -> None:
    assert one(ITEM.replace(b"KN#News Bites", b"KN#")).agencies == ()
