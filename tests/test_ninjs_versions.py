"""ninjs 1.6 and 2.1: the older shapes of the ninjs item, each valid against its official schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import input_id, output_inputs, stories_in
from tests.schema_check import ninjs_version_validator
from tests.test_ninjs import full_story
from wirecli.render import NINJS_VERSIONS, OUTPUTS, RenderOptions
from wirecli.render.ninjs import to_ninjs
from wirecli.render.ninjs_versions import to_version

INPUTS = output_inputs()


def test_ninjs_1_6_uses_the_flat_names() -> None:
    plain = "BUENOS AIRES, Argentina (AP) _ A <mirror> & a lamp.\n\nRooms\n\nTeam   W  L\nCubs  10  2"
    assert to_version(full_story(), "1.6") == {
        "uri": "urn:wirecli:zczc:2013-11-13:W2870",
        "$standard": {
            "name": "ninjs",
            "version": "1.6",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json#",
        },
        "type": "text",
        "profile": "tabular",
        "firstcreated": "2013-11-13T15:09:00Z",
        "versioncreated": "2013-11-13T15:09:00Z",
        "pubstatus": "usable",
        "urgency": 2,
        "language": "en",
        "altids": {"originaltransmissionreference": "W2870"},
        "slugline": "BC-Cancer-Mirrors",
        "headline": "Mirrors can hurt <b> & help",
        "byline": "PAUL REYES",
        "located": "BUENOS AIRES, Argentina",
        "description_text": "Patients avoid mirrors.",
        "description_bylinetitle": "Associated Press",
        "description_takekey": "1stLd-Writethru",
        "description_notebook": "## Internet links\n- http://example.org",
        "description_signoff": "AP-WF-11-13-13 1509GMT",
        "description_transmittedwordcount": "1049",
        "ednote": "Eds: with photos.",
        "infosource": [
            {"name": "AAP", "rel": "distributor"},
            {"name": "tca", "rel": "intermediary"},
            {"name": "dpa", "rel": "originator"},
        ],
        "subject": [
            {"code": "l", "scheme": "urn:wirecli:category:zczc:"},
            {"code": "15039001", "scheme": "http://cv.iptc.org/newscodes/subjectcode/"},
            {"code": "MFI", "scheme": "urn:wirecli:subject:medianet:"},
        ],
        "genre": [{"name": "AM Service"}],
        "place": [{"name": "QLD"}, {"name": "MNET ALL"}],
        "body_text": plain,
        "wordcount": 16,
        "charcount": len(plain),
        "body_html": "<p>BUENOS AIRES, Argentina (AP) _ A &lt;mirror&gt; &amp; a lamp.</p>\n"
        "<h2>Rooms</h2>\n<pre>Team   W  L\nCubs  10  2</pre>",
    }


def test_ninjs_2_1_is_3_1_in_lowercase() -> None:
    item = to_version(full_story(), "2.1")
    latest = to_ninjs(full_story())
    assert list(item) == [key.lower() for key in latest]
    assert item["standard"] == {
        "name": "ninjs",
        "version": "2.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#",
    }
    assert item["bodies"][0]["contenttype"] == "text/plain"  # type: ignore[index]
    assert item["firstcreated"] == latest["firstCreated"]


def test_the_render_options_choose_the_version() -> None:
    story = full_story()
    for version in NINJS_VERSIONS:
        document = OUTPUTS["ninjs"].render(story, RenderOptions(ninjs_version=version))
        assert f'"version": "{version}"'.encode() in document
    with pytest.raises(ValueError, match=r"1\.6, 2\.1 or 3\.1"):
        to_version(story, "1.0")


@pytest.mark.parametrize("version", NINJS_VERSIONS)
def test_the_schema_rejects_unknown_properties(version: str) -> None:
    validator = ninjs_version_validator(version)
    if validator is None:
        pytest.skip(f"../shared/schemas/ninjs-schema_{version}.json is not available")
    item = to_version(full_story(), version) if version != "3.1" else to_ninjs(full_story())
    assert validator.is_valid(item)
    assert not validator.is_valid({**item, "keyword": "x"})


@pytest.mark.parametrize("path", INPUTS, ids=[input_id(path) for path in INPUTS])
@pytest.mark.parametrize("version", NINJS_VERSIONS)
def test_every_input_validates_against_each_ninjs_schema(path: Path, version: str) -> None:
    validator = ninjs_version_validator(version)
    if validator is None:
        pytest.skip(f"../shared/schemas/ninjs-schema_{version}.json is not available")
    for story in stories_in(path):
        item = to_version(story, version) if version != "3.1" else to_ninjs(story)
        validator.validate(item)
