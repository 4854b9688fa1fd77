"""Pretty JSON: the story model as it is, one object per story, an array for several (or none)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import orjson

from wirecli.model import Story

if TYPE_CHECKING:
    from wirecli.render import RenderOptions


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as an indented JSON object, newline-terminated."""
    return orjson.dumps(story, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def join(documents: Iterable[bytes]) -> Iterator[bytes]:
    """A lone story stays an object; from the second story on, the output becomes an array.

    No story at all gives an empty array, so that stdout is still one JSON document for ``jq``.
    The first document is held back until we know whether a second one follows; after that each
    story is written as soon as it is ready.
    """
    pending: bytes | None = None
    opened = False
    for document in documents:
        if pending is None and not opened:
            pending = document
            continue
        if not opened:
            assert pending is not None
            yield b"[\n" + _indent(pending)
            opened = True
        yield b",\n" + _indent(document)
    if opened:
        yield b"\n]\n"
    elif pending is not None:
        yield pending
    else:
        yield b"[]\n"


def _indent(document: bytes) -> bytes:
    # JSON strings never hold a raw newline, so indenting line by line is safe; one replace does it.
    return b"  " + document.rstrip(b"\n").replace(b"\n", b"\n  ")
