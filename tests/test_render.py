"""Renderers: escaping, wrapping and stream joining."""

from __future__ import annotations

import orjson

from tests.conftest import parse
from wirecli.render import OUTPUTS, RenderOptions, markdown, render_stream, text

STORY = (
    "ZCZC\n\nBSS-41\n\nSLUG\n\n*Rain* [floods] #Dhaka\n\n"
    "DHAKA, July 2, 2026 (BSS) – Rain_fell on 1. streets <b>and</b> more words here to wrap the line.\n\n"
    "- Aftermath -\n\n- not a list\n\nBSS/SRH/1412 hrs"
)


def test_markdown_escapes_story_text() -> None:
    [story] = parse(STORY)
    document = markdown.render(story).decode()
    assert "# \\*Rain\\* \\[floods\\] \\#Dhaka" in document
    assert "**DHAKA, July 2, 2026 (BSS)** – Rain\\_fell on 1. streets \\<b\\>and\\</b\\>" in document
    assert "## Aftermath" in document
    assert "\n\\- not a list\n" in document
    assert 'headline: "*Rain* [floods] #Dhaka"' in document


def test_markdown_escape_of_leading_markers() -> None:
    assert markdown.escape("1. item") == "1\\. item"
    assert markdown.escape("+ plus") == "\\+ plus"


def test_text_wraps_at_width_and_zero_keeps_lines() -> None:
    [story] = parse(STORY)
    narrow = text.render(story, RenderOptions(width=30)).decode()
    assert max(len(line) for line in narrow.splitlines()) <= 30
    wide = text.render(story, RenderOptions(width=0)).decode()
    assert (
        "DHAKA, July 2, 2026 (BSS) – Rain_fell on 1. streets <b>and</b> more words here to wrap the line."
        in wide
    )


def test_json_is_an_object_for_one_story_and_an_array_for_more() -> None:
    stories = parse(STORY + "\nNNNN\n" + STORY)
    one = b"".join(render_stream(stories[:1], OUTPUTS["json"], RenderOptions()))
    assert orjson.loads(one)["code"] == "BSS-41"
    both = b"".join(render_stream(stories, OUTPUTS["json"], RenderOptions()))
    assert [item["source"]["index"] for item in orjson.loads(both)] == [0, 1]
    assert b"".join(render_stream([], OUTPUTS["json"], RenderOptions())) == b"[]\n"


def test_ndjson_is_one_line_per_story() -> None:
    stories = parse(STORY + "\nNNNN\n" + STORY)
    lines = b"".join(render_stream(stories, OUTPUTS["ndjson"], RenderOptions())).splitlines()
    assert len(lines) == 2 and all(orjson.loads(line)["code"] == "BSS-41" for line in lines)


def test_text_stream_puts_a_rule_between_stories_and_nothing_around_one() -> None:
    first, second = b"One\n\nText.\n", b"Two\n\nMore.\n"
    text = OUTPUTS["text"]
    assert b"".join(text.join([first])) == first
    assert b"".join(text.join([first, second])) == first + b"\n" + b"-" * 72 + b"\n\n" + second
