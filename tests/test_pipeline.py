"""The pipeline: one input to its stories, the facts of the input, and checks over its messages."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import parse
from wirecli import formats, pipeline
from wirecli.model import ParseOptions
from wirecli.pipeline import parse_input


def story(code: str) -> bytes:
    return (
        f"ZCZC\n\n{code}\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n\nNNNN\n"
    ).encode()


def duplicates(*codes: str) -> list[tuple[int, str]]:
    stories = parse(b"".join(story(code) for code in codes))
    return [(d.line or 0, d.message) for s in stories for d in s.diagnostics if d.code == "duplicate-code"]


def test_a_code_used_again_is_reported_with_the_line_of_its_first_story() -> None:
    assert duplicates("BSS-1", "BSS-2", "BSS-1") == [
        (27, "story code BSS-1 was already used by the story at line 1")
    ]


def test_only_the_last_codes_used_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CODES_REMEMBERED", 2)
    # BSS-1 drops out once two newer codes follow it...
    assert duplicates("BSS-1", "BSS-2", "BSS-3", "BSS-1") == []
    # ... unless it was used again meanwhile, which makes it recent.
    assert [line for line, _ in duplicates("BSS-1", "BSS-2", "BSS-1", "BSS-3", "BSS-1")] == [27, 53]


OPTIONS = ParseOptions(reference_date=dt.date(2026, 11, 28))


def facts_of(*chunks: bytes, keep_sources: bool = False) -> tuple[int, pipeline.InputFacts]:
    parsed = parse_input(chunks, OPTIONS, keep_sources=keep_sources)
    return len(list(parsed)), parsed.facts


def test_a_clean_input_has_no_input_level_facts() -> None:
    count, facts = facts_of(story("BSS-1"))
    assert count == 1
    assert facts == pipeline.InputFacts(stories=1)


@pytest.mark.parametrize("data", [b"", b"  \n\n\x16\x16\n"])
def test_no_story_is_a_fact_of_the_input_not_a_record(data: bytes) -> None:
    count, facts = facts_of(data)
    assert count == 0
    assert [d.code for d in facts.diagnostics] == ["no-story"]


def test_binary_input_is_one_record_and_a_fact() -> None:
    parsed = parse_input((b"\x89PNG\r\n\x1a\n", b"\x00" * 100), OPTIONS)
    stories = list(parsed)
    assert [d.code for d in stories[0].diagnostics] == ["binary-data"]
    assert parsed.facts.binary is not None and "PNG" in parsed.facts.binary
    assert parsed.facts.diagnostics == ()


def test_transcoded_input_is_a_fact() -> None:
    count, facts = facts_of(story("BSS-1").decode().encode("utf-16"))
    assert count == 1
    assert facts.transcoded == "utf-16-le"


def test_trailing_text_is_a_fact() -> None:
    count, facts = facts_of(story("BSS-1") + b"stray words\n")
    assert (count, facts.trailing_text) == (2, True)


def test_sources_are_kept_only_when_asked_for() -> None:
    assert facts_of(story("BSS-1"))[1].sources is None
    _, facts = facts_of(story("BSS-1") + story("BSS-2"), keep_sources=True)
    assert facts.sources is not None
    assert [lines[0] for lines in facts.sources] == [(1, "ZCZC"), (14, "ZCZC")]


def _raising_detect(head: bytes) -> bool:
    raise ValueError("a detect with a bug")


def test_a_detect_that_raises_does_not_claim_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = formats.WireFormat("broken", "raises in detect", (), _raising_detect, formats.bss.parse)
    monkeypatch.setattr(formats, "REGISTRY", {"broken": broken, **formats.REGISTRY})
    assert formats.detect_format(story("BSS-1")).name == "bss"
    [parsed] = parse(story("BSS-1"))
    assert (parsed.format, parsed.code) == ("bss", "BSS-1")
