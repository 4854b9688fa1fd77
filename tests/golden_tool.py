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
GOLDEN_OUTPUTS = {"json": ".json", "ninjs": ".ninjs.json", "md": ".md", "text": ".txt"}


def sample_paths() -> list[Path]:
    """Every wire sample: ``samples/<format>/<case>.txt``."""
    return sorted(SAMPLES.glob("*/*.txt"))


def golden_path(sample: Path, extension: str) -> Path:
    relative = sample.relative_to(SAMPLES)
    return GOLDEN / relative.parent / (relative.stem + extension)


def render_sample(sample: Path) -> dict[str, bytes]:
    """The golden outputs of one sample, keyed by file extension."""
    relative = sample.relative_to(ROOT).as_posix()
    stories = parse_bytes(sample.read_bytes(), ParseOptions(reference_date=REFERENCE_DATE, path=relative))
    return {
        extension: b"".join(render_stream(stories, OUTPUTS[name], RenderOptions()))
        for name, extension in GOLDEN_OUTPUTS.items()
    }


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
