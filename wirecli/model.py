"""The story model: what every wire format parses into and what every renderer reads.

The dataclasses below *are* the JSON contract (``schema_version`` 1): their field order is the key
order of the JSON output, ``None`` is written as ``null`` and empty tuples as ``[]``. Renaming or
removing a field bumps ``SCHEMA_VERSION``; adding one does not. ``docs/schema.md`` and
``wirecli/schema/story.schema.json`` describe the same fields and must move with this file.
"""

# No ``from __future__ import annotations`` here: with string annotations, @dataclass matches each
# one against a regex to look for ClassVar and InitVar, which made importing this module 10% slower.
# No ``slots=True`` either: orjson writes a dataclass that has a ``__dict__`` straight from it, and
# one with slots field by field through ``__dataclass_fields__``, five times slower (18 of the 23 us
# it took to write a story as JSON).
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

SCHEMA_VERSION = 1


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail a run, warnings fail it only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class BlockType(StrEnum):
    """Kinds of body block."""

    PARAGRAPH = "paragraph"
    SUBHEAD = "subhead"
    TABLE = "table"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input, located by its 1-based line (and column, where known)."""

    severity: Severity
    code: str
    """Stable kebab-case code (``missing-signoff``); see ``wirecli.diagnostics.CATALOGUE``."""
    message: str
    line: int | None
    column: int | None = None


@dataclass(frozen=True)
class Source:
    """Where a story came from."""

    path: str | None
    """The path as given on the command line; ``None`` for standard input."""
    index: int
    """0-based position of the story within its input."""
    line: int
    """1-based line of the input where the story's text starts."""
    encoding: str
    """Encoding the story's bytes were decoded with (``utf-8``, ``cp1252``, or the override)."""


@dataclass(frozen=True)
class Dateline:
    """The dateline that opens the first paragraph."""

    text: str
    """The dateline as written, without the dash that ends it."""
    place: str | None
    date: dt.date | None
    credit: str | None


@dataclass(frozen=True)
class Block:
    """One body block: an unwrapped paragraph, a subhead without its dashes, or a table."""

    type: BlockType
    text: str
    """For tables, the rows joined by newlines with their spacing kept."""


@dataclass(frozen=True)
class Signoff:
    """The closing line naming agencies, desk initials and a filing time."""

    text: str
    agencies: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    time: str | None = None
    """Filing time as ``HH:MM`` (local to the desk; its zone is not transmitted)."""


@dataclass(frozen=True)
class Subject:
    """A subject code transmitted in a header (IPTC subject codes, AAP subject classes)."""

    scheme: str
    code: str


@dataclass(frozen=True, kw_only=True)
class Story:
    """One parsed wire story, whatever its format."""

    schema_version: int = SCHEMA_VERSION
    format: str
    """Name of the wire format that parsed it (``bss``, ``anpa1312``, ...)."""
    source: Source
    preamble: tuple[str, ...] = ()
    """Lines before the start-of-message marker, verbatim (BSS web title and counter)."""
    code: str | None = None
    """Agency story identifier as transmitted (``BFF-09``, ``W2870``, ``eca062``)."""
    keyword: str | None = None
    """Slug or catch-line."""
    headline: str | None = None
    summary: str | None = None
    byline: str | None = None
    """Author line without a leading ``By``."""
    byline_title: str | None = None
    urgency: int | None = None
    """1-9, 1 most urgent, when the wire says so (priority code or FLASH/BULLETIN/URGENT)."""
    priority: str | None = None
    """Transmitted priority, raw (``f``, ``4``)."""
    category: str | None = None
    """Transmitted category code, raw."""
    take_key: str | None = None
    """Version, take or status marker (``1stLd-Writethru``, ``REFILE 1ST LEAD``)."""
    dateline: Dateline | None = None
    agencies: tuple[str, ...] = ()
    """Agencies involved, distributor first, originator last."""
    body: tuple[Block, ...] = ()
    signoff: Signoff | None = None
    editor_note: str | None = None
    """Text addressed to editors, not for publication."""
    notebook: str | None = None
    """Editorial notes and links kept apart from the story text (dpa ``# Notebook``)."""
    created: dt.datetime | None = None
    """Transmission or filing time, with an offset; any assumed zone is named in an info diagnostic."""
    word_count: int = 0
    """Words in ``body``, counted by wirecli."""
    transmitted_word_count: int | None = None
    """Word count as the wire header states it (often unreliable)."""
    subjects: tuple[Subject, ...] = ()
    genre: str | None = None
    place_codes: tuple[str, ...] = ()
    tabular: bool = False
    """True when the story is column data whose spacing must be kept."""
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class ParseOptions:
    """Settings a caller passes to the parse core; parsers read nothing else from the world."""

    reference_date: dt.date
    """Today, for the caller: year-less dates resolve to the latest such date not after it."""
    year: int | None = None
    """Year for datelines that omit it, overriding the reference-date rule."""
    encoding: str | None = None
    """Decode with this codec instead of guessing."""
    format: str | None = None
    """Parse with this format instead of detecting one."""
    path: str | None = None
    """Input path recorded in ``source.path``."""
    bss_timezone: dt.tzinfo = dt.timezone(dt.timedelta(hours=6))
    """Zone of BSS signoff times (Dhaka, UTC+06:00)."""


def count_words(blocks: tuple[Block, ...]) -> int:
    """Whitespace-separated words in all body blocks."""
    return sum(len(block.text.split()) for block in blocks)
