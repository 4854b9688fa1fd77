"""The story model: what every wire format parses into and what every renderer reads.

The dataclasses below *are* the JSON contract (``schema_version`` 1): their field order is the key
order of the JSON output, ``None`` is written as ``null`` and empty tuples as ``[]``. Renaming or
removing a field bumps ``SCHEMA_VERSION``; adding one does not. ``docs/schema.md`` and
``wirecli/schema/story.schema.json`` describe the same fields and must move with this file.
"""

# No ``from __future__ import annotations`` here: with string annotations, @dataclass matches each
# one against a regex to look for ClassVar and InitVar, which made importing this module 10% slower.
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import MISSING, FrozenInstanceError, dataclass
from enum import StrEnum
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform

SCHEMA_VERSION = 1
_DHAKA = dt.timezone(dt.timedelta(hours=6))  # UTC+06:00: the zone of BSS signoff times

_Model = TypeVar("_Model")
_set = object.__setattr__
_new = object.__new__


class _Frozen:
    """What ``@dataclass(frozen=True)`` would give every model class, written once.

    That decorator compiles fresh source for ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
    ``__setattr__`` and ``__delattr__`` of each class on every import: 48 compilations, 6-10 ms of
    every start of wirecli. Here the shared methods read the fields from the instance ``__dict__``
    (which each class's own ``__init__`` fills in field order, in one step), and
    tests/test_model.py checks all of it against what ``@dataclass`` itself generates.

    No ``__slots__`` in the model classes: orjson writes a dataclass that has a ``__dict__``
    straight from it, and a slotted one field by field, several times slower.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    @recursive_repr()
    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__qualname__}({values})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.__dict__ == other.__dict__
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))


@dataclass_transform(frozen_default=True)
def _frozen(*, kw_only: bool = False) -> Callable[[type[_Model]], type[_Model]]:
    """A frozen dataclass whose methods come from :class:`_Frozen` and its own ``__init__``."""

    def make(cls: type[_Model]) -> type[_Model]:
        return dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)

    return make


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


@_frozen()
class Diagnostic(_Frozen):
    """One finding about the input, located by its 1-based line (and column, where known)."""

    severity: Severity
    code: str
    """Stable kebab-case code (``missing-signoff``); see ``wirecli.diagnostics.CATALOGUE``."""
    message: str
    line: int | None
    column: int | None = None

    def __init__(
        self, severity: Severity, code: str, message: str, line: int | None, column: int | None = None
    ) -> None:
        _set(
            self,
            "__dict__",
            {"severity": severity, "code": code, "message": message, "line": line, "column": column},
        )


@_frozen()
class Source(_Frozen):
    """Where a story came from."""

    path: str | None
    """The path as given on the command line; ``None`` for standard input."""
    index: int
    """0-based position of the story within its input."""
    line: int
    """1-based line of the input where the story's text starts."""
    encoding: str
    """Encoding the story's bytes were decoded with (``utf-8``, ``cp1252``, or the override)."""

    def __init__(self, path: str | None, index: int, line: int, encoding: str) -> None:
        _set(self, "__dict__", {"path": path, "index": index, "line": line, "encoding": encoding})


@_frozen()
class Dateline(_Frozen):
    """The dateline that opens the first paragraph."""

    text: str
    """The dateline as written, without the dash that ends it."""
    place: str | None
    date: dt.date | None
    credit: str | None

    def __init__(self, text: str, place: str | None, date: dt.date | None, credit: str | None) -> None:
        _set(self, "__dict__", {"text": text, "place": place, "date": date, "credit": credit})


@_frozen()
class Block(_Frozen):
    """One body block: an unwrapped paragraph, a subhead without its dashes, or a table."""

    type: BlockType
    text: str
    """For tables, the rows joined by newlines with their spacing kept."""

    def __init__(self, type: BlockType, text: str) -> None:
        _set(self, "__dict__", {"type": type, "text": text})


@_frozen()
class Signoff(_Frozen):
    """The closing line naming agencies, desk initials and a filing time."""

    text: str
    agencies: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    time: str | None = None
    """Filing time as ``HH:MM`` (local to the desk; its zone is not transmitted)."""

    def __init__(
        self,
        text: str,
        agencies: tuple[str, ...] = (),
        initials: tuple[str, ...] = (),
        time: str | None = None,
    ) -> None:
        _set(self, "__dict__", {"text": text, "agencies": agencies, "initials": initials, "time": time})


@_frozen()
class Subject(_Frozen):
    """A subject code transmitted in a header (IPTC subject codes, AAP subject classes)."""

    scheme: str
    code: str

    def __init__(self, scheme: str, code: str) -> None:
        _set(self, "__dict__", {"scheme": scheme, "code": code})


@_frozen(kw_only=True)
class Story(_Frozen):
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
    media_note: str | None = None
    """Note on pictures, graphics or other media offered with the story (dpa ``(Foto Illustration)``)."""
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

    def __init__(
        self,
        *,
        schema_version: int = SCHEMA_VERSION,
        format: str,
        source: Source,
        preamble: tuple[str, ...] = (),
        code: str | None = None,
        keyword: str | None = None,
        headline: str | None = None,
        summary: str | None = None,
        byline: str | None = None,
        byline_title: str | None = None,
        urgency: int | None = None,
        priority: str | None = None,
        category: str | None = None,
        take_key: str | None = None,
        dateline: Dateline | None = None,
        agencies: tuple[str, ...] = (),
        body: tuple[Block, ...] = (),
        signoff: Signoff | None = None,
        editor_note: str | None = None,
        notebook: str | None = None,
        media_note: str | None = None,
        created: dt.datetime | None = None,
        word_count: int = 0,
        transmitted_word_count: int | None = None,
        subjects: tuple[Subject, ...] = (),
        genre: str | None = None,
        place_codes: tuple[str, ...] = (),
        tabular: bool = False,
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> None:
        _set(
            self,
            "__dict__",
            {
                "schema_version": schema_version,
                "format": format,
                "source": source,
                "preamble": preamble,
                "code": code,
                "keyword": keyword,
                "headline": headline,
                "summary": summary,
                "byline": byline,
                "byline_title": byline_title,
                "urgency": urgency,
                "priority": priority,
                "category": category,
                "take_key": take_key,
                "dateline": dateline,
                "agencies": agencies,
                "body": body,
                "signoff": signoff,
                "editor_note": editor_note,
                "notebook": notebook,
                "media_note": media_note,
                "created": created,
                "word_count": word_count,
                "transmitted_word_count": transmitted_word_count,
                "subjects": subjects,
                "genre": genre,
                "place_codes": place_codes,
                "tabular": tabular,
                "diagnostics": diagnostics,
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """The story as its JSON contract: what ``--to json`` writes, as plain Python values.

        Keys in contract order, lists for tuples, enums as their values, dates and date-times as
        ISO 8601 strings: ``orjson.dumps(story.to_dict())`` gives the bytes of ``orjson.dumps(story)``.
        """
        return {name: _plain(value) for name, value in self.__dict__.items()}


@_frozen()
class ParseOptions(_Frozen):
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
    bss_timezone: dt.tzinfo = _DHAKA
    """Zone of BSS signoff times (Dhaka, UTC+06:00)."""

    def __init__(
        self,
        reference_date: dt.date,
        year: int | None = None,
        encoding: str | None = None,
        format: str | None = None,
        path: str | None = None,
        bss_timezone: dt.tzinfo = _DHAKA,
    ) -> None:
        _set(
            self,
            "__dict__",
            {
                "reference_date": reference_date,
                "year": year,
                "encoding": encoding,
                "format": format,
                "path": path,
                "bss_timezone": bss_timezone,
            },
        )


# Story's fields in order with their defaults (``None`` for the two without one): the start of
# every story that build_story makes.
_STORY_DEFAULTS: dict[str, Any] = {
    name: None if field.default is MISSING else field.default
    for name, field in Story.__dataclass_fields__.items()
}


def build_story(
    format: str, source: Source, diagnostics: tuple[Diagnostic, ...], fields: Mapping[str, Any]
) -> Story:
    """``Story(format=format, source=source, diagnostics=diagnostics, **fields)``, built faster.

    One story is made per message, and matching some thirty keyword arguments to their
    parameters cost more than the rest of the story's making: here a copy of the defaults
    takes the fields given. A name that is not a field raises ``TypeError``, as the call would.
    """
    values = _STORY_DEFAULTS.copy()
    values.update(fields)
    if len(values) != len(_STORY_DEFAULTS):
        unknown = ", ".join(sorted(set(values) - set(_STORY_DEFAULTS)))
        raise TypeError(f"Story got unexpected fields: {unknown}")
    values["format"] = format
    values["source"] = source
    values["diagnostics"] = diagnostics
    story = _new(Story)
    _set(story, "__dict__", values)
    return story


def new_source(path: str | None, index: int, line: int, encoding: str) -> Source:
    """``Source(path, index, line, encoding)``, without the call of ``__init__`` (one per story)."""
    source = _new(Source)
    _set(source, "__dict__", {"path": path, "index": index, "line": line, "encoding": encoding})
    return source


def _plain(value: object) -> object:
    # The order of the checks matters: a StrEnum is a str, and a datetime is a date.
    if isinstance(value, _Frozen):
        return {name: _plain(item) for name, item in value.__dict__.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def count_words(blocks: tuple[Block, ...]) -> int:
    """Whitespace-separated words in all body blocks."""
    return sum(len(block.text.split()) for block in blocks)
