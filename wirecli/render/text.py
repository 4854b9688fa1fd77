"""Plain text: headline, byline, then the body re-wrapped for reading or for a narrow wire."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from wirecli.model import BlockType, Story

if TYPE_CHECKING:
    from wirecli.render import RenderOptions

DEFAULT_WIDTH = 72


def _wrap(text: str, width: int) -> str:
    if width <= 0:
        return text
    # Hyphenated names (Jae-in) must not be split across lines, nor long URLs cut.
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as plain text; ``options.width`` 0 keeps each paragraph on one line."""
    width = options.width if options is not None else DEFAULT_WIDTH
    parts: list[str] = []
    if story.headline:
        parts.append(_wrap(story.headline, width))
    if story.byline:
        parts.append(_wrap("By " + story.byline, width))
    for block in story.body:
        if block.type is BlockType.TABLE:
            parts.append(block.text)
        else:
            parts.append(_wrap(block.text, width))
    return ("\n\n".join(parts) + "\n").encode()
