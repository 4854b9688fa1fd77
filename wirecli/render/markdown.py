"""Markdown: YAML front matter with the metadata, then the story as headings and paragraphs.

The front matter is YAML whose every string is JSON-quoted (JSON is a subset of YAML), so no YAML
library is needed to write it and any YAML library reads it back exactly. Story text is escaped so
that characters that mean something in Markdown (``*``, ``_``, ``[``, a leading ``#``...) print as
themselves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import orjson

from wirecli.model import Block, BlockType, Story

if TYPE_CHECKING:
    from wirecli.render import RenderOptions

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# At the start of a line these open a list, a heading, a quote or a thematic break.
_LEADING_MARK = re.compile(r"^(\s*)([-+=])")
_LEADING_NUMBER = re.compile(r"^(\s*\d+)([.)])")


def escape(text: str) -> str:
    """Backslash-escape Markdown syntax so ``text`` renders literally."""
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _LEADING_MARK.sub(r"\1\\\2", escaped)
    return _LEADING_NUMBER.sub(r"\1\\\2", escaped)


def _quoted(value: object) -> str:
    return orjson.dumps(value).decode()


def front_matter(story: Story) -> str:
    """The metadata block, one ``key: value`` per line with JSON-quoted values."""
    dateline = story.dateline
    fields: dict[str, object] = {
        "format": story.format,
        "source": story.source.path,
        "code": story.code,
        "keyword": story.keyword,
        "headline": story.headline,
        "summary": story.summary,
        "byline": story.byline,
        "urgency": story.urgency,
        "priority": story.priority,
        "category": story.category,
        "take_key": story.take_key,
        "dateline": dateline.text if dateline else None,
        "place": dateline.place if dateline else None,
        "date": dateline.date if dateline else None,
        "credit": dateline.credit if dateline else None,
        "agencies": story.agencies,
        "signoff": story.signoff.text if story.signoff else None,
        "created": story.created,
        "editor_note": story.editor_note,
        "word_count": story.word_count,
    }
    lines = [f"{key}: {_quoted(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---"


def _block(block: Block, story: Story, first_paragraph: bool) -> str:
    if block.type is BlockType.SUBHEAD:
        return "## " + escape(block.text)
    if block.type is BlockType.TABLE:
        fence = "~~~~" if "~~~" in block.text else "~~~"
        return f"{fence}text\n{block.text}\n{fence}"
    dateline = story.dateline
    if first_paragraph and dateline and block.text.startswith(dateline.text):
        return f"**{escape(dateline.text)}**{escape(block.text[len(dateline.text) :])}"
    return escape(block.text)


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as a Markdown document."""
    parts = [front_matter(story)]
    if story.headline:
        parts.append("# " + escape(story.headline))
    if story.byline:
        parts.append("By " + escape(story.byline))
    first_paragraph = True
    for block in story.body:
        parts.append(_block(block, story, first_paragraph))
        if block.type is BlockType.PARAGRAPH:
            first_paragraph = False
    if story.signoff:
        parts.append(escape(story.signoff.text))
    return ("\n\n".join(parts) + "\n").encode()
