"""Streams of several stories, made by concatenating files byte for byte.

No real multi-story feed exists in the corpus, so streams are built from single-story files (the
shared corpus, skipped when absent) and our samples. Framing is format-independent, so the story
count, order and ``source.line`` values are asserted for every format; each story must also read
exactly as its file does alone. Which format claims a story is checked only for formats that are
registered (the others fall back to the BSS reader until their parser lands).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REFERENCE_DATE, ROOT, corpus_format
from wirecli.formats import REGISTRY
from wirecli.formats.framing import count_breaks
from wirecli.model import ParseOptions, Source, Story
from wirecli.pipeline import parse_bytes

SAMPLES = ROOT / "samples"
# A part that does not end a line (or with EOT) gets a line feed, as a feed writer would add one:
# otherwise its last line and the next file's first line would run together.
_LINE_ENDS = (b"\n", b"\r", b"\x04")


def part_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return data if data.endswith(_LINE_ENDS) else data + b"\n"


def concatenate(parts: list[bytes]) -> tuple[bytes, list[int]]:
    """The stream, and the 1-based line of the stream on which each part begins."""
    stream = b""
    starts: list[int] = []
    for part in parts:
        starts.append(1 + count_breaks(stream))
        stream += part
    return stream, starts


def parse(data: bytes) -> list[Story]:
    return parse_bytes(data, ParseOptions(reference_date=REFERENCE_DATE))


def content(story: Story) -> Story:
    """What a story says, apart from where it was found and what was noted on the way."""
    return dataclasses.replace(story, source=Source(None, 0, 0, story.source.encoding), diagnostics=())


def check_stream(paths: list[Path], expected_formats: list[str], *, as_cat: bool = False) -> list[Story]:
    """Concatenate ``paths``; each story must be where its file puts it and read as it does alone.

    ``as_cat`` joins the files byte for byte, as ``cat`` does: a file without a final newline runs
    into the next file's first line, and each story must still have the diagnostics it has alone.
    """
    parts = [path.read_bytes() if as_cat else part_bytes(path) for path in paths]
    stream, starts = concatenate(parts)
    alone = [parse(part) for part in parts]
    stories = parse(stream)

    assert len(stories) == sum(len(found) for found in alone)
    expected_lines = [
        start + story.source.line - 1 for start, found in zip(starts, alone, strict=True) for story in found
    ]
    assert [story.source.line for story in stories] == expected_lines
    assert [story.source.index for story in stories] == list(range(len(stories)))
    assert [content(story) for story in stories] == [content(story) for found in alone for story in found]
    if as_cat:
        assert [codes(story) for story in stories] == [codes(story) for found in alone for story in found]

    owners = [fmt for fmt, found in zip(expected_formats, alone, strict=True) for _ in found]
    for story, fmt in zip(stories, owners, strict=True):
        if fmt in REGISTRY:
            assert story.format == fmt, f"story at line {story.source.line} read as {story.format}"
    return stories


# A story with lines before its ZCZC (a BSS web title) follows a story that ended with NNNN or EOT:
# after a story without an end marker those lines would still belong to that story.
BSS_STREAM = [
    "russia-nkorea-summit",  # preamble, no NNNN, no final newline
    "broken-story",  # cut off mid-sentence, no NNNN
    "flash-headline",
    "urgent-headline",  # NNNN without final newline
    "multi-story-feed",  # three stories, the second with a preamble after NNNN
    "dec-abbrev-month",
    "hyphen-wrap",
    "byline-feature",
    "bulletin-headline",
]


def codes(story: Story) -> list[str]:
    return [diagnostic.code for diagnostic in story.diagnostics]


# `cat samples/bss/*.txt`: these files have no final newline, so each signoff runs into the next
# file's web title (or into its ZCZC line when it has no preamble).
BSS_CAT = [
    "russia-nkorea-summit",  # signoff glued to the next web title
    "dhaka-domestic-credit",  # signoff glued to the next ZCZC (no preamble follows)
    "byline-feature",  # ends with a newline
    "several-subheads",
    "no-signoff",  # no signoff: its last paragraph runs into the next web title
    "dec-abbrev-month",
]


def test_bss_files_joined_by_cat() -> None:
    paths = [SAMPLES / "bss" / f"{name}.txt" for name in BSS_CAT]
    glued = [path for path in paths[:-1] if not path.read_bytes().endswith(_LINE_ENDS)]
    assert len(glued) >= 3  # the case under test: files without a final newline
    stories = check_stream(paths[:4], ["bss"] * 4, as_cat=True)
    assert all(story.signoff is not None and story.created is not None for story in stories)
    assert stories[0].preamble and stories[1].preamble[0].startswith("BSS-41 ")
    # A story without a signoff keeps the next file's first line: nothing marks where it ends.
    stream = b"".join(path.read_bytes() for path in paths[3:])
    assert len(parse(stream)) == 3


def test_bss_samples_in_one_stream() -> None:
    paths = [SAMPLES / "bss" / f"{name}.txt" for name in BSS_STREAM]
    stories = check_stream(paths, ["bss"] * len(paths))
    assert [story.code for story in stories] == [
        "BFF-09",
        "BSS-71",
        "BSS-88",
        "BSS-05",
        "BSS-52",
        "BSP-07",
        "BFF-31",
        "BFF-02",
        "BFF-44",
        "BFF-17",
        "BSS-97",
    ]
    assert [story.format for story in stories] == ["bss"] * 11
    lines = [story.source.line for story in stories]
    assert lines == sorted(lines) and lines[0] == 1


# Every framing the corpus has: SOH...EOT (ANPA, IPTC 7901), ZCZC...NNNN, ZCZC without NNNN, a bare
# CR before ZCZC (Pagemasters), lower-case zczc (News Bites), CR-only header lines, no final newline.
MIXED_STREAM = [
    "anpa1312/anpa-argentina-cancer-beauty.tst",
    "iptc7901/dpa-germany-coalition-talks.txt",
    "bss/bss-afp-russia-nkorea-summit.txt",
    "aap-zczc/tabular-v8-standings.tst",
    "aap-zczc/bob-legionella-qld.tst",
    "aap-zczc/racing-pmf-darwin-greys-fields.tst",
    "anpa1312/ap-anpa-baseball-standings-tabular.tst",
    "dpa/dpa-yemen-talks-extra.txt",
    "samples/bss/multi-story-feed.txt",
    "aap-zczc/racing-wodonga-comment.tst",
    "aap-zczc/newsbites-ugl-project-delay.tst",
]


def test_corpus_formats_and_samples_in_one_stream() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    paths = [ROOT / name if name.startswith("samples/") else CORPUS / name for name in MIXED_STREAM]
    formats = ["bss" if path.is_relative_to(SAMPLES) else corpus_format(path) for path in paths]
    stories = check_stream(paths, formats)
    assert len(stories) == 13  # one story per corpus file, three in the sample feed
    # The seed follows an IPTC 7901 story that ends with EOT on the line its web title starts.
    seed = stories[2]
    assert seed.preamble[0].startswith("BFF-09 ")
    assert [story.code for story in stories[8:11]] == ["BSS-52", "BSP-07", "BFF-31"]


def test_concatenation_counts_lines_across_parts() -> None:
    stream, starts = concatenate([b"a\nb\n", b"c\r\nd\r", b"\x04e", b"f"])
    assert stream == b"a\nb\nc\r\nd\r\x04ef"
    assert starts == [1, 3, 5, 5]
