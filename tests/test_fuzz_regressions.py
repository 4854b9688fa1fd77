"""Replay every input the fuzzer (fuzz/fuzz_parse.py) ever crashed on, with the fuzz target's checks.

Each file in tests/fuzz_regressions/ is raw bytes, named after what it exercised. The checks are
those of the fuzz target: parsing never raises, every renderer renders, the JSON outputs load back,
and reading the input in chunks gives the same stories as reading it whole.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.conftest import REFERENCE_DATE
from wirecli.model import ParseOptions
from wirecli.pipeline import parse_bytes, parse_chunks
from wirecli.render import OUTPUTS, RenderOptions, render_stream

REGRESSIONS = sorted((Path(__file__).parent / "fuzz_regressions").iterdir())
OPTIONS = ParseOptions(reference_date=REFERENCE_DATE)


def test_there_are_regression_inputs() -> None:
    assert [path.name for path in REGRESSIONS if path.name.endswith(".tst")] == []
    assert len(REGRESSIONS) >= 1


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda path: path.name)
def test_fuzz_regression_input(path: Path) -> None:
    data = path.read_bytes()
    stories = parse_bytes(data, OPTIONS)
    for output in OUTPUTS.values():
        document = b"".join(render_stream(stories, output, RenderOptions()))
        if output.name in ("json", "ninjs"):
            loaded = orjson.loads(document)
            assert (len(loaded) if isinstance(loaded, list) else 1) == len(stories)
        elif output.name == "ndjson":
            assert [orjson.loads(line)["source"]["index"] for line in document.splitlines()] == list(
                range(len(stories))
            )
    for size in (1, 7, 16, 17, 64, 4096):
        chunks = [data[start : start + size] for start in range(0, len(data), size)]
        assert list(parse_chunks(chunks, OPTIONS)) == stories, f"{size}-byte chunks"
