"""BSS English-service wire copy (Bangladesh Sangbad Sangstha), often redistributing AFP.

How it looks on the wire (blocks separated by one empty line, UTF-8, no closing ``NNNN`` needed)::

    BFF-09 N.Korea’s Kim, Putin to hold first talks in Russia’s Far East     <- preamble (web title)
    242                                                                       <- preamble
    ZCZC
    BFF-09                                                                    <- code
    RUSSIA-NKOREA-SUMMIT                                                      <- keyword
    N.Korea’s Kim, Putin to hold first talks in Russia’s Far East             <- headline
    By Name                                                                   <- optional byline
    MOSCOW, April 24, 2019 (BSS/AFP) – Kim Jong Un and Vladimir Putin will    <- dateline + lede
    meet in Russia’s Far East ...
    – Cold War ties –                                                         <- subhead
    BSS/AFP/GMR/0826 hrs                                                      <- signoff

Fills: ``preamble``, ``code``, ``keyword``, ``headline``, ``urgency`` (from a ``FLASH``,
``BULLETIN`` or ``URGENT`` headline prefix), ``byline``, ``dateline``, ``agencies``, ``body``
(paragraphs and subheads), ``signoff``, ``created`` (dateline date + signoff time, Dhaka time
assumed) and ``word_count``.

Example: the block ``– Cold War ties –`` becomes ``{"type": "subhead", "text": "Cold War ties"}``;
the signoff ``BSS/AFP/GMR/0826 hrs`` becomes agencies ``["BSS", "AFP"]``, initials ``["GMR"]`` and
time ``"08:26"``.
"""

from __future__ import annotations

import datetime as dt
import re

from wirecli.diagnostics import diagnose
from wirecli.formats._common import (
    MONTH_PATTERN,
    MONTHS,
    Line,
    Message,
    WireFormat,
    agency_mismatch,
    blocks_of,
    check_signoff_time,
    numbered_lines,
    remove_controls,
    resolve_date,
    split_signoff,
    unwrap,
)
from wirecli.formats.framing import End
from wirecli.model import (
    Block,
    BlockType,
    Dateline,
    Diagnostic,
    ParseOptions,
    Signoff,
    Source,
    Story,
    count_words,
)

NAME = "bss"
WIRE_WIDTH = 80

_START = re.compile(r"^\s*ZCZC\b", re.IGNORECASE)
_END = re.compile(r"^\s*NNNN\b")
_CODE = re.compile(r"^[A-Z]{2,5}-\d{1,4}$")
_KEYWORD = re.compile(r"^(?=[^a-z]*[A-Z])[A-Z0-9][A-Z0-9&'./_-]*$")
_WEB_TITLE = re.compile(r"^([A-Z]{2,5}-\d{1,4})\s+(.+)$")
_URGENCY = re.compile(r"^(FLASH|BULLETIN|URGENT)\s*[:\-–—]\s*", re.IGNORECASE)
_URGENCY_LEVEL = {"FLASH": 1, "BULLETIN": 2, "URGENT": 3}
_BYLINE = re.compile(r"^[Bb]y\s+(\S.*)$")
# The text ends in a non-blank, so no blank can be taken by both the text and the blanks after it:
# the lazy form `(\S.*?)\s+` took time quadratic in a run of blanks.
_SUBHEAD = re.compile(r"^[–—-]{1,2}\s++(\S(?:.*\S)?)\s+[–—-]{1,2}$")
_SIGNOFF = re.compile(r"^([A-Za-z][A-Za-z0-9]*(?:\s*/\s*[A-Za-z][A-Za-z0-9]*)*)\s*/\s*(\d{3,4})\s*hrs?\.?$")
_DASH = r"(?:--|–|—|-)"
_DATELINE = re.compile(
    rf"^(?P<place>[^()\n]{{1,80}}?),\s+(?P<month>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}})"
    rf"(?:,\s*(?P<year>\d{{4}}))?\s*\((?P<credit>[^()]{{1,40}})\)\s*{_DASH}\s+"
)
# A last line without a signoff that ends in none of these stops mid-sentence.
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", ")", "]", "»")
_QUOTED_TAIL = 40
# Datelines whose date is not in the common form, or that have none: the date goes to dateutil.
# Possessive blanks keep a long run of blanks linear; `blank_date` is the one match that giving
# blanks back used to find ("PLACE,  (CREDIT) - ": the date is the blank before the parenthesis).
_LOOSE_DATELINE = re.compile(
    rf"^(?P<place>[^()\n,]{{1,80}}?)(?:,(?:\s++(?P<date>[^()\n]{{1,40}}?)|\s+?(?P<blank_date>\s)(?=\()))?"
    rf"\s*+\((?P<credit>[^()]{{1,40}})\)\s*{_DASH}\s+"
)


def detect(head: bytes) -> bool:
    """A ``ZCZC`` line followed by a BSS-style story code (``BFF-09``) within the next lines."""
    try:
        text = head[:600].decode("utf-8", errors="replace")
    except Exception:  # detect must never raise
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for position, line in enumerate(lines):
        if line.upper() == "ZCZC":
            return any(_CODE.match(candidate) for candidate in lines[position + 1 : position + 3])
    return False


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one BSS message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


class _Parser:
    def __init__(self, message: Message, options: ParseOptions) -> None:
        self.message = message
        self.options = options
        self.diagnostics: list[Diagnostic] = []

    def story(self) -> Story:
        lines, removed = remove_controls(numbered_lines(self.message))
        self.diagnostics.extend(removed)
        preamble, content = self._split_preamble(lines)
        self._check_width(content)
        blocks = blocks_of(content)
        if blocks and _END.match(blocks[-1][-1].text):
            blocks[-1] = blocks[-1][:-1]
            if not blocks[-1]:
                blocks.pop()

        code = self._take_single(blocks, _CODE, "missing-code", "no story code after ZCZC")
        keyword = self._take_single(blocks, _KEYWORD, "missing-keyword", "no keyword slug")
        headline, urgency, byline = self._take_headline(blocks)
        if byline is None:
            byline = self._take_byline(blocks)
        signoff_line = self._take_signoff(blocks)
        # An empty body is reported where its text should have been: at the signoff, if any.
        body, dateline = self._body(blocks, signoff_line.number if signoff_line else None)
        agencies = (
            tuple(part.strip() for part in dateline.credit.split("/")) if dateline and dateline.credit else ()
        )
        signoff = self._signoff(signoff_line, agencies)
        self._cross_check_preamble(preamble, code, headline)
        created = self._created(dateline, signoff, signoff_line)

        self.diagnostics.sort(key=lambda diagnostic: diagnostic.line or 0)
        return Story(
            format=NAME,
            source=Source(self.options.path, self.message.index, self.message.line, self.message.encoding),
            preamble=tuple(line.text for line in preamble),
            code=code,
            keyword=keyword,
            headline=headline,
            byline=byline,
            urgency=urgency,
            dateline=dateline,
            agencies=agencies,
            body=body,
            signoff=signoff,
            created=created,
            word_count=count_words(body),
            diagnostics=tuple(self.diagnostics),
        )

    def _report(self, code: str, line: int | None, message: str) -> None:
        self.diagnostics.append(diagnose(code, line, message))

    def _split_preamble(self, lines: list[Line]) -> tuple[list[Line], list[Line]]:
        for position, line in enumerate(lines):
            start = _START.match(line.text)
            if start:
                preamble = [line for line in lines[:position] if line.text.strip()]
                # ZCZC stands alone on its line; text after it is kept, not dropped with the marker.
                rest = line.text[start.end() :].strip()
                return preamble, [Line(line.number, rest)] * bool(rest) + lines[position + 1 :]
        self._report("missing-framing", self.message.line, "no ZCZC line starts the story")
        return [], lines

    def _check_width(self, lines: list[Line]) -> None:
        for line in lines:
            if len(line.text) > WIRE_WIDTH:
                self._report(
                    "long-line",
                    line.number,
                    f"line is {len(line.text)} characters, wider than {WIRE_WIDTH}",
                )

    def _first_line_number(self, blocks: list[list[Line]]) -> int:
        return blocks[0][0].number if blocks else self.message.line

    def _take_single(
        self, blocks: list[list[Line]], pattern: re.Pattern[str], code: str, message: str
    ) -> str | None:
        if blocks and len(blocks[0]) == 1 and pattern.match(blocks[0][0].text.strip()):
            return blocks.pop(0)[0].text.strip()
        self._report(code, self._first_line_number(blocks), message)
        return None

    def _take_headline(self, blocks: list[list[Line]]) -> tuple[str | None, int | None, str | None]:
        """A headline is a one-line block that is not a dateline paragraph (a byline may follow it)."""
        block = blocks[0] if blocks else []
        byline_match = _BYLINE.match(block[1].text.strip()) if len(block) == 2 else None
        first = block[0].text.strip() if block else ""
        if not block or (len(block) > 1 and byline_match is None) or _starts_with_dateline(first):
            self._report(
                "missing-headline",
                self._first_line_number(blocks),
                "no headline line before the story text",
            )
            return None, None, None
        blocks.pop(0)
        urgency = None
        prefix = _URGENCY.match(first)
        if prefix:
            urgency = _URGENCY_LEVEL[prefix.group(1).upper()]
            first = first[prefix.end() :]
        return first, urgency, byline_match.group(1).strip() if byline_match else None

    def _take_byline(self, blocks: list[list[Line]]) -> str | None:
        if blocks and len(blocks[0]) == 1:
            match = _BYLINE.match(blocks[0][0].text.strip())
            if match:
                blocks.pop(0)
                return match.group(1).strip()
        return None

    def _take_signoff(self, blocks: list[list[Line]]) -> Line | None:
        if blocks and _SIGNOFF.match(blocks[-1][-1].text.strip()):
            line = blocks[-1].pop()
            if not blocks[-1]:
                blocks.pop()
            return line
        where = blocks[-1][-1].number if blocks else self.message.line
        if blocks:
            self._check_cut_short(blocks[-1][-1])
        if self.message.end is End.NEXT:
            self._report(
                "missing-signoff",
                where,
                "no signoff before the next ZCZC: the story may be cut short",
            )
        else:
            self._report(
                "missing-signoff",
                where,
                "no signoff line such as 'BSS/AFP/GMR/0826 hrs' at the end",
            )
        return None

    def _check_cut_short(self, last: Line) -> None:
        """No signoff and a last line that stops mid-sentence: the transmission broke off."""
        text = last.text.rstrip()
        if text.endswith(_SENTENCE_ENDS):
            return
        tail = text
        if len(text) > _QUOTED_TAIL:
            cut = text[-_QUOTED_TAIL:]
            tail = "…" + cut[cut.find(" ") + 1 :]  # start at a whole word
        where = "before the next ZCZC" if self.message.end is End.NEXT else "at the end of the input"
        self._report("cut-short", last.number, f"the story stops mid-sentence ('{tail}') {where}")

    def _body(
        self, blocks: list[list[Line]], signoff_line: int | None
    ) -> tuple[tuple[Block, ...], Dateline | None]:
        body: list[Block] = []
        dateline: Dateline | None = None
        for position, block in enumerate(blocks):
            text, joins = unwrap(block)
            self.diagnostics.extend(joins)
            subhead = _SUBHEAD.match(text)
            if subhead and len(block) == 1:
                body.append(Block(BlockType.SUBHEAD, subhead.group(1)))
                continue
            if position == 0:
                dateline = self._dateline(text, block[0].number)
            body.append(Block(BlockType.PARAGRAPH, text))
        if not body:
            where = blocks[0][0].number if blocks else signoff_line or self.message.line
            self._report("empty-body", where, "the story has no paragraphs")
        return tuple(body), dateline

    def _dateline(self, text: str, line: int) -> Dateline | None:
        match = _DATELINE.match(text)
        if match:
            month, day = MONTHS[match.group("month")], int(match.group("day"))
            year = int(match.group("year")) if match.group("year") else None
            written = text[match.start("month") : match.end("year") if year else match.end("day")]
            date, notes = resolve_date(month, day, year, self.options, line, written)
            self.diagnostics.extend(notes)
            return _make_dateline(text, match, date)
        loose = _LOOSE_DATELINE.match(text)
        if loose is None:
            self._report(
                "missing-dateline",
                line,
                "the first paragraph does not open with 'PLACE, Month D, YYYY (CREDIT) – '",
            )
            return None
        written = loose.group("date") or loose.group("blank_date")
        return _make_dateline(text, loose, self._loose_date(written, line) if written else None)

    def _loose_date(self, written: str, line: int) -> dt.date | None:
        from dateutil import parser as dateutil_parser  # rare path: keep it off start-up

        try:
            parsed = dateutil_parser.parse(written, default=dt.datetime(1, 1, 1), fuzzy=False)
        except (ValueError, OverflowError):
            self._report("unparseable-date", line, f"dateline date '{written}' is not understood")
            return None
        if parsed.year == 1:
            date, notes = resolve_date(parsed.month, parsed.day, None, self.options, line, written)
            self.diagnostics.extend(notes)
            return date
        date, notes = resolve_date(parsed.month, parsed.day, parsed.year, self.options, line, written)
        self.diagnostics.extend(notes)
        return date

    def _signoff(self, line: Line | None, credit: tuple[str, ...]) -> Signoff | None:
        if line is None:
            return None
        text = line.text.strip()
        match = _SIGNOFF.match(text)
        assert match is not None  # _take_signoff only keeps matching lines
        parts = [part.strip() for part in match.group(1).split("/")]
        time, notes = check_signoff_time(match.group(2).zfill(4), line.number)
        self.diagnostics.extend(notes)
        signoff = split_signoff(text, parts, time, credit)
        self.diagnostics.extend(agency_mismatch(signoff, credit, line.number))
        return signoff

    def _cross_check_preamble(self, preamble: list[Line], code: str | None, headline: str | None) -> None:
        for line in preamble:
            title = _WEB_TITLE.match(line.text.strip())
            if title is None:
                continue
            web_code, web_headline = title.group(1), title.group(2).strip()
            if code is not None and web_code != code:
                self._report(
                    "preamble-mismatch",
                    line.number,
                    f"web title code {web_code} differs from story code {code}",
                )
            elif headline is not None and _URGENCY.sub("", web_headline) != headline:
                self._report(
                    "preamble-mismatch",
                    line.number,
                    "web title headline differs from the story headline",
                )
            return

    def _created(
        self, dateline: Dateline | None, signoff: Signoff | None, line: Line | None
    ) -> dt.datetime | None:
        if dateline is None or dateline.date is None or signoff is None or signoff.time is None:
            return None
        hours, minutes = (int(part) for part in signoff.time.split(":"))
        zone = self.options.bss_timezone
        created = dt.datetime.combine(dateline.date, dt.time(hours, minutes), tzinfo=zone)
        assert line is not None
        self._report(
            "timezone-assumed",
            line.number,
            f"signoff time {signoff.time} read as {created.strftime('%z')[:3]}:{created.strftime('%z')[3:]} "
            "(BSS files from Dhaka) on the dateline date",
        )
        return created


def _starts_with_dateline(text: str) -> bool:
    return bool(_DATELINE.match(text) or _LOOSE_DATELINE.match(text))


def _make_dateline(text: str, match: re.Match[str], date: dt.date | None) -> Dateline:
    credit_end = match.end("credit") + 1  # include the closing parenthesis
    return Dateline(
        text=text[:credit_end],
        place=match.group("place").strip(),
        date=date,
        credit=match.group("credit").strip(),
    )


FORMAT = WireFormat(
    name=NAME,
    description="BSS English service (ZCZC, code, slug, headline, dated dateline, signoff with hrs)",
    fields=(
        "preamble",
        "code",
        "keyword",
        "headline",
        "urgency",
        "byline",
        "dateline",
        "agencies",
        "body",
        "signoff",
        "created",
        "word_count",
    ),
    detect=detect,
    parse=parse,
)
