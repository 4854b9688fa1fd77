"""What no wire format claims: a truthful ``unknown`` record that keeps every word."""

from __future__ import annotations

import re
from collections import Counter

import orjson
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ROOT, codes, parse
from wirecli.cli import app
from wirecli.diagnostics import CATALOGUE
from wirecli.formats import FALLBACK, REGISTRY, detect_format, unknown
from wirecli.model import Story

WEATHER = (
    b"ZCZC\n"
    b"WEATHER BULLETIN NO. 4 FOR COASTAL WATERS\n"
    b"ISSUED 0600 UTC 12 MARCH\n"
    b"\n"
    b"SYDNEY TO EDEN: Showers, winds south-west 20 to 25 knots,\n"
    b"seas 2 metres, swell 3 metres.\n"
    b"\n"
    b"NEXT ISSUE 1200 UTC.\n"
    b"NNNN\n"
)
PRESS_RELEASE = (
    "FOR IMMEDIATE RELEASE\n"
    "\n"
    "Harbour Council opens a new ferry wharf\n"
    "\n"
    "The council today opened the rebuilt wharf at Circular Quay, two\n"
    "months ahead of schedule and within budget.\n"
    "“It serves 40,000 passengers a day,” the mayor said.\n"
    "\n"
    "Media contact: press@council.example, 02 9000 0000\n"
).encode()
PNG = (ROOT / "tests" / "bad" / "png-header.png").read_bytes()
# Codes only the BSS parser reports: none may appear on a record of text it did not claim.
BSS_CODES = {
    "missing-code",
    "missing-keyword",
    "missing-headline",
    "missing-dateline",
    "missing-signoff",
    "empty-body",
    "cut-short",
    "timezone-assumed",
    "preamble-mismatch",
    "long-line",
}
_MARKER = re.compile(r"^[ \t]*(?:ZCZC|zczc|NNNN)$")


def words_of_input(data: bytes) -> Counter[str]:
    """The words of the text: whitespace-separated, the ZCZC and NNNN marker lines left out."""
    lines = data.decode().splitlines()
    return Counter(word for line in lines if not _MARKER.match(line) for word in line.split())


def words_of_story(story: Story) -> Counter[str]:
    texts = [*story.preamble, *(block.text for block in story.body), story.editor_note or ""]
    return Counter(word for text in texts for word in text.split())


def test_a_weather_bulletin_in_zczc_framing_is_unknown_with_one_error() -> None:
    [story] = parse(WEATHER)
    assert story.format == "unknown"
    assert [(d.code, d.severity.value, d.line, d.message) for d in story.diagnostics] == [
        ("unknown-format", "error", 1, "framed like ZCZC ... NNNN, but no known wire header follows ZCZC")
    ]
    assert [block.text for block in story.body] == [
        "WEATHER BULLETIN NO. 4 FOR COASTAL WATERS ISSUED 0600 UTC 12 MARCH",
        "SYDNEY TO EDEN: Showers, winds south-west 20 to 25 knots, seas 2 metres, swell 3 metres.",
        "NEXT ISSUE 1200 UTC.",
    ]
    assert words_of_story(story) == words_of_input(WEATHER)
    assert story.word_count == sum(words_of_input(WEATHER).values())


def test_a_press_release_without_framing_is_unknown_with_one_error() -> None:
    [story] = parse(PRESS_RELEASE)
    assert story.format == "unknown"
    found = [(d.code, d.line) for d in story.diagnostics]
    assert found == [("unknown-format", 1), ("possible-private-text", 9)]
    assert story.diagnostics[0].message == "plain text with no wire framing (no ZCZC or SOH line)"
    # Unknown text too keeps contact details out of the body (wirecli/formats/_editorial.py).
    assert story.editor_note == "Media contact: press@council.example, 02 9000 0000"
    assert (story.headline, story.code, story.dateline, story.signoff, story.preamble) == (
        None,
        None,
        None,
        None,
        (),
    )
    assert words_of_story(story) == words_of_input(PRESS_RELEASE)


def test_a_png_is_one_unknown_record_with_a_binary_data_error() -> None:
    [story] = parse(PNG)
    assert (story.format, story.body, story.source.encoding) == ("unknown", (), "binary")
    assert codes(story) == ["binary-data"]


@pytest.mark.parametrize("data", [WEATHER, PRESS_RELEASE, PNG], ids=["weather", "press-release", "png"])
def test_no_bss_diagnostic_on_what_bss_did_not_claim(data: bytes) -> None:
    [story] = parse(data)
    assert set(codes(story)) & BSS_CODES == set()


def test_the_same_text_read_as_bss_on_request_gets_the_bss_findings() -> None:
    [story] = parse(WEATHER, format="bss")
    assert story.format == "bss"
    assert {"missing-code", "missing-dateline"} <= set(codes(story))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"ZCZC\nNNNN\n", "framed like ZCZC ... NNNN, with nothing inside"),
        (b"ZCZC\n", "a ZCZC line with no text after it"),
        (b"ZCZC\nTide tables follow\n", "a ZCZC line without NNNN, but no known wire header follows it"),
        (b"zczc\nTide tables\nNNNN\n", "framed like zczc ... NNNN, but no known wire header follows zczc"),
        (
            b"\x16\x01garbled 1\r\nTide tables\r\n\x04",
            "framed like SOH ... EOT, but no known wire header follows SOH",
        ),
        (b"\x01\n", "an SOH line with no text after it"),
    ],
)
def test_the_message_says_what_framing_was_seen(data: bytes, message: str) -> None:
    [story] = parse(data)
    assert [(d.code, d.message) for d in story.diagnostics] == [("unknown-format", message)]


def test_lines_before_the_marker_are_the_preamble_and_text_after_it_a_paragraph() -> None:
    [story] = parse(b"Weather service\n\n  ZCZC BOM01\nGale warning\nNNNN\n")
    assert story.preamble == ("Weather service",)
    assert [block.text for block in story.body] == ["BOM01", "Gale warning"]
    assert [(d.code, d.line) for d in story.diagnostics] == [("unknown-format", 3)]


def test_an_eot_on_the_marker_line_is_framing() -> None:
    [story] = parse(b"\x01Tide tables\x04")
    assert [block.text for block in story.body] == ["Tide tables"]
    assert codes(story) == ["unknown-format"]


def test_control_characters_are_removed_and_reported_as_in_every_format() -> None:
    [story] = parse(b"ZCZC\nTide\x1b[2J tables\nNNNN\n")
    assert [block.text for block in story.body] == ["Tide[2J tables"]
    assert [(d.code, d.line) for d in story.diagnostics] == [("unknown-format", 1), ("control-characters", 2)]


def test_in_a_feed_only_the_unclaimed_message_is_unknown() -> None:
    bss_story = (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\nNNNN\n"
    )
    stories = parse(bss_story + WEATHER + bss_story.replace(b"BSS-1", b"BSS-2"))
    assert [(story.format, story.source.line) for story in stories] == [
        ("bss", 1),
        ("unknown", 13),
        ("bss", 22),
    ]
    assert codes(stories[0]) == codes(stories[2]) == ["timezone-assumed"]


def test_text_after_the_last_end_marker_is_an_unknown_record() -> None:
    [_, trailing] = parse(WEATHER + b"stray line\n")
    assert (trailing.format, trailing.preamble, codes(trailing)) == (
        "unknown",
        ("stray line",),
        ["trailing-text"],
    )


# Lines without control characters or line separators, none of them a start or end marker line.
_LINE = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
).filter(lambda line: not re.match(r"[ \t]*(?:ZCZC|zczc|NNNN)", line))


@given(st.lists(_LINE, max_size=12), st.booleans())
def test_every_word_is_kept_and_none_invented(lines: list[str], framed: bool) -> None:
    text = "\n".join(lines)
    data = (f"ZCZC\n{text}\nNNNN\n" if framed else text).encode()
    # Random lines can be a wire header (ZCZC then "&" is an AAP header line): that format's case.
    assume(detect_format(data[:1024]) is FALLBACK)
    stories = parse(data)
    assert len(stories) <= 1
    if stories and stories[0].format == "unknown":
        assert words_of_story(stories[0]) == words_of_input(data)
    else:
        assert not text.split()  # only blanks: no story at all, or one without text


def test_unknown_is_the_fallback_and_not_a_registered_format() -> None:
    assert FALLBACK is unknown.FORMAT
    assert FALLBACK.name == "unknown" not in REGISTRY
    assert detect_format(WEATHER) is FALLBACK
    assert unknown.__doc__ and len(unknown.__doc__.splitlines()) > 5
    assert "unknown-format" in CATALOGUE


def test_from_unknown_is_refused_and_formats_does_not_list_it() -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["convert", "--from", "unknown", "-"], input=WEATHER)
    assert refused.exit_code == 2
    assert "unknown format 'unknown' for --from" in refused.stderr
    listed = runner.invoke(app, ["formats", "--json"])
    assert "unknown" not in [entry["name"] for entry in orjson.loads(listed.stdout)]


def test_convert_writes_the_unknown_record_and_exits_1() -> None:
    result = CliRunner().invoke(app, ["convert", "--to", "ndjson", "-"], input=WEATHER)
    assert result.exit_code == 1
    assert orjson.loads(result.stdout)["format"] == "unknown"
    assert result.stderr == (
        "<stdin>:1:1: error unknown-format: "
        "framed like ZCZC ... NNNN, but no known wire header follows ZCZC\n"
    )
