"""Golden files: what every sample in ``samples/`` converts to.

``python -m tests.golden_tool`` (``make golden``) rewrites ``tests/golden/<format>/<case>.<ext>``
from the samples; review the diff as you would review code. ``tests/test_golden.py`` checks that the
files on disk still match.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from wirecli.model import ParseOptions
from wirecli.pipeline import parse_bytes
from wirecli.render import OUTPUTS, RenderOptions, render_stream

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"
# Fixed so that year-less datelines resolve the same way on every day the tests run.
REFERENCE_DATE = dt.date(2026, 11, 28)
GOLDEN_OUTPUTS = {
    "json": ".json",
    "ninjs": ".ninjs.json",
    "md": ".md",
    "text": ".txt",
    "newsml": ".newsml.xml",
    "nitf": ".nitf.xml",
}
# The time of conversion, which NewsML-G2 writes as versionCreated when a story gives no time.
GOLDEN_NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def sample_paths() -> list[Path]:
    """Every wire sample: ``samples/<format>/<case>.txt``."""
    return sorted(SAMPLES.glob("*/*.txt"))


def golden_path(sample: Path, extension: str) -> Path:
    relative = sample.relative_to(SAMPLES)
    return GOLDEN / relative.parent / (relative.stem + extension)


def render_sample(sample: Path) -> dict[str, bytes]:
    """The golden outputs of one sample, keyed by what follows the case name in the file name.

    NITF holds one story per document, so a sample of several stories has one NITF file per story,
    ``<case>-1.nitf.xml``, ``<case>-2.nitf.xml``..., as ``--out-dir`` would name them.
    """
    relative = sample.relative_to(ROOT).as_posix()
    stories = parse_bytes(sample.read_bytes(), ParseOptions(reference_date=REFERENCE_DATE, path=relative))
    options = RenderOptions(now=GOLDEN_NOW)
    rendered: dict[str, bytes] = {}
    for name, extension in GOLDEN_OUTPUTS.items():
        if name == "nitf" and len(stories) > 1:
            for number, story in enumerate(stories, 1):
                rendered[f"-{number}{extension}"] = OUTPUTS[name].render(story, options)
        else:
            rendered[extension] = b"".join(render_stream(stories, OUTPUTS[name], options))
    return rendered


def main() -> None:
    for sample in sample_paths():
        for extension, content in render_sample(sample).items():
            target = golden_path(sample, extension)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != content:
                target.write_bytes(content)
                print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
