"""Feeds wirecli's NewsML-G2, NITF and ninjs 1.6 outputs of every sample to Superdesk's own parsers.

``make interop`` (not part of ``make test``: it needs Python 3.8 and a few minutes to build the
environment once). Each sample's stories are written as ``--out-dir`` would write them, one file
per story, plus a NewsML-G2 ``newsMessage`` for each sample of several stories; then superdesk-core
2.5.3 (``NewsMLTwoFeedParser``, ``NITFFeedParser``, ``NINJSFeedParser``) reads them in
``bench/peers/superdesk_read.py`` and this script checks what came back against the story:

* headline, byline, urgency and the text of every paragraph: from all three;
* the slugline: from NewsML-G2 and ninjs (Superdesk reads NITF's from an AAP-only ``meta``);
* the dateline place: from NITF (its ``city``) and ninjs (``located``); Superdesk reads no
  ``located`` from NewsML-G2.

Prints a table of checks passed per output and field, then any failure; exits 1 on a failure, and
0 with a message on stderr when Superdesk's environment cannot be had here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import superdesk_env  # noqa: E402

from wirecli.model import BlockType, ParseOptions, Story  # noqa: E402
from wirecli.pipeline import parse_bytes  # noqa: E402
from wirecli.render import OUTPUTS, RenderOptions, render_stream  # noqa: E402

READER = Path(__file__).resolve().parent / "superdesk_read.py"
REFERENCE_DATE = dt.date(2026, 11, 28)
KINDS = {"newsml": ("newsml", "3.1"), "nitf": ("nitf", "3.1"), "ninjs": ("ninjs", "1.6")}
LABELS = {"newsml": "NewsML-G2 2.35", "nitf": "NITF 3.6", "ninjs": "ninjs 1.6"}
FIELDS = ("headline", "byline", "urgency", "paragraphs", "slugline", "dateline")
CHECKED = {
    "newsml": {"headline", "byline", "urgency", "paragraphs", "slugline"},
    "nitf": {"headline", "byline", "urgency", "paragraphs", "dateline"},
    "ninjs": {"headline", "byline", "urgency", "paragraphs", "slugline", "dateline"},
}


def write_outputs(folder: Path) -> list[tuple[str, Path, list[Story]]]:
    """Every sample's stories as files: ``(kind, path, stories the file holds)``."""
    written: list[tuple[str, Path, list[Story]]] = []
    for sample in sorted((ROOT / "samples").glob("*/*.txt")):
        stories = parse_bytes(sample.read_bytes(), ParseOptions(reference_date=REFERENCE_DATE))
        for kind, (output, version) in KINDS.items():
            options = RenderOptions(ninjs_version=version)
            for number, story in enumerate(stories, 1):
                path = folder / f"{sample.parent.name}-{sample.stem}-{number}.{kind}"
                path.write_bytes(OUTPUTS[output].render(story, options))
                written.append((kind, path, [story]))
            if kind == "newsml" and len(stories) > 1:
                path = folder / f"{sample.parent.name}-{sample.stem}-message.{kind}"
                path.write_bytes(b"".join(render_stream(stories, OUTPUTS[output], options)))
                written.append((kind, path, stories))
    return written


def read_with_superdesk(python: Path, files: list[tuple[str, Path, list[Story]]]) -> list[dict[str, object]]:
    requests = json.dumps([{"kind": kind, "path": str(path)} for kind, path, _ in files])
    result = subprocess.run(
        [str(python), str(READER)], input=requests, capture_output=True, text=True, check=True
    )
    answer: list[dict[str, object]] = json.loads(result.stdout)
    return answer


def checks(kind: str, story: Story, item: dict[str, object]) -> dict[str, bool]:
    """Which facts of the story came back, for the fields this output is checked on."""
    body = str(item.get("body_html") or "")
    results: dict[str, bool] = {}
    if story.headline:
        results["headline"] = item.get("headline") == story.headline
    if story.byline:
        results["byline"] = str(item.get("byline") or "").strip() == story.byline
    if story.urgency is not None and 1 <= story.urgency <= 9:
        results["urgency"] = item.get("urgency") == story.urgency
    paragraphs = [block.text for block in story.body if block.type is BlockType.PARAGRAPH]
    if paragraphs:
        # Superdesk keeps NewsML-G2 text unescaped and NITF and ninjs text escaped; either will do.
        results["paragraphs"] = all(text in body or text in html.unescape(body) for text in paragraphs)
    if story.keyword:
        results["slugline"] = item.get("slugline") == story.keyword
    place = story.dateline.place if story.dateline is not None else None
    if place:
        expected = place.partition(",")[0].strip() if kind == "nitf" else place
        results["dateline"] = item.get("dateline_city") == expected
    return {field: ok for field, ok in results.items() if field in CHECKED[kind]}


def main() -> int:
    try:
        python = superdesk_env.ensure(quiet=True)
    except superdesk_env.UnavailableError as error:
        print(f"interop skipped: {error}", file=sys.stderr)
        return 0
    passed: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="wirecli-interop-") as folder:
        files = write_outputs(Path(folder))
        for (kind, path, stories), answer in zip(files, read_with_superdesk(python, files), strict=True):
            items = answer.get("items")
            if not isinstance(items, list) or len(items) != len(stories):
                failures.append(f"{path.name}: {answer.get('error') or 'wrong number of items'}")
                total[kind, "read"] += 1
                continue
            passed[kind, "read"] += 1
            total[kind, "read"] += 1
            for story, item in zip(stories, items, strict=True):
                for field, ok in checks(kind, story, item).items():
                    total[kind, field] += 1
                    passed[kind, field] += ok
                    if not ok:
                        failures.append(f"{path.name}: {field} did not come back")
    print_table(passed, total)
    for failure in failures:
        print(failure)
    return 1 if failures else 0


def print_table(passed: Counter[tuple[str, str]], total: Counter[tuple[str, str]]) -> None:
    columns = ("read", *FIELDS)
    print("superdesk-core 2.5.3 reading wirecli's outputs of every sample (passed/checked)")
    print(f"| {'output':<15} | " + " | ".join(f"{column:<10}" for column in columns) + " |")
    print("|" + "|".join("-" * (width + 2) for width in (15, *[10] * len(columns))) + "|")
    for kind, label in LABELS.items():
        cells = [f"{passed[kind, c]}/{total[kind, c]}" if total[kind, c] else "n/a" for c in columns]
        print(f"| {label:<15} | " + " | ".join(f"{cell:<10}" for cell in cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
