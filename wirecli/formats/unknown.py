"""What no wire format claims: the text kept as it came, and one error saying what was seen.

Not a wire format and not in the registry: detection falls back to it for a message that no
registered format claims (a weather bulletin inside ``ZCZC`` ... ``NNNN``, a press release pasted
into the feed folder), and ``--from`` does not offer it. Rather than read such text as some format
it is not, and report that format's missing parts, the record says ``format: "unknown"``, guesses
no field, and carries one ``unknown-format`` error whose message describes the framing seen.

How it is read: the lines before a start-of-message marker (``ZCZC``, ``zczc`` or SYN/SOH) are the
``preamble``; the marker and a closing ``NNNN`` or EOT are framing and dropped, text after the
marker on its line is a paragraph of its own; the rest is cut at blank lines into paragraphs, the
lines of each joined by one space. Every word of the text is kept, none is invented; control
characters are removed with a ``control-characters`` warning, as in every format.

Fills: ``preamble``, ``body`` (paragraphs only) and ``word_count``.

Example::

    ZCZC
    WEATHER BULLETIN
    Showers, winds south-west 20 knots.
    NNNN

gives one paragraph ``WEATHER BULLETIN Showers, winds south-west 20 knots.`` and the error
``framed like ZCZC ... NNNN, but no known wire header follows the ZCZC line``.
"""

from __future__ import annotations

import re

from wirecli.formats._common import (
    Line,
    Message,
    StoryParser,
    WireFormat,
    blocks_of,
    lazy_compile,
    numbered_lines,
    remove_controls,
)
from wirecli.formats.framing import End
from wirecli.model import Block, BlockType, ParseOptions, Story, count_words

NAME = "unknown"

# The start-of-message markers of the framing (see framing.py): ZCZC or zczc, or SOH after SYNs.
_START = lazy_compile(r"^[ \t]*(?:(?P<zczc>ZCZC|zczc)(?=[ \t]|$)|\x16*\x01)")
_NNNN = lazy_compile(r"^[ \t]*NNNN[ \t]*$")
_EOT = "\x04"


def detect(head: bytes) -> bool:
    """Any message: the fallback reads whatever no registered format claims."""
    return True


def parse(message: Message, options: ParseOptions) -> Story:
    """Keep the text of a message no format claims, with an ``unknown-format`` error."""
    return _Parser(message, options).story()


class _Parser(StoryParser):
    format_name = NAME

    def story(self) -> Story:
        lines = numbered_lines(self.message)
        start = next((index for index, line in enumerate(lines) if _START.match(line.text)), None)
        marker = _START.match(lines[start].text) if start is not None else None
        if start is None or marker is None:
            preamble: list[Line] = []
            opening: list[Line] = []
            text = lines
        else:
            preamble = [line for line in lines[:start] if line.text.strip()]
            # Text after the marker on its line (a sender, a header) is kept as a paragraph of its own.
            opening = [Line(lines[start].number, lines[start].text[marker.end() :])]
            text = lines[start + 1 :]
        framed = [*opening, *text]  # an EOT may close the marker's own line
        closed = self._drop_end_marker(framed)
        kept, removed = remove_controls([*preamble, *framed])
        self.diagnostics.extend(removed)
        preamble, opening, text = (
            kept[: len(preamble)],
            kept[len(preamble) : len(preamble) + len(opening)],
            kept[len(preamble) + len(opening) :],
        )
        paragraphs = [line.text.strip() for line in opening if line.text.strip()]
        paragraphs.extend(" ".join(line.text.strip() for line in block) for block in blocks_of(text))
        where = self.message.line if start is None else lines[start].number
        self.report("unknown-format", where, _what_was_seen(marker, closed, bool(paragraphs)))
        body = tuple(Block(BlockType.PARAGRAPH, paragraph) for paragraph in paragraphs)
        return self.finish(
            preamble=tuple(line.text for line in preamble),
            body=body,
            word_count=count_words(body),
        )

    def _drop_end_marker(self, lines: list[Line]) -> bool:
        """Take a closing ``NNNN`` line or EOT off ``lines``; whether the message had one."""
        if self.message.end is not End.MARKER:
            return False
        while lines and not lines[-1].text.strip():
            lines.pop()
        if lines and _NNNN.match(lines[-1].text):
            lines.pop()
        elif lines and lines[-1].text.rstrip().endswith(_EOT):
            lines[-1] = Line(lines[-1].number, lines[-1].text.rstrip()[: -len(_EOT)])
        return True


def _what_was_seen(marker: re.Match[str] | None, closed: bool, has_text: bool) -> str:
    """The ``unknown-format`` message: the framing found, and why no format took the message."""
    if marker is None:
        return "plain text with no wire framing (no ZCZC or SOH line)"
    zczc = marker.group("zczc")
    start, end, line = (zczc, "NNNN", f"a {zczc} line") if zczc else ("SOH", "EOT", "an SOH line")
    if closed and has_text:
        return f"framed like {start} ... {end}, but no known wire header follows {start}"
    if closed:
        return f"framed like {start} ... {end}, with nothing inside"
    if has_text:
        return f"{line} without {end}, but no known wire header follows it"
    return f"{line} with no text after it"


FORMAT: WireFormat = WireFormat(
    name=NAME,
    description="no known wire format: the text kept as paragraphs, with an unknown-format error",
    fields=("preamble", "body", "word_count"),
    detect=detect,
    parse=parse,
)
