"""Properties over arbitrary bytes and over damaged samples: what must hold whatever arrives.

The inputs are random bytes, and every sample (and shared-corpus story, when present) after one to
three mutations: bit flips, truncation at a line, a duplicated or dropped line, injected control
bytes, mixed line ends and re-encoding. For each input:

* parsing never raises, and parsing twice gives equal stories (no clock, no randomness);
* every renderer renders; the JSON output validates against ``story.schema.json``, each NDJSON
  line is one story, and ninjs validates against the IPTC schema when ../shared has it;
* reading the input in chunks of random sizes gives the same stories as reading it whole.

For BSS copy, no word is lost or invented. The words of the input are those of its lines, less
the ``ZCZC`` and ``NNNN`` markers (text after a marker on its line counts), joined as the parser
documents: lines of a block joined by a space, except after a letter and a hyphen, where they join
directly (``Jae-`` + ``in`` is ``Jae-in``). The words of the stories are those of their preamble,
code, keyword, headline (with its ``FLASH``/``BULLETIN``/``URGENT`` prefix word), byline (with its
``By``), body blocks and signoff. ``NNNN`` is never a word, even where it is kept verbatim.
Words are compared as multisets, case-folded, with surrounding punctuation and dashes trimmed, so
that a subhead's ``– ... –`` dashes and a prefix's colon are not counted as words.

Example counts are bounded so that the whole file runs in seconds; ``WIRECLI_PROPERTY_EXAMPLES``
raises them for a longer hunt.
"""

from __future__ import annotations

import codecs
import os
import random
import re
from collections import Counter
from collections.abc import Callable

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REFERENCE_DATE, corpus_files, corpus_format
from tests.golden_tool import sample_paths
from tests.schema_check import ninjs_validator, story_validator
from wirecli.decode import decode
from wirecli.model import ParseOptions, Story
from wirecli.pipeline import parse_bytes, parse_chunks
from wirecli.render import OUTPUTS, RenderOptions, render_stream

OPTIONS = ParseOptions(reference_date=REFERENCE_DATE)
SOURCES: dict[str, bytes] = {
    **{f"samples/{path.parent.name}/{path.name}": path.read_bytes() for path in sample_paths()},
    **{f"corpus/{path.parent.name}/{path.name}": path.read_bytes() for path in corpus_files()},
}
BSS_SOURCES: dict[str, bytes] = {
    **{name: data for name, data in SOURCES.items() if name.startswith("samples/bss/")},
    **{
        f"corpus/bss/{path.name}": path.read_bytes()
        for path in corpus_files()
        if corpus_format(path) == "bss"
    },
}
# WIRECLI_PROPERTY_EXAMPLES=5000 makes a long bug hunt of the same tests; the default keeps them quick.
EXAMPLES = int(os.environ.get("WIRECLI_PROPERTY_EXAMPLES", "150"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- mutations ---------------------------------------------------------------------------------

Mutation = Callable[[random.Random, bytes], bytes]
_CONTROL_INJECTIONS = [bytes([code]) for code in (*range(0x20), 0x7F)] + [b"\x1b[2J", b"\xc2\x9b", b"\x9b"]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def flip_bit(rnd: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    position = rnd.randrange(len(data) * 8)
    flipped = bytearray(data)
    flipped[position // 8] ^= 1 << (position % 8)
    return bytes(flipped)


def truncate_at_line(rnd: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    return b"".join(lines[: rnd.randrange(len(lines) + 1)])


def duplicate_line(rnd: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    position = rnd.randrange(len(lines))
    return b"".join([*lines[: position + 1], lines[position], *lines[position + 1 :]])


def drop_line(rnd: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    position = rnd.randrange(len(lines))
    return b"".join(lines[:position] + lines[position + 1 :])


def inject_control(rnd: random.Random, data: bytes) -> bytes:
    position = rnd.randrange(len(data) + 1)
    return data[:position] + rnd.choice(_CONTROL_INJECTIONS) + data[position:]


def mix_line_ends(rnd: random.Random, data: bytes) -> bytes:
    lines = [line.rstrip(b"\r\n") for line in _lines(data)]
    ends = [rnd.choice((b"\n", b"\r\n", b"\r")) for _ in lines]
    return b"".join(line + end for line, end in zip(lines, ends, strict=True))


def re_encode(rnd: random.Random, data: bytes) -> bytes:
    text = decode(data).text
    encoding = rnd.choice(("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-be", "utf-32"))
    encoded = text.encode(encoding, errors="replace")
    # UTF-16-BE and UTF-32 written by Python carry no or a native BOM; give BE one, as editors do.
    return codecs.BOM_UTF16_BE + encoded if encoding == "utf-16-be" else encoded


MUTATIONS: list[Mutation] = [
    flip_bit,
    truncate_at_line,
    duplicate_line,
    drop_line,
    inject_control,
    mix_line_ends,
    re_encode,
]
# Mutations that change no character of any line: words must survive them.
WORD_SAFE: list[Mutation] = [truncate_at_line, duplicate_line, drop_line, mix_line_ends]


@st.composite
def mutated(
    draw: st.DrawFn, sources: dict[str, bytes] = SOURCES, mutations: list[Mutation] = MUTATIONS
) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(sources)))
    rnd = draw(st.randoms(use_true_random=False))
    data = sources[name]
    applied: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(mutations))
        data = mutation(rnd, data)
        applied.append(mutation.__name__)
    return f"{name} after {', '.join(applied)}", data


# --- the checks ----------------------------------------------------------------------------------


def rendered(stories: list[Story], output: str, width: int = 72) -> bytes:
    return b"".join(render_stream(stories, OUTPUTS[output], RenderOptions(width=width)))


def as_list(document: object) -> list[object]:
    return document if isinstance(document, list) else [document]


def assert_robust(data: bytes) -> list[Story]:
    """Parse ``data`` and check every renderer and validator; returns the stories."""
    stories = parse_bytes(data, OPTIONS)
    assert parse_bytes(data, OPTIONS) == stories, "parsing is not deterministic"
    validator = story_validator()
    items = as_list(orjson.loads(rendered(stories, "json")))
    assert len(items) == len(stories)
    for item in items:
        validator.validate(item)
    lines = rendered(stories, "ndjson").splitlines()
    assert [orjson.loads(line)["source"]["index"] for line in lines] == [s.source.index for s in stories]
    ninjs = as_list(orjson.loads(rendered(stories, "ninjs")))
    assert len(ninjs) == len(stories)
    ninjs_schema = ninjs_validator()
    if ninjs_schema is not None:
        for item in ninjs:
            ninjs_schema.validate(item)
    for output, width in (("md", 72), ("text", 72), ("text", 0), ("text", 12)):
        rendered(stories, output, width).decode()
    return stories


# --- properties ----------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_robust(data)


@FAST
@given(
    st.lists(
        st.sampled_from([b"ZCZC", b"NNNN", b"\x01", b"\x04", b"\x16", b"BSS-1", b"x", b" "]), max_size=40
    )
)
def test_arbitrary_framing_soup(pieces: list[bytes]) -> None:
    separators = (b"\n", b"\r\n", b"\r", b"")
    data = b"".join(piece + separators[position % 4] for position, piece in enumerate(pieces))
    assert_robust(data)


@settings(max_examples=EXAMPLES * 4 // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_samples(case: tuple[str, bytes]) -> None:
    assert_robust(case[1])


@FAST
@given(mutated(), st.lists(st.integers(1, 600), min_size=1, max_size=8))
def test_chunked_reading_equals_reading_whole(case: tuple[str, bytes], sizes: list[int]) -> None:
    data = case[1]
    chunks: list[bytes] = []
    position = 0
    while position < len(data):
        size = sizes[len(chunks) % len(sizes)]
        chunks.append(data[position : position + size])
        position += size
    assert list(parse_chunks(chunks, OPTIONS)) == parse_bytes(data, OPTIONS)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_as_is(name: str) -> None:
    assert_robust(SOURCES[name])


# --- no body word lost or invented (BSS) ---------------------------------------------------------

# As framing and the BSS reader see them: NNNN ends a message wherever its line starts with it.
_MARKER_LINE = re.compile(r"^\s*(?:(?i:ZCZC)\b|NNNN)")
_HYPHEN_JOIN = re.compile(r"[^\W\d_]-$")
# NNNN ends a message only once one has started: before the first ZCZC it stays, verbatim, in the
# preamble. Either way it is framing, not a word.
_END_MARKERS = re.compile(r"(?:nnnn)+")
_TRIM = "\"'“”‘’()[],.;:!?–—-"
_URGENCY_WORD = {1: "flash", 2: "bulletin", 3: "urgent"}


def words(text: str) -> list[str]:
    tokens = (token.strip(_TRIM).casefold() for token in text.split())
    return [word for word in tokens if word and not _END_MARKERS.fullmatch(word)]


def join_block(lines: list[str]) -> str:
    """Lines of one block as the parser joins them: a space between, none after a letter and a hyphen."""
    joined = ""
    for position, line in enumerate(lines):
        joined += line
        if position < len(lines) - 1 and not _HYPHEN_JOIN.search(line):
            joined += " "
    return joined


# A signoff line from its start; text may follow it on the line when files were joined by `cat`.
_SIGNOFF_START = re.compile(
    r"[ \t]*[A-Za-z][A-Za-z0-9]*(?:[ \t]*/[ \t]*[A-Za-z][A-Za-z0-9]*)*[ \t]*/[ \t]*\d{3,4}[ \t]*hrs?\.?"
)


def split_glued_signoffs(lines: list[str]) -> list[str]:
    """As framing cuts them: a story that runs into the next ZCZC (no NNNN between) ends after its
    last signoff line, so text glued to that signoff is a word of its own."""
    lines = list(lines)
    in_message = False
    last_signoff: int | None = None
    for index, line in enumerate(lines):
        marker = _MARKER_LINE.match(line)
        if marker is not None and marker.group().strip().upper() == "NNNN":
            in_message = False
        elif marker is not None:
            if in_message and last_signoff is not None:
                glued = lines[last_signoff]
                end = _SIGNOFF_START.match(glued).end()  # type: ignore[union-attr]
                lines[last_signoff] = f"{glued[:end]} {glued[end:]}"
            in_message, last_signoff = True, None
        elif in_message and _SIGNOFF_START.match(line):
            last_signoff = index
    return lines


def input_words(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    block: list[str] = []
    for line in [*split_glued_signoffs(text.split("\n")), ""]:
        marker = _MARKER_LINE.match(line)
        if line.strip() and not marker:
            block.append(line.strip())
            continue
        # A blank line ends a block; so does a marker, and text after it on its line starts the next.
        found.update(words(join_block(block)))
        rest = line[marker.end() :].strip() if marker else ""
        block = [rest] if rest else []
    return found


def story_words(story: Story) -> Counter[str]:
    parts = [*story.preamble, story.code or "", story.keyword or "", story.headline or ""]
    if story.urgency is not None:
        parts.append(_URGENCY_WORD[story.urgency])
    if story.byline is not None:
        parts.append(f"by {story.byline}")
    parts.extend(block.text for block in story.body)
    parts.append(story.signoff.text if story.signoff else "")
    return Counter(word for part in parts for word in words(part))


def assert_words_kept(data: bytes) -> None:
    stories = parse_bytes(data, ParseOptions(reference_date=REFERENCE_DATE, format="bss"))
    produced: Counter[str] = Counter()
    for story in stories:
        produced += story_words(story)
    expected = input_words(decode(data).text)
    assert (expected - produced, produced - expected) == (Counter(), Counter())


@pytest.mark.parametrize("name", sorted(BSS_SOURCES))
def test_bss_words_are_kept(name: str) -> None:
    assert_words_kept(BSS_SOURCES[name])


@settings(max_examples=EXAMPLES * 2 // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(BSS_SOURCES, WORD_SAFE))
def test_bss_words_are_kept_when_lines_move(case: tuple[str, bytes]) -> None:
    assert_words_kept(case[1])


def test_word_rule_joins_only_after_a_letter_and_a_hyphen() -> None:
    assert input_words("ZCZC\nMoon Jae-\nin met\n2019-\n20 talks.\nNNNN\n") == Counter(
        {"moon": 1, "jae-in": 1, "met": 1, "2019": 1, "20": 1, "talks": 1}
    )
    assert words("– Cold War ties –") == ["cold", "war", "ties"]


def test_sources_are_found() -> None:
    assert len(SOURCES) >= len(sample_paths())
    assert "samples/bss/russia-nkorea-summit.txt" in BSS_SOURCES
