"""IPTC NewsML-G2 2.35: each story as a ``newsItem``, several in one stream as a ``newsMessage``.

NewsML-G2 (https://iptc.org/standards/newsml-g2/) is the XML envelope news agencies and content
systems exchange text in. One story gives one ``newsItem`` document (what ``--out-dir`` writes per
file); a stream of several stories becomes one ``newsMessage`` whose ``itemSet`` holds the items.
``docs/newsml.md`` tables the mapping. Every document validates against the 2.35 schema.

* ``guid`` is the ninjs ``uri`` (``urn:wirecli:<format>:<date>:<code>``), stable across runs.
* ``itemMeta``: ``itemClass`` ``ninat:text``, ``provider`` (the distributing agency),
  ``versionCreated``/``firstCreated`` (``created``), ``pubStatus`` ``stat:usable`` and ``edNote``s
  for the editor note and the notebook: text for editors goes there and never into the body.
* ``contentMeta``: urgency, located, info sources, language, genre, subjects, slugline, headline,
  dateline, by, creditline and descriptions (summary, and the wire facts NewsML-G2 has no property
  for under roles of a scheme declared in the item's own catalog).
* The body is XHTML in ``contentSet/inlineXML``: ``<p>``, ``<h2>`` for subheads and a ``<table>``
  of one cell per row for tables, whose text keeps its spacing (``white-space: pre``).

Example (abridged)::

    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:wirecli:bss:2019-04-24:BFF-09" ...>
      <itemMeta><itemClass qcode="ninat:text"/><provider literal="BSS"/>...</itemMeta>
      <contentMeta>...<headline>N.Korea’s Kim, Putin to hold first talks ...</headline>...</contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml">...</inlineXML></contentSet>
    </newsItem>
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from wirecli.model import Block, BlockType, Story
from wirecli.render._xml import DECLARATION, attribute, element, text, timestamp
from wirecli.render.ninjs import IPTC_SUBJECT_CODES, LANGUAGE, item_uri, subject_uris

if TYPE_CHECKING:
    from wirecli.render import RenderOptions

NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
STANDARD_VERSION = "2.35"
# The IPTC catalog declares the aliases of the qcodes used here (ninat, stat, subj).
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"
# wirecli's own scheme, declared in each item, for roles NewsML-G2 has no code for.
ROLE_SCHEME_ALIAS = "wirecli-role"
ROLE_SCHEME = "urn:wirecli:role:"
ROLES = ("summary", "bylinetitle", "takekey", "signoff", "transmittedwordcount", "notebook")
_ROOT_ATTRIBUTES = f'standard="NewsML-G2" standardversion="{STANDARD_VERSION}" conformance="power"'
_VERSION_CREATED = re.compile(rb"<versionCreated>([^<]+)</versionCreated>")


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as a standalone ``newsItem`` document, newline-terminated."""
    now = options.now if options is not None else None
    return (DECLARATION + news_item(story, now, namespaced=True) + "\n").encode()


def join(documents: Iterable[bytes]) -> Iterator[bytes]:
    """One ``newsItem`` stays as it is; from the second on they go into one ``newsMessage``.

    The message's ``sent`` is the ``versionCreated`` of its first item, so the same input gives
    the same message. No story at all gives no output: a message needs at least one item.
    """
    remaining = iter(documents)
    first = next(remaining, None)
    second = next(remaining, None)
    if second is None:
        if first is not None:
            yield first
        return
    assert first is not None
    yield _message_start(first) + _item_of(first)
    yield _item_of(second)
    yield from (_item_of(document) for document in remaining)
    yield b"</itemSet>\n</newsMessage>\n"


def news_item(story: Story, now: dt.datetime | None, *, namespaced: bool) -> str:
    """The ``newsItem`` element; ``namespaced`` declares the NewsML-G2 namespace on it."""
    xmlns = f' xmlns="{NAMESPACE}"' if namespaced else ""
    lines = [
        f'<newsItem{xmlns} guid={attribute(item_uri(story))} version="1" {_ROOT_ATTRIBUTES}'
        f' xml:lang="{LANGUAGE}">',
        f'  <catalogRef href="{IPTC_CATALOG}"/>',
        "  <catalog>",
        f'    <scheme alias="{ROLE_SCHEME_ALIAS}" uri="{ROLE_SCHEME}"/>',
        "  </catalog>",
        "  <itemMeta>",
        *_item_meta(story, now),
        "  </itemMeta>",
        "  <contentMeta>",
        *_content_meta(story),
        "  </contentMeta>",
    ]
    if story.body:
        lines += [
            "  <contentSet>",
            f'    <inlineXML contenttype="application/xhtml+xml" wordcount="{story.word_count}">',
            f'      <html xmlns="{XHTML}">',
            f"        <head>{element('title', story.headline or '')}</head>",
            "        <body>",
            *(f"          {_xhtml_block(block)}" for block in story.body),
            "        </body>",
            "      </html>",
            "    </inlineXML>",
            "  </contentSet>",
        ]
    lines.append("</newsItem>")
    return "\n".join(lines)


def _item_meta(story: Story, now: dt.datetime | None) -> list[str]:
    created = _created(story)
    # versionCreated is required. A wire that gives no time leaves the conversion as the moment
    # this version was made; firstCreated, which would claim more, is then left out.
    version_created = created or (now or dt.datetime.now(dt.UTC))
    meta = [
        '    <itemClass qcode="ninat:text"/>',
        f"    <provider literal={attribute(story.agencies[0])}/>"
        if story.agencies
        else '    <provider literal="unknown"/>',
        f"    {element('versionCreated', timestamp(version_created))}",
    ]
    if created is not None:
        meta.append(f"    {element('firstCreated', timestamp(created))}")
    meta.append('    <pubStatus qcode="stat:usable"/>')
    if story.tabular:
        meta.append("    <profile>tabular</profile>")
    if story.editor_note:
        meta.append(f"    {element('edNote', story.editor_note)}")
    if story.notebook:
        meta.append(f"    {element('edNote', story.notebook, _role('notebook'))}")
    return meta


def _content_meta(story: Story) -> list[str]:
    meta: list[str] = []
    if story.urgency is not None and 1 <= story.urgency <= 9:
        meta.append(f"    <urgency>{story.urgency}</urgency>")
    place = story.dateline.place if story.dateline is not None else None
    if place:
        meta.append(f"    <located>{element('name', place)}</located>")
    meta += [
        f"    <infoSource literal={attribute(name)}>{element('name', name)}</infoSource>"
        for name in dict.fromkeys(story.agencies)
    ]
    if story.code:
        meta.append(f"    {element('altId', story.code)}")
    meta.append(f'    <language tag="{LANGUAGE}"/>')
    if story.genre:
        meta.append(f"    <genre literal={attribute(story.genre)}>{element('name', story.genre)}</genre>")
    meta += [_subject(uri, literal) for uri, literal in subject_uris(story)]
    if story.keyword:
        meta.append(f"    {element('slugline', story.keyword)}")
    if story.headline:
        meta.append(f"    {element('headline', story.headline)}")
    if story.dateline is not None:
        meta.append(f"    {element('dateline', story.dateline.text)}")
    if story.byline:
        meta.append(f"    {element('by', story.byline)}")
    credit = _credit(story)
    if credit:
        meta.append(f"    {element('creditline', credit)}")
    meta += [
        f"    {element('description', value, _role(role))}" for role, value in _descriptions(story) if value
    ]
    return meta


def _created(story: Story) -> dt.datetime | None:
    # xs:dateTime may omit the offset, but then nobody knows the moment; wirecli records one
    # whenever it knows or assumed it, and an aware time is all that is written.
    if story.created is not None and story.created.utcoffset() is not None:
        return story.created
    return None


def _role(name: str) -> str:
    return f' role="{ROLE_SCHEME_ALIAS}:{name}"'


def _descriptions(story: Story) -> list[tuple[str, str | None]]:
    count = story.transmitted_word_count
    return [
        ("summary", story.summary),
        ("bylinetitle", story.byline_title),
        ("takekey", story.take_key),
        ("signoff", story.signoff.text if story.signoff else None),
        ("transmittedwordcount", str(count) if count is not None else None),
    ]


def _credit(story: Story) -> str | None:
    if story.dateline is not None and story.dateline.credit:
        return story.dateline.credit
    return "/".join(dict.fromkeys(story.agencies)) or None


def _subject(uri: str, literal: str) -> str:
    if uri.startswith(IPTC_SUBJECT_CODES):
        return f'    <subject qcode="subj:{uri[len(IPTC_SUBJECT_CODES) :]}"/>'
    return f"    <subject uri={attribute(uri)}>{element('name', literal)}</subject>"


def _xhtml_block(block: Block) -> str:
    if block.type is BlockType.SUBHEAD:
        return element("h2", block.text)
    if block.type is BlockType.TABLE:
        rows = "".join(
            f'<tr><td style="white-space: pre">{text(row)}</td></tr>' for row in block.text.split("\n")
        )
        return f"<table>{rows}</table>"
    return element("p", block.text)


def _message_start(first: bytes) -> bytes:
    found = _VERSION_CREATED.search(first)
    sent = found.group(1).decode() if found else timestamp(dt.datetime.now(dt.UTC))
    return (
        f'{DECLARATION}<newsMessage xmlns="{NAMESPACE}">\n'
        f"<header>\n  <sent>{sent}</sent>\n</header>\n<itemSet>\n"
    ).encode()


def _item_of(document: bytes) -> bytes:
    """The ``newsItem`` of a rendered document, without the namespace the message declares.

    Not re-indented: an edNote or a table keeps its line ends, which indenting would change.
    """
    start = document.index(b"<newsItem")
    return document[start:].replace(f' xmlns="{NAMESPACE}"'.encode(), b"", 1)
