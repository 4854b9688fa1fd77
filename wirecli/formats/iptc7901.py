"""IPTC 7901 news service text, as the standard lays it out and as agencies send it (dpa, SDA/ATS ...).

How it looks on the wire (Latin-1 or UTF-8; CR LF or LF line ends, mixed in dpa's English copy)::

    SOH eca062 4 i 211 ccccb   dpa 061              <- code (service mnemonic + number), priority,
                                                       category, [word count], [info], service tag
    Germany-politics/                               <- keyword path (final slash dropped)
    STX (Eil BEL BEL BEL BEL BEL)                   <- urgency line: take key "(Eil)", urgency 2
    (Berichtigung: Uhrzeit korrigiert)              <- correction: take key (kept in brackets)
    (KORR-Bericht)                                  <- genre line: genre "KORR-Bericht"
    REFILE                                          <- capitals-only status lines: take keys
    Coalition talks could fail as party             <- headline, wrapped: lines joined
    leaders dig in                                     ("Wahlrechts-" + "Reform": hyphen kept)
    Von Anna Schmidt und Jan Beispiel, dpa          <- byline (By/Von/Par/Di/Door/Por ...)
    (Foto Illustration) =                           <- picture note: media_note; " =" ends the block

    Two sentences of teaser, its own paragraph.     <- teaser: body text before the dateline
    Berlin (dpa) - Negotiations between ...         <- dateline + lead, hard-wrapped at ~70 columns
    | Team | Pts |                                  <- rows framed by "|": one table block
    paragraphs, separated by empty lines (the 2013 copy indents each by three spaces)

    # Notebook                                      <- notebook (# Notizblock, # Bloc-notes ...):
    ## Note to editors                                 notes and links, kept apart from the body
    - adds quotes
    * * * *                                         <- editor note: from here to the signoff
    The following information is not for publication   (any of six languages' markers)
    ## Editorial contacts
    - Reporting by: ...

    dpa wsz jln npr                                 <- signoff: agency + desk codes (kre/su, a3, lön)
    ETX 131137 GMT Nov 13                           <- trailer: day 13, 11:37 GMT, November 2013
    DEL
    DEL EOT

Fills: ``preamble`` (lines before SOH), ``code`` (``eca062``, ``europapress-int4993``),
``priority`` (the digit, raw) and ``urgency`` (the same digit as a number: 7901 priorities already
run 1 = most urgent to 9; 0 leaves it empty, and then a heading urgency line counts: Blitz/FLASH 1,
Eil/URGENT 2), ``category`` (``i``, ``s``, ``rs``, ``vm``), ``transmitted_word_count``,
``keyword``, ``take_key``, ``genre``, ``headline``, ``byline`` (without its leading word),
``media_note``, ``dateline`` (text, place, credit, and a date where one is written:
``MADRID, 21 Nov. 2024 (Europa Press) -``), ``agencies``, ``body`` (unwrapped paragraphs, ``|``
tables as table blocks), ``notebook`` and ``editor_note`` (their lines joined by newlines, without
the opener, ``* * * *`` and marker lines), ``signoff``, ``created`` and ``word_count``.

The heading block, item by item: bracketed lines (a bracket may run over several lines) are urgency
``(Eil)``/``(Blitz)``, a correction or status signal (``(Berichtigung: ...)``, ``(Aktualisierung)``,
``(Achtung)``: take keys), a picture or graphic note (``(Foto ...)``, ``(mit Grafik)``: media note,
and any bracketed line after the headline), or else the genre line (``(KORR-Bericht)``,
``(Achtung - Planungshinweis)``). An international heading's ``URGENT:``/``FLASH:``/``URGENTE``
prefix is taken off the title into the take key. Of the unbracketed lines, the last one is the
byline when it reads like one; lines in capitals only before the title (``REFILE``, ``1ST LEAD``)
are take keys; the others are grouped into wrapped titles (a line continues the one before when
that one could not hold its first word within ~60 columns) and the last group is the headline.
When that choice was a guess, an info diagnostic (``headline-guessed``) names the lines.

The dateline is looked for in the first three paragraphs (a dpa teaser comes first: then an info
``dateline-after-teaser``): ``Place (credit) -``, the place may hold parentheses (``Halle (Saale)
(dpa/lah) -``), and when every part of the credit is a known agency the dash may be missing
(``Paris (ats afp) Les ...``). A dateline alone in its paragraph opens the next one.

The signoff is the last line, an agency followed by desk codes, or a credit in parentheses at the
end of the last paragraph (``... (ats afp)``). Blocks after the signoff that hold contact details
go to ``editor_note`` with a ``possible-private-text`` warning.

Agencies, distributor first and originator last: a credit names the partner first and dpa last
(``(tca/dpa)``: Tribune Content Agency copy distributed by dpa, whose SOH line says ``dpa-tns``
and whose signoff says ``dpa tca``), so the agency named by the SOH service tag moves to the front
when the credit names it: ``["dpa", "tca"]``; otherwise the credit alone gives the agencies. A
story without a credit lists the SOH agency alone.

The trailer's day and time are GMT; when ``GMT`` is missing (``211259 Nov 18``) UTC is still
assumed and an info diagnostic says so. Month names may be English or German (``Okt``, ``Mai``,
``Dez``, ``Mär``); two-digit years are read as 1970-2069. A story whose take key is ``(Achtung)``
is a service notice: it needs no dateline and no signoff (inferred from dpa's notices).

Framing: padding (NUL, SYN, DEL) may stand before SOH; the framing bytes SOH, STX, ETX and the
DEL/EOT tail are removed where the format puts them, the BEL bytes of an urgency line silently, any
other control byte with a warning. Copy whose control bytes were all stripped on the way is still
7901 when its first line has the header's shape and the next one is a keyword path ending in ``/``
(info ``stripped-framing``): the heading then ends at `` =`` and the trailer is the last line.

Example: the heading ``STX EXTRA`` / ``Peace talks set for Sweden =`` gives take key ``EXTRA`` and
headline ``Peace talks set for Sweden``; the signoff ``dpa grj rmo`` gives agencies ``["dpa"]`` and
initials ``["grj", "rmo"]``; the trailer ``071341 GMT Okt 15`` gives ``2015-10-07T13:41:00+00:00``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from operator import attrgetter
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
    remove_controls,
    resolve_date,
    split_signoff,
    unwrap,
)
from wirecli.formats._editorial import (
    byline_of,
    has_contact,
    is_notebook_opener,
    marker_stems_in,
    private_marker_span,
)
from wirecli.formats.framing import End
from wirecli.model import (
    Block,
    BlockType,
    Dateline,
    Diagnostic,
    ParseOptions,
    Signoff,
    Story,
)

NAME = "iptc7901"
WIRE_WIDTH = 80
# A heading line continues the one before when that one could not take its first word within this
# many columns: dpa wraps at 69, others at 70-80; a take key line ("1ST LEAD") is far shorter.
_WRAP_HINT = 58
_DATELINE_PARAGRAPHS = 3
_QUOTES = "«»“”„‹›\"'"

SOH, STX, ETX, EOT, DEL, BEL = "\x01", "\x02", "\x03", "\x04", "\x7f", "\x07"
_TAIL = f" \t{DEL}{EOT}"
_PADDING = " \t\x00\x16\x7f"

_DETECT = lazy_compile(rb"\x01[A-Za-z][A-Za-z-]{0,24}\d{1,6} +\d +[A-Za-z]{1,3}(?: +\d{1,6})?[ \r\n]")
# Control bytes stripped: the header line's shape, then a keyword path ending in "/".
_DETECT_PLAIN = lazy_compile(
    rb"\A[ \t\r\n\x00\x16\x7f]*[A-Za-z][A-Za-z-]{0,24}\d{1,6} +\d +[A-Za-z]{1,3} +\d{1,6}(?: +[\w-]+)* *\r?\n"
    rb"[ \t\r\n\x7f]*[^\r\n]*/[ \t]*\r?\n"
)
_HEADER = lazy_compile(
    r"^(?P<source>[A-Za-z][A-Za-z-]*?)(?P<number>\d+)\s+(?P<priority>\d)\s+(?P<category>[A-Za-z]{1,3})"
    r"(?:\s+(?P<words>\d+))?(?:\s++(?P<rest>\S(?:.*\S)?))?\s*$"  # rest ends in a non-blank: linear
)
_CODE = lazy_compile(r"^[A-Za-z][A-Za-z-]*\d+$")
_HEADING_END = lazy_compile(r"(?:^|\s)=\s*$")
_STARS = lazy_compile(r"^\*(?:\s*\*){2,}$")
_MARKDOWN_HEADING = lazy_compile(r"^#{1,3}\s+\S")
_NON_BLANK = lazy_compile(r"\S")
_TABLE_ROW = lazy_compile(r"^\s*\|.*\|\s*$")
_LIST_ITEM = lazy_compile(r"^ {1,4}(?:[*•]|\d{1,3}\.) +\S")
# In lines joined by LF, after an LF put before the first: a literal first character lets the search
# skip ahead in C, where "^" with MULTILINE would be tried at every character.
_LIST_ITEMS = lazy_compile(r"\n {1,4}(?:[*•]|\d{1,3}\.) +\S")
_CREDIT = lazy_compile(
    r"\((?P<credit>[^\W\d_][\w.&'’ -]{0,30}?(?:\s*/\s*[^\W\d_][\w.&'’ -]{0,30}?){0,4})\)"
    r"(?P<dash>[ \t]*[-–—]{1,2}(?=\s|$))?"
)
_PLACE_DATE = lazy_compile(
    r"^(?P<place>.+?),\s*(?:(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]{3,10})\.?|"
    r"(?P<month2>[^\W\d_]{3,10})\.?\s+(?P<day2>\d{1,2}))(?:,?\s+(?P<year>\d{4}))?$"
)
_SIGNOFF = lazy_compile(
    r"^[^\W\d_][\w-]*(?:[ \t/]+[a-zäöüßàâçéèêëîïôûùüñ0-9][a-zäöüßàâçéèêëîïôûùüñ0-9.]{0,5})*/?$"
)
_CLOSING_IN_PARENTHESES = lazy_compile(
    r"\s*\((?P<closing>[^\W\d_][\w-]*(?:[ /]+[^\W\d_][\w.-]{0,11}){0,5})\)\s*$"
)
_TRAILER = lazy_compile(
    r"^(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})(?:\s+(?P<zone>GMT|UTC))?"
    r"\s+(?P<month>[^\W\d_]{3,9})\.?\s+(?P<year>\d{2}|\d{4})$"
)
# Heading lines in brackets, by what their first words say.
_URGENCY_WORDS = {
    "blitz": 1,
    "flash": 1,
    "eil": 2,
    "eilt": 2,
    "urgent": 2,
    "urgente": 2,
    "dringend": 2,
    "spoed": 2,
}
_URGENCY_PREFIX = lazy_compile(r"^(?P<word>URGENTE|URGENT|FLASH|EILT|EIL|BLITZ)\b\s*:?\s+(?=\S)")
_SIGNAL = lazy_compile(
    r"^(?:Berichtigung|Korrektur|Aktualisierung|Wiederholung|Achtung|Correction|Corrected|Update|"
    r"Repeat|Rectificatif|Correctif|Mise à jour|Répétition|Rectificación|Corrección|Actualización|"
    r"Repetición|Rettifica|Correzione|Aggiornamento|Ripetizione|Correctie|Rectificatie|Herhaling)"
    r"(?:\s*:.*)?$",
    re.IGNORECASE,
)
_NOTICE = lazy_compile(r"^\((?:Achtung|Attention|Attenzione|Atención|Let op)\)", re.IGNORECASE)
_MEDIA = lazy_compile(
    r"^(?:\S+\s+){0,2}?(?:Fotos?|Bild(?:er)?|Grafik(?:en)?|Infografik|Videos?|Audio|Photos?|Pictures?|"
    r"Graphics?|Images?|Infographics?|Vidéo|Infographie|Imagen(?:es)?|Gráficos?|Immagin[ei]|Grafica|"
    r"Infografica|Afbeelding(?:en)?|Beeld)\b",
    re.IGNORECASE,
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
# Datelines of the French, Spanish, Italian and Dutch services name months in their language.
_DATELINE_MONTHS: dict[str, int] = TRAILER_MONTHS | {
    **dict.fromkeys(("janvier", "janv"), 1),
    **dict.fromkeys(("février", "févr", "fév"), 2),
    **dict.fromkeys(("mars",), 3),
    **dict.fromkeys(("avril", "avr"), 4),
    **dict.fromkeys(("juin",), 6),
    **dict.fromkeys(("juillet", "juil"), 7),
    **dict.fromkeys(("août",), 8),
    **dict.fromkeys(("septembre", "sept"), 9),
    **dict.fromkeys(("octobre",), 10),
    **dict.fromkeys(("novembre",), 11),
    **dict.fromkeys(("décembre", "déc"), 12),
    **dict.fromkeys(("enero", "ene", "gennaio", "gen", "januari"), 1),
    **dict.fromkeys(("febrero", "febbraio", "februari"), 2),
    **dict.fromkeys(("marzo", "maart", "mrt"), 3),
    **dict.fromkeys(("abril", "abr", "aprile"), 4),
    **dict.fromkeys(("mayo", "may", "maggio", "mag", "mei"), 5),
    **dict.fromkeys(("junio", "giugno", "giu", "juni"), 6),
    **dict.fromkeys(("julio", "luglio", "lug", "juli"), 7),
    **dict.fromkeys(("agosto", "ago", "augustus"), 8),
    **dict.fromkeys(("septiembre", "settembre", "set", "sett"), 9),
    **dict.fromkeys(("octubre", "ottobre", "ott", "oktober"), 10),
    **dict.fromkeys(("noviembre",), 11),
    **dict.fromkeys(("diciembre", "dicembre", "dic"), 12),
}
# Credits of the agencies that send 7901 copy, beyond the well-known ones of the signoff table: a
# dateline credit must name one, or "President Example (SPD) - " would be a dateline.
CREDIT_AGENCIES = KNOWN_AGENCIES | frozenset(
    {
        "ADNKRONOS",
        "AGERPRES",
        "AGI",
        "ANA",
        "ANP",
        "ANTARA",
        "ATS",
        "AFX",
        "BTA",
        "CTK",
        "EP",
        "EPD",
        "EUROPA PRESS",
        "HINA",
        "INTERFAX",
        "IRNA",
        "JIJI",
        "KEYSTONE",
        "KEYSTONE-ATS",
        "KEYSTONE-SDA",
        "KNA",
        "LUSA",
        "MTI",
        "NTB",
        "PA",
        "PAP",
        "RITZAU",
        "SDA",
        "SID",
        "STA",
        "STT",
        "TANJUG",
        "TT",
        "UPI",
    }
)
_LOWER_AGENCIES = frozenset(agency.lower() for agency in CREDIT_AGENCIES)
_block_text: Callable[[Block], str] = attrgetter("text")
# Every byte but the control characters that remove_controls() takes out (C0 but TAB and LF, DEL, C1).
_NOT_CONTROL_BYTES = bytes([9, 10, *range(0x20, 0x7F), *range(0xA0, 0x100)])
# Every Latin-1 byte but whitespace other than the space (str.split() splits at all of them).
_NOT_WHITESPACE_BUT_SPACE = bytes(byte for byte in range(256) if byte == 0x20 or not chr(byte).isspace())


def detect(head: bytes) -> bool:
    """SOH followed by the 7901 header shape ``eca062 4 i 211``, or that shape with the control
    bytes stripped and a keyword path after it; ANPA's ``SOH W2870 US`` does not match."""
    if b"\x01" in head:  # memchr first: SOH is rare
        return _DETECT.search(head[:1024]) is not None
    return _DETECT_PLAIN.match(head[:1024]) is not None


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one IPTC 7901 message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


def trailer_month(name: str) -> int | None:
    """Month number of a month name or abbreviation (English, German, French, Spanish, Italian,
    Dutch), any case."""
    return _DATELINE_MONTHS.get(name.lower())


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
    """The message's parts, found from its framing bytes; line texts, not ``Line`` objects: a
    story's lines are numbered one after the other, so a first line number says the rest."""

    preamble: list[str]
    header: Line | None
    before_heading: list[str]
    """Lines between the SOH line and STX: the keyword line."""
    after_stx: list[str]
    """From the STX line up to ETX: heading block and body."""
    after_stx_line: int
    """The line number of ``after_stx[0]``."""
    has_stx: bool
    trailer: Line | None


class _Heading(NamedTuple):
    """The heading block, item by item."""

    take_key: str | None = None
    genre: str | None = None
    headline: str | None = None
    byline: str | None = None
    media_note: str | None = None
    urgency: int | None = None
    notice: bool = False


class _Item(NamedTuple):
    """One heading item: a line, or a bracket that may run over several lines."""

    line: int
    text: str
    bracketed: bool
    lines: tuple[Line, ...]


class _Sections(NamedTuple):
    """The parts of the text after the heading block, in their order on the wire."""

    story: list[str]
    """Lines of the story text, numbered on from the first body line."""
    notebook: str | None
    editor_note: str | None
    signoff: Line | None


class _Parser(StoryParser):
    format_name = NAME

    def __init__(self, message: Message, options: ParseOptions) -> None:
        StoryParser.__init__(self, message, options)
        self.text_cut_short = False
        """No ETX: the end of the story, signoff included, may be missing."""

    def story(self) -> Story:
        layout = self._layout(self.message.text.split("\n"))
        header = self._header(layout.header)
        keyword = self._keyword(layout)
        heading, body_lines, body_line = self._heading(layout)
        sections = self._sections(body_lines, body_line, header.agency)
        self._check_width(sections.story, body_line)
        body, dateline, closing = self._body(sections.story, body_line, header, heading.notice)
        credit = _credit_parts(dateline)
        agencies = _agencies(credit, header.agency)
        signoff = self._signoff(
            sections.signoff,
            closing,
            credit,
            header.agency,
            heading.notice,
            _last_text_line(body_lines, body_line),
        )
        created = self._created(layout.trailer)
        urgency = _urgency(header.priority)

        return self.finish(
            preamble=tuple(layout.preamble),
            code=header.code,
            keyword=keyword,
            headline=heading.headline,
            byline=heading.byline,
            urgency=urgency if urgency is not None else heading.urgency,
            priority=header.priority,
            category=header.category,
            take_key=heading.take_key,
            dateline=dateline,
            agencies=agencies,
            body=body,
            signoff=signoff,
            editor_note=sections.editor_note,
            notebook=sections.notebook,
            media_note=heading.media_note,
            created=created,
            word_count=_word_count(body),
            transmitted_word_count=header.word_count,
            genre=heading.genre,
        )

    # Framing

    def _layout(self, lines: list[str]) -> _Layout:
        """Strip SOH, STX, ETX and the DEL/EOT tail where they belong, then any other control byte."""
        text = self.message.text
        first = self.message.line
        soh = _soh_line_at(lines) if SOH in text else None
        stripped = False
        if soh is None:
            soh = _plain_header_at(lines)
            stripped = soh is not None
        start = 0 if soh is None else soh + 1
        etx = _first_starting(text, ETX, start, len(lines))
        trailer_at = etx
        if etx is None and stripped:
            trailer_at = _plain_trailer_at(lines, start)
        stop = len(lines) if trailer_at is None else trailer_at
        stx = _first_starting(text, STX, start, stop)
        if stripped and (stx is not None or etx is not None):
            stripped = False  # only SOH is missing: damaged framing, reported below

        framed = list(lines)
        if soh is not None and not stripped:
            framed[soh] = _without_padding(framed[soh])
        if stx is not None:
            framed[stx] = _without(framed[stx], STX)
        # The DEL DEL EOT tail is framing, also when a cut-short message lost its ETX.
        tail_end = len(lines)
        while tail_end > start and not lines[tail_end - 1].strip(_TAIL):
            tail_end -= 1
        if trailer_at is not None:
            if etx is not None:
                framed[etx] = _without(framed[etx], ETX)
            for position in range(trailer_at + 1, tail_end):
                if lines[position].strip(_TAIL):
                    self.report(
                        "trailing-text",
                        first + position,
                        "text between the trailer and EOT belongs to no part of the story; it was dropped",
                    )
                    break
            tail_end = trailer_at + 1
        heading_start = stx if stx is not None else _heading_start_without_stx(framed, start, stop)
        if BEL in text:
            _silence_urgency_bells(framed, heading_start, stop)
        kept = self._remove_controls(framed[:tail_end], first)
        self._check_end(lines, trailer_at, stripped)

        if stripped:
            assert soh is not None
            self.report(
                "stripped-framing",
                first + soh,
                "no SOH, STX or ETX: the 7901 header, heading and trailer were read from their shape",
            )
        elif soh is None or not _is_soh_line(lines[soh]):
            self.report("missing-framing", self.message.line, "no SOH line starts the message")
        # Without ETX the text ends where the DEL/EOT tail begins, which may be before `stop`.
        text_end = min(stop, tail_end)
        return _Layout(
            preamble=[line for line in kept[: soh or 0] if line.strip()],
            header=None if soh is None else Line(first + soh, kept[soh]),
            before_heading=kept[start:heading_start],
            after_stx=kept[heading_start:text_end],
            after_stx_line=first + heading_start,
            trailer=None if trailer_at is None else Line(first + trailer_at, kept[trailer_at]),
            has_stx=stx is not None,
        )

    def _remove_controls(self, lines: list[str], first: int) -> list[str]:
        """``remove_controls`` for line texts; ``Line`` objects are built only when there is one to remove."""
        # The common case: no control character. Every one is below U+00A0, so the Latin-1 bytes (the
        # rest ignored) hold them all, and a byte table finds them faster than str.isprintable().
        if not "".join(lines).encode("latin-1", "ignore").translate(None, _NOT_CONTROL_BYTES):
            return lines
        kept, removed = remove_controls([Line(first + position, text) for position, text in enumerate(lines)])
        self.diagnostics.extend(removed)
        return [line.text for line in kept]

    def _check_end(self, lines: list[str], trailer_at: int | None, stripped: bool) -> None:
        last = _last_text_line(lines, self.message.line)
        if trailer_at is None:
            self.text_cut_short = True
            where = "before the next message starts" if self.message.end is End.NEXT else "at the end"
            self.report(
                "cut-short",
                last,
                f"no ETX and trailer {where}: the story text may be incomplete",
            )
        elif self.message.end is not End.MARKER and not stripped and not _ends_in_eot(lines, trailer_at):
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
        words = match.group("words")
        return _Header(
            code=match.group("source") + match.group("number"),
            priority=match.group("priority"),
            category=match.group("category"),
            word_count=int(words) if words is not None else None,
            agency=_service_agency(match.group("rest")),
        )

    def _keyword(self, layout: _Layout) -> str | None:
        candidates = [line for line in layout.before_heading if line.strip()]
        if not candidates:
            where = layout.header.number + 1 if layout.header else self.message.line
            self.report("missing-keyword", where, "no keyword line such as 'Germany-politics/' before STX")
            return None
        text = candidates[0].strip()
        return text[:-1] if text.endswith("/") else text

    def _heading(self, layout: _Layout) -> tuple[_Heading, list[str], int]:
        """The heading block's items; the lines after it are the body (and the first one's number)."""
        lines = layout.after_stx
        first = layout.after_stx_line
        position = 0
        while position < len(lines) and not lines[position].strip():
            position += 1
        heading_start = position
        heading: list[Line] = []
        terminated = False
        while position < len(lines) and lines[position].strip():
            heading.append(Line(first + position, lines[position]))
            position += 1
            if _HEADING_END.search(heading[-1].text):
                terminated = True
                break
        if not terminated and not layout.has_stx:
            # Without STX and ' =' nothing marks a heading: these lines are the story's first paragraph.
            heading, position = [], heading_start
        body = lines[position:]
        if not heading:
            where = first + min(heading_start, len(lines) - 1) if lines else self.message.line
            self.report("missing-headline", where, "no heading block (STX ... ' =') before the story text")
            return _Heading(), body, first + position
        if not terminated:
            self.report(
                "unterminated-heading",
                heading[-1].number,
                "no heading line ends with ' ='; the heading was taken up to the first empty line",
            )
        last = heading[-1]
        heading[-1] = Line(last.number, _HEADING_END.sub("", last.text).strip())
        return self._read_heading([line for line in heading if line.text.strip()]), body, first + position

    def _read_heading(self, lines: list[Line]) -> _Heading:
        """Each heading item into its field (see the module docstring for the rules)."""
        items = _heading_items(lines)
        plain = [position for position, item in enumerate(items) if not item.bracketed]
        byline = None
        byline_at = None
        if plain:
            candidate = items[plain[-1]]
            byline = byline_of(candidate.text, _LOWER_AGENCIES, lenient=True)
            if byline is not None:
                byline_at = plain.pop()
        take_keys: list[str] = []
        genres: list[str] = []
        media: list[str] = []
        urgency: int | None = None
        groups = self._title_groups([items[position] for position in plain])
        headline_group = groups.pop() if groups else []
        headline_at = _position(items, headline_group[0]) if headline_group else None
        guessed = [group for group in groups if not _is_status_line(group)]
        notice = False
        for position, item in enumerate(items):
            if not item.bracketed:
                if headline_group and item is headline_group[0]:
                    continue
                group = next((group for group in groups if group[0] is item), None) if groups else None
                if group is not None:
                    take_keys.append(" ".join(part.text for part in group))
                continue
            if not notice and _NOTICE.match(item.text):
                notice = True
            inside = item.text[1 : item.text.find(")")].strip() if ")" in item.text else item.text[1:]
            word = inside.split(maxsplit=1)[0].lower() if inside else ""
            if word in _URGENCY_WORDS and len(inside.split()) == 1:
                urgency = urgency or _URGENCY_WORDS[word]
                take_keys.append(f"({inside})")
            elif _SIGNAL.match(inside):
                take_keys.append(item.text)
            elif _MEDIA.match(inside) or (headline_at is not None and position > headline_at):
                media.append(_unbracketed(item.text))
            else:
                genres.append(_unbracketed(item.text))
        headline = None
        if headline_group:
            headline, joins = unwrap([line for item in headline_group for line in item.lines])
            self.diagnostics.extend(joins)
            prefix = _URGENCY_PREFIX.match(headline)
            if prefix is not None:
                word = prefix.group("word")
                urgency = urgency or _URGENCY_WORDS[word.lower()]
                take_keys.append(word)
                headline = headline[prefix.end() :]
            self._report_guess(headline_group, guessed)
        elif byline_at is not None:
            self.report(
                "missing-headline", items[byline_at].line, "the heading block has a byline but no headline"
            )
        return _Heading(
            take_key=" ".join(take_keys) or None,
            genre="; ".join(genres) or None,
            headline=headline or None,
            byline=byline,
            media_note="; ".join(media) or None,
            urgency=urgency,
            notice=notice,
        )

    def _title_groups(self, items: list[_Item]) -> list[list[_Item]]:
        """Unbracketed heading lines grouped into wrapped titles, in order."""
        groups: list[list[_Item]] = []
        for item in items:
            if groups and _continues(groups[-1][-1], item):
                groups[-1].append(item)
            else:
                groups.append([item])
        return groups

    def _report_guess(self, headline: list[_Item], others: list[list[_Item]]) -> None:
        """Say which headline lines were chosen when their marking did not settle it."""
        reasons = []
        if len(headline) > 1:
            reasons.append(f"joined from {len(headline)} wrapped lines")
        if others:
            quoted = ", ".join(f"'{' '.join(item.text for item in group)}'" for group in others)
            reasons.append(f"the earlier heading line(s) {quoted} read as take keys")
        if reasons:
            self.report(
                "headline-guessed", headline[0].line, "headline taken from this line: " + "; ".join(reasons)
            )

    # Body sections

    def _sections(self, lines: list[str], first: int, agency: str | None) -> _Sections:
        """Story text, notebook, editor note and signoff line, in their order on the wire."""
        signoff_at, private_tail = self._find_signoff(lines, first, agency)
        end = len(lines) if signoff_at is None else signoff_at
        # The lines before the signoff as one text: markers are looked for with C searches over it.
        text = "\n".join(lines[:end])
        notebook_at = _notebook_start(lines, text) if "#" in text else None
        note_at, note_text_at = _editor_note_start(lines, end, notebook_at, text)
        boundaries = sorted({at for at in (notebook_at, note_at) if at is not None} | {end})

        def section(marker: int | None, text_at: int) -> str | None:
            if marker is None:
                return None
            stop = next(boundary for boundary in boundaries if boundary > marker)
            return _section_text(lines[text_at:stop])

        notebook = section(notebook_at, (notebook_at or 0) + 1)
        editor_note = section(note_at, note_text_at)
        if private_tail:
            editor_note = "\n\n".join(part for part in (editor_note, private_tail) if part)
        return _Sections(
            lines[: boundaries[0]],
            notebook,
            editor_note,
            Line(first + signoff_at, lines[signoff_at]) if signoff_at is not None else None,
        )

    def _find_signoff(
        self, lines: list[str], first: int, agency: str | None
    ) -> tuple[int | None, str | None]:
        """The signoff line: the last text line, or the last before closing blocks of contact details."""
        last = len(lines) - 1
        while last >= 0 and not lines[last].strip():
            last -= 1
        if last < 0:
            return None, None
        if _looks_like_signoff(lines[last].strip(), agency):
            return last, None
        # The last twelve text lines, from the end.
        text_positions = [last]
        position = last
        while position > 0 and len(text_positions) < 12:
            position -= 1
            if lines[position].strip():
                text_positions.append(position)
        for position in text_positions:
            if not _looks_like_signoff(lines[position].strip(), agency):
                continue
            after = [Line(first + at, lines[at]) for at in range(position + 1, len(lines))]
            blocks = blocks_of(after)
            if not blocks or not all(has_contact(" ".join(line.text for line in block)) for block in blocks):
                return None, None
            self.report(
                "possible-private-text",
                blocks[0][0].number,
                "contact details (an e-mail address or phone number) follow the signoff with no "
                "publication marker; they went to editor_note: check them before publishing",
            )
            return position, _section_text(lines[position + 1 :])
        return None, None

    def _check_width(self, lines: list[str], first: int) -> None:
        if not lines or max(map(len, lines)) <= WIRE_WIDTH:
            return
        for position, text in enumerate(lines):
            if len(text) > WIRE_WIDTH and not _TABLE_ROW.match(text):
                self.report(
                    "long-line",
                    first + position,
                    f"line is {len(text)} characters, wider than {WIRE_WIDTH}",
                )

    def _body(
        self, lines: list[str], first: int, header: _Header, is_notice: bool
    ) -> tuple[tuple[Block, ...], Dateline | None, str | None]:
        """Body blocks, the dateline, and a closing credit taken off the end of the last paragraph."""
        body: list[Block] = []
        starts: list[int] = []
        spans = _block_spans(lines)
        story_text = "\n".join(lines)
        if "|" not in story_text and _LIST_ITEMS.search("\n" + story_text) is None:
            # The common case: no table row, no list item, so each block is one paragraph.
            for start, stop in spans:
                text = " ".join([line.strip() for line in lines[start:stop]])
                if "- " in text:  # a line may end in a hyphen: unwrap() decides, and says so
                    text, joins = unwrap([Line(first + at, lines[at]) for at in range(start, stop)])
                    self.diagnostics.extend(joins)
                body.append(Block(BlockType.PARAGRAPH, text))
                starts.append(first + start)
            spans = []
        for start, stop in spans:
            block = [Line(first + at, lines[at]) for at in range(start, stop)]
            for part, is_table in _runs(block):
                if is_table:
                    body.append(Block(BlockType.TABLE, "\n".join(line.text.rstrip() for line in part)))
                else:
                    text, joins = unwrap(part)
                    self.diagnostics.extend(joins)
                    body.append(Block(BlockType.PARAGRAPH, text))
                starts.append(part[0].number)
        dateline = self._find_dateline(body, starts, header, is_notice)
        closing = None
        # The pattern ends in ")" and blanks: a paragraph that does not end so needs no search.
        if body and body[-1].type is BlockType.PARAGRAPH and body[-1].text.rstrip().endswith(")"):
            closing_match = _CLOSING_IN_PARENTHESES.search(body[-1].text)
            if closing_match and _names_agency(closing_match.group("closing"), header.agency):
                closing = closing_match.group("closing")
                rest = body[-1].text[: closing_match.start()].rstrip()
                body = body[:-1] + ([Block(BlockType.PARAGRAPH, rest)] if rest else [])
        if not body:
            where = first if lines else self.message.line
            self.report("empty-body", where, "the story has no paragraphs after the heading block")
        return tuple(body), dateline, closing

    def _find_dateline(
        self, body: list[Block], starts: list[int], header: _Header, is_notice: bool
    ) -> Dateline | None:
        """The dateline of one of the first paragraphs; one alone in its paragraph opens the next."""
        for position in range(min(_DATELINE_PARAGRAPHS, len(body))):
            block = body[position]
            if block.type is not BlockType.PARAGRAPH:
                continue
            found = _dateline(block.text, header.agency, self.options, starts[position])
            if found is None:
                continue
            dateline, notes = found
            self.diagnostics.extend(notes)
            if position:
                self.report(
                    "dateline-after-teaser",
                    starts[position],
                    f"the dateline '{dateline.text}' opens paragraph {position + 1}; the "
                    f"paragraph(s) before it were kept as body text",
                )
            following = position + 1
            alone = block.text.rstrip(" -–—") == dateline.text
            if alone and following < len(body) and body[following].type is BlockType.PARAGRAPH:
                body[position : following + 1] = [
                    Block(BlockType.PARAGRAPH, f"{block.text} {body[following].text}")
                ]
                del starts[following]
            return dateline
        if body and not is_notice:
            self.report(
                "missing-credit-dateline",
                starts[0],
                "the first paragraph does not open with 'City (dpa) - '",
            )
        return None

    def _signoff(
        self,
        line: Line | None,
        closing: str | None,
        credit: tuple[str, ...],
        agency: str | None,
        is_notice: bool,
        last_line: int | None,
    ) -> Signoff | None:
        """``last_line``: the number of the body's last text line."""
        if line is None and closing is None:
            if not is_notice and not self.text_cut_short:
                where = last_line or self.message.line
                self.report("missing-signoff", where, "no signoff line such as 'dpa wsz jln' at the end")
            return None
        text = line.text.strip() if line is not None else closing or ""
        parts = text.split() if line is not None else re.split(r"[ /]+", text)
        signoff = split_signoff(text, parts, None, (*credit, *_agency_names(agency)))
        where = line.number if line is not None else last_line or self.message.line
        named = (*credit, *_agency_names(agency)) if credit else credit
        self.diagnostics.extend(agency_mismatch(signoff, named, where))
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


def _first_text_line(lines: Sequence[str], start: int, stop: int) -> int | None:
    for position in range(start, stop):
        if lines[position].strip():
            return position
    return None


def _word_count(body: Sequence[Block]) -> int:
    """``count_words(body)`` without building every word: when spaces are all the text's whitespace,
    the words are one more than the gaps between them. A byte table looks for other whitespace;
    text beyond Latin-1 is counted word by word."""
    text = " ".join(map(_block_text, body))
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return sum(map(len, map(str.split, map(_block_text, body))))
    if data.translate(None, _NOT_WHITESPACE_BUT_SPACE):
        return sum(map(len, map(str.split, map(_block_text, body))))
    while b"  " in data:
        data = data.replace(b"  ", b" ")
    data = data.strip(b" ")
    return data.count(b" ") + 1 if data else 0


def _soh_line_at(lines: Sequence[str]) -> int | None:
    for position, text in enumerate(lines):
        if text.lstrip(_PADDING).startswith(SOH):
            return position
    return None


def _first_starting(text: str, framing: str, start: int, stop: int) -> int | None:
    """The first line in ``start:stop`` of ``text`` (the message, lines split at LF) that starts with
    the framing byte ``framing``: found with ``str.find`` over the whole text, not line by line."""
    if start == 0 and stop > 0 and text.startswith(framing):
        return 0
    mark = "\n" + framing
    at = text.find(mark)
    while at >= 0:
        position = text.count("\n", 0, at) + 1
        if position >= stop:
            return None
        if position >= start:
            return position
        at = text.find(mark, at + 1)
    return None


def _is_soh_line(text: str) -> bool:
    """SOH at the start of the line, after blanks or padding bytes (NUL, SYN, DEL)."""
    return text.lstrip(_PADDING).startswith(SOH)


def _plain_header_at(lines: Sequence[str]) -> int | None:
    """Control bytes stripped: the first text line, when it has the header's shape and a keyword follows."""
    texts = [position for position in range(min(len(lines), 12)) if lines[position].strip(_PADDING)]
    if len(texts) < 2:
        return None
    header, keyword = lines[texts[0]].strip(_PADDING), lines[texts[1]].strip()
    if _HEADER.match(header) is None or not keyword.endswith("/"):
        return None
    return texts[0]


def _plain_trailer_at(lines: Sequence[str], start: int) -> int | None:
    """Control bytes stripped: the last text line, when it has the trailer's shape."""
    for position in range(len(lines) - 1, start - 1, -1):
        text = lines[position].strip(_TAIL + "\x03")
        if text:
            return position if _TRAILER.match(text) else None
    return None


def _silence_urgency_bells(lines: list[str], start: int, stop: int) -> None:
    """Drop the BEL bytes of the heading (``(Eil BEL BEL BEL BEL BEL)``): they signal urgency, no fault."""
    for position in range(start, min(stop, start + 40)):
        text = lines[position]
        if BEL in text:
            lines[position] = text.replace(BEL, "")
        if _HEADING_END.search(text):
            break


def _heading_items(lines: list[Line]) -> list[_Item]:
    """Heading lines as items: a bracket opened on one line may close a few lines further down."""
    items: list[_Item] = []
    position = 0
    while position < len(lines):
        text = " ".join(lines[position].text.split())
        end = _bracket_end(lines, position) if text.startswith("(") else None
        if end is None:
            items.append(_Item(lines[position].number, text, False, (lines[position],)))
            position += 1
            continue
        group = tuple(lines[position : end + 1])
        joined = _tidy_bracket(" ".join(" ".join(line.text.split()) for line in group))
        close = joined.find(")") + 1
        inside = joined[1 : close - 1].strip().lower()
        if end == position and inside in _URGENCY_WORDS and joined[close:].strip():
            # "(Eil) Headline" on one line: the urgency, then a heading line of its own.
            rest = Line(lines[position].number, joined[close:].strip())
            items.append(_Item(rest.number, joined[:close], True, group))
            items.append(_Item(rest.number, rest.text, False, (rest,)))
        else:
            items.append(_Item(lines[position].number, joined, True, group))
        position = end + 1
    return items


def _position(items: list[_Item], item: _Item) -> int:
    """The index of ``item`` itself (two heading lines may read the same)."""
    return next(position for position, other in enumerate(items) if other is item)


def _bracket_end(lines: list[Line], start: int) -> int | None:
    """The line where the bracket opened at ``start`` closes (within eight lines), else ``None``."""
    depth = 0
    for position in range(start, min(len(lines), start + 8)):
        for char in lines[position].text:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return position
    return None


def _tidy_bracket(text: str) -> str:
    """``(Eil )`` (its BEL bytes gone) -> ``(Eil)``."""
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def _unbracketed(text: str) -> str:
    return text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text


def _continues(previous: _Item, item: _Item) -> bool:
    """True when ``item`` is the wrapped rest of the heading line ``previous``."""
    if previous.line + len(previous.lines) != item.line:
        return False
    first_word = item.text.split(maxsplit=1)[0] if item.text else ""
    return len(previous.text) + 1 + len(first_word) > _WRAP_HINT


def _is_status_line(group: list[_Item]) -> bool:
    """``REFILE``, ``1ST LEAD``, ``EXTRA``: short lines in capitals, take keys by their look."""
    text = " ".join(item.text for item in group)
    if len(group) > 1 or len(text.split()) > 4:
        return False
    return text.upper() == text and any(char.isalpha() for char in text)


def _heading_start_without_stx(lines: Sequence[str], start: int, stop: int) -> int:
    """Without STX the heading follows the keyword line, when the first line after SOH is one."""
    first = _first_text_line(lines, start, stop)
    if first is not None and lines[first].strip().endswith("/"):
        return first + 1
    return start


def _without(text: str, framing: str) -> str:
    """The line with its first framing byte removed (leading blanks before it kept out too)."""
    position = text.find(framing)
    return text[:position].strip() + text[position + 1 :] if position >= 0 else text


def _without_padding(text: str) -> str:
    """The SOH line without SOH and the padding bytes (NUL, SYN, DEL) that may precede it."""
    position = text.find(SOH)
    if position < 0:
        return text
    return text[:position].strip(_PADDING) + text[position + 1 :]


def _ends_in_eot(lines: Sequence[str], trailer_at: int) -> bool:
    """EOT after the trailer, where the splitter did not see the message start (padding before SOH)."""
    return EOT in "".join(lines[trailer_at + 1 :])


def _last_text_line(lines: Sequence[str], first: int) -> int | None:
    """The number of the last line that holds more than blanks and the DEL/EOT tail; ``first``
    numbers ``lines[0]``."""
    for position in range(len(lines) - 1, -1, -1):
        if lines[position].strip(_TAIL):
            return first + position
    return first if lines else None


def _block_spans(lines: Sequence[str]) -> list[tuple[int, int]]:
    """``blocks_of`` as ``start:stop`` positions: groups of non-blank lines separated by blank lines."""
    spans: list[tuple[int, int]] = []
    start = -1
    for position, text in enumerate(lines):
        if text and not text.isspace():  # text.strip() is not empty, without building it
            if start < 0:
                start = position
        elif start >= 0:
            spans.append((start, position))
            start = -1
    if start >= 0:
        spans.append((start, len(lines)))
    return spans


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


def _split_credit(credit: str) -> tuple[str, ...]:
    """``tca/dpa`` -> ``(tca, dpa)``; ``ats afp`` (two agencies) -> ``(ats, afp)``; ``Europa Press`` stays."""
    parts: list[str] = []
    for part in credit.split("/"):
        part = " ".join(part.split())
        words = part.split()
        if (
            len(words) > 1
            and part.upper() not in CREDIT_AGENCIES
            and all(word.upper() in CREDIT_AGENCIES for word in words)
        ):
            parts.extend(words)
        elif part:
            parts.append(part)
    return tuple(parts)


def _credit_parts(dateline: Dateline | None) -> tuple[str, ...]:
    if dateline is None or dateline.credit is None:
        return ()
    return _split_credit(dateline.credit)


def _agencies(credit: tuple[str, ...], agency: str | None) -> tuple[str, ...]:
    """Distributor first: the SOH service agency leads, the credit's other agencies follow in order."""
    distributor = _agency_names(agency)
    if not credit:
        return distributor
    if distributor and distributor[0].lower() in (part.lower() for part in credit):
        leading = next(part for part in credit if part.lower() == distributor[0].lower())
        return (leading, *(part for part in credit if part is not leading))
    return credit


def _dateline(
    text: str, agency: str | None, options: ParseOptions, line: int
) -> tuple[Dateline, list[Diagnostic]] | None:
    """``Place (credit) -`` at the start of ``text``, the place possibly holding parentheses."""
    # The SOH agency besides the known ones, without building their union for every story.
    service = agency.split("-", 1)[0].upper() if agency else None
    for match in _CREDIT.finditer(text, 0, 140):
        place = text[: match.start()].strip()
        if not place or not place[0].isalpha() or len(place) > 70 or len(place.split()) > 9:
            continue
        if place.count("(") != place.count(")"):
            continue
        credit = " ".join(match.group("credit").split())
        parts = [part.upper() for part in _split_credit(credit)]
        if match.group("dash"):
            # "President Example (SPD) - ..." is not a dateline: the credit must name an agency.
            if not any(part in CREDIT_AGENCIES or part == service for part in parts):
                continue
        else:
            following = text[match.end() :].lstrip()
            # Without a dash only a credit of agencies alone, then the text or nothing, will do.
            opens_text = not following or following[0].isupper() or following[0] in _QUOTES
            if not opens_text or not all(part in CREDIT_AGENCIES or part == service for part in parts):
                continue
        written = text[: match.end("credit") + 1]
        place_name, date, notes = _place_and_date(place, options, line)
        return Dateline(text=written, place=place_name, date=date, credit=credit), notes
    return None


def _place_and_date(
    place: str, options: ParseOptions, line: int
) -> tuple[str, dt.date | None, list[Diagnostic]]:
    """``MADRID, 21 Nov. 2024`` -> ``MADRID`` and the date; a place without a date stays whole."""
    match = _PLACE_DATE.match(place)
    if match is None:
        return place, None, []
    month_name = (match.group("month") or match.group("month2")).lower()
    month = _DATELINE_MONTHS.get(month_name)
    if month is None:
        return place, None, []
    day = int(match.group("day") or match.group("day2"))
    year = int(match.group("year")) if match.group("year") else None
    written = place[len(match.group("place")) :].lstrip(", ")
    date, notes = resolve_date(month, day, year, options, line, written)
    return match.group("place").strip(), date, notes


def _names_agency(text: str, agency: str | None) -> bool:
    """True when the first part of ``text`` (``ats afp``, ``sda/dpa``) is a known agency."""
    first = re.split(r"[ /]+", text.strip(), maxsplit=1)[0].upper()
    return first in CREDIT_AGENCIES or first in {name.upper() for name in _agency_names(agency)}


def _looks_like_signoff(text: str, agency: str | None) -> bool:
    """An agency (well known, or the one in the SOH line) followed by lower-case desk codes."""
    if len(text) > 48 or not _SIGNOFF.match(text):
        return False
    return _names_agency(text, agency)


def _runs(block: list[Line]) -> list[tuple[list[Line], bool]]:
    """A block cut into runs of ``|`` table rows and of text; list items start runs of their own."""
    runs: list[tuple[list[Line], bool]] = []
    for line in block:
        is_table = bool(_TABLE_ROW.match(line.text))
        starts_item = not is_table and bool(_LIST_ITEM.match(line.text))
        if runs and runs[-1][1] == is_table and not starts_item:
            runs[-1][0].append(line)
        else:
            runs.append(([line], is_table))
    return runs


def _notebook_start(lines: Sequence[str], text: str) -> int | None:
    """The notebook opener (``# Notizblock``), or a Markdown heading line after the story text;
    ``text``: the lines to look at, joined by LF."""
    first_text: int | None = None
    for position in _lines_opening_with(text, "#"):
        line = lines[position].strip()
        if is_notebook_opener(line):
            return position
        if first_text is None:
            seen = _NON_BLANK.search(text)
            first_text = text.count("\n", 0, seen.start()) if seen else position
        if first_text < position and _MARKDOWN_HEADING.match(line):
            return position
    return None


def _lines_opening_with(text: str, char: str) -> list[int]:
    """Positions of the lines of ``text`` (joined by LF) whose first non-blank character is ``char``:
    ``str.find`` goes from one ``char`` to the next."""
    positions: list[int] = []
    at = text.find(char)
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        if line_start == at or text[line_start:at].isspace():
            positions.append(text.count("\n", 0, at))
        line_end = text.find("\n", at)
        if line_end < 0:
            break
        at = text.find(char, line_end)
    return positions


def _editor_note_start(
    lines: Sequence[str], end: int, notebook_at: int | None, text: str
) -> tuple[int | None, int]:
    """Where the editor note's markers start (``* * * *``) and where its text starts after them;
    ``text``: ``lines[:end]`` joined by LF."""
    # The marker stems in any of these lines, found once: a line holds only stems in this list.
    stems = marker_stems_in(text)
    # Only a line that holds a stem or starts with "*" can open the note: those are looked at.
    candidates = set(_lines_opening_with(text, "*"))
    for stem in stems:
        at = text.find(stem)
        while at >= 0:
            candidates.add(text.count("\n", 0, at))
            line_end = text.find("\n", at)
            at = text.find(stem, line_end) if line_end >= 0 else -1
    for position in sorted(candidates):
        line = lines[position].strip()
        if stems and _opens_private_block(line, stems):
            return position, position + (1 if _marker_only(line, stems) else 0)
        if line.startswith("*") and _STARS.match(line):
            notice = _first_text_line(lines, position + 1, end)
            if notice is None:
                continue
            notice_text = lines[notice].strip()
            if stems and _opens_private_block(notice_text, stems):
                return position, notice + (1 if _marker_only(notice_text, stems) else 0)
            # dpa's writer puts "* * * *" before the private part of its notepad, and the marker
            # sentence is the editors' own: after a notebook, or before contacts, the stars suffice.
            rest = lines[notice:end]
            after_notebook = notebook_at is not None and position > notebook_at
            if after_notebook or any(
                _MARKDOWN_HEADING.match(line.strip()) or has_contact(line) for line in rest
            ):
                return position, position + 1
    return None, 0


def _opens_private_block(text: str, stems: Sequence[str]) -> bool:
    """A line that starts with a not-for-publication marker (Markdown marks may stand before it);
    ``stems``: the marker stems the text may hold."""
    span = private_marker_span(text, stems)
    return span is not None and not text[: span[0]].strip(" \t#*>_([-")


def _marker_only(text: str, stems: Sequence[str]) -> bool:
    """``The following information is not for publication``: a marker line with nothing to keep."""
    span = private_marker_span(text, stems)
    return span is not None and not text[span[1] :].strip(" \t.:;!)-*_]")


def _section_text(lines: Sequence[str]) -> str | None:
    """Lines of a notebook or editor note, right-trimmed, without empty lines at either end."""
    texts = [line.rstrip() for line in lines]
    while texts and not texts[0]:
        texts.pop(0)
    while texts and not texts[-1]:
        texts.pop()
    return "\n".join(texts) or None


FORMAT: WireFormat = WireFormat(
    name=NAME,
    description=(
        "IPTC 7901 (dpa, SDA/ATS and other agencies: SOH header, keyword path, STX heading ' =', ETX trailer)"
    ),
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
        "genre",
        "dateline",
        "agencies",
        "body",
        "signoff",
        "editor_note",
        "notebook",
        "media_note",
        "created",
        "word_count",
        "transmitted_word_count",
    ),
    detect=detect,
    parse=parse,
)
