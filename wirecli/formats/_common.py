"""Helpers shared by the format parsers: messages, control characters, dates, unwrapping, signoffs.

Everything here is pure: text in, values and diagnostics out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import count
from operator import attrgetter
from typing import Any, AnyStr, NamedTuple, cast

from wirecli.diagnostics import diagnose
from wirecli.formats.framing import End
from wirecli.model import Diagnostic, ParseOptions, Signoff, Story


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
    """Cheap check over a message's first bytes; never raises."""
    parse: Callable[[Message, ParseOptions], Story]


class Line(NamedTuple):
    """A line of a message with its 1-based line number in the input.

    A named tuple, not a frozen dataclass: every line of every story becomes one, and a tuple is
    built several times faster.
    """

    number: int
    text: str


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
_MAX_CONTROL_REPORTS = 10
_text_of = attrgetter("text")
_new_line = partial(tuple.__new__, Line)  # Line._make without its Python-level length check


def numbered_lines(message: Message) -> list[Line]:
    """The message's lines, numbered as in the input."""
    return list(map(_new_line, zip(count(message.line), message.text.split("\n"))))


def remove_controls(lines: Iterable[Line]) -> tuple[list[Line], list[Diagnostic]]:
    """Drop control characters from every line, with a warning per affected line (up to ten)."""
    lines = list(lines)
    if "".join(map(_text_of, lines)).isprintable():
        return lines, []  # the common case: control characters are never printable, so there are none
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
_PUNCTUATION = "\"'“”‘’()[],.;:!?"


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
            word = (text.rsplit(" ", 1)[-1] + following).strip(_PUNCTUATION)
            notes.append(diagnose("hyphen-join", line.number, f"joined '{word}' across lines"))
        else:
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


# Helpers for parsers that work on a message's lines as plain strings (the BSS parser): one
# ``str.split`` gives the lines, their numbers follow from their positions, and the checks below
# run over the whole text in C, so the common clean message costs no Python work per line.

_LOW_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_FLAG_LOW_CONTROLS = bytes.maketrans(_LOW_CONTROL_BYTES, bytes(len(_LOW_CONTROL_BYTES)))
_C1_CONTROL_UTF8 = lazy_compile(rb"\xc2[\x80-\x9f]")  # U+0080-U+009F
# Whitespace for str.split and str.strip besides " " and "\n" (tests/test_common.py checks the list).
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
    if "-\n" not in block:
        return block.replace("\n", " "), []
    pieces: list[str] = []
    notes: list[Diagnostic] = []
    start = 0
    hyphen = block.find("-\n")
    while hyphen >= 0:
        if hyphen > 0 and _LETTER.match(block, hyphen - 1):
            word_start = max(block.rfind(" ", 0, hyphen), block.rfind("\n", 0, hyphen)) + 1
            next_end = block.find("\n", hyphen + 2)
            following = block[hyphen + 2 : next_end if next_end >= 0 else len(block)].split(" ", 1)[0]
            word = (block[word_start : hyphen + 1] + following).strip(_PUNCTUATION)
            line = first_line + block.count("\n", 0, hyphen)
            notes.append(diagnose("hyphen-join", line, f"joined '{word}' across lines"))
            pieces.append(block[start : hyphen + 1].replace("\n", " "))
            start = hyphen + 2
        hyphen = block.find("-\n", hyphen + 2)
    pieces.append(block[start:].replace("\n", " "))
    return "".join(pieces), notes


def with_diagnostics(story: Story, extra: Iterable[Diagnostic]) -> Story:
    """``story`` with ``extra`` diagnostics merged in, all in line order (stable)."""
    diagnostics = sorted((*story.diagnostics, *extra), key=_line_of)
    return replace(story, diagnostics=tuple(diagnostics))


def _line_of(diagnostic: Diagnostic) -> int:
    return diagnostic.line or 0
