"""The parse driver: checks over the messages of a whole input."""

from __future__ import annotations

import pytest

from tests.conftest import parse
from wirecli import formats


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
    monkeypatch.setattr(formats, "CODES_REMEMBERED", 2)
    # BSS-1 drops out once two newer codes follow it...
    assert duplicates("BSS-1", "BSS-2", "BSS-3", "BSS-1") == []
    # ... unless it was used again meanwhile, which makes it recent.
    assert [line for line, _ in duplicates("BSS-1", "BSS-2", "BSS-1", "BSS-3", "BSS-1")] == [27, 53]


def _raising_detect(head: bytes) -> bool:
    raise ValueError("a detect with a bug")


def test_a_detect_that_raises_does_not_claim_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = formats.WireFormat("broken", "raises in detect", (), _raising_detect, formats.bss.parse)
    monkeypatch.setattr(formats, "REGISTRY", {"broken": broken, **formats.REGISTRY})
    assert formats.detect_format(story("BSS-1")).name == "bss"
    [parsed] = parse(story("BSS-1"))
    assert (parsed.format, parsed.code) == ("bss", "BSS-1")
