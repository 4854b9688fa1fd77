"""NITF 3.6 (News Industry Text Format): each story as one ``<nitf>`` document.

NITF (https://iptc.org/standards/nitf/) is written here as its DTD defines it, without a namespace:
that is how NITF travels between newsroom systems, and readers that look for ``head/docdata`` find
nothing in a namespaced document. The elements are those of the 3.6 schema, in its order, so the
document validates against ``nitf-3-6.xsd`` once its elements are put into the schema's namespace.
``docs/nitf.md`` tables the mapping.

* ``head``: ``title`` (the headline), ``tobject`` (IPTC subject codes, the genre as its
  property), ``docdata`` with ``doc-id`` (the ninjs ``uri``), ``urgency``, ``date.issue``
  (``created``), ``du-key`` (the keyword) and ``ed-msg`` for the editor note and the notebook:
  text for editors goes there and never into the body.
* ``body.head``: ``hedline/hl1``, ``byline`` (with ``byttl``), ``dateline`` with its ``location``
  (the place, the part before the first comma as ``city``), ``abstract`` (the summary).
* ``body.content``: ``p``, ``hl2`` for subheads, a ``table`` of one cell per row for tables.
* ``body.end``: the signoff as ``tagline``.

NITF has no container for several documents, so one output holds one story: ``--out-dir`` writes
a file per story, and a stream of several stories is refused (see ``wirecli.render.StreamError``).

Example (abridged)::

    <nitf version="-//IPTC//DTD NITF 3.6//EN">
      <head><title>N.Korea’s Kim, Putin to hold first talks ...</title><docdata>...</docdata></head>
      <body><body.head><hedline><hl1>N.Korea’s Kim ...</hl1></hedline>...</body.head>
      <body.content><p>MOSCOW, April 24, 2019 (BSS/AFP) – Kim Jong Un and ...</p>...</body.content>
      <body.end><tagline>BSS/AFP/GMR/0826 hrs</tagline></body.end></body>
    </nitf>
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from wirecli.model import Block, BlockType, Story
from wirecli.render._xml import DECLARATION, attribute, element, text
from wirecli.render.ninjs import IPTC_SUBJECT_CODES, item_uri, subject_uris

if TYPE_CHECKING:
    from wirecli.render import RenderOptions

PUBLIC_ID = "-//IPTC//DTD NITF 3.6//EN"


def render(story: Story, options: RenderOptions | None = None) -> bytes:
    """One story as a NITF document, newline-terminated."""
    lines = [
        DECLARATION.rstrip("\n"),
        f'<nitf version="{PUBLIC_ID}">',
        "  <head>",
        *_head(story),
        "  </head>",
        "  <body>",
        *_body_head(story),
        *_body_content(story),
        *_body_end(story),
        "  </body>",
        "</nitf>",
    ]
    return ("\n".join(lines) + "\n").encode()


def _head(story: Story) -> list[str]:
    head = [f"    {element('title', story.headline)}"] if story.headline else []
    codes = [
        uri[len(IPTC_SUBJECT_CODES) :] for uri, _ in subject_uris(story) if uri.startswith(IPTC_SUBJECT_CODES)
    ]
    if codes or story.genre:
        head.append('    <tobject tobject.type="news">')
        if story.genre:
            head.append(f"      <tobject.property tobject.property.type={attribute(story.genre)}/>")
        head += [f'      <tobject.subject tobject.subject.refnum="{code}"/>' for code in codes]
        head.append("    </tobject>")
    head.append('    <docdata management-status="usable">')
    head.append(f"      <doc-id id-string={attribute(item_uri(story))}/>")
    if story.urgency is not None and 1 <= story.urgency <= 9:
        head.append(f'      <urgency ed-urg="{story.urgency}"/>')
    created = story.created
    if created is not None and created.utcoffset() is not None:
        head.append(f'      <date.issue norm="{_norm(created)}"/>')
    if story.keyword:
        head.append(f"      <du-key key={attribute(story.keyword)}/>")
    if story.editor_note:
        head.append(f'      <ed-msg msg-type="editor" info={attribute(story.editor_note)}/>')
    if story.notebook:
        head.append(f'      <ed-msg msg-type="notebook" info={attribute(story.notebook)}/>')
    head.append("    </docdata>")
    return head


def _body_head(story: Story) -> list[str]:
    head: list[str] = []
    if story.headline:
        head.append(f"      <hedline>{element('hl1', story.headline)}</hedline>")
    if story.byline:
        title = element("byttl", story.byline_title) if story.byline_title else ""
        # A space before the title, so that the byline read as text does not run into it.
        head.append(f"      <byline>{text(story.byline)}{' ' + title if title else ''}</byline>")
    if story.dateline is not None and (story.dateline.place or story.dateline.date):
        head.append(
            f"      <dateline>{_location(story.dateline.place)}{_story_date(story.dateline.date)}</dateline>"
        )
    if story.summary:
        head.append(f"      <abstract>{element('p', story.summary)}</abstract>")
    if not head:
        return []
    return ["    <body.head>", *head, "    </body.head>"]


def _body_content(story: Story) -> list[str]:
    if not story.body:
        return []
    return ["    <body.content>", *(f"      {_block(block)}" for block in story.body), "    </body.content>"]


def _body_end(story: Story) -> list[str]:
    if story.signoff is None:
        return []
    return ["    <body.end>", f"      {element('tagline', story.signoff.text)}", "    </body.end>"]


def _location(place: str | None) -> str:
    """``BUENOS AIRES, Argentina`` -> the city as ``city``, the rest of the place as text beside it."""
    if not place:
        return ""
    city, comma, rest = place.partition(",")
    return f"<location>{element('city', city.strip())}{text(comma + rest)}</location>"


def _story_date(date: dt.date | None) -> str:
    if date is None:
        return ""
    return f'<story.date norm="{date.strftime("%Y%m%d")}">{date.isoformat()}</story.date>'


def _norm(moment: dt.datetime) -> str:
    """ISO 8601 basic format with the offset, as NITF's ``norm`` attributes are written."""
    return moment.strftime("%Y%m%dT%H%M%S%z")


def _block(block: Block) -> str:
    if block.type is BlockType.SUBHEAD:
        return element("hl2", block.text)
    if block.type is BlockType.TABLE:
        rows = "".join(f"<tr><td>{text(row)}</td></tr>" for row in block.text.split("\n"))
        return f'<table class="preformatted">{rows}</table>'
    return element("p", block.text)
