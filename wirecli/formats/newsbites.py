"""News Bites company news, as carried on AAP's feed: lower-case ``zczc`` and ``TAG#value`` lines.

How it looks on the wire (CRLF, Windows-1252, no closing ``NNNN``; one paragraph per body line)::

    zczc
    AN#31250077                         code
    KN#News Bites                       agencies ["News Bites"]
    PD#14 March 2024 16:30:00           created, read as Australia/Sydney time (+11:00 here)
    CO#XMP.AX                           subjects [newsbites-company XMP.AX]
    SO#ASX                              subjects [newsbites-exchange ASX]
    SF#*                                (meaning unknown; dropped)
    BY#                                 byline (empty: null; a leading "By " is dropped)
    KY#ACNB Comnews XMP.AX              keyword
    TI#Example Mining lifts output      headline
    AB#Example Mining’s output rose.    summary
    TX#                                 body: the rest of the TX# line, then every line after it
    Example Mining’s output rose 4 per cent in the quarter.
    The company kept its guidance.

Fills: ``code``, ``keyword``, ``headline``, ``summary``, ``byline``, ``created``, ``agencies``
(the ``KN#`` source only: the item names no other agency, not even the feed that carries it),
``body`` (one paragraph per non-blank line), ``subjects`` and ``word_count``.

The ``PD#`` time (``DD Month YYYY HH:MM[:SS]``, full or abbreviated month) carries no zone; it is
read as Sydney local time, as AAP's own ingest does, with daylight saving from the zone database
(``zoneinfo``), and an info ``timezone-assumed`` diagnostic says so. Where the system has no zone
database, a fixed +10:00 is used and the diagnostic says that too. A line before ``TX#`` without a
tag continues the tag above it; an unknown tag is an ``unrecognised-header`` warning. The bytes are
Windows-1252 (0x92 for the apostrophe): the decoder's fallback handles them and reports it.

Example: ``PD#06 June 2016 14:00:00`` gives ``created`` ``2016-06-06T14:00:00+10:00``.
"""

from __future__ import annotations

import datetime as dt
import re

from wirecli.formats._common import (
    MONTH_PATTERN,
    MONTHS,
    Line,
    Message,
    StoryParser,
    WireFormat,
    lazy_compile,
    numbered_lines,
    offset_text,
    remove_controls,
)
from wirecli.model import (
    Block,
    BlockType,
    ParseOptions,
    Story,
    Subject,
    count_words,
)

NAME = "newsbites"
ZONE = "Australia/Sydney"
# Sydney standard time, for systems without a zone database.
_STANDARD_OFFSET = dt.timezone(dt.timedelta(hours=10))
COMPANY_SCHEME = "newsbites-company"
EXCHANGE_SCHEME = "newsbites-exchange"

_DETECT = lazy_compile(rb"(?:\A|[\r\n])[ \t]*zczc[ \t]*(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[A-Z]{2}#")
_START = lazy_compile(r"^[ \t]*zczc[ \t]*$")
_END = lazy_compile(r"^[ \t]*NNNN")
_TAG = lazy_compile(r"^(?P<tag>[A-Z]{2})#(?P<value>.*)$")
_PUBLISHED = lazy_compile(
    rf"^(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\.?\s+(?P<year>\d{{4}})\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?$",
    re.IGNORECASE,
)
_BY = lazy_compile(r"^[Bb]y\s+")
_KNOWN_TAGS = frozenset({"AN", "KN", "PD", "CO", "SO", "SF", "BY", "KY", "TI", "AB", "TX"})


def detect(head: bytes) -> bool:
    """A lower-case ``zczc`` line followed by a ``TAG#`` line."""
    # _DETECT has no fixed first byte, so a search tries it at every offset: look for zczc first.
    return b"zczc" in head and _DETECT.search(head) is not None


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one News Bites message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


class _Parser(StoryParser):
    format_name = NAME

    def story(self) -> Story:
        lines, removed = remove_controls(numbered_lines(self.message))
        self.diagnostics.extend(removed)
        preamble, content = self._split_frame(lines)
        tags, tag_lines, body_lines = self._read_tags(content)
        body = tuple(
            Block(BlockType.PARAGRAPH, line.text.strip()) for line in body_lines if line.text.strip()
        )
        where = content[0].number if content else self.message.line
        if not tags.get("TI"):
            self.report("missing-headline", where, "no TI# line, so the item has no headline")
        if not body:
            self.report("empty-body", where, "no text after TX#")
        created = self._created(tags.get("PD"), tag_lines.get("PD", where))
        source_name = tags.get("KN")
        subjects = [
            Subject(scheme, tags[tag])
            for tag, scheme in (("CO", COMPANY_SCHEME), ("SO", EXCHANGE_SCHEME))
            if tags.get(tag)
        ]
        return self.finish(
            preamble=tuple(line.text for line in preamble),
            code=tags.get("AN") or None,
            keyword=tags.get("KY") or None,
            headline=tags.get("TI") or None,
            summary=tags.get("AB") or None,
            byline=_BY.sub("", tags.get("BY", "")) or None,
            created=created,
            # Only the source the item names: nothing in it says which feed carried it.
            agencies=(source_name,) if source_name else (),
            body=body,
            word_count=count_words(body),
            subjects=tuple(subjects),
        )

    def _split_frame(self, lines: list[Line]) -> tuple[list[Line], list[Line]]:
        start = next((index for index, line in enumerate(lines) if _START.match(line.text)), None)
        if start is None:
            self.report("missing-framing", self.message.line, "no 'zczc' line starts the item")
            preamble, content = [], lines
        else:
            preamble = [line for line in lines[:start] if line.text.strip()]
            content = lines[start + 1 :]
        end = next((index for index, line in enumerate(content) if _END.match(line.text)), len(content))
        return preamble, content[:end]

    def _read_tags(self, lines: list[Line]) -> tuple[dict[str, str], dict[str, int], list[Line]]:
        """Tag values (last one wins), the line of each tag, and the body lines after ``TX#``."""
        tags: dict[str, str] = {}
        numbers: dict[str, int] = {}
        last: str | None = None
        for index, line in enumerate(lines):
            match = _TAG.match(line.text)
            if match is None:
                if not line.text.strip():
                    continue
                if last is None:
                    self.report(
                        "unrecognised-header", line.number, "text before the first TAG# line; ignored"
                    )
                else:
                    tags[last] = f"{tags[last]} {line.text.strip()}".strip()
                continue
            tag, value = match.group("tag"), match.group("value").strip()
            if tag == "TX":
                first = [Line(line.number, value)] if value else []
                return tags, numbers, first + lines[index + 1 :]
            if tag not in _KNOWN_TAGS:
                self.report("unrecognised-header", line.number, f"unknown tag {tag}#; ignored")
                last = None
                continue
            tags[tag], numbers[tag], last = value, line.number, tag
        return tags, numbers, []

    def _created(self, written: str | None, number: int) -> dt.datetime | None:
        if not written:
            return None
        match = _PUBLISHED.match(written)
        if match is None:
            self.report(
                "unparseable-date",
                number,
                f"PD# '{written}' is not 'DD Month YYYY HH:MM:SS'; created left empty",
            )
            return None
        try:
            local = dt.datetime(
                int(match.group("year")),
                MONTHS[match.group("month").title()],
                int(match.group("day")),
                int(match.group("hour")),
                int(match.group("minute")),
                int(match.group("second") or 0),
            )
        except ValueError:
            self.report("impossible-date", number, f"PD# '{written}' does not exist")
            return None
        zone, zone_name = _sydney()
        created = local.replace(tzinfo=zone)
        self.report(
            "timezone-assumed",
            number,
            f"PD# time read as {zone_name} local time ({offset_text(created)}); the feed names no zone",
        )
        return created


def _sydney() -> tuple[dt.tzinfo, str]:
    """Sydney's zone with daylight saving, or standard time where no zone database is installed."""
    import zoneinfo  # only items with a PD# line need it

    try:
        return zoneinfo.ZoneInfo(ZONE), ZONE
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _STANDARD_OFFSET, f"{ZONE} standard time (no zone database on this system)"


FORMAT: WireFormat = WireFormat(
    name=NAME,
    description="News Bites company news (lower-case zczc, TAG# lines: AN# KN# PD# ... TI# AB# TX#)",
    fields=(
        "preamble",
        "code",
        "keyword",
        "headline",
        "summary",
        "byline",
        "created",
        "agencies",
        "body",
        "subjects",
        "word_count",
    ),
    detect=detect,
    parse=parse,
)
