"""IPTC ninjs 3.1 output: the mapping field by field, stable uris, and validity against the schema."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import orjson
import pytest

from tests.conftest import REFERENCE_DATE, ROOT, corpus_files, corpus_id, parse
from tests.golden_tool import sample_paths
from tests.schema_check import ninjs_validator
from wirecli.model import Block, BlockType, Dateline, ParseOptions, Signoff, Source, Story, Subject
from wirecli.pipeline import parse_bytes
from wirecli.render import OUTPUTS, RenderOptions, render_stream
from wirecli.render.ninjs import item_uri, render, to_ninjs

SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
SAMPLES = sample_paths()
CORPUS_FILES = corpus_files()

# Top-level properties of ninjs 3.1 (its root allows no others), and the keys of the list items
# we write. Checked without the schema file, so the shape is tested even where ../shared is absent.
NINJS_PROPERTIES = frozenset(
    [
        "uri",
        "type",
        "representationType",
        "profile",
        "version",
        "firstCreated",
        "versionCreated",
        "contentCreated",
        "embargoedUntil",
        "pubStatus",
        "urgency",
        "copyrightHolder",
        "copyrightNotice",
        "usageTerms",
        "edNote",
        "language",
        "descriptions",
        "bodies",
        "headlines",
        "people",
        "organisations",
        "places",
        "subjects",
        "events",
        "eventDetails",
        "plannedCoverage",
        "objects",
        "infoSources",
        "title",
        "by",
        "slugline",
        "located",
        "renditions",
        "associations",
        "altIds",
        "trustIndicators",
        "standard",
        "genres",
        "expires",
        "rightsInfo",
        "digitalSourceType",
    ]
)
ITEM_KEYS = {
    "standard": {"name", "version", "schema"},
    "altIds": {"role", "value"},
    "headlines": {"role", "contentType", "value"},
    "descriptions": {"role", "contentType", "value"},
    "bodies": {"role", "contentType", "value", "wordCount", "charCount"},
    "infoSources": {"name", "role", "uri", "literal"},
    "subjects": {"name", "rel", "uri", "literal"},
    "genres": {"name", "uri", "literal"},
    "places": {"name", "rel", "uri", "literal"},
}


def full_story() -> Story:
    """A story with every field ninjs can carry, as a wire parser could fill it."""
    return Story(
        format="zczc",
        source=Source("feed.txt", 3, 120, "cp1252"),
        code="W2870",
        keyword="BC-Cancer-Mirrors",
        headline="Mirrors can hurt <b> & help",
        summary="Patients avoid mirrors.",
        byline="PAUL REYES",
        byline_title="Associated Press",
        urgency=2,
        priority="u",
        category="l",
        take_key="1stLd-Writethru",
        dateline=Dateline("BUENOS AIRES, Argentina (AP)", "BUENOS AIRES, Argentina", None, "AP"),
        agencies=("AAP", "tca", "dpa"),
        body=(
            Block(BlockType.PARAGRAPH, "BUENOS AIRES, Argentina (AP) _ A <mirror> & a lamp."),
            Block(BlockType.SUBHEAD, "Rooms"),
            Block(BlockType.TABLE, "Team   W  L\nCubs  10  2"),
        ),
        signoff=Signoff("AP-WF-11-13-13 1509GMT"),
        editor_note="Eds: with photos.",
        notebook="## Internet links\n- http://example.org",
        created=dt.datetime(2013, 11, 13, 15, 9, tzinfo=dt.UTC),
        word_count=16,
        transmitted_word_count=1049,
        subjects=(Subject("iptc", "15039001"), Subject("medianet", "MFI")),
        genre="AM Service",
        place_codes=("QLD", "MNET ALL"),
        tabular=True,
    )


def test_every_story_field_has_its_place() -> None:
    plain = "BUENOS AIRES, Argentina (AP) _ A <mirror> & a lamp.\n\nRooms\n\nTeam   W  L\nCubs  10  2"
    assert to_ninjs(full_story()) == {
        "uri": "urn:wirecli:zczc:2013-11-13:W2870",
        "standard": {
            "name": "ninjs",
            "version": "3.1",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
        },
        "type": "text",
        "profile": "tabular",
        "firstCreated": "2013-11-13T15:09:00+00:00",
        "versionCreated": "2013-11-13T15:09:00+00:00",
        "pubStatus": "usable",
        "urgency": 2,
        "language": "en",
        "altIds": [{"role": "originaltransmissionreference", "value": "W2870"}],
        "slugline": "BC-Cancer-Mirrors",
        "headlines": [{"role": "main", "value": "Mirrors can hurt <b> & help"}],
        "by": "PAUL REYES",
        "located": "BUENOS AIRES, Argentina",
        "descriptions": [
            {"role": "summary", "value": "Patients avoid mirrors."},
            {"role": "bylinetitle", "value": "Associated Press"},
            {"role": "takekey", "value": "1stLd-Writethru"},
            {"role": "notebook", "value": "## Internet links\n- http://example.org"},
            {"role": "signoff", "value": "AP-WF-11-13-13 1509GMT"},
            {"role": "transmittedwordcount", "value": "1049"},
        ],
        "edNote": "Eds: with photos.",
        "infoSources": [
            {"name": "AAP", "role": "distributor"},
            {"name": "tca", "role": "intermediary"},
            {"name": "dpa", "role": "originator"},
        ],
        "subjects": [
            {"uri": "urn:wirecli:category:zczc:l", "literal": "l"},
            {"uri": "http://cv.iptc.org/newscodes/subjectcode/15039001", "literal": "15039001"},
            {"uri": "urn:wirecli:subject:medianet:MFI", "literal": "MFI"},
        ],
        "genres": [{"name": "AM Service", "literal": "AM Service"}],
        "places": [{"literal": "QLD"}, {"literal": "MNET ALL"}],
        "bodies": [
            {"contentType": "text/plain", "value": plain, "wordCount": 16, "charCount": len(plain)},
            {
                "contentType": "text/html",
                "value": "<p>BUENOS AIRES, Argentina (AP) _ A &lt;mirror&gt; &amp; a lamp.</p>\n"
                "<h2>Rooms</h2>\n<pre>Team   W  L\nCubs  10  2</pre>",
                "wordCount": 16,
                "charCount": len(plain),
            },
        ],
    }


def test_the_seed_story() -> None:
    [story] = parse(SEED.read_bytes())
    item = to_ninjs(story)
    assert item["uri"] == "urn:wirecli:bss:2019-04-24:BFF-09"
    assert item["firstCreated"] == item["versionCreated"] == "2019-04-24T08:26:00+06:00"
    assert item["headlines"] == [
        {"role": "main", "value": "N.Korea’s Kim, Putin to hold first talks in Russia’s Far East"},
        {"role": "web", "value": "N.Korea’s Kim, Putin to hold first talks in Russia’s Far East"},
    ]
    assert item["located"] == "MOSCOW"
    assert item["infoSources"] == [
        {"name": "BSS", "role": "distributor"},
        {"name": "AFP", "role": "originator"},
    ]
    assert item["descriptions"] == [{"role": "signoff", "value": "BSS/AFP/GMR/0826 hrs"}]
    plain, html = item["bodies"]  # type: ignore[misc]
    assert plain["value"].startswith("MOSCOW, April 24, 2019 (BSS/AFP) – Kim Jong Un")
    assert "\n\nCold War ties\n\nAnalysts say" in plain["value"]
    assert "</p>\n<h2>Cold War ties</h2>\n<p>Analysts say" in html["value"]
    assert plain["wordCount"] == html["wordCount"] == 727
    assert plain["charCount"] == html["charCount"] == len(plain["value"])
    assert "profile" not in item and "urgency" not in item and "by" not in item


def test_absent_facts_are_left_out() -> None:
    story = Story(format="bss", source=Source(None, 0, 1, "utf-8"))
    assert to_ninjs(story) == {
        "uri": "urn:wirecli:bss:undated:sha256-" + item_uri(story).rsplit("-", 1)[1],
        "standard": {
            "name": "ninjs",
            "version": "3.1",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
        },
        "type": "text",
        "pubStatus": "usable",
        "language": "en",
    }


def test_uri_is_stable_and_follows_the_content() -> None:
    [story] = parse(SEED.read_bytes())
    anonymous = dataclasses.replace(story, code=None, created=None, dateline=None)
    uri = item_uri(anonymous)
    assert uri.startswith("urn:wirecli:bss:undated:sha256-") and len(uri.rsplit("-", 1)[1]) == 16
    elsewhere = dataclasses.replace(anonymous, source=Source("other.txt", 7, 300, "cp1252"), diagnostics=())
    assert item_uri(elsewhere) == uri
    assert item_uri(dataclasses.replace(anonymous, headline="Another headline")) != uri
    dated = dataclasses.replace(anonymous, dateline=story.dateline)
    assert item_uri(dated).startswith("urn:wirecli:bss:2019-04-24:sha256-")
    odd_code = dataclasses.replace(story, code="A B/7")
    assert item_uri(odd_code) == "urn:wirecli:bss:2019-04-24:A%20B%2F7"


def test_urgency_outside_one_to_nine_is_left_out() -> None:
    story = Story(format="bss", source=Source(None, 0, 1, "utf-8"), urgency=0)
    assert "urgency" not in to_ninjs(story)


def test_several_stories_make_an_array_and_one_an_object() -> None:
    stories = parse((ROOT / "samples" / "bss" / "multi-story-feed.txt").read_bytes())
    joined = b"".join(render_stream(stories, OUTPUTS["ninjs"], RenderOptions()))
    assert [item["altIds"][0]["value"] for item in orjson.loads(joined)] == ["BSS-52", "BSP-07", "BFF-31"]
    one = b"".join(render_stream(stories[:1], OUTPUTS["ninjs"], RenderOptions()))
    assert one == render(stories[0])
    assert orjson.loads(one)["slugline"] == stories[0].keyword
    assert OUTPUTS["ninjs"].extension == ".ninjs.json"


def check_shape(item: dict[str, object]) -> None:
    """What the schema demands of our documents, checked without the schema."""
    assert isinstance(item["uri"], str) and item["uri"].startswith("urn:wirecli:")
    assert set(item) <= NINJS_PROPERTIES
    for key, allowed in ITEM_KEYS.items():
        values = item.get(key, [])
        for value in [values] if isinstance(values, dict) else values:  # type: ignore[attr-defined]
            assert set(value) <= allowed, key
    assert item["type"] == "text"


def stories_of(path: Path) -> list[Story]:
    return parse_bytes(path.read_bytes(), ParseOptions(reference_date=REFERENCE_DATE, path=path.name))


@pytest.mark.parametrize("sample", SAMPLES, ids=[path.relative_to(ROOT).as_posix() for path in SAMPLES])
def test_samples_have_the_ninjs_shape(sample: Path) -> None:
    for story in stories_of(sample):
        check_shape(to_ninjs(story))


@pytest.mark.parametrize("sample", SAMPLES, ids=[path.relative_to(ROOT).as_posix() for path in SAMPLES])
def test_samples_validate_against_the_ninjs_schema(sample: Path) -> None:
    validator = ninjs_validator()
    if validator is None:
        pytest.skip("../shared/schemas/ninjs-schema_3.1.json is not available")
    for story in stories_of(sample):
        validator.validate(to_ninjs(story))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[corpus_id(path) for path in CORPUS_FILES])
def test_corpus_stories_validate_against_the_ninjs_schema(path: Path) -> None:
    validator = ninjs_validator()
    if validator is None:
        pytest.skip("../shared/schemas/ninjs-schema_3.1.json is not available")
    [story] = stories_of(path)  # one story per corpus file
    item = to_ninjs(story)
    check_shape(item)
    validator.validate(item)


def test_the_schema_check_rejects_what_ninjs_forbids() -> None:
    validator = ninjs_validator()
    if validator is None:
        pytest.skip("../shared/schemas/ninjs-schema_3.1.json is not available")
    item = to_ninjs(full_story())
    assert validator.is_valid(item)
    assert not validator.is_valid({**item, "keyword": "x"})  # unknown top-level property
    assert not validator.is_valid({**item, "urgency": 10})
    assert not validator.is_valid({**item, "firstCreated": "2013-11-13 15:09"})
    assert not validator.is_valid({**item, "uri": "not a uri"})
    assert not validator.is_valid({**item, "places": [{"literal": "QLD", "geoJSON": {"type": "Point"}}]})


def test_the_in_repo_property_list_matches_the_schema() -> None:
    validator = ninjs_validator()
    if validator is None:
        pytest.skip("../shared/schemas/ninjs-schema_3.1.json is not available")
    properties = validator.schema["$defs"]["ninjsType"]["properties"]
    assert set(properties) == NINJS_PROPERTIES
    for key, allowed in ITEM_KEYS.items():
        described = properties[key].get("properties") or properties[key]["items"]["properties"]
        assert allowed <= set(described), key
