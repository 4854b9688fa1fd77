"""NITF 3.6 output: the mapping, no namespace, one story per document, and validity against the XSD."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, input_id, output_inputs, parse, stories_in
from tests.schema_check import in_nitf_namespace, nitf_schema, xml_parser, xsd_errors
from tests.test_newsml import HOSTILE_READ, hostile_story
from tests.test_ninjs import full_story
from wirecli.model import Source, Story
from wirecli.render import OUTPUTS, RenderOptions, StreamError, render_stream
from wirecli.render.ninjs import item_uri
from wirecli.render.nitf import render

INPUTS = output_inputs()


def texts(root: etree._Element, path: str) -> list[str]:
    return [node.xpath("string()") for node in root.xpath(path)]


def validate(document: bytes) -> None:
    schema = nitf_schema()
    if schema is None:
        pytest.skip("../shared/schemas/nitf-3.6 is not available")
    assert xsd_errors(schema, in_nitf_namespace(document)) == []


def test_every_story_field_has_its_place() -> None:
    story = full_story()
    document = render(story)
    root = etree.fromstring(document, xml_parser())
    assert root.tag == "nitf" and root.nsmap == {}  # as the DTD has it: no namespace
    assert texts(root, "head/title") == ["Mirrors can hurt <b> & help"]
    assert root.xpath("head/docdata/doc-id/@id-string") == [item_uri(story)]
    assert root.xpath("head/docdata/urgency/@ed-urg") == ["2"]
    assert root.xpath("head/docdata/date.issue/@norm") == ["20131113T150900+0000"]
    assert root.xpath("head/docdata/du-key/@key") == ["BC-Cancer-Mirrors"]
    assert root.xpath("head/docdata/ed-msg/@info") == [
        "Eds: with photos.",
        "## Internet links\n- http://example.org",
    ]
    assert root.xpath("head/tobject/tobject.subject/@tobject.subject.refnum") == ["15039001"]
    assert root.xpath("head/tobject/tobject.property/@tobject.property.type") == ["AM Service"]
    assert texts(root, "body/body.head/hedline/hl1") == ["Mirrors can hurt <b> & help"]
    assert root.findtext("body/body.head/byline") == "PAUL REYES "
    assert texts(root, "body/body.head/byline/byttl") == ["Associated Press"]
    assert texts(root, "body/body.head/dateline/location") == ["BUENOS AIRES, Argentina"]
    assert texts(root, "body/body.head/dateline/location/city") == ["BUENOS AIRES"]
    assert texts(root, "body/body.head/abstract/p") == ["Patients avoid mirrors."]
    assert texts(root, "body/body.content/p") == ["BUENOS AIRES, Argentina (AP) _ A <mirror> & a lamp."]
    assert texts(root, "body/body.content/hl2") == ["Rooms"]
    assert texts(root, "body/body.content/table/tr/td") == ["Team   W  L", "Cubs  10  2"]
    assert texts(root, "body/body.end/tagline") == ["AP-WF-11-13-13 1509GMT"]
    body = etree.tostring(root.find("body"), encoding="unicode")
    assert "Eds: with photos" not in body and "Internet links" not in body
    validate(document)


def test_absent_facts_are_left_out() -> None:
    story = Story(format="bss", source=Source(None, 0, 1, "utf-8"))
    root = etree.fromstring(render(story), xml_parser())
    assert [node.tag for node in root.iter()] == ["nitf", "head", "docdata", "doc-id", "body"]
    validate(render(story))


def test_hostile_text_is_escaped_and_stays_xml() -> None:
    document = render(hostile_story())
    assert b"<script>" not in document and b"]]>" not in document
    root = etree.fromstring(document, xml_parser())
    assert texts(root, "body/body.content/p") == [HOSTILE_READ]
    assert root.xpath("head/docdata/ed-msg/@info")[0] == HOSTILE_READ  # the tab survives in an attribute
    validate(document)


def test_a_stream_holds_one_story() -> None:
    stories = parse((ROOT / "samples" / "bss" / "multi-story-feed.txt").read_bytes())
    with pytest.raises(StreamError, match="--out-dir"):
        list(render_stream(stories, OUTPUTS["nitf"], RenderOptions()))
    one = b"".join(render_stream(stories[:1], OUTPUTS["nitf"], RenderOptions()))
    assert one == render(stories[0])
    assert b"".join(render_stream([], OUTPUTS["nitf"], RenderOptions())) == b""
    assert OUTPUTS["nitf"].extension == ".nitf.xml"


def test_the_schema_check_rejects_what_nitf_forbids() -> None:
    document = render(full_story())
    validate(document)
    schema = nitf_schema()
    assert schema is not None
    misplaced = document.replace(b"<title>", b"<hl1>x</hl1><title>")
    assert xsd_errors(schema, in_nitf_namespace(misplaced)) != []


@pytest.mark.parametrize("path", INPUTS, ids=[input_id(path) for path in INPUTS])
def test_every_input_validates_against_nitf(path: Path) -> None:
    for story in stories_in(path):
        validate(render(story))
