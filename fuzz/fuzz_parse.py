"""Coverage-guided fuzz target: any bytes -> parse core -> every renderer, never an exception.

Run it with ``make fuzz`` (``FUZZ_SECONDS=600 make fuzz`` for a longer run). libFuzzer options pass
through: ``.venv/bin/python fuzz/fuzz_parse.py CORPUS_DIR SEED_DIR -max_total_time=60``. A crash
leaves its input as ``crash-<sha1>`` under the artifact prefix; copy it to tests/fuzz_regressions/
so that ``tests/test_fuzz_regressions.py`` replays it forever.

Besides "does not raise", each input checks two cheap invariants: the JSON and NDJSON outputs load
back, and reading the input in chunks (sized by the input's first byte) gives the same stories as
reading it whole, which is what exercises the framing code's chunk boundaries.
"""

from __future__ import annotations

import datetime as dt
import sys

import atheris

with atheris.instrument_imports():
    from xml.etree import ElementTree

    import orjson

    from wirecli.model import ParseOptions
    from wirecli.pipeline import parse_bytes, parse_chunks
    from wirecli.render import OUTPUTS, RenderOptions, StreamError, render_stream

OPTIONS = ParseOptions(reference_date=dt.date(2025, 6, 15))
RENDER_OPTIONS = RenderOptions(width=72)


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)] or [b""]


def test_one_input(data: bytes) -> None:
    stories = parse_bytes(data, OPTIONS)
    for output in OUTPUTS.values():
        try:
            document = b"".join(render_stream(stories, output, RENDER_OPTIONS))
        except StreamError:
            if output.name != "nitf" or len(stories) < 2:
                raise
            # NITF holds one story a document: what --out-dir writes, each story on its own.
            for story in stories:
                ElementTree.fromstring(output.render(story, RENDER_OPTIONS))
            continue
        if output.name in ("json", "ninjs"):
            orjson.loads(document)
        elif output.name == "ndjson":
            for line in document.splitlines():
                orjson.loads(line)
        elif output.name in ("newsml", "nitf") and stories:
            ElementTree.fromstring(document)  # well-formed XML, whatever the text held
    chunk_size = 1 + (data[0] if data else 0) * 3
    chunked = list(parse_chunks(_chunks(data, chunk_size), OPTIONS))
    if chunked != stories:
        raise AssertionError(f"reading in {chunk_size}-byte chunks changed the stories")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
