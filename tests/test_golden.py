"""Every sample converts to exactly its golden files (``make golden`` rewrites them)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.golden_tool import ROOT, golden_path, render_sample, sample_paths
from tests.schema_check import story_validator
from wirecli.formats import FALLBACK, REGISTRY

SAMPLES = sample_paths()


@pytest.mark.parametrize("sample", SAMPLES, ids=[str(path.relative_to(ROOT)) for path in SAMPLES])
def test_sample_matches_golden(sample: Path) -> None:
    rendered = render_sample(sample)
    for extension, content in rendered.items():
        golden = golden_path(sample, extension)
        assert golden.exists(), f"no golden file {golden}; run 'make golden'"
        assert content == golden.read_bytes(), f"{golden} differs; run 'make golden' and review"


@pytest.mark.parametrize("sample", SAMPLES, ids=[str(path.relative_to(ROOT)) for path in SAMPLES])
def test_golden_json_follows_the_schema(sample: Path) -> None:
    document = orjson.loads(golden_path(sample, ".json").read_bytes())
    for story in document if isinstance(document, list) else [document]:
        story_validator().validate(story)


def test_every_golden_file_has_a_sample() -> None:
    expected = {golden_path(sample, ext) for sample in SAMPLES for ext in render_sample(sample)}
    on_disk = {path for path in (ROOT / "tests" / "golden").rglob("*") if path.is_file()}
    assert on_disk - expected == set(), "golden files without a sample: delete them"


def test_the_schema_lists_every_format_and_the_fallback() -> None:
    formats = story_validator().schema["properties"]["format"]["enum"]
    assert formats == [*REGISTRY, FALLBACK.name]
