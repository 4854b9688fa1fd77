"""IPTC ninjs 3.1 ("news in JSON"): the story as a standard news item for content systems.

ninjs (https://iptc.org/standards/ninjs/) has no place for wire-specific facts such as take keys,
signoffs or category letters, and its root object forbids unknown properties, so those go into the
open-ended lists (``descriptions``, ``subjects``, ``altIds``) under a role or scheme of our own.
``docs/ninjs.md`` tables the whole mapping. Only ``uri`` is required; absent facts are left out
rather than written as ``null``.

``uri`` identifies the item across its versions and is built from the story alone, never from a
clock or a random id, so converting the same story twice gives the same document::

    urn:wirecli:<format>:<YYYY-MM-DD or "undated">:<story code, or "sha256-" + 16 hex digits>

The date is that of ``created`` (in its own offset), else the dateline date. A writethru keeps its
story code, so it gets the uri of the story it replaces, as ninjs wants for versions of one item.
Without a code the last part is a hash of the story's text, which also stays stable.

Two bodies carry the text: ``text/plain`` (blocks separated by an empty line, tables with their
spacing) and ``text/html`` (``<p>``, ``<h2>`` for subheads, ``<pre>`` for tables, text escaped).
Both carry the same ``wordCount`` (wirecli's count) and ``charCount`` (characters of the plain body).

Example (abridged)::

    {"uri": "urn:wirecli:bss:2019-04-24:BFF-09", "type": "text", "slugline": "RUSSIA-NKOREA-SUMMIT",
     "headlines": [{"role": "main", "value": "N.Korea’s Kim, Putin to hold first talks ..."}],
     "infoSources": [{"name": "BSS", "role": "distributor"}, {"name": "AFP", "role": "originator"}],
     "bodies": [{"contentType": "text/plain", "value": "MOSCOW, April 24, 2019 (BSS/AFP) – ...", ...}]}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

import orjson

from wirecli.model import Block, BlockType, Story

if TYPE_CHECKING:
    from wirecli.render import RenderOptions

VERSION = "3.1"
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
URN_PREFIX = "urn:wirecli"
IPTC_SUBJECT_CODES = "http://cv.iptc.org/newscodes/subjectcode/"
LANGUAGE = "en"  # every wire service wirecli reads is an English-language service

# Project roles for facts ninjs has no property for.
ROLE_SUMMARY = "summary"
ROLE_BYLINE_TITLE = "bylinetitle"
ROLE_TAKE_KEY = "takekey"
ROLE_NOTEBOOK = "notebook"
ROLE_MEDIA_NOTE = "medianote"
ROLE_SIGNOFF = "signoff"
ROLE_TRANSMITTED_WORD_COUNT = "transmittedwordcount"
ROLE_CODE = "originaltransmissionreference"

# IPTC subject codes are eight digits (07000000 health, 15039001 motor racing results).
_IPTC_SUBJECT_CODE = re.compile(r"^\d{8}$")
_HASH_DIGITS = 16


def to_ninjs(story: Story) -> dict[str, object]:
    """The ninjs 3.1 object for one story; keys in a fixed order, absent facts left out."""
    item: dict[str, object] = {
        "uri": item_uri(story),
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA_URI},
        "type": "text",
    }
    if story.tabular:
        item["profile"] = "tabular"
    if story.created is not None and story.created.utcoffset() is not None:
        # ninjs date-times need an offset; wirecli only records one when it knows or assumed it.
        item["firstCreated"] = item["versionCreated"] = story.created.isoformat()
    item["pubStatus"] = "usable"
    if story.urgency is not None and 1 <= story.urgency <= 9:
        item["urgency"] = story.urgency
    item["language"] = LANGUAGE
    if story.code:
        item["altIds"] = [{"role": ROLE_CODE, "value": story.code}]
    if story.keyword:
        item["slugline"] = story.keyword
    _put(item, "headlines", _headlines(story))
    if story.byline:
        item["by"] = story.byline
    if story.dateline is not None and story.dateline.place:
        item["located"] = story.dateline.place
    _put(item, "descriptions", _descriptions(story))
    if story.editor_note:
        item["edNote"] = story.editor_note
    _put(item, "infoSources", _info_sources(story.agencies))
    _put(item, "subjects", _subjects(story))
    if story.genre:
        item["genres"] = [{"name": story.genre, "literal": story.genre}]
    # Place codes are transmitted literals (@QLD, MNETALL); never geoJSON, which needs coordinates.
    _put(item, "places", [{"literal": code} for code in story.place_codes])
    _put(item, "bodies", _bodies(story))
    return item


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as an indented ninjs JSON object, newline-terminated."""
    return orjson.dumps(to_ninjs(story), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def item_uri(story: Story) -> str:
    """``urn:wirecli:<format>:<date or undated>:<code or content hash>``: same story, same uri."""
    date = _item_date(story)
    day = date.isoformat() if date is not None else "undated"
    local = quote(story.code, safe="") if story.code else "sha256-" + content_hash(story)
    return f"{URN_PREFIX}:{quote(story.format, safe='')}:{day}:{local}"


def content_hash(story: Story) -> str:
    """Hex digest of what the story says, independent of where in which input it was found."""
    content = [
        story.keyword,
        story.headline,
        story.take_key,
        [[block.type.value, block.text] for block in story.body],
    ]
    return hashlib.sha256(orjson.dumps(content)).hexdigest()[:_HASH_DIGITS]


def plain_body(blocks: Iterable[Block]) -> str:
    """Blocks separated by an empty line; tables keep their rows and spacing."""
    return "\n\n".join(block.text for block in blocks)


def html_body(blocks: Iterable[Block]) -> str:
    """One element per block, one per line: ``<p>``, ``<h2>`` for subheads, ``<pre>`` for tables."""
    return "\n".join(_html_block(block) for block in blocks)


def _html_block(block: Block) -> str:
    text = html.escape(block.text, quote=False)
    if block.type is BlockType.SUBHEAD:
        return f"<h2>{text}</h2>"
    if block.type is BlockType.TABLE:
        return f"<pre>{text}</pre>"
    return f"<p>{text}</p>"


def _item_date(story: Story) -> dt.date | None:
    if story.created is not None:
        return story.created.date()
    if story.dateline is not None:
        return story.dateline.date
    return None


def _put(item: dict[str, object], key: str, values: list[dict[str, object]]) -> None:
    if values:
        item[key] = values


def _headlines(story: Story) -> list[dict[str, object]]:
    headlines: list[dict[str, object]] = []
    if story.headline:
        headlines.append({"role": "main", "value": story.headline})
    web_title = _web_title(story)
    if web_title:
        headlines.append({"role": "web", "value": web_title})
    return headlines


def _web_title(story: Story) -> str | None:
    """The BSS web edition's title line, ``<code> <title>``, kept verbatim in the preamble."""
    if not story.code:
        return None
    prefix = story.code + " "
    for line in story.preamble:
        if line.startswith(prefix) and line[len(prefix) :].strip():
            return line[len(prefix) :].strip()
    return None


def _descriptions(story: Story) -> list[dict[str, object]]:
    described = (
        (ROLE_SUMMARY, story.summary),
        (ROLE_BYLINE_TITLE, story.byline_title),
        (ROLE_TAKE_KEY, story.take_key),
        (ROLE_NOTEBOOK, story.notebook),
        (ROLE_MEDIA_NOTE, story.media_note),
        (ROLE_SIGNOFF, story.signoff.text if story.signoff else None),
        (
            ROLE_TRANSMITTED_WORD_COUNT,
            str(story.transmitted_word_count) if story.transmitted_word_count is not None else None,
        ),
    )
    return [{"role": role, "value": value} for role, value in described if value]


def _info_sources(agencies: tuple[str, ...]) -> list[dict[str, object]]:
    """Distributor first, originator last (the model's order); a lone agency is the originator."""
    names = list(dict.fromkeys(agency for agency in agencies if agency))
    sources: list[dict[str, object]] = []
    for position, name in enumerate(names):
        if position == len(names) - 1:
            role = "originator"
        elif position == 0:
            role = "distributor"
        else:
            role = "intermediary"
        sources.append({"name": name, "role": role})
    return sources


def _subjects(story: Story) -> list[dict[str, object]]:
    return [{"uri": uri, "literal": literal} for uri, literal in subject_uris(story)]


def subject_uris(story: Story) -> list[tuple[str, str]]:
    """``(uri, code)`` of the category and each subject code: IPTC's uri, else one of wirecli's."""
    subjects: list[tuple[str, str]] = []
    if story.category:
        subjects.append((_project_urn("category", story.format, story.category), story.category))
    for subject in story.subjects:
        if _IPTC_SUBJECT_CODE.match(subject.code):
            uri = IPTC_SUBJECT_CODES + subject.code
        else:
            uri = _project_urn("subject", subject.scheme, subject.code)
        subjects.append((uri, subject.code))
    return subjects


def _project_urn(kind: str, scheme: str, code: str) -> str:
    return f"{URN_PREFIX}:{kind}:{quote(scheme, safe='')}:{quote(code, safe='')}"


def _bodies(story: Story) -> list[dict[str, object]]:
    if not story.body:
        return []
    plain = plain_body(story.body)
    counts: dict[str, object] = {"wordCount": story.word_count, "charCount": len(plain)}
    return [
        {"contentType": "text/plain", "value": plain, **counts},
        {"contentType": "text/html", "value": html_body(story.body), **counts},
    ]
