"""Renderers: stories -> bytes, one module per output format.

Each module has ``render(story, options) -> bytes``, a complete document for one story (what
``--out-dir`` writes per file). :func:`render_stream` joins the documents of an input for one output
stream, piece by piece, so a caller can write each story as soon as it is parsed.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from wirecli._callable import make_callable
from wirecli.model import Story
from wirecli.render import json, ndjson


class RenderOptions(NamedTuple):
    """Settings for renderers."""

    width: int = 72
    """Column to re-wrap plain text at; 0 keeps one line per paragraph."""
    ninjs_version: str = "3.1"
    """Version of IPTC ninjs that ``--to ninjs`` writes: one of ``NINJS_VERSIONS``."""
    now: dt.datetime | None = None
    """The time of conversion, for NewsML-G2 dates a story does not give; ``None`` reads the clock."""


NINJS_VERSIONS = ("1.6", "2.1", "3.1")


class StreamError(ValueError):
    """The output cannot hold the stories of one stream together (NITF holds one story a document)."""


class OutputFormat(NamedTuple):
    """A registered output: its name as users type it, its file extension and its functions."""

    name: str
    extension: str
    description: str
    render: Callable[[Story, RenderOptions], bytes]
    join: Callable[[Iterable[bytes]], Iterator[bytes]]
    """Turns the documents of several stories into the pieces of one stream."""
    records: bool = False
    """A stream of self-contained records (NDJSON): each is worth sending to a reader at once."""


def _render_ninjs(story: Story, options: RenderOptions) -> bytes:
    if options.ninjs_version != "3.1":
        from wirecli.render import ninjs_versions

        return ninjs_versions.render(story, options)
    from wirecli.render import ninjs  # hashlib, html and urllib load only for --to ninjs

    return ninjs.render(story, options)


# The XML outputs load only when asked for, like ninjs.
def _render_newsml(story: Story, options: RenderOptions) -> bytes:
    from wirecli.render import newsml

    return newsml.render(story, options)


def _join_newsml(documents: Iterable[bytes]) -> Iterator[bytes]:
    from wirecli.render import newsml

    return newsml.join(documents)


def _render_nitf(story: Story, options: RenderOptions) -> bytes:
    from wirecli.render import nitf

    return nitf.render(story, options)


def _one_document(documents: Iterable[bytes]) -> Iterator[bytes]:
    """The lone document of a stream; a second one raises :class:`StreamError` before any is written."""
    pending: bytes | None = None
    for document in documents:
        if pending is not None:
            raise StreamError(
                "NITF holds one story per document, and this output would hold several:"
                " use --out-dir for one file per story, or --to newsml for one message"
            )
        pending = document
    if pending is not None:
        yield pending


# Markdown (its regexes) and text load only when asked for: most runs write JSON.
def _render_markdown(story: Story, options: RenderOptions) -> bytes:
    from wirecli.render import markdown

    return markdown.render(story, options)


def _render_text(story: Story, options: RenderOptions) -> bytes:
    from wirecli.render import text

    return text.render(story, options)


def _concatenate(documents: Iterable[bytes]) -> Iterator[bytes]:
    return iter(documents)


def _separate_with_blank_line(documents: Iterable[bytes]) -> Iterator[bytes]:
    for position, document in enumerate(documents):
        yield b"\n" + document if position else document


STORY_RULE = b"-" * 72
"""What stands between two stories in one ``--to text`` stream, with a blank line either side."""


def _separate_with_rule(documents: Iterable[bytes]) -> Iterator[bytes]:
    # A blank line alone is also what separates paragraphs: a reader could not tell stories apart.
    for position, document in enumerate(documents):
        yield b"\n" + STORY_RULE + b"\n\n" + document if position else document


OUTPUTS: dict[str, OutputFormat] = {
    "json": OutputFormat(
        "json",
        ".json",
        "pretty JSON: one object, or an array for several stories",
        json.render,
        json.join,
    ),
    "ndjson": OutputFormat(
        "ndjson", ".ndjson", "one compact JSON object per line", ndjson.render, _concatenate, records=True
    ),
    "ninjs": OutputFormat(
        "ninjs",
        ".ninjs.json",
        "IPTC ninjs 3.1 JSON: one object, or an array for several stories",
        _render_ninjs,
        json.join,
    ),
    "newsml": OutputFormat(
        "newsml",
        ".newsml.xml",
        "IPTC NewsML-G2 2.35: a newsItem, or a newsMessage for several stories",
        _render_newsml,
        _join_newsml,
    ),
    "nitf": OutputFormat(
        "nitf",
        ".nitf.xml",
        "NITF 3.6 XML without a namespace: one document per story (--out-dir for several)",
        _render_nitf,
        _one_document,
    ),
    "md": OutputFormat(
        "md",
        ".md",
        "Markdown with JSON-quoted YAML front matter",
        _render_markdown,
        _separate_with_blank_line,
    ),
    "text": OutputFormat(
        "text", ".txt", "plain text re-wrapped at --width", _render_text, _separate_with_rule
    ),
}


def render_stream(stories: Iterable[Story], output: OutputFormat, options: RenderOptions) -> Iterator[bytes]:
    """The pieces of one output stream for ``stories``, each yielded as soon as it is ready."""
    return output.join(output.render(story, options) for story in stories)


make_callable(__name__, "render_stories")  # wirecli.render(stories, to=...) (docs/api.md)
