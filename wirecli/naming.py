"""Output file names for ``--out-dir``: templates, and names that are safe on any file system.

A ``--name`` template is text with fields in braces::

    {stem}      the input's file name without its last extension (``stdin`` for standard input)
    {index}     the story's 1-based position in its input; ``{index:03}`` pads it to 001
    {code}      story code (``BSS-52``), or ``no-code``
    {keyword}   keyword slug (``PAHELA-BAISHAKH-SECURITY``), or ``no-keyword``
    {date}      dateline date, else the filing date, as YYYY-MM-DD, or ``undated``
    {format}    wire format name (``bss``)

``{{`` and ``}}`` stand for literal braces. Without ``--name`` a story is named ``{stem}``, or
``{stem}-{index}`` when its input holds several stories. The output format's extension is added.

Field values come from the wire, so they are hostile until cleaned. :func:`safe_name` turns any text
into one path component: separators, control characters, bidi overrides and the characters Windows
forbids (``<>:"|?*``) become ``_``; runs of dots shrink to one; leading dots and spaces and trailing
dots and spaces go (no hidden files, no ``..``); Windows device names (``CON``, ``nul.txt``,
``COM1``, ``LPT²``...) get a ``_`` in front; the name is cut to 200 bytes of UTF-8, room enough
for the temporary-file prefix and suffix within the usual 255-byte limit. Example: the code
``../../etc/x`` gives ``_._etc_x.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_NAME_BYTES = 200
PLACEHOLDERS = {"code": "no-code", "keyword": "no-keyword", "date": "undated"}
FIELDS = ("stem", "index", "code", "keyword", "date", "format")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_INDEX_SPEC = re.compile(r"\A0?[1-9]\Z")
_UNSAFE = re.compile('[/\\\\<>:"|?*\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]')
_DOTS = re.compile(r"\.{2,}")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3"]
)


@dataclass(frozen=True, slots=True)
class NameFields:
    """What a template can use from one story and its input."""

    stem: str
    index: int
    """1-based position of the story in its input."""
    code: str | None
    keyword: str | None
    date: dt.date | None
    format: str


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    spec: str


class NameTemplate:
    """A parsed ``--name`` template; raises ``ValueError`` with a message for users when malformed."""

    def __init__(self, text: str) -> None:
        if not text:
            raise ValueError("--name must not be empty; try '{stem}-{index}'")
        self.text = text
        self._parts: list[str | _Field] = []
        position = 0
        for token in _TOKEN.finditer(text):
            self._parts.append(text[position : token.start()])
            position = token.end()
            literal = token.group()
            if literal in ("{{", "}}"):
                self._parts.append(literal[0])
            elif token.group(1) is None:
                raise ValueError(f"--name {text!r} has a lone {literal!r}; write {literal * 2} for a brace")
            else:
                self._parts.append(_parse_field(token.group(1), text))
        self._parts.append(text[position:])

    def expand(self, fields: NameFields) -> str:
        """The template with the story's values filled in, not yet made safe."""
        return "".join(part if isinstance(part, str) else _value(part, fields) for part in self._parts)


def _parse_field(body: str, text: str) -> _Field:
    name, _, spec = body.partition(":")
    if name not in FIELDS:
        choices = ", ".join("{" + field + "}" for field in FIELDS)
        raise ValueError(f"--name {text!r} uses an unknown field {{{name}}}; use {choices}")
    if spec and (name != "index" or not _INDEX_SPEC.match(spec)):
        raise ValueError(f"--name {text!r}: only {{index}} takes a width, as {{index:03}}")
    return _Field(name, spec)


def _value(field: _Field, fields: NameFields) -> str:
    if field.name == "index":
        return format(fields.index, field.spec)
    if field.name == "date":
        return fields.date.isoformat() if fields.date else PLACEHOLDERS["date"]
    value: str | None = getattr(fields, field.name)
    return value if value else PLACEHOLDERS.get(field.name, "")


def story_file_name(template: NameTemplate | None, fields: NameFields, several: bool, extension: str) -> str:
    """The safe file name of one story: ``template`` (or the default) expanded, plus ``extension``."""
    if template is not None:
        base = template.expand(fields)
    elif several:
        base = f"{fields.stem}-{fields.index}"
    else:
        base = fields.stem
    return safe_name(base, MAX_NAME_BYTES - len(extension.encode())) + extension


def safe_name(text: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``text`` as one path component that stays where it is put on POSIX and Windows alike."""
    name = _DOTS.sub(".", _UNSAFE.sub("_", text)).lstrip(". ").rstrip(". ")
    name = _cut(name, max_bytes).rstrip(". ")
    if not name:
        return "_"
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        name = _cut("_" + name, max_bytes).rstrip(". ")
    return name


def _cut(text: str, max_bytes: int) -> str:
    # Cut at a character boundary: a partial UTF-8 sequence at the end is dropped.
    return text.encode()[:max_bytes].decode(errors="ignore")
