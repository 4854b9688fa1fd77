"""The library API: wire copy in, :class:`~wirecli.model.Story` objects and rendered bytes out.

The functions here are what ``import wirecli`` offers (``wirecli/__init__.py`` re-exports them);
docs/api.md documents them with examples the tests run. They do what the command line does, with
the same parse core and the same renderers, so ``render_stories(parse_file(p), to="ndjson")`` is the
output of ``wirecli convert --to ndjson p``.

Bad input is never an exception: it is a story with diagnostics, as on the command line.
Exceptions are for the caller's mistakes (``ValueError`` for an unknown format, output or
encoding; ``TypeError`` for a text stream where bytes are needed) and the environment
(``OSError`` for a file that cannot be read). Nothing here prints, and nothing keeps state
between calls: every call takes its settings as arguments.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import IO, Any, Literal, NamedTuple

import orjson

from wirecli.decode import encoding_problem
from wirecli.files import CHUNK_SIZE, read_file, stream_chunks
from wirecli.formats import REGISTRY
from wirecli.model import ParseOptions, Story
from wirecli.pipeline import parse_input
from wirecli.render import NINJS_VERSIONS, OUTPUTS, RenderOptions, render_stream

__all__ = [
    "FormatInfo",
    "OutputName",
    "iter_stories",
    "list_formats",
    "parse",
    "parse_file",
    "render_stories",
    "schema",
]

OutputName = Literal["json", "ndjson", "ninjs", "newsml", "nitf", "md", "text"]
"""The names ``render_stories`` takes, as ``wirecli convert --to`` does."""


class FormatInfo(NamedTuple):
    """A wire format wirecli reads, as ``wirecli formats --json`` lists it."""

    name: str
    """What ``format=`` (and ``--from``) takes: ``bss``, ``anpa1312``, ..."""
    description: str
    fields: tuple[str, ...]
    """Story fields this format can fill."""


def parse(
    data: bytes | str,
    *,
    format: str | None = None,
    encoding: str | None = None,
    year: int | None = None,
    reference_date: dt.date | None = None,
    path: str | None = None,
) -> list[Story]:
    """Every story in ``data``, one input held in memory.

    ``str`` data is parsed as its UTF-8 encoding (``encoding`` is then a ``ValueError``: the text
    is decoded already). ``format`` skips detection; ``year`` and ``reference_date`` resolve
    datelines without a year (default: today, so pass one for output that does not change from day
    to day); ``path`` is recorded in each story's ``source.path``.
    """
    if isinstance(data, str):
        if encoding is not None:
            raise ValueError("encoding applies to bytes; str data is decoded already")
        data = data.encode()
    options = _options(format, encoding, year, reference_date, path)
    return list(parse_input((data,), options))


def parse_file(
    file: str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    encoding: str | None = None,
    year: int | None = None,
    reference_date: dt.date | None = None,
    path: str | None = None,
) -> list[Story]:
    """Every story in the file ``file``; ``source.path`` records ``path``, by default ``file``.

    Raises ``OSError`` (``FileNotFoundError``, ``IsADirectoryError``...) when it cannot be read.
    For a feed too large to hold its stories in memory, use :func:`iter_stories`.
    """
    return list(
        iter_stories(
            file, format=format, encoding=encoding, year=year, reference_date=reference_date, path=path
        )
    )


def iter_stories(
    source: IO[bytes] | str | os.PathLike[str],
    /,
    *,
    format: str | None = None,
    encoding: str | None = None,
    year: int | None = None,
    reference_date: dt.date | None = None,
    path: str | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Story]:
    """The stories of a feed of any size, each yielded as soon as its message is complete.

    ``source`` is a path or a binary file object (``open(p, "rb")``, ``sys.stdin.buffer``, a
    socket's ``makefile("rb")``); it is read ``chunk_size`` bytes at a time, so memory stays flat
    however long the feed is. A file object is not closed. ``source.path`` records ``path``, by
    default the path given (``None`` for a file object). Settings as for :func:`parse`; they are
    checked at once, and a path that cannot be opened raises ``OSError`` at once too.
    """
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        options = _options(format, encoding, year, reference_date, name if path is None else path)
        return iter(parse_input(read_file(name, chunk_size), options))
    if isinstance(source, io.TextIOBase):
        raise TypeError("iter_stories reads bytes: open the file in binary mode ('rb')")
    options = _options(format, encoding, year, reference_date, path)
    return iter(parse_input(stream_chunks(source, chunk_size), options))


def render_stories(
    stories: Iterable[Story],
    to: OutputName = "json",
    *,
    width: int = 72,
    ninjs_version: str = "3.1",
    now: dt.datetime | None = None,
) -> bytes:
    """The bytes ``wirecli convert --to TO`` writes for ``stories`` (one input's worth, or more).

    ``json`` and ``ninjs`` give one object for one story and an array otherwise; ``width`` is
    the column ``text`` re-wraps at (0: one line per paragraph); ``ninjs_version`` is
    ``--ninjs-version``; ``now`` stands in for the clock where NewsML-G2 needs a date the story
    does not give (default: the time of the call).
    """
    output = OUTPUTS.get(to)
    if output is None:
        raise ValueError(f"unknown output {to!r}; known outputs: {', '.join(OUTPUTS)}")
    if width < 0:
        raise ValueError(f"width must be 0 or more, not {width}")
    if ninjs_version not in NINJS_VERSIONS:
        raise ValueError(f"unknown ninjs version {ninjs_version!r}; known: {', '.join(NINJS_VERSIONS)}")
    settings = RenderOptions(width=width, ninjs_version=ninjs_version, now=now)
    return b"".join(render_stream(stories, output, settings))


def list_formats() -> list[FormatInfo]:
    """The wire formats wirecli reads, in the order detection tries them."""
    return [FormatInfo(name, wire.description, wire.fields) for name, wire in REGISTRY.items()]


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one story as ``--to json`` writes it; a new dict each call."""
    data = resources.files("wirecli").joinpath("schema", "story.schema.json").read_bytes()
    loaded: dict[str, Any] = orjson.loads(data)
    return loaded


def _options(
    format: str | None,
    encoding: str | None,
    year: int | None,
    reference_date: dt.date | None,
    path: str | None,
) -> ParseOptions:
    if format is not None and format not in REGISTRY:
        raise ValueError(f"unknown format {format!r}; known formats: {', '.join(REGISTRY)}")
    if encoding is not None and (problem := encoding_problem(encoding)) is not None:
        raise ValueError(f"{problem}; try utf-8, cp1252 or latin-1")
    if year is not None and not 1 <= year <= 9999:
        raise ValueError(f"year must be from 1 to 9999, not {year}")
    return ParseOptions(
        reference_date=dt.date.today() if reference_date is None else reference_date,
        year=year,
        encoding=encoding,
        format=format,
        path=path,
    )
