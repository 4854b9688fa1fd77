"""Shared fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wirecli.formats import parse_bytes
from wirecli.model import ParseOptions, Story

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE_DATE = dt.date(2026, 11, 28)


def parse(text: str | bytes, **options: object) -> list[Story]:
    """Parse a literal story with a fixed reference date."""
    data = text.encode() if isinstance(text, str) else text
    settings: dict[str, object] = {"reference_date": REFERENCE_DATE, **options}
    return parse_bytes(data, ParseOptions(**settings))  # type: ignore[arg-type]


def codes(story: Story) -> list[str]:
    return [diagnostic.code for diagnostic in story.diagnostics]


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder; tests that need it skip when it is absent."""
    folder = SHARED / "corpus"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not available")
    return folder
