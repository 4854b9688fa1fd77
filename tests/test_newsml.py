"""IPTC NewsML-G2 2.35 output: the mapping, stable guids, escaping, and validity against the XSD."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, input_id, output_inputs, parse, stories_in
from tests.schema_check import newsml_schema, xml_parser, xsd_errors
from tests.test_ninjs import full_story
from wirecli.model import Block, BlockType, Source, Story
from wirecli.render import OUTPUTS, RenderOptions, render_stream
from wirecli.render.newsml import NAMESPACE, render
from wirecli.render.ninjs import item_uri

INPUTS = output_inputs()
NS = {"g2": NAMESPACE, "x": "http://www.w3.org/1999/xhtml"}
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
HOSTILE = "a ]]> b & c <script>alert(1)</script> [bold]x[/bold] \x01\x0b\x1f\ufffe\uffff\ud800 \t d"


HOSTILE_READ = "a ]]> b & c <script>alert(1)</script> [bold]x[/bold]  \t d"  # what a reader gets back


def hostile_story() -> Story:
    """Markup, CDATA ends, Rich markup and characters XML cannot carry, where a wire puts text."""
    return dataclasses.replace(
        full_story(), headline=HOSTILE, body=(Block(BlockType.PARAGRAPH, HOSTILE),), editor_note=HOSTILE
    )


def tree(document: bytes) -> etree._Element:
    return etree.fromstring(document, xml_parser())


def texts(root: etree._Element, path: str) -> list[str]:
    return [node.xpath("string()") for node in root.xpath(path, namespaces=NS)]


def validate(document: bytes) -> None:
    schema = newsml_schema()
    if schema is None:
        pytest.skip("../shared/schemas/newsml-g2-2.35 is not available")
    assert xsd_errors(schema, tree(document)) == []


def test_every_story_field_has_its_place() -> None:
    story = full_story()
    root = tree(render(story, RenderOptions(now=NOW)))
    assert root.get("guid") == item_uri(story) == "urn:wirecli:zczc:2013-11-13:W2870"
    assert texts(root, "g2:itemMeta/g2:versionCreated") == ["2013-11-13T15:09:00Z"]
    assert texts(root, "g2:itemMeta/g2:firstCreated") == ["2013-11-13T15:09:00Z"]
    assert root.xpath("g2:itemMeta/g2:itemClass/@qcode", namespaces=NS) == ["ninat:text"]
    assert root.xpath("g2:itemMeta/g2:provider/@literal", namespaces=NS) == ["AAP"]
    assert texts(root, "g2:itemMeta/g2:edNote") == [
        "Eds: with photos.",
        "## Internet links\n- http://example.org",
    ]
    meta = "g2:contentMeta/g2:"
    assert texts(root, meta + "headline") == ["Mirrors can hurt <b> & help"]
    assert texts(root, meta + "slugline") == ["BC-Cancer-Mirrors"]
    assert texts(root, meta + "by") == ["PAUL REYES"]
    assert texts(root, meta + "urgency") == ["2"]
    assert texts(root, meta + "located/g2:name") == ["BUENOS AIRES, Argentina"]
    assert texts(root, meta + "dateline") == ["BUENOS AIRES, Argentina (AP)"]
    assert texts(root, meta + "creditline") == ["AP"]
    assert texts(root, meta + "genre/g2:name") == ["AM Service"]
    assert root.xpath(meta + "language/@tag", namespaces=NS) == ["en"]
    assert root.xpath(meta + "subject/@qcode", namespaces=NS) == ["subj:15039001"]
    assert root.xpath(meta + "subject/@uri", namespaces=NS) == [
        "urn:wirecli:category:zczc:l",
        "urn:wirecli:subject:medianet:MFI",
    ]
    descriptions = {node.get("role"): node.text for node in root.xpath(meta + "description", namespaces=NS)}
    assert descriptions == {
        "wirecli-role:summary": "Patients avoid mirrors.",
        "wirecli-role:bylinetitle": "Associated Press",
        "wirecli-role:takekey": "1stLd-Writethru",
        "wirecli-role:signoff": "AP-WF-11-13-13 1509GMT",
        "wirecli-role:transmittedwordcount": "1049",
    }
    body = "g2:contentSet/g2:inlineXML/x:html/x:body/"
    assert texts(root, body + "x:p") == ["BUENOS AIRES, Argentina (AP) _ A <mirror> & a lamp."]
    assert texts(root, body + "x:h2") == ["Rooms"]
    assert texts(root, body + "x:table/x:tr/x:td") == ["Team   W  L", "Cubs  10  2"]
    validate(render(story, RenderOptions(now=NOW)))


def test_editor_text_stays_out_of_the_body() -> None:
    root = tree(render(full_story()))
    body = etree.tostring(root.find("g2:contentSet", NS), encoding="unicode")
    assert "Eds: with photos" not in body and "Internet links" not in body


def test_an_undated_story_is_versioned_at_the_conversion() -> None:
    story = Story(format="bss", source=Source(None, 0, 1, "utf-8"))
    root = tree(render(story, RenderOptions(now=NOW)))
    assert texts(root, "g2:itemMeta/g2:versionCreated") == ["2026-11-28T12:00:00Z"]
    assert texts(root, "g2:itemMeta/g2:firstCreated") == []
    assert root.find("g2:contentSet", NS) is None
    assert root.xpath("g2:itemMeta/g2:provider/@literal", namespaces=NS) == ["unknown"]
    validate(render(story, RenderOptions(now=NOW)))


def test_hostile_text_is_escaped_and_stays_xml() -> None:
    document = render(hostile_story())
    assert b"<script>" not in document and b"]]>" not in document
    root = tree(document)
    expected = HOSTILE_READ
    assert texts(root, "g2:contentMeta/g2:headline") == [expected]
    assert texts(root, "g2:contentSet/g2:inlineXML/x:html/x:body/x:p") == [expected]
    assert texts(root, "g2:itemMeta/g2:edNote")[0] == expected
    validate(document)


def test_several_stories_make_a_message_and_one_an_item() -> None:
    stories = parse((ROOT / "samples" / "bss" / "multi-story-feed.txt").read_bytes())
    message = b"".join(render_stream(stories, OUTPUTS["newsml"], RenderOptions()))
    root = tree(message)
    assert root.tag == f"{{{NAMESPACE}}}newsMessage"
    guids = root.xpath("g2:itemSet/g2:newsItem/@guid", namespaces=NS)
    assert guids == [item_uri(story) for story in stories]
    assert texts(root, "g2:header/g2:sent") == ["2026-04-13T15:40:00+06:00"]
    validate(message)
    one = b"".join(render_stream(stories[:1], OUTPUTS["newsml"], RenderOptions()))
    assert one == render(stories[0]) and tree(one).tag == f"{{{NAMESPACE}}}newsItem"
    assert b"".join(render_stream([], OUTPUTS["newsml"], RenderOptions())) == b""
    assert OUTPUTS["newsml"].extension == ".newsml.xml"


def test_the_schema_check_rejects_what_newsml_forbids() -> None:
    document = render(full_story())
    validate(document)
    schema = newsml_schema()
    assert schema is not None
    without_class = document.replace(b'<itemClass qcode="ninat:text"/>', b"")
    assert xsd_errors(schema, tree(without_class)) != []
    unknown = document.replace(b"<slugline>", b"<keyword2/><slugline>")
    assert xsd_errors(schema, tree(unknown)) != []


@pytest.mark.parametrize("path", INPUTS, ids=[input_id(path) for path in INPUTS])
def test_every_input_validates_against_newsml_g2(path: Path) -> None:
    stories = stories_in(path)
    for story in stories:
        validate(render(story, RenderOptions(now=NOW)))
    if len(stories) > 1:
        validate(b"".join(render_stream(stories, OUTPUTS["newsml"], RenderOptions(now=NOW))))
