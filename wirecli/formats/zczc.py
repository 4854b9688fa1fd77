"""AAP ZCZC wire copy (Australian Associated Press): results, broadcast, Medianet, Pagemasters, racing.

Every AAP feed frames a story the same way: a line holding ``ZCZC`` (indented or not, with or
without a sender such as ``AAP`` or ``FMG000``), header lines, the body, and a line holding ``NNNN``
(indented by a tab, or missing altogether: neither is reported). What differs is the header: each
feed gives the same sigil character another meaning, so the parser picks a *feed profile* from the
sender and the set of sigils, then reads the header through that profile's table:

=====  ========================  ==================  ========================  ==================
sigil  results / generic         broadcast (BOB)     Medianet                  Pagemasters (PMF)
=====  ========================  ==================  ========================  ==================
``$``  category                  headline            category (J, K)           --
``:``  keyword                   take key            take key (last wins)      headline or date
``=``  take key                  --                  --                        --
``^``  headline                  --                  --                        --
``#``  --                        keyword             --                        keyword
``%``  --                        category            distribution + subjects   --
``*``  format X text / T table   IPTC subject code   format X / T              --
``&``  service level (dropped)   service (dropped)   --                        --
``+``  IPTC subject code         --                  --                        --
``@``  place code                place code          --                        take key
``~``  genre                     genre               --                        --
=====  ========================  ==================  ========================  ==================

Choosing the profile: sender ``FMG000`` or a routing line (``YY ...``/``HH ...``) -> racing desk;
a bare ``ZCZC`` whose header uses only ``#``, ``:`` and ``@`` -> Pagemasters; a ``#`` line ->
broadcast; a ``%`` line -> Medianet; anything else -> results/generic. A sigil the profile does not
know gives an ``unrecognised-header`` warning, as does a subject or format value of the wrong shape.

Sports results / generic (header lines end in bare CR, body lines in CRLF)::

       ZCZC AAP
    $T                          category "T"
    :Cycling                    keyword
    =Stage 4                    take_key
    ^CYCLING: Stage 4 results   headline
    *X                          format (X text, T table: tabular)
    &T                          service level: no story field, dropped
    +15019000                   subjects [iptc-subjectcode 15019000]
    ADELAIDE, Jan 18 AAP - Results from stage four:      dateline + first paragraph
    <TAB>1. Ann Rider (AUS)         3hr12min04sec         table rows, spacing kept
    <TAB>   AAP                                           signoff

Broadcast (BOB; CRLF header, LF body, each paragraph one line, later ones indented 3 spaces)::

    ZCZC AAP
    %A                  category "A"
    #Floods_BC2         keyword
    $Floodwaters rise   headline
    :(LISMORE)          take_key; also the dateline place (BOB text has no dateline)
    *06000000           subjects [iptc-subjectcode 06000000]
    ~AM Service         genre (optional)
    @NSW                place_codes ["NSW"]
    Rivers peaked ...   paragraphs; ``* `` bullets, and the lead-in line before them is a subhead
    AAP RTV             signoff
    NNNN

Medianet releases (``$J`` media release, ``$K`` investor relations)::

       ZCZC AAP
    %MNETVIC MHE MGD    MNET... -> place_codes (distribution); M + two letters -> subjects
                        [medianet-subject-class MHE], [medianet-subject-class MGD] (inferred from
                        the samples); other codes are routing and are dropped
    $J                  category "J"
    :                   (empty, skipped)
    :Example Council    take_key: the issuing organisation (the last ``:`` line wins)
    *X                  format
    Media release: ...  first body line = headline
    ...                 one paragraph per line
    SOURCE: Example Council   signoff (agencies AAP from the sender, Medianet from MNET...)

Pagemasters (PMF; bare ``ZCZC``, bare-CR lines or LF with SI/EM line-end codes; tabular)::

    ZCZC
    #Ballarat Trot      keyword
    :12/3/2024          race date: take_key "12/3/2024", headline falls back to the keyword,
                        and the race date fixes the year of the dateline (otherwise a ``:`` line
                        is the headline)
    BALLARAT TROT<SI>   a line ending in SI is a title line: a subhead
        Race 1: ...<EM> a line ending in EM is a result line (EM removed)
    AAP RESULTS         signoff (agencies AAP: the signoff names it)

Racing desk (sender ``FMG000``; tabular unless the routing line is ``HH``, which asks for HTML)::

    ZCZC FMG000
    YY TDR              routing codes (no story field, dropped)
    :POTTED :Ascot MARKET DAY    keyword and headline ("RACING : x" and a ":SPORT - x" headline
                                 line work alike; two plain ":" lines are headline, then keyword)
        PERTH, Mar 1 AAP - Latest betting for Ascot.-    dateline (".-" closes the intro)
    Race one Ascot - Example Hcp
      3.50 Some Horse
    <course> WEIGHTS <COURSE><!  a plain title line: "<x> Comment <rest>" gives keyword
                                 "<x> Comment" and take_key "<rest>"; "<x> WEIGHTS ..." gives
                                 keyword "<x> WEIGHTS"
    AAP BETTING         signoff

Body rules: blank lines separate groups (an SI title line is a group of its own: a subhead). A
group whose lines mostly hold column gaps (a tab, or three spaces, between words) is a ``table``.
In ``*T``, Pagemasters and racing-desk copy every other group is a table too, except a lone
flush-left line, which is a paragraph. Broadcast, Medianet and ``HH``-routed racing copy send one
paragraph per line. In the results feed, tab-indented rows are a table, a group of mostly long lines
is one paragraph per line, a greedily hard-wrapped group is unwrapped into one paragraph, and any
other group (short lines whose breaks matter) is a table. Table rows keep their spacing; trailing
blanks, and the indentation that every table row of the story shares, are removed. ``tabular`` is
true for ``*T``, Pagemasters and racing-desk copy, and whenever tables hold at least half of the
body lines.

Header fields: GS, RS and US (0x1D-0x1F) separate the fields of a header line (Pagemasters
``:CANTERBURY<US>6<US>...``), on the ``ZCZC`` line too; each run of them is read as one space before
control characters are removed, so the fields do not run together. In the body they are reported
like any other control character.

Agencies are those the copy names, distributor first: a sender that is a name (``ZCZC AAP``; not a
code such as ``FMG000``), the dateline credit, the signoff (``AAP RTV``), and Medianet when an
``MNET...`` distribution code is present. None is assumed from the feed profile: Pagemasters copy
never names Pagemasters, so it is not listed.

Datelines ``PLACE, Mon D AAP - `` never carry a year: it is inferred (the latest such date not
after ``--reference-date``, or from the Pagemasters race date, or ``--year``) with an *info*
``dateline-year-inferred`` diagnostic. The BSS-style ``dateline-year-assumed`` warning would fire on
every AAP story, so it would carry no signal and would make ``--strict`` unusable for AAP feeds.

Lossy changes are reported once per kind as ``markers-stripped`` (info): line-end ``<!`` and ``=!``
(and a leading ``<`` on such lines), SI and EM at line ends, and the ``.-`` that closes a dateline
intro (the full stop is kept; elsewhere ``.-`` is text). SI or EM anywhere else, and every other
control character, is a ``control-characters`` warning. A missing ``NNNN`` or signoff is normal in
these feeds and is not reported. No AAP feed transmits a story code, priority or time, so
``code``, ``priority`` and ``created`` stay null.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from wirecli.diagnostics import diagnose
from wirecli.formats._common import (
    MONTH_PATTERN,
    MONTHS,
    Line,
    Message,
    StoryParser,
    WireFormat,
    latest_date_not_after,
    lazy_compile,
    numbered_lines,
    remove_controls,
    resolve_date,
    split_signoff,
    unwrap,
)
from wirecli.model import (
    Block,
    BlockType,
    Dateline,
    Diagnostic,
    ParseOptions,
    Signoff,
    Story,
    Subject,
    count_words,
)

NAME = "zczc"
AGENCY = "AAP"
IPTC_SUBJECT = "iptc-subjectcode"
MEDIANET_SUBJECT = "medianet-subject-class"
WIRE_WIDTH = 80


class Profile(Enum):
    """The AAP feeds, each with its own reading of the header sigils."""

    RESULTS = "results"
    BOB = "broadcast"
    MEDIANET = "medianet"
    PMF = "pagemasters"
    RACING = "racing"


# What each sigil means in each profile; a sigil missing here is not part of that feed.
_SIGILS: dict[Profile, dict[str, str]] = {
    Profile.RESULTS: {
        "$": "category",
        ":": "keyword",
        "=": "take_key",
        "^": "headline",
        "*": "format",
        "&": "service",
        "+": "subject",
        "@": "place",
        "~": "genre",
    },
    Profile.BOB: {
        "$": "headline",
        ":": "take_key",
        "#": "keyword",
        "%": "category",
        "*": "subject",
        "&": "service",
        "@": "place",
        "~": "genre",
    },
    Profile.MEDIANET: {"$": "category", ":": "take_key", "%": "distribution", "*": "format"},
    Profile.PMF: {"#": "keyword", ":": "headline_or_date", "@": "take_key"},
    Profile.RACING: {":": "title"},
}
_PMF_SIGILS = frozenset("#:@")
MEDIANET = "Medianet"
# Where each feed keeps its headline and keyword, for the diagnostics that miss them.
_HEADLINE_SOURCE = {
    Profile.RESULTS: "a '^' header line",
    Profile.BOB: "a '$' header line",
    Profile.MEDIANET: "a title line before the text",
    Profile.PMF: "a ':' header line",
    Profile.RACING: "a title line after the routing line",
}
_KEYWORD_SOURCE = {Profile.RESULTS: "':'", Profile.BOB: "'#'", Profile.PMF: "'#'"}
_LINE_PER_PARAGRAPH = frozenset({Profile.BOB, Profile.MEDIANET})

# The characters that open an AAP header line; one place for detection and the header pattern.
_HEADER_SIGILS = "$:=^#%*&+@~"
_SIGIL_BYTES = _HEADER_SIGILS.encode()
_SIGIL_CLASS = "[" + re.escape(_HEADER_SIGILS) + "]"
# GS, RS and US separate the fields of a header line (Pagemasters); they stand where blanks may.
_FIELD_SEPARATORS = "\x1d\x1e\x1f"
_DETECT = lazy_compile(
    rb"(?:\A|[\r\n])[ \t]*ZCZC(?:[ \t\x1d-\x1f]+[A-Za-z0-9]{1,16})?(?:[ \t\x1d-\x1f]*(?:\r\n|\r|\n))+"
    + rf"[\x1d-\x1f]*(?:{_SIGIL_CLASS}|(?:YY|HH)[ \t])".encode()
)
_ZCZC = lazy_compile(r"^[ \t]*ZCZC(?:[ \t]+(?P<sender>\S+))?[ \t]*$")
_NNNN = lazy_compile(r"^[ \t]*NNNN")
# A sigil followed by a space is body text (a bullet, an amount), never a header line.
_HEADER = lazy_compile(rf"^(?P<sigil>{_SIGIL_CLASS})(?! )(?P<value>.*)$")
_ROUTING = lazy_compile(r"^(?:YY|HH)[ \t]+\S")
_SUBJECT_CODE = lazy_compile(r"^\d{8}$")
_MEDIANET_DISTRIBUTION = lazy_compile(r"^MNET[A-Z]*$")
_MEDIANET_CLASS = lazy_compile(r"^M[A-Z]{2}$")
_RACE_DATE = lazy_compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})$")
_POTTED = lazy_compile(r"^POTTED\s*:\s*(?P<title>\S.*)$")
_SPORT = lazy_compile(r"^SPORT\s*-\s*(?P<title>\S.*)$")
_RACING_TITLE = lazy_compile(r"^RACING\s*:\s*(?P<title>\S.*)$")
_KIND_TITLE = lazy_compile(r"^(?P<keyword>\S.*?\s(?P<kind>Comment|WEIGHTS))(?:\s+(?P<rest>\S.*))?$")
_DATELINE = lazy_compile(
    rf"^(?P<place>[A-Z][^,\n]{{0,60}}?),\s+(?P<month>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}})\s+"
    r"(?P<credit>[A-Z]{2,}(?:/[A-Z]{2,})*)\s+-+\s+"
)
_SIGNOFF = lazy_compile(r"^(?:AAP|[A-Z]{2,}(?:/[A-Z]{2,})+)(?: [A-Z]{2,12}){0,2}$")
# A sender that is a name (AAP), not a code (FMG000), names the agency that sent the story.
_AGENCY_SENDER = lazy_compile(r"^[A-Za-z]{2,12}$")
_SOURCE_SIGNOFF = lazy_compile(r"^SOURCE:\s*\S.*$")
_SENTENCE_END = lazy_compile(r"[.:!?]['\"’”)]?-?$")
_SEPARATOR_RUN = lazy_compile(r"[\x1d-\x1f]+")
# Column gap: a tab, or three spaces, between two non-blank characters.
_COLUMN_GAP = lazy_compile(r"\S(?:\t| {3})[ \t]*+\S")

# Line-end typesetting codes; SI and EM are the Pagemasters title and result line codes.
_SI, _EM = "\x0f", "\x19"
_END_MARKERS = ("<!", "=!", _SI, _EM)
_MARKER_NAMES = {
    "<!": "'<!' line-end markers",
    "=!": "'=!' line-end markers",
    _SI: "SI (0x0F) title-line codes",
    _EM: "EM (0x19) result-line codes",
    "<": "the leading '<' of marked lines",
}


def detect(head: bytes) -> bool:
    """A ``ZCZC`` line (optionally with a sender) followed by an AAP header sigil or routing line.

    A BSS story has ``ZCZC`` followed by a story code such as ``BFF-09``, which this never claims.
    """
    # _DETECT has no fixed first byte, so a search would try it at every offset; BSS copy has
    # ZCZC too. Try it only at the line start before each ZCZC, found with bytes.find (in C).
    found = head.find(b"ZCZC")
    while found >= 0:
        line_start = found
        while line_start > 0 and head[line_start - 1] in b" \t":
            line_start -= 1
        # From the line break before it (or the start): where a search would have matched.
        if _sigil_follows(head, found) and _DETECT.match(head, max(line_start - 1, 0)):
            return True
        found = head.find(b"ZCZC", found + 1)
    return False


def _sigil_follows(head: bytes, zczc: int) -> bool:
    """Whether the first non-blank line after the ``ZCZC`` at ``zczc`` starts as _DETECT needs.

    A loose check (blanks before the sigil pass it) that spares compiling _DETECT on BSS copy,
    whose ``ZCZC`` is followed by a story code.
    """
    index = zczc + 4
    size = len(head)
    while index < size and head[index] not in b"\r\n":
        index += 1
    while index < size and head[index] in b" \t\r\n\x1d\x1e\x1f":
        index += 1
    rest = head[index : index + 2]
    return bool(rest) and (rest[0] in _SIGIL_BYTES or rest in (b"YY", b"HH"))


def parse(message: Message, options: ParseOptions) -> Story:
    """Parse one AAP ZCZC message; missing parts become diagnostics, never exceptions."""
    return _Parser(message, options).story()


@dataclass(slots=True)
class _Header:
    """Header fields as read so far."""

    keyword: str | None = None
    headline: str | None = None
    take_key: str | None = None
    category: str | None = None
    genre: str | None = None
    table_format: bool = False
    race_date: dt.date | None = None
    subjects: list[Subject] = field(default_factory=list)
    place_codes: list[str] = field(default_factory=list)


class _Stripped(NamedTuple):
    """Lines with their typesetting markers removed, and which lines were SI title lines."""

    lines: list[Line]
    titles: frozenset[int]
    diagnostics: list[Diagnostic]


def strip_markers(lines: list[Line]) -> _Stripped:
    """Remove AAP line-end typesetting markers, reporting each kind once (first line, count)."""
    cleaned: list[Line] = []
    titles: set[int] = set()
    seen: dict[str, tuple[int, int]] = {}
    for line in lines:
        end, markers = _trailing_markers(line.text)
        text = line.text[:end]
        for marker in markers:
            _count(seen, marker, line.number)
        if _SI in markers:
            titles.add(line.number)
        if ("<!" in markers or "=!" in markers) and text.startswith("<"):
            text = text[1:]
            _count(seen, "<", line.number)
        cleaned.append(line if text == line.text else Line(line.number, text))
    notes = [
        diagnose("markers-stripped", first, f"removed {_MARKER_NAMES[marker]}: {count}, first on this line")
        for marker, (first, count) in seen.items()
    ]
    return _Stripped(cleaned, frozenset(titles), notes)


def _trailing_markers(text: str) -> tuple[int, list[str]]:
    """Where ``text`` ends once its line-end markers (and blanks after them) are cut, and the markers.

    Walks back from the end by index, so a line made of thousands of markers costs linear time.
    """
    end = len(text)
    found: list[str] = []
    while True:
        stop = end
        while stop and text[stop - 1] in " \t":
            stop -= 1
        marker = next((m for m in _END_MARKERS if stop >= len(m) and text.startswith(m, stop - len(m))), None)
        if marker is None:
            return end, found
        found.append(marker)
        end = stop - len(marker)


def _count(seen: dict[str, tuple[int, int]], marker: str, number: int) -> None:
    first, count = seen.get(marker, (number, 0))
    seen[marker] = (first, count + 1)


def separate_header_fields(lines: list[Line]) -> list[Line]:
    """The ZCZC line and the header lines after it with each run of GS/RS/US read as one space.

    Pagemasters headers separate fields with US (``:CANTERBURY<US>6<US>...``); removed as control
    characters, they would glue the fields into one word. Body lines are left as they are.
    """
    result = list(lines)
    in_header = False
    for index, line in enumerate(lines):
        text = _fields(line.text)
        if in_header:
            if text.strip() and not (_HEADER.match(text) or _ROUTING.match(text)):
                break  # the first body line
        elif _ZCZC.match(text):
            in_header = True
        else:
            continue  # a line before ZCZC
        if text != line.text:
            result[index] = Line(line.number, text)
    return result


def _fields(text: str) -> str:
    """``text`` with its GS/RS/US-separated fields joined by one space; a sigil keeps its field."""
    if not any(map(text.__contains__, _FIELD_SEPARATORS)):
        return text
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    fields = [part.strip(" \t") for part in _SEPARATOR_RUN.split(text)]
    fields = [part for part in fields if part]
    if len(fields) > 1 and len(fields[0]) == 1 and fields[0] in _HEADER_SIGILS:
        fields[:2] = [fields[0] + fields[1]]
    return indent + " ".join(fields)


def choose_profile(sender: str | None, sigils: set[str], routed: bool) -> Profile:
    """The feed a header belongs to, from its sender and the sigils it uses."""
    if routed or sender == "FMG000":
        return Profile.RACING
    if sender is None and sigils <= _PMF_SIGILS:
        return Profile.PMF
    if "#" in sigils:
        return Profile.BOB
    if "%" in sigils:
        return Profile.MEDIANET
    return Profile.RESULTS


def has_column_gap(text: str) -> bool:
    """True when the line holds a tab or three spaces between two words (aligned columns)."""
    return _COLUMN_GAP.search(text) is not None


def table_text(lines: list[Line]) -> str:
    """Rows with trailing blanks dropped; all other spacing kept."""
    return "\n".join(line.text.rstrip() for line in lines)


def dedent_tables(blocks: list[Block]) -> list[Block]:
    """Remove the indentation that every table row of the story shares (the results feed's tab).

    The whole story is measured at once, so that tables split by blank lines (a totals row under
    its table) stay aligned with each other.
    """
    rows = [row for block in blocks if block.type is BlockType.TABLE for row in block.text.split("\n")]
    indents = [row[: len(row) - len(row.lstrip())] for row in rows if row]
    common = min(indents, key=len) if indents else ""
    while common and not all(indent.startswith(common) for indent in indents):
        common = common[:-1]
    if not common:
        return blocks
    return [
        Block(BlockType.TABLE, "\n".join(row[len(common) :] for row in block.text.split("\n")))
        if block.type is BlockType.TABLE
        else block
        for block in blocks
    ]


def is_greedy_wrap(lines: list[Line]) -> bool:
    """True when each line break sits where a greedy wrapper would put it (a hard-wrapped paragraph)."""
    texts = [line.text.strip() for line in lines]
    width = max(len(text) for text in texts)
    if width > WIRE_WIDTH:
        return False
    return all(
        len(text) + 1 + len(following.split(" ", 1)[0]) > width
        for text, following in itertools.pairwise(texts)
    )


class _Parser(StoryParser):
    format_name = NAME

    def __init__(self, message: Message, options: ParseOptions) -> None:
        StoryParser.__init__(self, message, options)
        self.header = _Header()

    def story(self) -> Story:
        lines = numbered_lines(self.message)
        if any(map(self.message.text.__contains__, _FIELD_SEPARATORS)):
            lines = separate_header_fields(lines)
        stripped = strip_markers(lines)
        self.diagnostics.extend(stripped.diagnostics)
        lines, removed = remove_controls(stripped.lines)
        self.diagnostics.extend(removed)
        preamble, sender, content = self._split_frame(lines)
        routed = bool(content) and _ROUTING.match(content[0].text) is not None
        header_lines, body = self._split_header(content[1:] if routed else content)
        profile = choose_profile(sender, {sigil for _, sigil, _ in header_lines}, routed)
        self._read_header(profile, header_lines)
        if profile is Profile.RACING:
            body = self._racing_title(header_lines, body)
        # Racing copy is column data unless its routing line (HH) asks for conversion to HTML.
        asks_for_html = routed and content[0].text.startswith("HH")
        forced = self.header.table_format or profile is Profile.PMF
        forced = forced or (profile is Profile.RACING and not asks_for_html)
        body = _trim(body)
        signoff, body = self._signoff(body)
        if profile is Profile.MEDIANET and self.header.headline is None and len(body) > 1:
            self.header.headline = body[0].text.strip()
            body = _trim(body[1:])
        blocks, dateline, tabular = self._body(body, profile, forced, stripped.titles)
        if self.header.headline is None and profile is Profile.PMF:
            self.header.headline = self.header.keyword  # the ':' line held the race date
        self._check_required(profile, blocks, body)

        header = self.header
        agencies = self._agencies(sender, dateline, signoff)
        if dateline is None and profile is Profile.BOB:
            dateline = _take_key_dateline(header.take_key)
        return self.finish(
            preamble=tuple(line.text for line in preamble),
            keyword=header.keyword,
            headline=header.headline,
            category=header.category,
            take_key=header.take_key,
            dateline=dateline,
            agencies=agencies,
            body=blocks,
            signoff=signoff,
            word_count=count_words(blocks),
            subjects=tuple(header.subjects),
            genre=header.genre,
            place_codes=tuple(header.place_codes),
            tabular=tabular,
        )

    def _agencies(
        self, sender: str | None, dateline: Dateline | None, signoff: Signoff | None
    ) -> tuple[str, ...]:
        """The agencies the copy names, distributor first: the sender (``ZCZC AAP``), the dateline
        credit, the signoff (``AAP RTV``), and Medianet when an ``MNET`` distribution code names it.

        None is assumed from the feed: Pagemasters copy, for one, never names Pagemasters.
        """
        named: list[str] = []
        if sender is not None and _AGENCY_SENDER.match(sender):
            named.append(sender.upper())
        if dateline is not None and dateline.credit:
            named.extend(dateline.credit.split("/"))
        if signoff is not None:
            named.extend(signoff.agencies)
        if any(_MEDIANET_DISTRIBUTION.match(code) for code in self.header.place_codes):
            named.append(MEDIANET)
        return tuple(dict.fromkeys(named))

    def _split_frame(self, lines: list[Line]) -> tuple[list[Line], str | None, list[Line]]:
        """Preamble, sender and the lines between the ZCZC line and NNNN (or the end)."""
        start = next((index for index, line in enumerate(lines) if _ZCZC.match(line.text)), None)
        if start is None:
            self.report("missing-framing", self.message.line, "no ZCZC line starts the story")
            preamble, sender, content = [], None, lines
        else:
            match = _ZCZC.match(lines[start].text)
            assert match is not None
            preamble = [line for line in lines[:start] if line.text.strip()]
            sender, content = match.group("sender"), lines[start + 1 :]
        end = next((index for index, line in enumerate(content) if _NNNN.match(line.text)), len(content))
        content = content[:end]
        first = next((index for index, line in enumerate(content) if line.text.strip()), len(content))
        return preamble, sender, content[first:]

    def _split_header(self, lines: list[Line]) -> tuple[list[tuple[Line, str, str]], list[Line]]:
        """Sigil lines at the top (blank lines among them skipped), then the body."""
        header: list[tuple[Line, str, str]] = []
        for index, line in enumerate(lines):
            if not line.text.strip():
                continue
            match = _HEADER.match(line.text)
            if match is None:
                return header, lines[index:]
            header.append((line, match.group("sigil"), match.group("value").strip()))
        return header, []

    def _read_header(self, profile: Profile, lines: list[tuple[Line, str, str]]) -> None:
        meanings = _SIGILS[profile]
        for line, sigil, value in lines:
            meaning = meanings.get(sigil)
            if meaning is None:
                self.report(
                    "unrecognised-header",
                    line.number,
                    f"'{sigil}' lines are not part of the {profile.value} feed; ignored",
                )
            elif value and meaning != "title":
                self._read_field(meaning, value, line.number)

    def _read_field(self, meaning: str, value: str, number: int) -> None:
        header = self.header
        if meaning == "keyword":
            header.keyword = value
        elif meaning == "headline":
            header.headline = value
        elif meaning == "headline_or_date":
            self._read_headline_or_date(value, number)
        elif meaning == "take_key":
            header.take_key = value
        elif meaning == "category":
            header.category = value
        elif meaning == "genre":
            header.genre = value
        elif meaning == "place":
            header.place_codes.append(value)
        elif meaning == "subject":
            if _SUBJECT_CODE.match(value):
                header.subjects.append(Subject(IPTC_SUBJECT, value))
            else:
                self.report("unrecognised-header", number, f"subject code '{value}' is not 8 digits; ignored")
        elif meaning == "format":
            if value in ("X", "T"):
                header.table_format = value == "T"
            else:
                self.report(
                    "unrecognised-header",
                    number,
                    f"format '{value}' is neither X (text) nor T (table); ignored",
                )
        elif meaning == "distribution":
            self._read_distribution(value)
        # "service" (the & line) has no story field: it only routes the story inside AAP.

    def _read_headline_or_date(self, value: str, number: int) -> None:
        """A Pagemasters ``:`` line holds either the headline or the race date."""
        date = _RACE_DATE.match(value)
        if date is None:
            self.header.headline = value
            return
        try:
            self.header.race_date = dt.date(
                int(date.group("year")), int(date.group("month")), int(date.group("day"))
            )
        except ValueError:
            self.report("impossible-date", number, f"race date '{value}' does not exist")
        if self.header.take_key is None:
            self.header.take_key = value

    def _read_distribution(self, value: str) -> None:
        for token in value.split():
            if _MEDIANET_DISTRIBUTION.match(token):
                self.header.place_codes.append(token)
            elif _MEDIANET_CLASS.match(token):
                self.header.subjects.append(Subject(MEDIANET_SUBJECT, token))

    def _racing_title(self, header_lines: list[tuple[Line, str, str]], body: list[Line]) -> list[Line]:
        """Keyword, headline and take key from the racing desk's title lines; returns the body left."""
        potted = sport = None
        plain: list[str] = []
        for _, _, value in header_lines:
            if match := _POTTED.match(value):
                potted = match.group("title").strip()
            elif match := _SPORT.match(value):
                sport = match.group("title").strip()
            elif value:
                plain.append(value)
        if potted or sport or plain:
            headline = sport or (plain[0] if plain else potted)
            self.header.headline = headline
            self.header.keyword = potted or (plain[1] if len(plain) > 1 else headline)
            return body
        if not body or _DATELINE.match(body[0].text.strip()):
            return body
        title = body[0].text.strip()
        if match := _RACING_TITLE.match(title):
            title = match.group("title").strip()
        self.header.headline = self.header.keyword = title
        if kind := _KIND_TITLE.match(title):
            self.header.keyword = kind.group("keyword")
            if kind.group("kind") == "Comment" and kind.group("rest"):
                self.header.take_key = kind.group("rest")
        return body[1:]

    def _signoff(self, body: list[Line]) -> tuple[Signoff | None, list[Line]]:
        if not body:
            return None, body
        text = body[-1].text.strip()
        if _SOURCE_SIGNOFF.match(text):
            return Signoff(text), _trim(body[:-1])
        if _SIGNOFF.match(text):
            parts = [part for part in re.split(r"[ /]", text) if part]
            return split_signoff(text, parts, None, (AGENCY,)), _trim(body[:-1])
        return None, body

    def _body(
        self, lines: list[Line], profile: Profile, forced: bool, titles: frozenset[int]
    ) -> tuple[tuple[Block, ...], Dateline | None, bool]:
        runs = _runs(lines, titles)
        # Broadcast, Medianet and HTML-bound racing copy send each paragraph as one line.
        line_paragraphs = profile in _LINE_PER_PARAGRAPH or (profile is Profile.RACING and not forced)
        dateline: Dateline | None = None
        blocks: list[Block] = []
        table_lines = text_lines = 0
        if runs and runs[0][0].number not in titles:
            lede, rest = _split_lede(runs[0])
            if lede:
                lede = self._strip_intro_close(lede)
                text = self._unwrap(lede)
                dateline = self._dateline(text, lede[0].number)
                blocks.append(Block(BlockType.PARAGRAPH, text))
                text_lines = len(lede)
                runs = [rest, *runs[1:]] if rest else runs[1:]
        for run in runs:
            if run[0].number in titles:
                blocks.extend(Block(BlockType.SUBHEAD, line.text.strip()) for line in run)
                continue
            made = self._classify(run, profile, forced, line_paragraphs)
            blocks.extend(made)
            if made[0].type is BlockType.TABLE:
                table_lines += len(run)
            else:
                text_lines += len(run)
        tabular = forced or (table_lines > 0 and table_lines >= text_lines)
        blocks = dedent_tables(blocks)
        if profile is Profile.BOB:
            blocks = _lead_ins_as_subheads(blocks)
        return tuple(blocks), dateline, tabular

    def _strip_intro_close(self, lede: list[Line]) -> list[Line]:
        """AAP closes a dateline intro with ``.-``; the dash is a typesetting mark, the stop is text."""
        last = lede[-1]
        text = last.text.rstrip()
        if not text.endswith(".-"):
            return lede
        self.report("markers-stripped", last.number, "removed the '-' of the '.-' closing the intro")
        return [*lede[:-1], Line(last.number, text[:-1])]

    def _classify(
        self, run: list[Line], profile: Profile, forced: bool, line_paragraphs: bool
    ) -> list[Block]:
        gaps = sum(has_column_gap(line.text) for line in run)
        if len(run) > 1 and gaps * 2 >= len(run):
            return [Block(BlockType.TABLE, table_text(run))]
        if forced:
            # A lone flush-left line is a heading or a note; indented ones keep their position.
            if len(run) == 1 and not gaps and not run[0].text[:1].isspace():
                return [Block(BlockType.PARAGRAPH, run[0].text.strip())]
            return [Block(BlockType.TABLE, table_text(run))]
        if line_paragraphs or len(run) == 1:
            return [Block(BlockType.PARAGRAPH, line.text.strip()) for line in run]
        # In the results feed, tab-indented lines are rows, never a hard-wrapped paragraph.
        if profile is Profile.RESULTS and all(line.text.startswith("\t") for line in run):
            return [Block(BlockType.TABLE, table_text(run))]
        if sum(len(line.text.strip()) > WIRE_WIDTH for line in run) * 2 >= len(run):
            return [Block(BlockType.PARAGRAPH, line.text.strip()) for line in run]
        if is_greedy_wrap(run):
            return [Block(BlockType.PARAGRAPH, self._unwrap(run))]
        return [Block(BlockType.TABLE, table_text(run))]

    def _unwrap(self, lines: list[Line]) -> str:
        text, joins = unwrap(lines)
        self.diagnostics.extend(joins)
        return text

    def _dateline(self, text: str, number: int) -> Dateline | None:
        match = _DATELINE.match(text)
        if match is None:
            return None
        month, day = MONTHS[match.group("month")], int(match.group("day"))
        written = text[match.start("month") : match.end("day")]
        return Dateline(
            text=text[: match.end("credit")],
            place=match.group("place").strip(),
            date=self._dateline_date(month, day, number, written),
            credit=match.group("credit"),
        )

    def _dateline_date(self, month: int, day: int, number: int, written: str) -> dt.date | None:
        if self.options.year is not None:
            date, notes = resolve_date(month, day, self.options.year, self.options, number, written)
            self.diagnostics.extend(notes)
            return date
        race_date = self.header.race_date
        reference = race_date or self.options.reference_date
        date = latest_date_not_after(month, day, reference)
        if date is None:
            self.report("impossible-date", number, f"'{written}' is not a date")
            return None
        basis = (
            f"the race date {race_date.isoformat()}"
            if race_date
            else f"the reference date {reference.isoformat()}"
        )
        self.report(
            "dateline-year-inferred",
            number,
            f"AAP datelines carry no year; '{written}' read as {date.isoformat()}, the latest not after "
            f"{basis} (pass --year to choose)",
        )
        return date

    def _check_required(self, profile: Profile, blocks: tuple[Block, ...], body: list[Line]) -> None:
        where = body[0].number if body else self.message.line
        header = self.header
        if header.headline is None:
            self.report(
                "missing-headline",
                where,
                f"no headline: the {profile.value} feed sends it as {_HEADLINE_SOURCE[profile]}",
            )
        if header.keyword is None and profile in _KEYWORD_SOURCE:
            self.report(
                "missing-keyword",
                where,
                f"no keyword: the {profile.value} feed sends it as a {_KEYWORD_SOURCE[profile]} header line",
            )
        if not blocks:
            self.report("empty-body", where, "the story has no body text")


def _trim(lines: list[Line]) -> list[Line]:
    """Lines without blank ones at either end."""
    start = 0
    while start < len(lines) and not lines[start].text.strip():
        start += 1
    end = len(lines)
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]


def _runs(lines: list[Line], titles: frozenset[int]) -> list[list[Line]]:
    """Groups of non-blank lines; an SI title line is a run of its own."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        is_title = line.number in titles
        if not line.text.strip() or is_title:
            if current:
                runs.append(current)
                current = []
            if is_title and line.text.strip():
                runs.append([line])
            continue
        current.append(line)
    if current:
        runs.append(current)
    return runs


def _split_lede(run: list[Line]) -> tuple[list[Line], list[Line]]:
    """The dateline paragraph (up to its first sentence end) and what follows it in the group."""
    if not _DATELINE.match(run[0].text.strip()):
        return [], run
    for index, line in enumerate(run):
        if _SENTENCE_END.search(line.text.rstrip()):
            return run[: index + 1], run[index + 1 :]
    return run, []


def _lead_ins_as_subheads(blocks: list[Block]) -> list[Block]:
    """In a broadcast round-up, the line that introduces a run of ``* `` bullets is a subhead."""
    result: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            block.type is BlockType.PARAGRAPH
            and not block.text.startswith("* ")
            and following is not None
            and following.text.startswith("* ")
            and block.text.endswith(("...", ":"))
        ):
            result.append(Block(BlockType.SUBHEAD, block.text))
        else:
            result.append(block)
    return result


def _take_key_dateline(take_key: str | None) -> Dateline | None:
    """Broadcast copy has no dateline in its text; the take key ``(BRISBANE)`` names the place."""
    if take_key is None or not (take_key.startswith("(") and take_key.endswith(")")):
        return None
    place = take_key[1:-1].strip()
    return Dateline(text=take_key, place=place, date=None, credit=None) if place else None


FORMAT: WireFormat = WireFormat(
    name=NAME,
    description="AAP ZCZC feeds (results, broadcast, Medianet, Pagemasters, racing; sigil headers)",
    fields=(
        "preamble",
        "keyword",
        "headline",
        "category",
        "take_key",
        "dateline",
        "agencies",
        "body",
        "signoff",
        "word_count",
        "subjects",
        "genre",
        "place_codes",
        "tabular",
    ),
    detect=detect,
    parse=parse,
)
