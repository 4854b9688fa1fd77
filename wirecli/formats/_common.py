"""Helpers shared by the format parsers: the parser kit, control characters, dates, unwrapping, signoffs.

Everything here is pure: text in, values and diagnostics out.

The parser kit is what every format's parser is built on: :class:`StoryParser` holds the message
and the options, records diagnostics (:meth:`StoryParser.report`) and finishes the story
(:meth:`StoryParser.finish`: the ``Source`` built from the message, the diagnostics sorted by line
once). A format module then only says what the format looks like.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from heapq import merge
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, AnyStr, ClassVar, NamedTuple, cast

from wirecli.diagnostics import diagnose
from wirecli.formats.framing import End
from wirecli.model import (
    Diagnostic,
    ParseOptions,
    Signoff,
    Source,
    Story,
    build_story,
    count_words,
    new_source,
)

if TYPE_CHECKING:
    from typing import TypedDict, Unpack

    from wirecli.model import Block, Dateline, Subject

    class StoryFields(TypedDict, total=False):
        """The story fields a parser fills; :meth:`StoryParser.finish` adds the rest.

        For the type checker only: a mistyped or misspelt field fails ``mypy``, and building this
        class at run time would only cost start-up time.
        """

        preamble: tuple[str, ...]
        code: str | None
        keyword: str | None
        headline: str | None
        summary: str | None
        byline: str | None
        byline_title: str | None
        urgency: int | None
        priority: str | None
        category: str | None
        take_key: str | None
        dateline: Dateline | None
        agencies: tuple[str, ...]
        body: tuple[Block, ...]
        signoff: Signoff | None
        editor_note: str | None
        notebook: str | None
        media_note: str | None
        created: dt.datetime | None
        word_count: int
        transmitted_word_count: int | None
        subjects: tuple[Subject, ...]
        genre: str | None
        place_codes: tuple[str, ...]
        tabular: bool


@dataclass(frozen=True, slots=True)
class Message:
    """One framed message, decoded: what a format's ``parse`` receives."""

    text: str
    """Decoded text with LF line ends; framing and control bytes still in place."""
    line: int
    """1-based line of the input where ``text`` starts."""
    end: End
    index: int
    """0-based position of the message in its input."""
    encoding: str
    plain: bool = False
    """True when ``text`` is known to hold no control character and no whitespace but " " and LF
    (see ``wirecli.decode.Decoded.plain``); False when it may."""


class WireFormat(NamedTuple):
    """A registered wire format: its name as users type it, and its two pure functions."""

    name: str
    description: str
    fields: tuple[str, ...]
    """Story fields this format can fill, for ``wirecli formats``."""
    detect: Callable[[bytes], bool]
    """Cheap check over a message's first bytes. It need not guard itself: ``detect_format``
    takes a ``detect`` that raises as one that does not claim the message."""
    parse: Callable[[Message, ParseOptions], Story]
    """The story of one message, its diagnostics sorted by line (:meth:`StoryParser.finish`)."""


class Line(NamedTuple):
    """A line of a message with its 1-based line number in the input.

    A named tuple, not a frozen dataclass: every line of every story becomes one, and a tuple is
    built several times faster.
    """

    number: int
    text: str


def source_of(message: Message, options: ParseOptions) -> Source:
    """Where the story of ``message`` came from."""
    return new_source(options.path, message.index, message.line, message.encoding)


def line_or_zero(diagnostic: Diagnostic) -> int:
    """Sort key of diagnostics: by line, those without one first."""
    return diagnostic.line or 0


def with_diagnostics(story: Story, extra: Iterable[Diagnostic]) -> Story:
    """``story`` with ``extra`` diagnostics merged in by line.

    The story's own diagnostics are sorted already (:meth:`StoryParser.finish`), so only the few
    extra ones are sorted; on a tie of lines the story's come first, as a stable sort would put them.
    """
    added = sorted(extra, key=line_or_zero)
    merged = tuple(merge(story.diagnostics, added, key=line_or_zero)) if story.diagnostics else tuple(added)
    return replace(story, diagnostics=merged)


# _editorial.guard_body, once the first story has needed it (that module imports this one); an
# import statement run per story showed in the instruction counts.
_guard_body: Callable[..., tuple[tuple[Block, ...], str | None, list[Diagnostic]] | None] | None = None


class StoryParser:
    """What every format's parser starts from: one message, the options, the diagnostics found.

    A format subclasses it, names itself in ``format_name``, calls :meth:`report` for each
    finding and ends with :meth:`finish`, passing the fields it filled. A subclass with state of
    its own calls ``StoryParser.__init__(self, ...)`` rather than ``super().__init__``: one parser
    is made per story, and building the ``super`` object showed in the instruction counts.
    """

    format_name: ClassVar[str]

    def __init__(self, message: Message, options: ParseOptions) -> None:
        self.message = message
        self.options = options
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, line: int | None, message: str) -> None:
        """Record a finding of a catalogued ``code`` at ``line``."""
        self.diagnostics.append(diagnose(code, line, message))

    def finish(self, **fields: Unpack[StoryFields]) -> Story:
        """The story: the fields given, its format and source, its diagnostics sorted by line.

        The sort is stable, so findings on one line keep the order they were reported in; it is the
        only sort of a story's diagnostics (later additions are merged in by :func:`with_diagnostics`).
        """
        body = fields.get("body")
        if body:
            self._keep_private_text_out(fields, body)
        diagnostics = self.diagnostics
        if len(diagnostics) > 1:
            diagnostics.sort(key=line_or_zero)
        message = self.message
        source = new_source(self.options.path, message.index, message.line, message.encoding)
        return build_story(self.format_name, source, tuple(diagnostics), fields)

    def _keep_private_text_out(self, fields: StoryFields, body: tuple[Block, ...]) -> None:
        """The rule every format's stories obey: text for editors never stays in ``body``.

        A format that knows where its agency puts such text has filled ``editor_note`` already;
        this catches what it did not expect (see :mod:`wirecli.formats._editorial`).
        """
        global _guard_body
        if _guard_body is None:
            from wirecli.formats._editorial import guard_body  # imports this module

            _guard_body = guard_body
        dateline = fields.get("dateline")
        guarded = _guard_body(
            body,
            fields.get("editor_note"),
            self.message.text,
            self.message.line,
            dateline.text if dateline is not None else None,
        )
        if guarded is None:
            return
        fields["body"], fields["editor_note"], found = guarded
        self.diagnostics.extend(found)
        if "word_count" in fields:
            fields["word_count"] = count_words(fields["body"])


_PATTERN_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class _LazyPattern:
    """A regular expression compiled on its first use, then as fast to call as the pattern itself.

    Each format module compiles a score of patterns, most of them used only when a message of that
    format turns up; compiling them all at import cost start-up time that most runs never use.
    On first use the compiled pattern's methods are stored on the instance, so later lookups are
    plain attribute lookups; anything else (``pattern``, ``groups``...) is passed through.
    """

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
            for method in _PATTERN_METHODS:
                setattr(self, method, getattr(self._compiled, method))
        return getattr(self._compiled, name)


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile``, put off until the pattern is first used (a module-level pattern of a parser)."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))


# C0 controls except TAB and LF, DEL, and C1 controls: any of them can be part of a terminal escape.
_CONTROLS = lazy_compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The same characters as Latin-1 bytes, each mapped to NUL; every other byte maps to itself.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
_FLAG_CONTROLS = bytes.maketrans(_CONTROL_BYTES, bytes(len(_CONTROL_BYTES)))
_MAX_CONTROL_REPORTS = 10
_text_of = attrgetter("text")


def numbered_lines(message: Message) -> list[Line]:
    """The message's lines, numbered as in the input."""
    # tuple.__new__ called by map itself: through a partial it cost about a fifth more per line.
    return list(map(tuple.__new__, repeat(Line), enumerate(message.text.split("\n"), message.line)))


def _has_controls(text: str) -> bool:
    """True when ``text`` holds a character that :func:`remove_controls` removes.

    Every such character is below U+00A0, so it survives a Latin-1 encoding that drops the rest
    (a copy for text that is all Latin-1), and one ``bytes.translate`` flags it as NUL: on Latin-1
    text about a third of the cost of ``str.isprintable``, which also fails on TAB and no-break
    space, and sent such text to a regex per line.
    """
    return text.encode("latin-1", "ignore").translate(_FLAG_CONTROLS).find(0) >= 0


def remove_controls(lines: Iterable[Line]) -> tuple[list[Line], list[Diagnostic]]:
    """Drop control characters from every line, with a warning per affected line (up to ten)."""
    lines = list(lines)
    if not _has_controls("".join(map(_text_of, lines))):
        return lines, []  # the common case
    cleaned: list[Line] = []
    affected: list[tuple[int, str]] = []
    for line in lines:
        found = _CONTROLS.findall(line.text)
        if found:
            affected.append((line.number, ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))))
            line = Line(line.number, _CONTROLS.sub("", line.text))
        cleaned.append(line)
    diagnostics = [
        diagnose("control-characters", number, f"removed control characters {names}")
        for number, names in affected[:_MAX_CONTROL_REPORTS]
    ]
    if len(affected) > _MAX_CONTROL_REPORTS:
        diagnostics.append(
            diagnose(
                "control-characters",
                affected[_MAX_CONTROL_REPORTS][0],
                f"removed control characters on {len(affected) - _MAX_CONTROL_REPORTS} more lines",
            )
        )
    return cleaned, diagnostics


def blocks_of(lines: Sequence[Line]) -> list[list[Line]]:
    """Groups of non-blank lines separated by blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


_HYPHEN_BREAK = lazy_compile(r"[^\W\d_]-$")
# "Regional-" + "und Fernverkehr", "pre-" + "and post-war": a hyphen that stands for a word's
# missing half is followed by a conjunction, never joined to it.
_AFTER_SUSPENDED_HYPHEN = frozenset({"und", "oder", "bis", "sowie", "and", "or", "et", "ou", "o", "y", "en"})
PUNCTUATION = "\"'“”‘’()[],.;:!?"


def unwrap(lines: Sequence[Line]) -> tuple[str, list[Diagnostic]]:
    """Join a hard-wrapped paragraph: one space between lines, none after a letter and a hyphen.

    ``Moon Jae-`` + ``in`` must give ``Moon Jae-in``, so the hyphen is kept; each such join is
    reported as info because a line-end hyphen can also be a dash that lost its space.
    """
    texts = [line.text.strip() for line in lines]
    joined = " ".join(texts)
    if "- " not in joined:
        return joined, []  # the common case: no line but the last ends in a hyphen
    parts: list[str] = []
    notes: list[Diagnostic] = []
    last = len(lines) - 1
    for position, line in enumerate(lines):
        text = line.text.strip()
        parts.append(text)
        if position == last:
            break
        if text.endswith("-") and _HYPHEN_BREAK.search(text):  # endswith first: most lines do not
            following = lines[position + 1].text.strip().split(" ", 1)[0]
            if following.lower() not in _AFTER_SUSPENDED_HYPHEN:
                word = (text.rsplit(" ", 1)[-1] + following).strip(PUNCTUATION)
                notes.append(diagnose("hyphen-join", line.number, f"joined '{word}' across lines"))
                continue
        parts.append(" ")
    return "".join(parts), notes


MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))


def latest_date_not_after(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The most recent ``month``/``day`` on or before ``reference`` (Feb 29 looks back to a leap year)."""
    for year in range(reference.year, reference.year - 8, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference:
            return candidate
    return None


def resolve_date(
    month: int, day: int, year: int | None, options: ParseOptions, line: int, written: str
) -> tuple[dt.date | None, list[Diagnostic]]:
    """Turn dateline parts into a date, reporting impossible, year-less and future dates."""
    if year is None and options.year is not None:
        year = options.year  # the caller said which year; nothing to warn about
    if year is None:
        assumed = latest_date_not_after(month, day, options.reference_date)
        if assumed is None:
            return None, [diagnose("impossible-date", line, f"'{written}' is not a date")]
        return assumed, [
            diagnose(
                "dateline-year-assumed",
                line,
                f"dateline '{written}' has no year; assumed {assumed.year}, the latest "
                f"not after {options.reference_date.isoformat()} (pass --year to choose)",
            )
        ]
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None, [diagnose("impossible-date", line, f"'{written}' is not a date")]
    if date > options.reference_date:
        return date, [
            diagnose(
                "future-date",
                line,
                f"dateline date {date.isoformat()} is after the reference date "
                f"{options.reference_date.isoformat()}",
            )
        ]
    return date, []


# Agencies that sign off copy; used to tell agency parts from desk initials in a signoff.
KNOWN_AGENCIES = frozenset(
    {
        "AAP",
        "AFP",
        "ANI",
        "ANSA",
        "AP",
        "APA",
        "BELGA",
        "BSS",
        "DPA",
        "EFE",
        "IANS",
        "KCNA",
        "KYODO",
        "MENA",
        "PTI",
        "RIA",
        "REUTERS",
        "SPUTNIK",
        "TASS",
        "UNB",
        "WAM",
        "XINHUA",
        "YONHAP",
    }
)


def split_signoff(text: str, parts: Sequence[str], time: str | None, credit: Sequence[str]) -> Signoff:
    """Leading parts that are agencies (credited, or well known) versus the desk initials after them."""
    credited = {agency.upper() for agency in credit}
    agencies: list[str] = []
    for part in parts:
        if part.upper() in credited or part.upper() in KNOWN_AGENCIES:
            agencies.append(part)
        else:
            break
    return Signoff(text, tuple(agencies), tuple(parts[len(agencies) :]), time)


def check_signoff_time(hhmm: str, line: int) -> tuple[str | None, list[Diagnostic]]:
    """``HHMM`` as ``HH:MM``, or ``None`` with a warning when no such time exists."""
    hours, minutes = int(hhmm[:-2]), int(hhmm[-2:])
    if hours > 23 or minutes > 59:
        return None, [diagnose("impossible-signoff-time", line, f"signoff time '{hhmm} hrs' does not exist")]
    return f"{hours:02d}:{minutes:02d}", []


def agency_mismatch(signoff: Signoff, credit: Sequence[str], line: int) -> list[Diagnostic]:
    """Warn when the signoff names agencies that the dateline credit does not."""
    if not credit or not signoff.agencies:
        return []
    credited = {agency.upper() for agency in credit}
    extra = [agency for agency in signoff.agencies if agency.upper() not in credited]
    if not extra:
        return []
    return [
        diagnose(
            "signoff-agency-mismatch",
            line,
            f"signoff names {'/'.join(extra)} but the dateline credit is {'/'.join(credit)}",
        )
    ]


# "+06:00" for each fixed-offset zone met so far: the same for every story (strftime is slow).
_OFFSET_TEXTS: dict[dt.tzinfo, str] = {}


def offset_text(moment: dt.datetime) -> str:
    """The UTC offset of an aware ``moment`` as ``+06:00``."""
    zone = moment.tzinfo
    fixed = isinstance(zone, dt.timezone)  # same offset on every date: work it out once
    if fixed and zone in _OFFSET_TEXTS:
        return _OFFSET_TEXTS[zone]
    offset = moment.strftime("%z")
    text = f"{offset[:3]}:{offset[3:]}"
    if fixed:
        assert zone is not None
        _OFFSET_TEXTS[zone] = text
    return text
