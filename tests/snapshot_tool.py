"""Snapshots of ``wirecli show``: what a reader sees for a few samples, at 80 columns.

``python -m tests.snapshot_tool`` (``make snapshots``) rewrites ``tests/snapshots/show/`` from the
samples; review the diff as you would review code (``less -R`` shows the ``.color`` files in
colour). ``tests/test_preview.py`` checks that the files on disk still match.
"""

from __future__ import annotations

import io
from pathlib import Path

from tests.golden_tool import REFERENCE_DATE, ROOT
from wirecli.model import ParseOptions
from wirecli.pipeline import parse_input
from wirecli.preview import PIPED_WIDTH, make_console, show_input

SNAPSHOTS = ROOT / "tests" / "snapshots" / "show"
# A clean story, one with a warning, and a broken one.
CASES = (
    "samples/bss/russia-nkorea-summit.txt",
    "samples/bss/no-year-dateline.txt",
    "samples/bss/broken-story.txt",
)
VARIANTS = {  # file suffix -> (raw, colour)
    ".txt": (False, False),
    ".color.txt": (False, True),
    ".raw.txt": (True, False),
    ".raw.color.txt": (True, True),
}


def render_show(sample: str, *, raw: bool, colour: bool) -> str:
    """``wirecli show`` of one sample, piped (80 columns), with colour on or off."""
    buffer = io.StringIO()
    console = make_console(buffer, width=PIPED_WIDTH, colour=colour)
    options = ParseOptions(reference_date=REFERENCE_DATE, path=sample)
    parsed = parse_input(((ROOT / sample).read_bytes(),), options, keep_sources=raw)
    show_input(console, sample, parsed, raw=raw)
    return buffer.getvalue()


def snapshot_path(sample: str, suffix: str) -> Path:
    return SNAPSHOTS / (Path(sample).stem + suffix)


def main() -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for sample in CASES:
        for suffix, (raw, colour) in VARIANTS.items():
            target = snapshot_path(sample, suffix)
            content = render_show(sample, raw=raw, colour=colour).encode()
            if not target.exists() or target.read_bytes() != content:
                target.write_bytes(content)
                print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
