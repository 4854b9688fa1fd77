"""ANPA 1312 wire copy, as the Associated Press and other agencies send it: running text and tables.

How it looks on the wire. Control bytes are shown as Unicode control pictures: ␖ SYN, ␁ SOH,
␟ US, ␓␑ DC3 DC1, ␔␒ DC4 DC2, ␂ STX, ␃ ETX, ␌ FF, ␄ EOT, → TAB. Header line 1 ends in a bare LF;
later lines end in LF (older copy) or CRLF::

    ␖␖␁W2870␟asian                                            <- service letter + story number, selector
    f l␓␑ BC-LT--Argentina-CancerB     11-13 1049             <- priority, category, ␓␑ text / ␔␒ table,
                                                                 keyword (cut at 24), [version], MM-DD, count
    ␂^BC-LT--Argentina-Cancer Beauty,466<                     <- full keyword [, take key], word count
    ^For Argentine chemo patients, mirrors can hurt <         <- headline (alerts have none)
    ^AP Photo XNP101, XNP102<                                 <- photo line (not kept)
    ^Eds: With AP Photos.<                                    <- editor note; also ^(Eds: ...)< and
                                                                 ^EDITOR'S NOTE _ ...<
    ^By PAUL BYRNE=                                           <- byline
    ^Associated Press=                                        <- byline title
    →   BUENOS AIRES, Argentina (AP) _ For cancer ...         <- dateline + lede; one paragraph per line
    →   ``Look Good Feel Better'' is a program ...
    →   ___                                                   <- section break
    →   ␃AP-WF-11-13-13 1509GMT<                              <- trailer: created (UTC) and signoff
    ␌
    ␄

Caret (``^``) lines are heading lines; their typesetting end codes ``<`` and ``=`` are stripped, as
they are from body lines. A heading line without an end code is a list item (AP headline digests) and
becomes a body paragraph. Lines between two caret lines or a line of one space separate paragraphs.

Fills: ``code`` (service letter + story number, ``W2870``), ``priority`` and ``category`` (raw
letters), ``urgency``, ``tabular`` (DC4 DC2 instead of DC3 DC1), ``keyword`` (the full keyword from
the first caret line; header line 2's 24-character cut when there is none), ``take_key`` (the
version on line 2, ``1stLd-Writethru``; else the take key of the first caret line),
``transmitted_word_count`` (the number on line 2, which does not track the text), ``headline``,
``summary`` (a further heading sentence), ``byline`` (without ``By``), ``byline_title``,
``editor_note`` (``Eds:``, ``(Eds: ...)`` and ``EDITOR'S NOTE _`` texts without their labels, one per
line), ``dateline`` (``PLACE[, State] (AP) _``, or ``PLACE[, Mon. D] (Kyodo) --``: place, credit and
any date), ``agencies``, ``body``, ``signoff`` (the trailer, or a closing ``==Kyodo`` line when there
is none) and ``created`` (the trailer's ``MM-DD-YY HHMM`` in UTC).

Nothing is assumed from AP's use of the format:

* ``tabular`` is decided from the text as well as the codes, because agencies other than AP set
  DC4 DC2 on prose. Lines before ETX (caret lines aside) are counted as table rows beyond doubt (BS
  rows, table codes, ``;`` cells, column gaps), results lines (short, with figures, no full stop)
  or prose (six words or more, or a full stop at the end). DC4 DC2 copy is a table unless prose
  lines outnumber rows; DC3 DC1 copy is a table only when rows beyond doubt (two or more)
  outnumber prose lines. Either way against the codes gives an info ``tabular-mismatch``.
* ``agencies`` are those the copy names, distributor first: the trailer's agency (``AP-WF-...``), the
  dateline credit (``(AP)``, ``(Kyodo)``, ``(AP/Kyodo)``) and a closing agency line (``==Kyodo``,
  credited or a known agency; it leaves the body). Copy that names none has none.
* A date in the dateline (``TOKYO, Oct. 3 (Kyodo) --``) has no year: the trailer's date gives it
  (a dateline may be a day ahead of GMT) with an info ``dateline-year-inferred``; without a
  trailer ``--year`` or the reference date does, as for other year-less datelines.
* The trailer may lack AP's agency and desk prefix (``10-03-24 0412GMT``); photo lines of any known
  agency (``Kyodo Photo ...``) are skipped like AP's.

Choices made here:

* urgency: ``f`` (flash) 1, ``b`` (bulletin) 2, ``u`` (urgent) 3, any other letter (``r`` routine,
  ``d`` deferred ...) 6. AP ranks bulletins above urgents, as the BSS reader's ``FLASH`` 1,
  ``BULLETIN`` 2, ``URGENT`` 3 does; Superdesk's ANPA parser swaps ``u`` and ``b``.
* AP typewriter conventions in running text: `` `` `` and ``''`` become “ and ”; `` ` `` becomes ‘
  and the ``'`` that closes it (one not followed by a letter or digit) becomes ’; other ``'`` stay
  apostrophes; ``_`` between spaces becomes an em dash ``—`` (AP style sets dashes as em dashes).
  A paragraph of underscores (``___``) is a section break and is kept as the paragraph ``___``. A
  short paragraph without lower-case letters (``TIP-INS``, ``UP NEXT``, ``1. BAHAMIANS BEGIN ...``)
  is a subhead.
* Dateline separators: AP's ``_`` (a dash, also in the text), an en or em dash, ``-`` or ``--``.
* Stories without a headline line (``APNewsAlert`` alerts, tables that open with a dateline
  paragraph) take the first paragraph, without its dateline, as headline; an info diagnostic says so.
* AP roundups, digests and tables often have no dateline; its absence is not reported.
* Tabular items: lines starting with BS are table rows (BS then ``^`` is a column-heading row); in
  tabular items TAB-led lines are rows too, except an opening dateline paragraph. DLE (a fixed space
  code) is dropped, RS (figure space) becomes a space, US (tab to the end of the first column) pads
  the first column to the width of the widest one, and ``{`` becomes ½. Consecutive rows form one
  ``table`` block with their spacing kept; caret lines inside the table are ``subhead`` blocks
  (``^END<`` is dropped); in tabular items the heading block ends after the ``By`` line.
* Framing and typesetting bytes in their places are not reported; any other control character is
  removed with a ``control-characters`` warning.

Example: the header ``r a␓␑ BC-US--Ethanol-LosingGra 1stLd-Writethru   11-13 1693`` gives priority
``r``, urgency 6, category ``a``, take key ``1stLd-Writethru`` and transmitted word count 1693; the
paragraph ``→   ROSCOE, South Dakota (AP) _ Robert Malsam ...`` gives the dateline
``{"text": "ROSCOE, South Dakota (AP)", "place": "ROSCOE, South Dakota", "date": null,
"credit": "AP"}`` and the paragraph ``ROSCOE, South Dakota (AP) — Robert Malsam ...``; the trailer
``AP-WF-11-13-13 1509GMT`` gives ``created`` ``2013-11-13T15:09:00+00:00``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from wirecli.formats._common import (
    KNOWN_AGENCIES,
    MONTH_PATTERN,
    MONTHS,
    Line,
    Message,
    StoryParser,
    WireFormat,
    check_signoff_time,
    latest_date_not_after,
    lazy_compile,
    remove_controls,
    resolve_date,
)
from wirecli.formats.framing import End
from wirecli.model import (
    Block,
    BlockType,
    Dateline,
    ParseOptions,
    Signoff,
    Story,
)

NAME = "anpa1312"

SYN, STX, ETX, EOT, FF = "\x16", "\x02", "\x03", "\x04", "\x0c"
# Typesetting codes of tables: row start, fixed space, figure space, end of the first column.
BS, DLE, RS, US = "\x08", "\x10", "\x1e", "\x1f"
TABLE_CODES = "\x14\x12"  # DC4 DC2 on line 2; running text has DC3 DC1

# An SOH line followed by the shape of line 2 (priority, category, DC3 DC1 or DC4 DC2), or an AP
# line 1 on its own (SYN SOH, service letter, 4-digit number, US), so that a garbled line 2 is still
# read, and reported, as ANPA.
_DETECT = lazy_compile(
    rb"(?:\A|[\r\n\x04])[ \t]*(?:\x16*\x01[^\r\n]{0,80}(?:\r\n|\r|\n)"
    rb"[A-Za-z] [A-Za-z]{1,2} ?(?:\x13\x11|\x14\x12)|\x16+\x01[A-Za-z]\d{4}\x1f)"
)
_START = lazy_compile(r"^[ \t]*\x16*\x01")
_LINE_ONE = lazy_compile(
    r"^[ \t]*\x16*\x01(?P<service>[A-Za-z])(?P<number>\d{4})(?:\x1f(?P<selector>[^\x00-\x20\x7f]*))?[ \t]*$"
)
_LINE_TWO = lazy_compile(
    r"^(?P<priority>[A-Za-z]) (?P<category>[A-Za-z]{1,2}) ?(?P<codes>\x13\x11|\x14\x12) ?"
    r"(?P<keyword>[^\x00-\x20\x7f]{1,40})"
    r"(?: +(?!\d\d-\d\d(?: |$))(?P<version>[^\x00-\x20\x7f]+))?"
    r" +(?P<month>\d\d)-(?P<day>\d\d)(?: +(?P<count>\d{1,5}))? *$"
)
_URGENCY = {"f": 1, "b": 2, "u": 3}
_OTHER_URGENCY = 6

_END_CODES = ("<", "=")
# The headline digest opens with an extra segment before the keyword: ^*9006< ^AP-Top-...
_DIGEST_SEGMENT = lazy_compile(r"^\*\w*<\s*\^")
_KEYWORD_SHAPE = lazy_compile(r"^(?:BC|AM|PM|AP)-\S")
# A keyword line that disagrees with line 2 is still known by its trailing ",<word count>".
_KEYWORD_LINE = lazy_compile(r"^(?:BC|AM|PM|AP)-\S[^,]*(?:,[^,]*)?,\s*\d*$")
# "AP Photo XNP101": a photo line of AP or of another agency the copy may come from.
_PHOTO = lazy_compile(r"^(?:" + "|".join(sorted(KNOWN_AGENCIES)) + r") Photos?\b", re.IGNORECASE)
_EDS_IN_PARENTHESES = lazy_compile(r"^\(\s*Eds:\s*(.*?)\s*\)$", re.IGNORECASE)
_EDS = lazy_compile(r"^Eds:\s*(.*)$", re.IGNORECASE)
_EDITORS_NOTE = lazy_compile(r"^EDITOR[’']?S NOTE\b\s*(?:_|—|-|:)?\s*(.*)$", re.IGNORECASE)
_BYLINE = lazy_compile(r"^By\s+(\S.*)$")

_ROW_SPACE = lazy_compile("\x1e ?")
_BREAK = lazy_compile(r"^_{3,}$")
# AP writes "PLACE (AP) _ " (the underscore is a dash); other agencies a real dash or two hyphens.
_DATELINE = lazy_compile(
    r"^(?P<place>[A-Z][^()—–_\n]{0,79}?)\s*\((?P<credit>[A-Za-z][A-Za-z /.&-]{0,29})\)\s*(?:[—–_]|--?)\s+"
)
# A date written in the dateline before the credit: "TOKYO, Oct. 3 (Kyodo) --" (no year, or one).
_DATELINE_DATE = lazy_compile(
    rf",\s+(?P<month>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?$"
)
# A closing line that names the agency, such as Kyodo's "==Kyodo": a signoff, not story text.
_CLOSING_AGENCY = lazy_compile(
    r"^(?:={1,3}|-{2,3})\s*(?P<agency>[A-Za-z][A-Za-z ./&-]{0,29}?)\s*(?:={1,3}|-{2,3})?$"
)
_SUBHEAD_WIDTH = 80
_ASCII_WHITESPACE = ("\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")  # but " "

# ''' closes a single and a double quote at once; read left to right, '' would close the double first.
_TRIPLE_CLOSE = "'''"
# ` ... ' : the closing ' is the first one not followed by a letter or digit (It's stays inside).
_SINGLE_QUOTED = lazy_compile(r"`((?:[^`']|'(?=[^\W_]))*)'(?![^\W_])")
# Written to open with its underscore, the one fixed character, so that a search skips to each one.
_SPACED_UNDERSCORE = lazy_compile(r"_(?<=\s_)(?=\s)")

# AP's "AP-WF-11-13-13 1509GMT"; the agency and desk prefix is AP's, so it may be missing.
_TRAILER = lazy_compile(
    r"^(?P<text>(?:(?P<agency>[A-Za-z]+)-(?:(?P<desk>[A-Za-z]+)-)?)?"
    r"(?P<month>\d\d)-(?P<day>\d\d)-(?P<year>\d\d)"
    r"\s+(?P<hhmm>\d{4})\s*(?P<zone>GMT|UTC|Z)?)\s*[<=]?\s*$"
)
# Evidence that a line is a table row (see _LineKinds): typesetting codes, cells separated by ";"
# (not "; " as in prose: two ";" not followed by a blank, counted in line_kinds rather than
# searched with r";(?! ).*;(?! )"), and column gaps (a tab, three blanks, or two not after a full stop).
_COLUMN_GAP = lazy_compile(r"\S(?:\t| {3,})\S|[^\s.!?:;,] {2}\S")
# _COLUMN_GAP's three shapes, each written to open with its fixed characters, which a search skips
# to (_COLUMN_GAP, which opens with a class, is tried at every offset of the line).
_TAB_GAP = lazy_compile(r"\t(?<=\S\t)(?=\S)")
_BLANKS_GAP = lazy_compile(r"   (?<=\S   ) *\S")
_TWO_BLANKS_GAP = lazy_compile(r"  (?<=[^\s.!?:;,]  )(?=\S)")
# Two blanks with text after them on their line: trailing blanks make no column gap.
_BLANKS_BEFORE_TEXT = lazy_compile(r"  (?= *\S)")
_SHORT_ROW_WIDTH = 60
_SHORT_ROW_WORDS = 8
_LIST_ITEM = lazy_compile(r"^\d{1,2}[.)]\s")
_SENTENCE_END = lazy_compile(r"(?<![ap]\.m)[.!?:]['\"”’)]?$")
_SENTENCE_CLOSERS = ".!?:'\"”’)"  # the last character of every line _SENTENCE_END matches
_PROSE_WORDS = 6


def detect(head: bytes) -> bool:
    """An SOH line followed by ANPA line 2 (``r a`` then DC3 DC1 or DC4 DC2), or AP's SYN SOH line 1.

    The same answer as ``_DETECT.search(head)``, found faster: every match of _DETECT is anchored
    on an SOH, reached from the line start (or EOT, or the start of the input) over blanks and SYN
    bytes only. A search would try the pattern at every offset of the head, as its first item has
    no fixed byte (about 20 us on IPTC 7901 copy, which holds SOH and is offered to ANPA first);
    here memchr finds each SOH and the pattern is tried once, where that SOH's line starts.
    """
    soh = head.find(b"\x01")
    while soh >= 0:
        start = soh
        while start > 0 and head[start - 1] == 0x16:
            start -= 1
        while start > 0 and head[start - 1] in b" \t":
            start -= 1
        if start == 0:
            if _DETECT.match(head) is not None:
                return True
        elif head[start - 1] in b"\r\n\x04" and _DETECT.match(head, start - 1) is not None:
            return True
        soh = head.find(b"\x01", soh + 1)
    return False


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one ANPA 1312 message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


def ap_typography(text: str) -> str:
    """AP typewriter conventions as typography: `` `` '' `` quotes, `` ` ' `` quotes, `` _ `` dashes."""
    # Each step only where its characters are, as a step with nothing to do still scans the text.
    # `` and '' are different characters, so which is replaced first does not matter.
    if "`" in text:
        text = text.replace("``", "“")
    if "''" in text:
        text = text.replace(_TRIPLE_CLOSE, "'”").replace("''", "”")
    if "`" in text:
        text = _SINGLE_QUOTED.sub(r"‘\1’", text).replace("`", "‘")
    if "_" in text:
        text = _SPACED_UNDERSCORE.sub("—", text)
    return text


def urgency_of(priority: str) -> int:
    """Urgency 1-9 of an ANPA priority letter."""
    return _URGENCY.get(priority.lower(), _OTHER_URGENCY)


class _Header(NamedTuple):
    """What header lines 1 and 2 say, and whether the story is read as a table."""

    code: str | None = None
    priority: str | None = None
    category: str | None = None
    tabular: bool = False
    """Decided from the text and the format codes together (:meth:`_Parser._tabular`)."""
    table_codes: bool = False
    """DC4 DC2 on line 2: the sender marked the story tabular (no reliable flag on its own)."""
    line_two: int | None = None
    keyword: str | None = None
    version: str | None = None
    word_count: int | None = None


@dataclass(slots=True)
class _Heading:
    """What the caret lines before the body say."""

    keyword: str | None = None
    take_key: str | None = None
    headline: str | None = None
    summary: str | None = None
    byline: str | None = None
    byline_title: str | None = None
    notes: list[str] = field(default_factory=list)


# What a line of the text part is, once its expected control codes are handled: running text,
# a caret (heading) line without its caret, or a BS table row without its codes.
_PLAIN, _CARET, _ROW = 0, 1, 2
# Control characters (those remove_controls removes) that ASCII text can hold.
_ASCII_CONTROLS = tuple(map(chr, (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)))


class _Parser(StoryParser):
    format_name = NAME

    def __init__(self, message: Message, options: ParseOptions) -> None:
        StoryParser.__init__(self, message, options)
        self.first_paragraph_line: int | None = None

    def story(self) -> Story:
        # Lines are strings, numbered by their index from the message's first line: a Line for
        # each would cost more than the rest of the work on most of them.
        base = self.message.line
        lines = self.message.text.split("\n")
        start = next((index for index, text in enumerate(lines) if _START.match(text)), None)
        if start is None:
            self.report(
                "missing-framing", self.message.line, "no SOH line (SYN SYN SOH W1234) starts the story"
            )
            preamble: list[Line] = []
            rest = 0
        else:
            preamble = [Line(base + index, text) for index, text in enumerate(lines[:start]) if text.strip()]
            rest = start
        header, content = self._header(lines, rest, framed=start is not None)
        raw_text, raw_trailer, raw_after = self._split_at_etx(lines, content)
        first = base + content if raw_text else base
        texts, kinds = _text_part(raw_text)
        header = header._replace(tabular=self._tabular(raw_text, header, texts, kinds))
        if header.tabular and _has_row_codes("\n".join(texts)):
            texts = [
                _row_codes(text) if kind == _PLAIN else text for text, kind in zip(texts, kinds, strict=True)
            ]
        preamble, texts, trailer, after = self._prepare(preamble, texts, first, raw_trailer, raw_after)
        end = self._split_heading(texts, kinds, header)
        heading = self._heading(texts[:end], header)
        body, dateline = self._body(texts[end:], kinds[end:], first + end, header.tabular)
        body, closing = _closing_agency(body, dateline)
        headline = heading.headline
        if headline is None:
            opening = base + content if content < len(lines) else base
            headline = self._stand_in_headline(body, dateline, opening)
        signoff, created = self._trailer(trailer, texts, first, after)
        if dateline is not None and self.first_paragraph_line is not None:
            dateline = self._dated(dateline, created, self.first_paragraph_line)
        agencies = _agencies(signoff, dateline, closing)
        if signoff is None and closing is not None:
            signoff = closing
        keyword = heading.keyword or header.keyword
        if keyword is None:
            self.report(
                "missing-keyword", base + rest, "no keyword on header line 2 or caret line"
            )

        return self.finish(
            preamble=tuple(line.text for line in preamble),
            code=header.code,
            keyword=keyword,
            headline=headline,
            summary=heading.summary,
            byline=heading.byline,
            byline_title=heading.byline_title,
            urgency=urgency_of(header.priority) if header.priority else None,
            priority=header.priority,
            category=header.category,
            take_key=header.version or heading.take_key,
            dateline=dateline,
            agencies=agencies,
            body=body,
            signoff=signoff,
            editor_note="\n".join(heading.notes) or None,
            created=created,
            word_count=_word_count(body, self.message.text.isascii()),
            transmitted_word_count=header.word_count,
            tabular=header.tabular,
        )

    def _header(self, lines: list[str], position: int, *, framed: bool) -> tuple[_Header, int]:
        """Header lines 1 and 2 from ``lines[position]`` on, and the index of the line after them."""
        base = self.message.line
        first = position
        code = None
        if framed:
            line_one = _LINE_ONE.match(lines[position])
            if line_one:
                code = line_one.group("service") + line_one.group("number")
            else:
                self.report(
                    "missing-code",
                    base + position,
                    "header line 1 should read SYN SYN SOH, a service letter and a 4-digit story number",
                )
            position += 1
        second = _LINE_TWO.match(lines[position]) if position < len(lines) else None
        if second is None:
            self.report(
                "garbled-header",
                base + (position if position < len(lines) else first),
                "header line 2 should read priority, category, DC3 DC1 (or DC4 DC2), keyword, MM-DD "
                "and a word count; priority, category and transmitted word count are left empty",
            )
            # A garbled line 2 is skipped; a missing one (the text starts at once) is not.
            garbled = position < len(lines) and not lines[position].startswith((STX, "^", "\t"))
            return _Header(code=code), position + 1 if garbled else position
        count = second.group("count")
        header = _Header(
            code=code,
            priority=second.group("priority"),
            category=second.group("category"),
            table_codes=second.group("codes") == TABLE_CODES,
            line_two=base + position,
            keyword=second.group("keyword"),
            version=second.group("version"),
            word_count=int(count) if count else None,
        )
        return header, position + 1

    def _tabular(self, lines: list[str], header: _Header, texts: list[str], line_types: list[int]) -> bool:
        """Whether the story is a table: the format codes say so and the text does not contradict
        them, or the text is mostly table rows whatever the codes say.

        Senders other than AP set DC4 DC2 on prose, so the codes are a hint only. Running text
        (DC3 DC1) becomes a table only on clear evidence (rows with codes, cells or column gaps);
        results lines, short and with figures, count only towards confirming DC4 DC2.
        """
        codes = header.table_codes
        # The common case: no table code, no ";" and no column gap in the text part (tested first:
        # a few scans for a character) or anywhere (two counts over the message).
        if not codes and not (_may_hold_rows(texts, line_types) and _may_hold_table(self.message.text)):
            return False
        counts = _line_kinds(lines)
        if codes:
            tabular = counts.prose <= counts.strong + counts.weak
        else:
            tabular = counts.strong >= 2 and counts.strong > counts.prose
        if tabular != codes and header.line_two is not None:
            self.report(
                "tabular-mismatch",
                header.line_two,
                f"header line 2 marks {'a table (DC4 DC2)' if codes else 'running text (DC3 DC1)'}, but "
                f"the text has prose lines: {counts.prose}, table rows: {counts.strong + counts.weak}; "
                f"read as {'a table' if tabular else 'running text'}",
            )
        return tabular

    def _dated(self, dateline: Dateline, created: dt.datetime | None, line: int) -> Dateline:
        """The dateline with the date written in its place part (``TOKYO, Oct. 3``), if any, read.

        Such a date has no year: the trailer's date gives it (the dateline may be a day ahead of
        GMT), else ``--year`` or the reference date, as for other year-less datelines.
        """
        match = _DATELINE_DATE.search(dateline.place or "")
        if match is None:
            return dateline
        month, day = MONTHS[match.group("month")], int(match.group("day"))
        year = int(match.group("year")) if match.group("year") else None
        written = match.group()[1:].strip()
        place = (dateline.place or "")[: match.start()].strip()
        if year is not None or self.options.year is not None or created is None:
            date, notes = resolve_date(month, day, year, self.options, line, written)
            self.diagnostics.extend(notes)
        else:
            latest = created.date() + dt.timedelta(days=1)
            date = latest_date_not_after(month, day, latest)
            if date is None:
                self.report("impossible-date", line, f"dateline date '{written}' is not a date")
            else:
                self.report(
                    "dateline-year-inferred",
                    line,
                    f"dateline '{written}' has no year; read as {date.isoformat()}, the latest not after "
                    f"the day after the trailer date {created.date().isoformat()} (pass --year to choose)",
                )
        return Dateline(text=dateline.text, place=place, date=date, credit=dateline.credit)

    def _split_at_etx(self, lines: list[str], position: int) -> tuple[list[str], Line | None, list[Line]]:
        """Text lines from ``lines[position]`` to ETX (with any text on the ETX line before it), the
        trailer, the lines after."""
        # The ETX line is one of the last: found from the end, then checked to be the first with
        # ETX by one scan (in C) of the lines before it.
        index = len(lines) - 1
        while index >= position and ETX not in lines[index]:
            index -= 1
        if index < position:
            return lines[position:], None, []
        text_lines = lines[position:index]
        if ETX in "\n".join(text_lines):
            index = next(number for number in range(position, index) if ETX in lines[number])
            text_lines = lines[position:index]
        before, trailer = lines[index].split(ETX, 1)
        if before.strip():
            text_lines.append(before)
        base = self.message.line
        after = [Line(base + number, lines[number]) for number in range(index + 1, len(lines))]
        return text_lines, Line(base + index, trailer), after

    def _prepare(
        self,
        preamble: list[Line],
        texts: list[str],
        first: int,
        trailer: Line | None,
        after: list[Line],
    ) -> tuple[list[Line], list[str], Line | None, list[Line]]:
        """Remove and report the control characters left once each part's expected ones are handled."""
        expected_after = [
            Line(line.number, line.text.replace(FF, "").replace(EOT, "").replace(SYN, "")) for line in after
        ]
        everything = "\n".join(
            [
                *(line.text for line in preamble),
                *texts,
                *([trailer.text] if trailer else []),
                *(line.text for line in expected_after),
            ]
        )
        # remove_controls would change nothing: a test per control character (memchr in C) tells.
        if not everything.isascii() or any(map(everything.__contains__, _ASCII_CONTROLS)):
            lines = [
                *preamble,
                *(Line(first + index, text) for index, text in enumerate(texts)),
                *([trailer] if trailer else []),
                *expected_after,
            ]
            cleaned, removed = remove_controls(lines)
            self.diagnostics.extend(removed)
            position = len(preamble)
            preamble = cleaned[:position]
            texts = [line.text for line in cleaned[position : position + len(texts)]]
            position += len(texts)
            if trailer is not None:
                trailer = cleaned[position]
                position += 1
            expected_after = cleaned[position:]
        for line in expected_after:
            if line.text.strip():
                self.report("trailing-text", line.number, "text after the trailer belongs to no story")
        return preamble, texts, trailer, expected_after

    def _split_heading(self, texts: list[str], kinds: list[int], header: _Header) -> int:
        """How many lines open the text as its heading: the caret lines with an end code; in
        tables only up to the By line.

        A caret line without an end code is a list item (AP headline digests): it and all after it
        belong to the body.
        """
        end = 0
        while end < len(texts) and kinds[end] == _CARET and _strip_end_code(texts[end])[1]:
            end += 1
        if header.tabular:
            bylines = [index for index in range(end) if _BYLINE.match(_strip_end_code(texts[index])[0])]
            if bylines:
                end = bylines[0] + 1
            else:
                keyword_lines = 1 if end and self._is_keyword_line(texts[0], header) else 0
                end = min(end, keyword_lines + 1)
        return end

    @staticmethod
    def _is_keyword_line(text: str, header: _Header) -> bool:
        text, _ = _strip_end_code(_without_digest_segment(text))
        squeezed = text.split(",", 1)[0].replace(" ", "")
        if header.keyword and squeezed.startswith(header.keyword):
            return True
        return bool((_KEYWORD_LINE if header.keyword else _KEYWORD_SHAPE).match(text))

    def _heading(self, lines: list[str], header: _Header) -> _Heading:
        heading = _Heading()
        if lines and self._is_keyword_line(lines[0], header):
            keyword_text, _ = _strip_end_code(_without_digest_segment(lines[0]))
            heading.keyword, heading.take_key = _split_keyword_line(keyword_text)
            lines = lines[1:]
        after_byline = False
        for line in lines:
            text, end_code = _strip_end_code(line)
            text = ap_typography(text)
            previous_was_byline, after_byline = after_byline, False
            if previous_was_byline and end_code == "=" and heading.byline_title is None:
                heading.byline_title = text
            elif "photo" in text.lower() and _PHOTO.match(text):  # lower() makes no "photo" of other letters
                continue  # photo numbers are for the picture desk; the model has no place for them
            elif match := _editor_note(text):
                if match.group(1):
                    heading.notes.append(match.group(1))
            elif (
                text.startswith("By")
                and (byline := _BYLINE.match(text))
                and (end_code == "=" or heading.headline is not None)
            ):
                heading.byline = byline.group(1).strip()
                after_byline = True
            elif heading.headline is None:
                heading.headline = text
            elif heading.summary is None:
                heading.summary = text
            else:
                heading.summary = f"{heading.summary} {text}"
        return heading

    def _body(
        self, texts: list[str], kinds: list[int], first: int, tabular: bool
    ) -> tuple[tuple[Block, ...], Dateline | None]:
        """The body blocks of the lines after the heading (the first numbered ``first``), and the
        dateline of the first paragraph."""
        blocks: list[Block] = []
        rows: list[str] = []
        dateline: Dateline | None = None

        def close_table() -> None:
            blocks.append(Block(BlockType.TABLE, _table_text(rows)))
            rows.clear()

        for index, text in enumerate(texts):
            # _strip_end_code written out: this loop runs on every line of the body.
            stripped = text.rstrip()
            if not stripped:
                if rows:
                    close_table()
                continue
            if stripped.endswith(_END_CODES):
                stripped = stripped[:-1].rstrip()
            kind = kinds[index]
            if kind == _ROW or (
                tabular and kind != _CARET and not _opens_tabular_text(stripped, not blocks and not rows)
            ):
                rows.append(stripped)
                continue
            if rows:
                close_table()
            stripped = stripped.lstrip()
            if kind == _CARET and tabular:
                if stripped.upper() != "END":  # ^END< closes the table; it is not a heading
                    blocks.append(Block(BlockType.SUBHEAD, ap_typography(stripped)))
                continue
            if stripped.startswith("___") and not stripped.strip("_"):  # _BREAK
                blocks.append(Block(BlockType.PARAGRAPH, "___"))
                continue
            # The tests of ap_typography, without its call for the many lines it leaves as they are.
            if "`" in stripped or "''" in stripped or "_" in stripped:
                stripped = ap_typography(stripped)
            if len(stripped) <= _SUBHEAD_WIDTH and _is_subhead(stripped):
                blocks.append(Block(BlockType.SUBHEAD, stripped))
                continue
            if self.first_paragraph_line is None:
                self.first_paragraph_line = first + index
                dateline = _dateline(stripped)
            blocks.append(Block(BlockType.PARAGRAPH, stripped))
        if rows:
            close_table()
        if not blocks:
            self.report(
                "empty-body",
                first if texts else self.message.line,
                "the story has no paragraphs or table rows",
            )
        return tuple(blocks), dateline

    def _stand_in_headline(self, body: tuple[Block, ...], dateline: Dateline | None, line: int) -> str | None:
        for block in body:
            if block.type is BlockType.PARAGRAPH and not _BREAK.match(block.text):
                text = block.text
                if dateline is not None and text.startswith(dateline.text):
                    text = text[len(dateline.text) :].lstrip(" —–_-")
                self.report(
                    "headline-from-body",
                    self.first_paragraph_line,
                    "no headline caret line; the first paragraph, without its dateline, stands in for it",
                )
                return text
        self.report("missing-headline", line, "no headline caret line and no paragraph to stand in for it")
        return None

    def _trailer(
        self, trailer: Line | None, texts: list[str], first: int, after: list[Line]
    ) -> tuple[Signoff | None, dt.datetime | None]:
        if trailer is None:
            self.report(
                "cut-short",
                self._last_written(texts, first, after),
                "no ETX and trailer (AP-WF-MM-DD-YY HHMMGMT): the story may be cut short",
            )
            return None, None
        if self.message.end is not End.MARKER:
            self.report(
                "cut-short",
                self._last_written(texts, first, after),
                "no EOT after the trailer: "
                + ("the next story starts here" if self.message.end is End.NEXT else "the input ends here"),
            )
        match = _TRAILER.match(trailer.text.strip())
        if match is None:
            self.report(
                "missing-signoff",
                trailer.number,
                "the text after ETX should read [AGENCY-DESK-]MM-DD-YY HHMMGMT (AP: AP-WF-11-13-13 "
                "1509GMT); no signoff or creation time",
            )
            return None, None
        time, notes = check_signoff_time(match.group("hhmm"), trailer.number)
        self.diagnostics.extend(notes)
        agency = match.group("agency")
        signoff = Signoff(match.group("text"), (agency,) if agency else (), (), time)
        return signoff, self._created(match, time, trailer.number)

    def _last_written(self, texts: list[str], first: int, after: list[Line]) -> int:
        """The number of the last line with text: of ``after``, else of the text part (its first
        line numbered ``first``), else the message's first."""
        for line in reversed(after):
            if line.text.strip():
                return line.number
        for index in range(len(texts) - 1, -1, -1):
            if texts[index].strip():
                return first + index
        return self.message.line

    def _created(self, match: re.Match[str], time: str | None, line: int) -> dt.datetime | None:
        if time is None:
            return None
        century = 2000 if 2000 + int(match.group("year")) <= self.options.reference_date.year + 1 else 1900
        written = f"{match.group('month')}-{match.group('day')}-{match.group('year')}"
        hours, minutes = (int(part) for part in time.split(":"))
        try:
            created = dt.datetime(
                century + int(match.group("year")),
                int(match.group("month")),
                int(match.group("day")),
                hours,
                minutes,
                tzinfo=dt.UTC,
            )
        except ValueError:
            self.report("impossible-date", line, f"trailer date '{written}' (MM-DD-YY) is not a date")
            return None
        if match.group("zone") is None:
            self.report("timezone-assumed", line, f"trailer time {time} has no zone; read as GMT")
        if created.date() > self.options.reference_date:
            self.report(
                "future-date",
                line,
                f"trailer date {created.date().isoformat()} is after the reference date "
                f"{self.options.reference_date.isoformat()}",
            )
        return created


class LineKinds(NamedTuple):
    """The lines of a story's text part (caret lines aside) by what they look like."""

    strong: int
    """Table rows beyond doubt: BS rows, lines with table codes, ``;`` cells or column gaps."""
    weak: int
    """Short lines with figures that end in no full stop: results lines (``Boston 4, Baltimore 0``)."""
    prose: int
    """Lines of six words or more, or ending in a full stop: running text."""


def _may_hold_table(text: str) -> bool:
    """False when no line of ``text`` can be strong evidence of a table (:class:`LineKinds`).

    Counts in C instead of a pass over the lines: a double blank that is not part of an indent
    (TAB and three spaces) may be a column gap; so may a table code or a ``;``.
    """
    return BS in text or DLE in text or RS in text or ";" in text or text.count("  ") > text.count("\t  ")


def line_kinds(lines: list[Line]) -> LineKinds:
    """Count the lines before ETX (caret lines aside) by :class:`LineKinds`; blank lines and
    section breaks do not count, nor do short lines that are neither rows nor sentences."""
    return _line_kinds([line.text for line in lines])


def _line_kinds(lines: list[str]) -> LineKinds:
    """:func:`line_kinds` of the lines' texts."""
    strong = weak = prose = 0
    for text in lines:
        if text.startswith(STX):
            text = text[1:]
        lead = text[:1]
        if lead == BS:
            strong += 1
            continue
        if lead == "^":
            continue
        # _unindent and _strip_end_code written out: this loop runs on every line of a story.
        if lead == "\t":
            text = text[4:] if text.startswith("   ", 1) else text[1:].lstrip(" ")
        text = text.rstrip()
        if text.endswith(_END_CODES):
            text = text[:-1].rstrip()
        if not text or (text.startswith("___") and not text.strip("_")):  # blank or _BREAK
            continue
        if (
            # A table code (BS, DLE, RS, US): four tests in C, not a generator, as this runs on every line.
            BS in text or DLE in text or RS in text or US in text
            # Two ";" not followed by a blank: the "; " are distinct ";", so the counts tell.
            or (";" in text and text.count(";") - text.count("; ") >= 2)
            or _has_column_gap(text)
        ):
            strong += 1
            continue
        # _SENTENCE_END matches only in the last two characters, its look-behind three before them,
        # and only where the line ends in one of its closing characters.
        if text[-1] in _SENTENCE_CLOSERS and _SENTENCE_END.search(text[-5:]) is not None:
            prose += 1
            continue
        # Only "at most 8" and "at least 6" words are asked: a split of at most 9 parts tells both.
        words = len(text.split(None, _SHORT_ROW_WORDS))
        if (
            len(text) <= _SHORT_ROW_WIDTH
            and words <= _SHORT_ROW_WORDS
            and any(map(str.isdigit, text))
            and not _LIST_ITEM.match(text)
        ):
            weak += 1
        elif words >= _PROSE_WORDS:
            prose += 1
    return LineKinds(strong, weak, prose)


def _text_part(lines: list[str]) -> tuple[list[str], list[int]]:
    """The text part's lines with their expected control codes handled, and what each line is
    (``_PLAIN``, ``_CARET``, ``_ROW``): STX off the first line with text, the caret off heading
    lines, the paragraph indent off running text (:func:`_unindent`), BS and row codes off rows."""
    texts: list[str] = []
    kinds: list[int] = []
    opened = False
    for text in lines:
        if not opened and text.strip():
            opened = True
            if text.startswith(STX):
                text = text[1:]
        lead = text[:1]
        if lead == "\t":
            texts.append(text[4:] if text.startswith("   ", 1) else text[1:].lstrip(" "))
            kinds.append(_PLAIN)
        elif lead == "^":
            texts.append(text[1:])
            kinds.append(_CARET)
        elif lead == BS:
            # A table row; BS then ^ starts a row of column headings.
            texts.append(_row_codes(text[1:].removeprefix("^")))
            kinds.append(_ROW)
        else:
            texts.append(text)
            kinds.append(_PLAIN)
    return texts, kinds


def _may_hold_rows(texts: list[str], kinds: list[int]) -> bool:
    """False when no line of the text part can be strong evidence of a table (:class:`LineKinds`).

    What :func:`line_kinds` tests of a line that is not a BS row is part of its text here, so a
    table code, a ``;`` or a column gap (a TAB or two blanks) it can find is found here too; the
    header, whose column of blanks before the date is no table, is not looked at.
    """
    if _ROW in kinds:
        return True
    text = "\n".join(texts)
    return (
        BS in text
        or DLE in text
        or RS in text
        or US in text
        or ";" in text
        or "\t" in text
        or ("  " in text and _BLANKS_BEFORE_TEXT.search(text) is not None)
    )


def _opens_tabular_text(text: str, opening: bool) -> bool:
    """Section breaks, and a dateline paragraph before any table (``opening``), are text in a
    tabular item."""
    text = text.strip()
    if text.startswith("___") and not text.strip("_"):  # _BREAK
        return True
    return opening and _DATELINE.match(ap_typography(text)) is not None


def _word_count(blocks: tuple[Block, ...], ascii_source: bool) -> int:
    """``count_words(blocks)``, without a string per word in the common case.

    When the texts, joined by a blank, hold no whitespace but single blanks between words, the
    words are one more than the blanks. Copy that was ASCII can only hold ASCII whitespace (the
    typography adds quotes and dashes): a test for each of those tells.
    """
    text = " ".join([block.text for block in blocks])
    if (
        ascii_source
        and text
        and text[0] != " "
        and text[-1] != " "
        and "  " not in text
        and not any(map(text.__contains__, _ASCII_WHITESPACE))
    ):
        return text.count(" ") + 1
    return len(text.split())


def _has_column_gap(text: str) -> bool:
    """Whether ``_COLUMN_GAP.search(text)`` finds a gap; each shape is looked for only where its
    fixed characters are (the gap of two blanks is part of any of three or more)."""
    if "\t" in text and _TAB_GAP.search(text):
        return True
    if "  " not in text:
        return False
    return bool(_TWO_BLANKS_GAP.search(text)) or ("   " in text and bool(_BLANKS_GAP.search(text)))


def _closing_agency(
    body: tuple[Block, ...], dateline: Dateline | None
) -> tuple[tuple[Block, ...], Signoff | None]:
    """The body without a last paragraph that only names the agency (``==Kyodo``), and that line
    as a signoff. The agency must be credited in the dateline or be a known one."""
    if not body or body[-1].type is not BlockType.PARAGRAPH:
        return body, None
    match = _CLOSING_AGENCY.match(body[-1].text)
    if match is None:
        return body, None
    agency = match.group("agency")
    credited = {part.strip().upper() for part in (dateline.credit or "").split("/")} if dateline else set()
    if agency.upper() not in credited and agency.upper() not in KNOWN_AGENCIES:
        return body, None
    return body[:-1], Signoff(body[-1].text, (agency,), (), None)


def _agencies(signoff: Signoff | None, dateline: Dateline | None, closing: Signoff | None) -> tuple[str, ...]:
    """The agencies the copy names, distributor first: the trailer's (``AP-WF-...``), the dateline
    credit (``(Kyodo)``, ``(AP/Kyodo)``), a closing agency line; the same agency once."""
    named = [*(signoff.agencies if signoff else ())]
    if dateline is not None and dateline.credit:
        named.extend(part.strip() for part in dateline.credit.split("/") if part.strip())
    named.extend(closing.agencies if closing else ())
    seen: dict[str, str] = {}
    for agency in named:
        seen.setdefault(agency.upper(), agency)
    return tuple(seen.values())


def _row_codes(text: str) -> str:
    """Table typesetting codes as text: DLE dropped, RS a space, US a TAB that pads the first column."""
    text = text.replace(DLE, "")
    if RS in text:  # most rows of running text in a tabular item have none: no pattern call then
        text = _ROW_SPACE.sub(" ", text)
    return text.replace(US, "\t")


def _has_row_codes(text: str) -> bool:
    """Whether :func:`_row_codes` would change ``text``."""
    return DLE in text or RS in text or US in text


def _table_text(rows: list[str]) -> str:
    """Rows as one preformatted block: the first column padded where US marked its end, ``{`` as ½."""
    text = "\n".join(rows)
    if "\t" not in text:
        return text.replace("{", "½")  # rows come without trailing blanks: nothing to pad or strip
    width = max((len(row.split("\t", 1)[0]) for row in rows if "\t" in row), default=0)
    lines = []
    for row in rows:
        if "\t" in row:
            first, rest = row.split("\t", 1)
            row = first.ljust(width) + rest.replace("\t", " ")
        lines.append(row.replace("{", "½").rstrip())
    return "\n".join(lines)


def _unindent(text: str) -> str:
    """A line without its paragraph indent: a TAB and up to three spaces (``^\\t {0,3}``).

    By hand: most lines of a story are indented or not and this runs on each, where a pattern
    call costs several times these string tests.
    """
    if not text.startswith("\t"):
        return text
    rest = text[1:]
    # Three spaces or more: exactly three go; fewer: all of them.
    return rest[3:] if rest.startswith("   ") else rest.lstrip(" ")


def _strip_end_code(text: str) -> tuple[str, str | None]:
    """A line without its ``<`` / ``=`` typesetting end code, and the code."""
    # By hand, not a search for r"\s*([<=])\s*$": that search restarts at every blank of a long
    # run of blanks and takes quadratic time.
    stripped = text.rstrip()
    if stripped.endswith(_END_CODES):
        return stripped[:-1].rstrip(), stripped[-1]
    return stripped, None


def _without_digest_segment(text: str) -> str:
    """The keyword line without the digest's extra opening segment (``*9006< ^``), which starts with ``*``."""
    return _DIGEST_SEGMENT.sub("", text) if text.startswith("*") else text


def _editor_note(text: str) -> re.Match[str] | None:
    """The match of an editor note line (``Eds:``, ``(Eds: ...)``, ``EDITOR'S NOTE _``), if it is one.

    The first character tells which pattern can match, so most lines are passed over without one.
    """
    lead = text[:1]
    if lead == "(":
        return _EDS_IN_PARENTHESES.match(text)
    if lead in ("E", "e"):  # the patterns ignore case, and no other character folds to E
        return _EDS.match(text) or _EDITORS_NOTE.match(text)
    return None


def _split_keyword_line(text: str) -> tuple[str | None, str | None]:
    """``BC-US--Giant Lobster Death, 1st Ld-Writethru,127`` -> keyword and take key."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 1 and (parts[-1].isdigit() or not parts[-1]):
        parts.pop()  # the heading word count; the model keeps only line 2's
    take_key = ", ".join(part for part in parts[1:] if part)
    return parts[0] or None, take_key or None


def _text_block(text: str) -> Block:
    if _BREAK.match(text):
        return Block(BlockType.PARAGRAPH, "___")
    text = ap_typography(text)
    if _is_subhead(text):
        return Block(BlockType.SUBHEAD, text)
    return Block(BlockType.PARAGRAPH, text)


def _is_subhead(text: str) -> bool:
    return (
        len(text) <= _SUBHEAD_WIDTH
        and not any(map(str.islower, text))
        and sum(map(str.isalpha, text)) >= 2
        and _DATELINE.match(text) is None
    )


def _dateline(text: str) -> Dateline | None:
    match = _DATELINE.match(text)
    if match is None:
        return None
    return Dateline(
        text=text[: match.end("credit") + 1],
        place=match.group("place").strip(),
        date=None,
        credit=match.group("credit").strip(),
    )


FORMAT: WireFormat = WireFormat(
    name=NAME,
    description="ANPA 1312 (AP, Kyodo ...): SYN SYN SOH header, caret heading lines, TAB-led text or tables",
    fields=(
        "preamble",
        "code",
        "keyword",
        "headline",
        "summary",
        "byline",
        "byline_title",
        "urgency",
        "priority",
        "category",
        "take_key",
        "dateline",
        "agencies",
        "body",
        "signoff",
        "editor_note",
        "created",
        "word_count",
        "transmitted_word_count",
        "tabular",
    ),
    detect=detect,
    parse=parse,
)
