"""NDJSON: one compact JSON object per story per line, for pipelines and jq."""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from wirecli.model import Story

if TYPE_CHECKING:
    from wirecli.render import RenderOptions


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as one line."""
    return orjson.dumps(story, option=orjson.OPT_APPEND_NEWLINE)
