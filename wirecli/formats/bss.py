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
from bisect import bisect_right
from itertools import compress, count, repeat

from wirecli.diagnostics import diagnose
from wirecli.formats._common import (
    MONTH_PATTERN,
    MONTHS,
    PUNCTUATION,
    Message,
    StoryParser,
    WireFormat,
    agency_mismatch,
    check_signoff_time,
    lazy_compile,
    numbered_lines,
    offset_text,
    remove_controls,
    resolve_date,
    split_signoff,
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

NAME = "bss"
WIRE_WIDTH = 80

# The ZCZC line, searched for in the whole message: blanks before the marker, but not line breaks.
_START = re.compile(r"^[^\S\n]*ZCZC\b", re.IGNORECASE | re.MULTILINE)
# A block where blocks are more than one blank line apart: non-blank lines, one after another.
_BLOCK = lazy_compile(r"[^\n]+(?:\n[^\n]+)*")
_END = re.compile(r"^\s*NNNN\b")
_CODE = re.compile(r"^[A-Z]{2,5}-\d{1,4}$")
_KEYWORD = re.compile(r"^(?=[^a-z]*[A-Z])[A-Z0-9][A-Z0-9&'./_-]*$")
_WEB_TITLE = re.compile(r"^([A-Z]{2,5}-\d{1,4})\s+(.+)$")
_URGENCY = re.compile(r"^(FLASH|BULLETIN|URGENT)\s*[:\-–—]\s*", re.IGNORECASE)
_URGENCY_LEVEL = {"FLASH": 1, "BULLETIN": 2, "URGENT": 3}
_BYLINE = re.compile(r"^[Bb]y\s+(\S.*)$")
_SUBHEAD_DASHES = ("–", "—", "-")
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
_LOOSE_DATELINE = lazy_compile(
    rf"^(?P<place>[^()\n,]{{1,80}}?)(?:,(?:\s++(?P<date>[^()\n]{{1,40}}?)|\s+?(?P<blank_date>\s)(?=\()))?"
    rf"\s*+\((?P<credit>[^()]{{1,40}})\)\s*{_DASH}\s+"
)
_DETECT_BYTES = 600
# Text after the ZCZC line as the wire sends it: no line to strip, none wider than WIRE_WIDTH and
# blocks exactly one blank line apart. One match checks it all, where splitting and stripping every
# line cost a Python object per line. Each line starts with a non-blank and holds at most WIRE_WIDTH
# characters (taken possessively, so a longer one fails at once), the last of them not a blank; then
# one line break, or two before the next block, or the end. Possessive repeats and a look-behind, not
# nested groups: the regex engine does the least work per line that way.
_TIDY_LINE = rf"\S[^\n]{{0,{WIRE_WIDTH - 1}}}+(?<!\s)"
_TIDY = re.compile(rf"(?:{_TIDY_LINE}\n\n?+)*+{_TIDY_LINE}\Z")


# The parser works on a message's lines as plain strings: one ``str.split`` gives the lines, their
# numbers follow from their positions, and the checks below run over the whole text in C, so the
# common clean message costs no Python work per line.

_LOW_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_FLAG_LOW_CONTROLS = bytes.maketrans(_LOW_CONTROL_BYTES, bytes(len(_LOW_CONTROL_BYTES)))
_C1_CONTROL_UTF8 = lazy_compile(rb"\xc2[\x80-\x9f]")  # U+0080-U+009F
# Whitespace for str.split and str.strip besides " " and "\n" (tests/test_bss.py checks the list).
OTHER_WHITESPACE = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a character that :func:`remove_controls` removes.

    Faster than a regex or ``str.isprintable`` over the text: in UTF-8 the C0 controls and DEL are
    single bytes that one ``bytes.translate`` maps to NUL, and the C1 controls all start with 0xC2.
    """
    encoded = text.encode("utf-8", "surrogatepass")
    if b"\x00" in encoded.translate(_FLAG_LOW_CONTROLS):
        return True
    return b"\xc2" in encoded and _C1_CONTROL_UTF8.search(encoded) is not None


def single_spaced(text: str) -> bool:
    """True when the only whitespace in ``text`` besides line ends is single ``" "`` characters.

    Then the words of a stripped line, or of stripped lines joined by single spaces, number one more
    than its spaces: ``str.count`` instead of building every word with ``str.split``.
    """
    return "  " not in text and not any(map(text.__contains__, OTHER_WHITESPACE))


_LETTER = lazy_compile(r"[^\W\d_]")


def unwrap_block(block: str, first_line: int) -> tuple[str, list[Diagnostic]]:
    """:func:`unwrap` for a block of stripped, non-empty lines joined by ``"\n"``, the first of them
    numbered ``first_line``. Works on the block's text: only the line ends with a hyphen cost
    Python code."""
    text = block.replace("\n", " ")
    hyphen = block.find("-\n")
    if hyphen < 0:
        return text, []
    # ``text`` has a space for each line break of ``block``, at the same offsets: a word runs from
    # the space before it to the space after it, whichever line breaks these were.
    pieces: list[str] = []
    notes: list[Diagnostic] = []
    start = 0
    while hyphen >= 0:
        if hyphen and _LETTER.match(block, hyphen - 1):
            following = text.find(" ", hyphen + 2)
            if following < 0:  # the joined word ends the block
                following = len(text)
            word = text[text.rfind(" ", 0, hyphen) + 1 : hyphen + 1] + text[hyphen + 2 : following]
            line = first_line + block.count("\n", 0, hyphen)
            notes.append(diagnose("hyphen-join", line, f"joined '{word.strip(PUNCTUATION)}' across lines"))
            pieces.append(text[start : hyphen + 1])
            start = hyphen + 2
        hyphen = block.find("-\n", hyphen + 2)
    pieces.append(text[start:])
    return "".join(pieces), notes


def detect(head: bytes) -> bool:
    """A ``ZCZC`` line followed by a BSS-style story code (``BFF-09``) within the next lines."""
    head = head[:_DETECT_BYTES]
    # Only ASCII letters upper-case to Z and C, so a ZCZC line shows in the ASCII upper-casing
    # of the bytes; decoding starts at the line break before the first one (nothing before it
    # can be a ZCZC line), which splits the lines after it exactly as decoding everything would.
    found = head.upper().find(b"ZCZC")
    if found < 0:
        return False
    line_start = max(head.rfind(b"\n", 0, found), head.rfind(b"\r", 0, found)) + 1
    text = head[line_start:].decode("utf-8", errors="replace")
    return _code_after_zczc(text)


def _code_after_zczc(text: str) -> bool:
    """Whether one of the two non-blank lines after the first ZCZC line is a story code.

    Text after ``ZCZC`` on its line counts as the first of them, as the parser reads it.
    """
    after_zczc = -1  # non-blank lines seen since the first ZCZC line, -1 before it
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if after_zczc < 0:
            if line[:4].upper() != "ZCZC" or line[4:5] not in ("", " ", "\t"):
                continue
            after_zczc = 0
            line = line[4:].lstrip()
            if not line:
                continue
        if _CODE.match(line):
            return True
        after_zczc += 1
        if after_zczc == 2:
            return False
    return False


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one BSS message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


class _Parser(StoryParser):
    """One message, read as blocks of text rather than as lines.

    After the ``ZCZC`` line every line is stripped and the text (``core``) is cut at its blank lines
    into ``blocks``: strings of non-blank lines joined by ``"\n"``. Header blocks are taken off the
    front by moving ``lo`` and the end marker and signoff off the back by shortening the last block,
    so the body is ``blocks[lo:hi]``, joined into paragraphs with one ``str.replace`` each. A line
    number is worked out (by counting line breaks in C) only where a diagnostic or the dateline
    needs one: the clean story does no Python work per line.
    """

    format_name = NAME

    def __init__(self, message: Message, options: ParseOptions) -> None:
        StoryParser.__init__(self, message, options)
        self.first = message.line
        """Line number of the first line of ``core``."""
        self.core = ""
        self.last_break = 0
        """Line breaks in ``core``: its last line is ``first + last_break``."""
        self.blocks: list[str] = []
        self.offsets: list[int] | None = None
        """Where each block starts in ``core``; ``None`` while blocks are one blank line apart."""
        self.lo = 0
        self.hi = 0
        self.last = 0
        """Line number of the last line of ``blocks[hi - 1]``, kept as lines come off the end."""

    def story(self) -> Story:
        text = self.message.text
        plain = self.message.plain  # known from the bytes: no control characters, only " " and LF
        if not plain and has_controls(text):
            cleaned, removed = remove_controls(numbered_lines(self.message))
            self.diagnostics.extend(removed)
            text = "\n".join(line.text for line in cleaned)
        preamble, source, after = self._split_preamble(text)
        self._split_blocks(source, after)
        if self.hi > self.lo and _END.match(self._last_line()):
            self._drop_last_line()

        code = self._take_single(_CODE, "missing-code", "no story code after ZCZC")
        keyword = self._take_single(_KEYWORD, "missing-keyword", "no keyword slug")
        headline, urgency, byline = self._take_headline()
        if byline is None:
            byline = self._take_byline()
        signoff_line = self._take_signoff()
        spaced = "  " not in self.core if plain else single_spaced(self.core)
        # An empty body is reported where its text should have been: at the signoff, if any.
        body, dateline, words = self._body(signoff_line[1] if signoff_line else None, spaced)
        agencies = (
            tuple(part.strip() for part in dateline.credit.split("/")) if dateline and dateline.credit else ()
        )
        signoff = self._signoff(signoff_line, agencies)
        self._cross_check_preamble(preamble, code, headline)
        created = self._created(dateline, signoff, signoff_line[1] if signoff_line else None)

        return self.finish(
            preamble=tuple(line for _, line in preamble),
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
            word_count=words,
        )

    def _split_preamble(self, text: str) -> tuple[list[tuple[int, str]], str, int]:
        """The non-blank lines before ``ZCZC``, numbered, and where the text after the ``ZCZC`` line
        starts: a string and an offset in it (the message text itself, unless text follows ``ZCZC``
        on its line), so that the text after it is not copied."""
        start = _START.search(text)
        if start is None:
            self.report("missing-framing", self.message.line, "no ZCZC line starts the story")
            return [], text, 0
        line_start = start.start()
        line_end = text.find("\n", start.end())
        if line_end < 0:
            line_end = len(text)
        before = text[:line_start].split("\n")[:-1] if line_start else []
        preamble = [(self.message.line + index, line) for index, line in enumerate(before) if line.strip()]
        # ZCZC stands alone on its line; text after it is kept, not dropped with the marker.
        rest = text[start.end() : line_end].strip()
        self.first = self.message.line + len(before) + (0 if rest else 1)
        if rest:
            return preamble, rest + text[line_end:], 0
        return preamble, text, min(line_end + 1, len(text))

    def _split_blocks(self, source: str, after: int) -> None:
        """Check line widths, strip every line and cut the text into blocks at its blank lines.

        The text is ``source[after:]``. When it is tidy (see ``_TIDY``) it is cut as it stands.
        """
        start, stop = after, len(source)
        # Blank lines around the text, most often one or two line breaks, are stepped over.
        while stop > start and source[stop - 1] == "\n":
            stop -= 1
        while start < stop and source[start] == "\n":
            start += 1
        if start == stop or _TIDY.match(source, start, stop) is None:
            self._split_lines(source[after:] if after else source)
            return
        self.first += start - after
        self.core = core = source[start:stop]
        self.last_break = core.count("\n")
        self.last = self.first + self.last_break
        self.blocks = core.split("\n\n")
        self.hi = len(self.blocks)

    def _split_lines(self, after: str) -> None:
        """:meth:`_split_blocks` for text that is not tidy: line by line."""
        lines = after.split("\n")
        if max(map(len, lines)) > WIRE_WIDTH:
            self._report_long_lines(lines)
        stripped = list(map(str.strip, lines))
        # Blank lines around the text go before joining: slicing them off the joined text copies it.
        start, stop = 0, len(stripped)
        while start < stop and not stripped[start]:
            start += 1
        while stop > start and not stripped[stop - 1]:
            stop -= 1
        if start == stop:
            return
        self.first += start
        self.last_break = stop - start - 1
        self.last = self.first + self.last_break
        self.core = core = "\n".join(stripped[start:stop])
        blocks = core.split("\n\n")
        # A part that is empty or starts with a line break marks a run of blank lines; every other part
        # starts with a visible character (lines are stripped, controls removed), which sorts after LF.
        if min(blocks) < "\x0b":
            found = list(_BLOCK.finditer(core))
            blocks = [match.group() for match in found]
            self.offsets = [match.start() for match in found]
        self.blocks = blocks
        self.hi = len(blocks)

    def _report_long_lines(self, lines: list[str]) -> None:
        for position, line in enumerate(lines):
            if len(line) > WIRE_WIDTH:
                self.report(
                    "long-line",
                    self.first + position,
                    f"line is {len(line)} characters, wider than {WIRE_WIDTH}",
                )

    def _offset_of(self, position: int) -> int:
        """Where ``blocks[position]`` starts in ``core``."""
        if self.offsets is not None:
            return self.offsets[position]
        # Blocks before it are unchanged: only the last block is ever shortened.
        return sum(map(len, self.blocks[:position])) + 2 * position

    def _line_of_block(self, position: int) -> int:
        """The line number of the first line of ``blocks[position]``."""
        return self._line_of(self._offset_of(position))

    def _line_of(self, offset: int) -> int:
        """The line number of the line of ``core`` that holds ``offset``."""
        core = self.core
        if offset < len(core) // 2:  # count line breaks over the shorter side
            return self.first + core.count("\n", 0, offset)
        return self.first + self.last_break - core.count("\n", offset)

    def _first_line_number(self) -> int:
        return self._line_of_block(self.lo) if self.hi > self.lo else self.message.line

    def _last_line(self) -> str:
        block = self.blocks[self.hi - 1]
        return block[block.rfind("\n") + 1 :]

    def _drop_last_line(self) -> None:
        """Take the last line off the last block, and the block off the body once it is empty."""
        block = self.blocks[self.hi - 1]
        cut = block.rfind("\n")
        if cut >= 0:
            self.blocks[self.hi - 1] = block[:cut]
            self.last -= 1
            return
        self.hi -= 1
        if self.hi == 0:
            return
        if self.offsets is None:  # one blank line before the block dropped
            self.last -= 2
        else:
            self.last = self._line_of_block(self.hi - 1) + self.blocks[self.hi - 1].count("\n")

    def _single_line(self) -> str | None:
        """The first block, when it is one line."""
        if self.hi > self.lo and "\n" not in self.blocks[self.lo]:
            return self.blocks[self.lo]
        return None

    def _take_single(self, pattern: re.Pattern[str], code: str, message: str) -> str | None:
        text = self._single_line()
        if text is not None and pattern.match(text):
            self.lo += 1
            return text
        self.report(code, self._first_line_number(), message)
        return None

    def _take_headline(self) -> tuple[str | None, int | None, str | None]:
        """A headline is a one-line block that is not a dateline paragraph (a byline may follow it)."""
        lines = self.blocks[self.lo].split("\n", 2) if self.hi > self.lo else []
        byline_match = _BYLINE.match(lines[1]) if len(lines) == 2 else None
        if not lines or (len(lines) > 1 and byline_match is None) or _starts_with_dateline(lines[0]):
            self.report(
                "missing-headline", self._first_line_number(), "no headline line before the story text"
            )
            return None, None, None
        self.lo += 1
        first = lines[0]
        urgency = None
        prefix = _URGENCY.match(first)
        if prefix:
            urgency = _URGENCY_LEVEL[prefix.group(1).upper()]
            first = first[prefix.end() :]
        return first, urgency, byline_match.group(1).strip() if byline_match else None

    def _take_byline(self) -> str | None:
        text = self._single_line()
        match = _BYLINE.match(text) if text is not None else None
        if match:
            self.lo += 1
            return match.group(1).strip()
        return None

    def _take_signoff(self) -> tuple[re.Match[str], int] | None:
        """The signoff line (its match of ``_SIGNOFF``) and its number, taken off the last block."""
        if self.hi > self.lo:
            last = self._last_line()
            where = self.last
            match = _SIGNOFF.match(last)
            if match:
                self._drop_last_line()
                return match, where
            self._check_cut_short(last, where)
        else:
            where = self.message.line
        if self.message.end is End.NEXT:
            self.report(
                "missing-signoff", where, "no signoff before the next ZCZC: the story may be cut short"
            )
        else:
            self.report("missing-signoff", where, "no signoff line such as 'BSS/AFP/GMR/0826 hrs' at the end")
        return None

    def _check_cut_short(self, text: str, line: int) -> None:
        """No signoff and a last line that stops mid-sentence: the transmission broke off."""
        if text.endswith(_SENTENCE_ENDS):
            return
        tail = text
        if len(text) > _QUOTED_TAIL:
            cut = text[-_QUOTED_TAIL:]
            tail = "…" + cut[cut.find(" ") + 1 :]  # start at a whole word
        where = "before the next ZCZC" if self.message.end is End.NEXT else "at the end of the input"
        self.report("cut-short", line, f"the story stops mid-sentence ('{tail}') {where}")

    def _body(self, signoff_line: int | None, spaced: bool) -> tuple[tuple[Block, ...], Dateline | None, int]:
        """Paragraphs and subheads, the dateline of the first paragraph, and the words of all blocks.

        Most blocks are plain paragraphs, so every step runs over all blocks at once through ``map``
        (in C), and only the few blocks that are more go through Python code: the first (dateline),
        subheads, and paragraphs with a line that ends in a hyphen.
        """
        lo = self.lo
        blocks = self.blocks[lo : self.hi]
        if not blocks:
            where = signoff_line if signoff_line is not None else self.message.line
            self.report("empty-body", where, "the story has no paragraphs")
            return (), None, 0
        texts = list(map(str.replace, blocks, repeat("\n"), repeat(" ")))
        # Lines join without a space only after a hyphen that ends a line (not a block's last).
        if "-\n" in self.core:
            self._join_hyphens(texts)
        body = list(map(Block, repeat(BlockType.PARAGRAPH), texts))
        first_is_subhead = False
        for position in compress(count(), map(str.startswith, texts, repeat(_SUBHEAD_DASHES))):
            subhead = _SUBHEAD.match(texts[position]) if "\n" not in blocks[position] else None
            if subhead:
                texts[position] = subhead.group(1)
                body[position] = Block(BlockType.SUBHEAD, texts[position])
                first_is_subhead = first_is_subhead or position == 0
        dateline = None if first_is_subhead else self._dateline(texts[0], self._line_of_block(lo))
        # With single spaces between words, counting the spaces (of all texts joined) is enough.
        words = " ".join(texts).count(" ") + 1 if spaced else sum(map(len, map(str.split, texts)))
        return tuple(body), dateline, words

    def _join_hyphens(self, texts: list[str]) -> None:
        """Unwrap (:func:`unwrap_block`) the body blocks with a line that ends in a hyphen, in ``texts``.

        The blocks are found from where ``"-\n"`` stands in ``core``: the blocks without one, most
        of them, cost nothing.
        """
        core, blocks, lo, hi = self.core, self.blocks, self.lo, self.hi
        position, start = lo, self._offset_of(lo)
        line, counted = self.first, 0  # the line number of offset ``counted``, counted on as it goes
        hyphen = core.find("-\n", start)
        while hyphen >= 0:
            position, start = self._block_holding(hyphen, position, start)
            if position >= hi:
                return
            block = blocks[position]
            end = start + len(block)
            if hyphen >= end:  # in the lines taken off the last block
                return
            if hyphen + 1 < end:  # the line break is the block's, not the blank line after it
                line += core.count("\n", counted, start)
                counted = start
                texts[position - lo], joins = unwrap_block(block, line)
                self.diagnostics.extend(joins)
            hyphen = core.find("-\n", end)

    def _block_holding(self, offset: int, position: int, start: int) -> tuple[int, int]:
        """The block that holds ``offset`` of ``core`` and where it starts, looking from
        ``blocks[position]``, which starts at ``start``."""
        if self.offsets is not None:
            position = bisect_right(self.offsets, offset, position, self.hi) - 1
            return position, self.offsets[position]
        # One blank line after every block: each pair of line breaks passed starts the next block.
        passed = self.core.count("\n\n", start, offset)
        if passed:
            return position + passed, self.core.rfind("\n\n", start, offset) + 2
        return position, start

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
            self.report(
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
            self.report("unparseable-date", line, f"dateline date '{written}' is not understood")
            return None
        if parsed.year == 1:
            date, notes = resolve_date(parsed.month, parsed.day, None, self.options, line, written)
            self.diagnostics.extend(notes)
            return date
        date, notes = resolve_date(parsed.month, parsed.day, parsed.year, self.options, line, written)
        self.diagnostics.extend(notes)
        return date

    def _signoff(self, found: tuple[re.Match[str], int] | None, credit: tuple[str, ...]) -> Signoff | None:
        if found is None:
            return None
        match, line = found
        text = match.string
        parts = [part.strip() for part in match.group(1).split("/")]
        time, notes = check_signoff_time(match.group(2).zfill(4), line)
        self.diagnostics.extend(notes)
        signoff = split_signoff(text, parts, time, credit)
        self.diagnostics.extend(agency_mismatch(signoff, credit, line))
        return signoff

    def _cross_check_preamble(
        self, preamble: list[tuple[int, str]], code: str | None, headline: str | None
    ) -> None:
        for number, text in preamble:
            title = _WEB_TITLE.match(text.strip())
            if title is None:
                continue
            web_code, web_headline = title.group(1), title.group(2).strip()
            if code is not None and web_code != code:
                self.report(
                    "preamble-mismatch",
                    number,
                    f"web title code {web_code} differs from story code {code}",
                )
            elif headline is not None and _URGENCY.sub("", web_headline) != headline:
                self.report(
                    "preamble-mismatch",
                    number,
                    "web title headline differs from the story headline",
                )
            return

    def _created(
        self, dateline: Dateline | None, signoff: Signoff | None, line: int | None
    ) -> dt.datetime | None:
        if dateline is None or dateline.date is None or signoff is None or signoff.time is None:
            return None
        date, time = dateline.date, signoff.time  # time is "HH:MM"
        zone = self.options.bss_timezone
        created = dt.datetime(date.year, date.month, date.day, int(time[:2]), int(time[3:]), tzinfo=zone)
        self.report(
            "timezone-assumed",
            line,
            f"signoff time {signoff.time} read as {offset_text(created)} "
            "(BSS files from Dhaka) on the dateline date",
        )
        return created


def _starts_with_dateline(text: str) -> bool:
    # Both patterns need the credit's "(": without one, skip their lazy repeats (slow on a miss).
    return "(" in text and bool(_DATELINE.match(text) or _LOOSE_DATELINE.match(text))


def _make_dateline(text: str, match: re.Match[str], date: dt.date | None) -> Dateline:
    credit_end = match.end("credit") + 1  # include the closing parenthesis
    return Dateline(
        text=text[:credit_end],
        place=match.group("place").strip(),
        date=date,
        credit=match.group("credit").strip(),
    )


FORMAT: WireFormat = WireFormat(
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
