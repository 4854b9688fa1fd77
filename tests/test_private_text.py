"""Text for editors never reaches a body: over every input we have, and in every format.

The rule (wirecli/formats/_editorial.py, applied by the parser kit's ``finish``): a block that a
not-for-publication marker opens leaves the body for ``editor_note``, and so do closing blocks with
contact details. Here every sample, bad input, corpus file and oracle case is parsed and each
story's body is searched, with patterns of this file's own, for an e-mail address, a contact phone
number and the marker phrases of six languages; then private text is put into a story of each
format by hand to show that none of them lets it through.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import CORPUS, ROOT, SHARED
from wirecli.formats import _editorial
from wirecli.formats._editorial import guard_body, has_contact, private_marker
from wirecli.model import Block, BlockType, ParseOptions, Story
from wirecli.pipeline import parse_bytes
from wirecli.render import OUTPUTS, RenderOptions

OPTIONS = ParseOptions(reference_date=dt.date(2026, 11, 28))

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Phone numbers as contact lines write them: after a cue word, or in international or national form.
PHONE = re.compile(
    r"(?i:\b(?:tel|phone|telefon|fax|mobil|mobile)\b)\.?:?\s*\+?\d[\d /().-]{6,}"
    r"|\+\d{2}[ -]\d{2,4}[ -]\d{3,}"
    r"|\b0\d{2,4}[ /]\d{3,}[ ]?\d*"
)
MARKERS = re.compile(
    r"not (?:intended )?for publication|nicht zur Veröffentlichung|pas destinée?s? à la publication"
    r"|ne pas publier|non destinat[aei] alla pubblicazione|no destinad[ao]s? a (?:su )?publicación"
    r"|niet (?:bestemd )?voor publicatie|Notizblock|Redaktionelle Hinweise",
    re.IGNORECASE,
)
ORACLE_CASES = SHARED / "oracle" / "dpa-7901" / "cases"


def inputs() -> list[Path]:
    samples = sorted((ROOT / "samples").glob("*/*.txt"))
    bad = sorted(path for path in (ROOT / "tests" / "bad").glob("*") if path.suffix != ".md")
    corpus = sorted(path for path in CORPUS.glob("*/*") if path.is_file() and path.suffix in {".txt", ".tst"})
    oracle = sorted(ORACLE_CASES.glob("*.iptc"))
    return [*samples, *bad, *corpus, *oracle]


def leaks(story: Story) -> list[str]:
    """Body lines that hold what no reader should see."""
    found = []
    for block in story.body:
        for line in block.text.split("\n"):
            if EMAIL.search(line) or PHONE.search(line) or MARKERS.search(line):
                found.append(line)
    return found


@pytest.mark.parametrize("path", inputs(), ids=lambda path: path.relative_to(ROOT.parent).as_posix())
def test_no_body_holds_private_text(path: Path) -> None:
    stories = parse_bytes(path.read_bytes(), OPTIONS)
    for story in stories:
        assert leaks(story) == []


def test_the_inputs_include_the_shared_ones_when_present() -> None:
    names = {path.name for path in inputs()}
    assert "takes-byline-notebook.txt" in names
    if ORACLE_CASES.is_dir():
        assert "001-dw-1.iptc" in names
    if CORPUS.is_dir():
        assert "dpa-chiefs-rams-byline.txt" in names


# Private text put into a story of each format by hand.

PRIVATE = "Not for publication: the mayor's mobile is 0171 5550123."
CONTACT = "Contact the desk: newsdesk@agency.example"

BSS = (
    "ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - The budget passed.\n\n"
    "{extra}\n\nBSS/AB/1200 hrs\n"
)
ZCZC = (
    "ZCZC AAP\r\n%A\r\n#Weather: Storms_BC3\r\n$Hail storm batters Brisbane \r\n\r\n:(BRISBANE)\r\n"
    "*17000000\r\n@QLD\r\nA hail storm smashed windows across Brisbane.\n\n   {extra}\n\n"
    "AAP RTV\r\nNNNN"
)
NEWSBITES = (
    "zczc\r\nAN#31250077\r\nKN#News Bites\r\nPD#06 June 2023 16:30:00\r\nCO#XMP.AX\r\nSO#ASX\r\n"
    "TI#Example Mining lifts output\r\nTX#\r\nCopper output rose 4 per cent in the June quarter.\r\n"
    "{extra}\r\n"
)
ANPA = (
    "\x16\x16\x01W1188\x1fasian\nr l\x13\x11 BC-LT--Andes-SeedVault     10-02 0733\n"
    "\x02^BC-LT--Andes-Seed Vault,301<\n^A seed vault guards 4,000 kinds of potato<\n"
    "\t   SAN ISIDRO, Peru (AP) _ The door to the vault is an old bank safe.\n\t   {extra}\n"
    "\t   \x03AP-WF-10-02-24 1410GMT<\n\x0c\n\x04"
)
IPTC7901 = (
    "\x01eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\n\x02Coalition talks could fail =\r\n\n"
    "Berlin (dpa) - Talks could fail, a member warned.\r\n\n{extra}\r\n\ndpa wsz jln\r\n\r\n"
    "\x03131137 GMT Nov 13\r\n\x7f\n\x7f\x04"
)
UNKNOWN = "A plain note with no framing.\n\n{extra}\n"
STORIES = {
    "bss": BSS,
    "zczc": ZCZC,
    "newsbites": NEWSBITES,
    "anpa1312": ANPA,
    "iptc7901": IPTC7901,
    "unknown": UNKNOWN,
}


@pytest.mark.parametrize("extra", [PRIVATE, CONTACT], ids=["marked", "contact"])
@pytest.mark.parametrize("name", list(STORIES))
def test_every_format_moves_private_text_to_the_editor_note(name: str, extra: str) -> None:
    data = STORIES[name].format(extra=extra).encode()
    [story] = parse_bytes(data, OPTIONS)
    assert story.format == name
    assert story.body, "the story text must stay"
    assert leaks(story) == []
    assert story.editor_note is not None and extra.split(": ", 1)[1] in story.editor_note
    warned = {"not-for-publication", "possible-private-text"} & {d.code for d in story.diagnostics}
    # IPTC 7901 puts a marked block into its editor note itself: nothing unexpected to warn of.
    assert warned or (name, extra) == ("iptc7901", PRIVATE)
    hidden = extra.split(": ", 1)[1]
    for output in OUTPUTS.values():
        rendered = output.render(story, RenderOptions()).decode()
        assert hidden not in rendered_body(output.name, rendered), output.name


def rendered_body(output: str, rendered: str) -> str:
    """The part of a rendered story that readers get as its text."""
    if output.startswith("ninjs"):
        bodies = orjson.loads(rendered).get("bodies") or []
        return " ".join(body["value"] for body in bodies)
    if output == "newsml":
        return rendered.split("<contentSet>", 1)[-1].split("</contentSet>", 1)[0]
    if output == "nitf":
        return rendered.split("<body.content>", 1)[-1].split("</body.content>", 1)[0]
    if output == "md":
        return rendered.split("\n---\n", 1)[1]  # after the front matter
    if output in {"json", "ndjson"}:
        return " ".join(block["text"] for block in orjson.loads(rendered)["body"])
    return rendered  # text: the story alone


def test_private_block_and_what_follows_leave_a_paragraph_intact() -> None:
    data = BSS.format(extra="Last words of the story. " + PRIVATE).encode()
    [story] = parse_bytes(data, OPTIONS)
    assert [block.text for block in story.body][-1] == "Last words of the story."
    assert story.editor_note == PRIVATE


# The detectors themselves


@pytest.mark.parametrize(
    "text",
    [
        "The following information is not for publication",
        "The following information is not intended for publication",
        "Die folgenden Informationen sind nicht zur Veröffentlichung bestimmt",
        "Les informations suivantes ne sont pas destinées à la publication",
        "Ne pas publier : contacts de la rédaction",
        "Le seguenti informazioni non sono destinate alla pubblicazione",
        "La siguiente información no está destinada a su publicación",
        "De volgende informatie is niet bestemd voor publicatie",
        "## Not for publication",
        "Background follows. Not for publication: the source's name.",
    ],
)
def test_markers_in_six_languages(text: str) -> None:
    assert private_marker(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The memo, which was not intended for publication, reached the paper on Monday.",
        "Das Papier war nach Angaben des Ministeriums nicht zur Veröffentlichung bestimmt.",
        "The publication of the report was delayed.",
    ],
)
def test_a_story_about_an_unpublished_memo_keeps_its_text(text: str) -> None:
    assert private_marker(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "- Autor/in: Britta Example (Lüneburg) 0171 5578772,",
        "- Redaktion: Sophia Example (Berlin) 030/2852 30002,",
        "Tel: +49 30 2852 31472",
        "- Tel: +49-30-285231472",
        "Renseignements: +41 58 909 50 50",
        "Mail: desk@example.org",
    ],
)
def test_contact_details(text: str) -> None:
    assert has_contact(text)


@pytest.mark.parametrize(
    "text",
    [
        "Augsburg beat Gladbach 2:1 (1:0) on Saturday.",
        "The meeting on 01/02/2024 starts at 09.30 Uhr.",
        "Sales rose to 1,250,000 units, up 0.5 per cent.",
        "| FC Augsburg | 6 | 4 | 1 | 1 | 12:5 | 13 |",
        "Race 3 result: 1-0-1-0 in 1:23.45",
    ],
)
def test_no_contact_details(text: str) -> None:
    assert not has_contact(text)


def test_a_lead_in_and_its_contact_at_the_end_of_the_body_both_move() -> None:
    # The lead-in is taken with the contact below it; the walk back must not step past the end.
    body = [
        Block(BlockType.PARAGRAPH, "The council meets again in March."),
        Block(BlockType.PARAGRAPH, "For more information contact:"),
        Block(BlockType.PARAGRAPH, "Ben Example, Media Director, 0447 775 507"),
    ]
    source = "\n\n".join(block.text for block in body)
    guarded = guard_body(body, None, source, 1)
    assert guarded is not None
    kept, note, found = guarded
    assert [block.text for block in kept] == ["The council meets again in March."]
    assert note == "For more information contact:\n\nBen Example, Media Director, 0447 775 507"
    assert [diagnostic.code for diagnostic in found] == ["possible-private-text"]


# Text built from marker words, blanks, punctuation and characters that fold oddly under
# IGNORECASE, so that the shortcuts below meet markers at every kind of position.
_MARKER_WORDS = st.sampled_from(
    [
        "Not for publication",
        "nicht zur Veröffentlichung",
        "ne pas publier",
        "non pubblicare",
        "no publicar",
        "niet publiceren",
        "NOT FOR PUBLICATION",
        "NİCHT ZUR VERÖFFENTLICHUNG",
        "nıcht zur Veröffentlichung",
        "PAS POUR PUBLICATION",
        "The following information is not intended for publication",
        "public",
        "Ansprechpartner:",
        "Media contact:",
        "Tel: +49 30 2852 31472",
        "desk@example.org",
        "İ",
        "ſ",
        "Σ",
        "ı",
    ]
)
_GLUE = st.sampled_from([" ", "\n", ". ", "! ", ": ", "; ", "\t", "- ", "* ", "# ", "", "x", "2024"])
_TEXTS = st.lists(st.one_of(_MARKER_WORDS, _GLUE), max_size=24).map("".join)


@given(_TEXTS, st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_the_marker_search_tries_the_pattern_only_where_a_match_can_begin(
    text: str, start: int, length: int
) -> None:
    expected = _editorial._MARKER.search(text, start, start + length)
    found = _editorial._search_marker(text, start, start + length)
    assert (found and (found.span(), found.group())) == (expected and (expected.span(), expected.group()))


@given(st.lists(_TEXTS, max_size=8), st.lists(st.sampled_from(_editorial._MARKER_STEMS), unique=True))
def test_the_first_marked_block_is_the_first_block_with_a_marker(texts: list[str], stems: list[str]) -> None:
    blocks = [Block(BlockType.PARAGRAPH, text) for text in texts]
    expected = next(
        (
            (index, span[0])
            for index, text in enumerate(texts)
            if (span := _editorial.private_marker_span(text, stems)) is not None
        ),
        None,
    )
    assert _editorial.first_marked_block(blocks, stems) == expected


@given(_TEXTS)
def test_labels_are_found_by_their_opening_as_by_every_label(text: str) -> None:
    expected = text[:40].lstrip(" \t*•-").lower().startswith(_editorial._CONTACT_LABELS)
    assert _editorial._is_labelled(text) is expected


@given(st.text(alphabet=st.sampled_from("0123456789@ +-/.a٣\ud800é’"), max_size=30))
def test_digits_are_counted_as_by_counting_each_digit(text: str) -> None:
    expected = "@" in text or sum(map(text.count, "0123456789")) >= 7
    assert _editorial._may_hold_contact(text) is expected
