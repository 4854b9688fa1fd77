"""IPTC 7901 news service text, as dpa sends its English service (and other agencies their wires).

How it looks on the wire (Latin-1; text lines end CR LF, empty lines LF only, and in newer copy the
heading lines before the last end LF only)::

    SOH eca062 4 i 211 ccccb   dpa 061              <- code, priority, category, word count, [info],
                                                       agency service tag and number
    Germany-politics/                               <- keyword path (final slash dropped)
    STX REFILE                                      <- take keys (joined: "REFILE 1ST LEAD")
    1ST LEAD
    Germany Social Democrats: Talks could fail      <- headline
    By Anna Schmidt, dpa =                          <- byline; " =" closes the heading block

       Berlin (dpa) - Negotiations between ...      <- dateline + lead, hard-wrapped at ~70 columns
    paragraphs, separated by empty lines (the 2013 copy indents each by three spaces)

    # Notebook                                      <- notebook (or "# dpa NOTEBOOK"): editorial
    ## Note to editors                                 notes and links, kept apart from the body
    - adds quotes

    * * * *                                         <- editor note: from here to the signoff
    The following information is not for publication
    ## Editorial contacts
    - Reporting by: ...

    dpa wsz jln npr                                 <- signoff: agency + desk initials
    ETX 131137 GMT Nov 13                           <- trailer: day 13, 11:37 GMT, November 2013
    DEL
    DEL EOT

Fills: ``preamble`` (lines before SOH), ``code`` (``eca062``), ``priority`` (the digit, raw) and
``urgency`` (the same digit as a number: 7901 priorities already run 1 = most urgent to 9, so
digits 1-9 pass through unchanged; 0 or anything else leaves ``urgency`` empty), ``category``
(``i``, ``s``, ``rs``), ``transmitted_word_count``, ``keyword``, ``take_key``, ``headline``,
``byline`` (without "By "), ``dateline`` (text, place and credit; dpa datelines carry no date),
``agencies``, ``body`` (unwrapped paragraphs), ``notebook`` and ``editor_note`` (their lines joined
by newlines, without the ``# Notebook``, ``* * * *`` and "not for publication" marker lines),
``signoff``, ``created`` and ``word_count``. The SOH line's optional info field (``ccccb``) and
the agency's own service number (``061``) have no Story field and are not kept.

Agencies, distributor first and originator last: a credit names the partner first and dpa last
(``(tca/dpa)``: Tribune Content Agency copy distributed by dpa, whose SOH line says ``dpa-tns``
and whose signoff says ``dpa tca``), so the agency named by the SOH service tag moves to the front:
``["dpa", "tca"]``. A story without a credit lists the SOH agency alone.

The trailer's day and time are GMT; when ``GMT`` is missing (``211259 Nov 18``) UTC is still
assumed and an info diagnostic says so. Month names may be English or German (``Okt``, ``Mai``,
``Dez``, ``Mär``); two-digit years are read as 1970-2069. A story whose take key is in parentheses
(``(Achtung)``) is a service notice: it needs no dateline and no signoff (inferred from dpa's
notices, which have neither).

The framing bytes SOH, STX, ETX and the DEL/EOT tail are removed where the format puts them; a
control byte anywhere else is removed with a warning.

Example: the heading ``STX EXTRA`` / ``Peace talks set for Sweden =`` gives take key ``EXTRA`` and
headline ``Peace talks set for Sweden``; the signoff ``dpa grj rmo`` gives agencies ``["dpa"]`` and
initials ``["grj", "rmo"]``; the trailer ``071341 GMT Okt 15`` gives ``2015-10-07T13:41:00+00:00``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from wirecli.formats._common import (
    KNOWN_AGENCIES,
    MONTHS,
    Line,
    Message,
    StoryParser,
    WireFormat,
    agency_mismatch,
    blocks_of,
    lazy_compile,
    numbered_lines,
    remove_controls,
    split_signoff,
    unwrap,
)
from wirecli.formats.framing import End
from wirecli.model import (
    Block,
    BlockType,
    Dateline,
    ParseOptions,
    Signoff,
    Story,
    count_words,
)

NAME = "iptc7901"
WIRE_WIDTH = 80

SOH, STX, ETX, EOT, DEL = "\x01", "\x02", "\x03", "\x04", "\x7f"
_TAIL = f" \t{DEL}{EOT}"

_DETECT = lazy_compile(rb"\x01[A-Za-z]{1,6}\d{1,6} +\d +[A-Za-z]{1,3} +\d{1,6}[ \r\n]")
_HEADER = lazy_compile(
    r"^(?P<source>[A-Za-z]+)(?P<number>\d+)\s+(?P<priority>\d)\s+(?P<category>[A-Za-z]{1,3})"
    r"\s+(?P<words>\d+)(?:\s++(?P<rest>\S(?:.*\S)?))?\s*$"  # rest ends in a non-blank: linear
)
_CODE = lazy_compile(r"^[A-Za-z]+\d+$")
_HEADING_END = lazy_compile(r"(?:^|\s)=\s*$")
_BYLINE = lazy_compile(r"^By\s+(\S.*)$")
_SERVICE_NOTICE = lazy_compile(r"^\(.+\)$")
_NOTEBOOK = lazy_compile(r"^#\s*(?:dpa\s+)?notebook\s*$", re.IGNORECASE)
_STARS = lazy_compile(r"^\*(?:\s*\*){2,}$")
_NOT_FOR_PUBLICATION = lazy_compile(r"\bnot\s+(?:intended\s+)?for\s+publication\b", re.IGNORECASE)
_DATELINE = lazy_compile(
    r"^(?P<place>[^\W\d_][^()\n]{0,60}?)\s*\((?P<credit>[A-Za-z][A-Za-z-]*(?:\s*/\s*[A-Za-z][A-Za-z-]*){0,3})\)"
    r"\s*[-–—]{1,2}\s+"
)
_SIGNOFF = lazy_compile(r"^[A-Za-z][A-Za-z-]*(?:[ \t]+[a-z]{1,5})*$")
_TRAILER = lazy_compile(
    r"^(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})(?:\s+(?P<zone>GMT|UTC))?"
    r"\s+(?P<month>[^\W\d_]{3,9})\.?\s+(?P<year>\d{2}|\d{4})$"
)

_GERMAN_MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "mär": 3,
    "maerz": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
TRAILER_MONTHS: dict[str, int] = {name.lower(): number for name, number in MONTHS.items()} | _GERMAN_MONTHS


def detect(head: bytes) -> bool:
    """SOH followed by the 7901 header shape ``eca062 4 i 211``; ANPA's ``SOH W2870 US`` does not match."""
    return b"\x01" in head and _DETECT.search(head[:1024]) is not None  # memchr first: SOH is rare


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one IPTC 7901 message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


def trailer_month(name: str) -> int | None:
    """Month number of an English or German month name or abbreviation, any case."""
    return TRAILER_MONTHS.get(name.lower())


def full_year(written: str) -> int:
    """``13`` -> 2013, ``89`` -> 1989 (two-digit years pivot at 1970); four digits stay."""
    year = int(written)
    if len(written) == 4:
        return year
    return year + (2000 if year < 70 else 1900)


class _Header(NamedTuple):
    """What the SOH line says."""

    code: str | None = None
    priority: str | None = None
    category: str | None = None
    word_count: int | None = None
    agency: str | None = None
    """Agency service tag, e.g. ``dpa`` or ``dpa-tns``."""


class _Layout(NamedTuple):
    """Line positions of the message's parts, found from its framing bytes."""

    preamble: list[Line]
    header: Line | None
    before_heading: list[Line]
    """Lines between the SOH line and STX: the keyword line."""
    after_stx: list[Line]
    """From the STX line up to ETX: heading block and body."""
    has_stx: bool
    trailer: Line | None


class _Parser(StoryParser):
    format_name = NAME

    def __init__(self, message: Message, options: ParseOptions) -> None:
        StoryParser.__init__(self, message, options)
        self.text_cut_short = False
        """No ETX: the end of the story, signoff included, may be missing."""

    def story(self) -> Story:
        layout = self._layout(numbered_lines(self.message))
        header = self._header(layout.header)
        keyword = self._keyword(layout)
        take_key, headline, byline, body_lines = self._heading(layout)
        is_notice = take_key is not None and bool(_SERVICE_NOTICE.match(take_key))
        story_lines, notebook, editor_note, signoff_line = self._sections(body_lines, header.agency)
        self._check_width(story_lines)
        body, dateline = self._body(story_lines, header, is_notice)
        credit = _credit_parts(dateline)
        agencies = _agencies(credit, header.agency)
        signoff = self._signoff(signoff_line, credit, header.agency, is_notice, body_lines)
        created = self._created(layout.trailer)

        return self.finish(
            preamble=tuple(line.text for line in layout.preamble),
            code=header.code,
            keyword=keyword,
            headline=headline,
            byline=byline,
            urgency=_urgency(header.priority),
            priority=header.priority,
            category=header.category,
            take_key=take_key,
            dateline=dateline,
            agencies=agencies,
            body=body,
            signoff=signoff,
            editor_note=editor_note,
            notebook=notebook,
            created=created,
            word_count=count_words(body),
            transmitted_word_count=header.word_count,
        )

    # Framing

    def _layout(self, lines: list[Line]) -> _Layout:
        """Strip SOH, STX, ETX and the DEL/EOT tail where they belong, then any other control byte."""
        soh = _first(lines, 0, len(lines), lambda text: text.lstrip(" \t").startswith(SOH))
        start = 0 if soh is None else soh + 1
        etx = _first(lines, start, len(lines), lambda text: text.startswith(ETX))
        stop = len(lines) if etx is None else etx
        stx = _first(lines, start, stop, lambda text: text.startswith(STX))

        framed = list(lines)
        if soh is not None:
            framed[soh] = _without(framed[soh], SOH)
        if stx is not None:
            framed[stx] = _without(framed[stx], STX)
        # The DEL DEL EOT tail is framing, also when a cut-short message lost its ETX.
        tail_end = len(lines)
        while tail_end > start and not lines[tail_end - 1].text.strip(_TAIL):
            tail_end -= 1
        if etx is not None:
            framed[etx] = _without(framed[etx], ETX)
            stray = [line for line in lines[etx + 1 : tail_end] if line.text.strip(_TAIL)]
            if stray:
                self.report(
                    "trailing-text",
                    stray[0].number,
                    "text between the trailer and EOT belongs to no part of the story; it was dropped",
                )
            tail_end = etx + 1
        kept, removed = remove_controls(framed[:tail_end])
        self.diagnostics.extend(removed)
        self._check_end(lines, etx)

        if soh is None:
            self.report("missing-framing", self.message.line, "no SOH line starts the message")
        # Without ETX the text ends where the DEL/EOT tail begins, which may be before `stop`.
        text_end = min(stop, tail_end)
        heading_start = stx if stx is not None else _heading_start_without_stx(kept, start, text_end)
        return _Layout(
            preamble=[line for line in kept[: soh or 0] if line.text.strip()],
            header=None if soh is None else kept[soh],
            before_heading=kept[start:heading_start],
            after_stx=kept[heading_start:text_end],
            trailer=None if etx is None else kept[etx],
            has_stx=stx is not None,
        )

    def _check_end(self, lines: list[Line], etx: int | None) -> None:
        last = _last_text_line(lines)
        if etx is None:
            self.text_cut_short = True
            where = "before the next message starts" if self.message.end is End.NEXT else "at the end"
            self.report(
                "cut-short",
                last,
                f"no ETX and trailer {where}: the story text may be incomplete",
            )
        elif self.message.end is not End.MARKER:
            self.report("cut-short", last, "no EOT after the trailer: the message framing is incomplete")

    # Header, keyword, heading block

    def _header(self, line: Line | None) -> _Header:
        if line is None:
            return _Header()
        text = line.text.strip()
        match = _HEADER.match(text)
        if match is None:
            first = text.split(maxsplit=1)[0] if text else ""
            code = first if _CODE.match(first) else None
            self.report("garbled-header", line.number, f"SOH line '{text}' is not in the 7901 shape")
            if code is None:
                self.report("missing-code", line.number, "no story code such as 'eca062' after SOH")
            return _Header(code=code)
        return _Header(
            code=match.group("source") + match.group("number"),
            priority=match.group("priority"),
            category=match.group("category"),
            word_count=int(match.group("words")),
            agency=_service_agency(match.group("rest")),
        )

    def _keyword(self, layout: _Layout) -> str | None:
        candidates = [line for line in layout.before_heading if line.text.strip()]
        if not candidates:
            where = layout.header.number + 1 if layout.header else self.message.line
            self.report("missing-keyword", where, "no keyword line such as 'Germany-politics/' before STX")
            return None
        text = candidates[0].text.strip()
        return text[:-1] if text.endswith("/") else text

    def _heading(self, layout: _Layout) -> tuple[str | None, str | None, str | None, list[Line]]:
        """Take keys, headline and byline from the heading block; the lines after it are the body."""
        lines = layout.after_stx
        position = 0
        while position < len(lines) and not lines[position].text.strip():
            position += 1
        heading_start = position
        heading: list[Line] = []
        terminated = False
        while position < len(lines) and lines[position].text.strip():
            heading.append(lines[position])
            position += 1
            if _HEADING_END.search(heading[-1].text):
                terminated = True
                break
        if not terminated and not layout.has_stx:
            # Without STX and ' =' nothing marks a heading: these lines are the story's first paragraph.
            heading, position = [], heading_start
        body = lines[position:]
        if not heading:
            where = lines[min(heading_start, len(lines) - 1)].number if lines else self.message.line
            self.report("missing-headline", where, "no heading block (STX ... ' =') before the story text")
            return None, None, None, body
        if not terminated:
            self.report(
                "unterminated-heading",
                heading[-1].number,
                "no heading line ends with ' ='; the heading was taken up to the first empty line",
            )
        texts = [line.text.strip() for line in heading]
        texts[-1] = _HEADING_END.sub("", texts[-1]).strip()
        byline_match = _BYLINE.match(texts[-1])
        byline = byline_match.group(1).strip() if byline_match else None
        headline_position = len(texts) - (2 if byline_match else 1)
        headline = texts[headline_position] if headline_position >= 0 else None
        if not headline:
            self.report(
                "missing-headline", heading[-1].number, "the heading block has a byline but no headline"
            )
            headline = None
        take_keys = [text for text in texts[: max(headline_position, 0)] if text]
        return " ".join(take_keys) or None, headline, byline, body

    # Body sections

    def _sections(
        self, lines: list[Line], agency: str | None
    ) -> tuple[list[Line], str | None, str | None, Line | None]:
        """Story text, notebook, editor note and signoff line, in their order on the wire."""
        text_positions = [position for position, line in enumerate(lines) if line.text.strip()]
        signoff_at = text_positions[-1] if text_positions else None
        signoff_line = lines[signoff_at] if signoff_at is not None else None
        if signoff_line is None or not _looks_like_signoff(signoff_line.text.strip(), agency):
            signoff_at, signoff_line = None, None
        end = len(lines) if signoff_at is None else signoff_at
        notebook_at = _first(lines, 0, end, _is_notebook_opener)
        note_at, note_text_at = _editor_note_start(lines[:end])
        boundaries = sorted({at for at in (notebook_at, note_at) if at is not None} | {end})

        def section(marker: int | None, text_at: int) -> str | None:
            if marker is None:
                return None
            stop = next(boundary for boundary in boundaries if boundary > marker)
            return _section_text(lines[text_at:stop])

        notebook = section(notebook_at, (notebook_at or 0) + 1)
        editor_note = section(note_at, note_text_at)
        return lines[: boundaries[0]], notebook, editor_note, signoff_line

    def _check_width(self, lines: list[Line]) -> None:
        for line in lines:
            if len(line.text) > WIRE_WIDTH:
                self.report(
                    "long-line",
                    line.number,
                    f"line is {len(line.text)} characters, wider than {WIRE_WIDTH}",
                )

    def _body(
        self, lines: list[Line], header: _Header, is_notice: bool
    ) -> tuple[tuple[Block, ...], Dateline | None]:
        body: list[Block] = []
        dateline: Dateline | None = None
        for position, block in enumerate(blocks_of(lines)):
            text, joins = unwrap(block)
            self.diagnostics.extend(joins)
            if position == 0:
                dateline = _dateline(text, header.agency)
                if dateline is None and not is_notice:
                    self.report(
                        "missing-credit-dateline",
                        block[0].number,
                        "the first paragraph does not open with 'City (dpa) - '",
                    )
            body.append(Block(BlockType.PARAGRAPH, text))
        if not body:
            where = lines[0].number if lines else self.message.line
            self.report("empty-body", where, "the story has no paragraphs after the heading block")
        return tuple(body), dateline

    def _signoff(
        self,
        line: Line | None,
        credit: tuple[str, ...],
        agency: str | None,
        is_notice: bool,
        lines: list[Line],
    ) -> Signoff | None:
        if line is None:
            if not is_notice and not self.text_cut_short:
                where = _last_text_line(lines) or self.message.line
                self.report("missing-signoff", where, "no signoff line such as 'dpa wsz jln' at the end")
            return None
        text = line.text.strip()
        parts = text.split()
        signoff = split_signoff(text, parts, None, (*credit, *_agency_names(agency)))
        self.diagnostics.extend(agency_mismatch(signoff, credit, line.number))
        return signoff

    # Trailer

    def _created(self, line: Line | None) -> dt.datetime | None:
        if line is None:
            return None  # already reported as cut short
        text = line.text.strip()
        match = _TRAILER.match(text)
        month = trailer_month(match.group("month")) if match else None
        if match is None or month is None:
            self.report(
                "unparseable-trailer",
                line.number,
                f"trailer '{text}' is not 'DDHHMM GMT Mon YY'" if text else "no transmission time after ETX",
            )
            return None
        try:
            created = dt.datetime(
                full_year(match.group("year")),
                month,
                int(match.group("day")),
                int(match.group("hour")),
                int(match.group("minute")),
                tzinfo=dt.UTC,
            )
        except ValueError:
            self.report(
                "unparseable-trailer", line.number, f"trailer '{text}' names a time that does not exist"
            )
            return None
        if match.group("zone") is None:
            self.report(
                "timezone-assumed",
                line.number,
                f"trailer '{text}' names no zone; read as UTC, as dpa trailers are stamped in GMT",
            )
        return created


def _first(lines: Sequence[Line], start: int, stop: int, test: Callable[[str], bool]) -> int | None:
    for position in range(start, stop):
        if test(lines[position].text):
            return position
    return None


def _is_notebook_opener(text: str) -> bool:
    text = text.strip()
    return text.startswith("#") and bool(_NOTEBOOK.match(text))


def _heading_start_without_stx(lines: Sequence[Line], start: int, stop: int) -> int:
    """Without STX the heading follows the keyword line, when the first line after SOH is one."""
    first = _first(lines, start, stop, lambda text: bool(text.strip()))
    if first is not None and lines[first].text.strip().endswith("/"):
        return first + 1
    return start


def _without(line: Line, framing: str) -> Line:
    """The line with its first framing byte removed (leading blanks before it kept out too)."""
    text = line.text
    position = text.find(framing)
    return Line(line.number, text[:position].strip() + text[position + 1 :] if position >= 0 else text)


def _last_text_line(lines: Sequence[Line]) -> int | None:
    for line in reversed(lines):
        if line.text.strip(_TAIL):
            return line.number
    return lines[0].number if lines else None


def _service_agency(rest: str | None) -> str | None:
    """The agency service tag in ``[info] <agency> <number>`` at the end of the SOH line."""
    tokens = rest.split() if rest else []
    if tokens and tokens[-1].isdigit():
        tokens.pop()
    return tokens[-1] if tokens else None


def _urgency(priority: str | None) -> int | None:
    if priority is None or priority == "0":
        return None
    return int(priority)


def _agency_names(agency: str | None) -> tuple[str, ...]:
    """``dpa-tns`` -> ``("dpa",)``: the agency behind a service tag."""
    if not agency:
        return ()
    return (agency.split("-", 1)[0],)


def _credit_parts(dateline: Dateline | None) -> tuple[str, ...]:
    if dateline is None or dateline.credit is None:
        return ()
    return tuple(part.strip() for part in dateline.credit.split("/"))


def _agencies(credit: tuple[str, ...], agency: str | None) -> tuple[str, ...]:
    """Distributor first: the SOH service agency leads, the credit's other agencies follow in order."""
    distributor = _agency_names(agency)
    if not credit:
        return distributor
    if distributor and distributor[0].lower() in (part.lower() for part in credit):
        leading = next(part for part in credit if part.lower() == distributor[0].lower())
        return (leading, *(part for part in credit if part is not leading))
    return credit


def _dateline(text: str, agency: str | None) -> Dateline | None:
    match = _DATELINE.match(text)
    if match is None:
        return None
    credit = match.group("credit")
    known = {name.upper() for name in _agency_names(agency)} | KNOWN_AGENCIES
    # "President Steinmeier (SPD) - ..." is not a dateline: the credit must name an agency.
    if not any(part.strip().upper() in known for part in credit.split("/")):
        return None
    return Dateline(
        text=text[: match.end("credit") + 1],
        place=match.group("place").strip(),
        date=None,
        credit="/".join(part.strip() for part in credit.split("/")),
    )


def _looks_like_signoff(text: str, agency: str | None) -> bool:
    """An agency (well known, or the one in the SOH line) followed by lower-case desk initials."""
    if not _SIGNOFF.match(text):
        return False
    first = text.split(maxsplit=1)[0].upper()
    return first in KNOWN_AGENCIES or first in {name.upper() for name in _agency_names(agency)}


def _editor_note_start(lines: Sequence[Line]) -> tuple[int | None, int]:
    """Where the editor note's markers start (``* * * *``) and where its text starts after them."""
    for position, line in enumerate(lines):
        text = line.text.strip()
        if text[:13].lower() == "the following" and _NOT_FOR_PUBLICATION.search(text):
            return position, position + 1
        if text.startswith("*") and _STARS.match(text):
            notice = _first(lines, position + 1, len(lines), lambda text: bool(text.strip()))
            if notice is not None and _NOT_FOR_PUBLICATION.search(lines[notice].text):
                return position, notice + 1
    return None, 0


def _section_text(lines: Sequence[Line]) -> str | None:
    """Lines of a notebook or editor note, right-trimmed, without empty lines at either end."""
    texts = [line.text.rstrip() for line in lines]
    while texts and not texts[0]:
        texts.pop(0)
    while texts and not texts[-1]:
        texts.pop()
    return "\n".join(texts) or None


FORMAT = WireFormat(
    name=NAME,
    description="IPTC 7901 (dpa English service: SOH header, keyword path, STX heading ' =', ETX trailer)",
    fields=(
        "preamble",
        "code",
        "keyword",
        "headline",
        "byline",
        "urgency",
        "priority",
        "category",
        "take_key",
        "dateline",
        "agencies",
        "body",
        "signoff",
        "editor_note",
        "notebook",
        "created",
        "word_count",
        "transmitted_word_count",
    ),
    detect=detect,
    parse=parse,
)
