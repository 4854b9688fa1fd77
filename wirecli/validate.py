"""Validation: diagnostics as data, in the compiler line format or as JSON lines, plus a tally.

``wirecli validate`` parses its inputs like ``convert`` but writes the diagnostics instead of the
stories. Each diagnostic is one line::

    samples/bss/broken-story.txt:7:1: error missing-headline: no headline line before the story text

``path:line:col:`` with 1-based line and column. Parsers know the column only for some findings;
otherwise the column is 1, the start of the line, so that every line has the same shape for
editors (``%f:%l:%c: %m``), grep and awk. ``--format json`` writes one object per line instead,
where an unknown line or column is ``null``::

    {"path":"story.txt","story":0,"line":7,"column":null,"severity":"error",
     "code":"missing-headline","message":"...","hint":"..."}

``story`` is the 0-based index of the story within its input, as in ``source.index``, and
``null`` for a finding about the whole input (``no-story``); ``path`` is ``null`` for standard
input. The summary line counts inputs, stories and findings:
``3 files, 5 stories: 1 error, 2 warnings``.

Everything here is pure: :func:`check_inputs` reads through the ``read`` function it is given and
counts what it finds in one :class:`~wirecli.tally.InputRecord` per input, as ``convert`` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import orjson

from wirecli.diagnostics import CATALOGUE
from wirecli.inputs import Input
from wirecli.model import Diagnostic, ParseOptions
from wirecli.pipeline import for_input, parse_input
from wirecli.tally import InputRecord


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic of one story of one input."""

    name: str
    """The input as named in messages (``<stdin>`` for standard input)."""
    path: str | None
    """The input path as given; ``None`` for standard input."""
    story: int | None
    """0-based index of the story within its input; ``None`` for a finding about the whole input."""
    diagnostic: Diagnostic


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read; the run goes on with the next one."""

    name: str
    message: str
    """``cannot read NAME: why``."""


def check_inputs(
    inputs: Iterable[Input],
    options: ParseOptions,
    read: Callable[[str], Iterable[bytes]],
    records: list[InputRecord],
    *,
    strict: bool = False,
) -> Iterator[Finding | ReadFailure]:
    """Every diagnostic of every story of ``inputs``, in order, each input counted in a record.

    ``read`` turns a path (or ``-``) into byte chunks and raises ``OSError`` when it cannot.
    """
    for item in inputs:
        record = InputRecord(item)
        records.append(record)
        name = item.display
        if item.problem is not None:
            record.unreadable = True
            record.problem(item.problem)
            yield ReadFailure(name, item.problem)
            continue
        per_input = for_input(options, item.path)
        given = per_input.path
        try:
            parsed = parse_input(read(item.path), per_input)
            for story in parsed:
                record.stories += 1
                for diagnostic in story.diagnostics:
                    record.count(diagnostic, strict=strict)
                    yield Finding(name, given, story.source.index, diagnostic)
            for diagnostic in parsed.facts.diagnostics:
                record.count(diagnostic, strict=strict)
                yield Finding(name, given, None, diagnostic)
        except OSError as error:
            message = f"cannot read {name}: {error.strerror or error}"
            record.unreadable = True
            record.problem(message)
            yield ReadFailure(name, message)


# C1 controls, U+2028/U+2029 and bidi controls are valid raw inside JSON strings, but a terminal
# may act on them; as \\u escapes they mean the same to every JSON reader.
_JSON_RAW = re.compile("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(document: bytes) -> bytes:
    """JSON with every character a terminal could act on written as a ``\\u`` escape."""
    text = document.decode()
    if text.isascii():
        return document
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text).encode()


def finding_json(finding: Finding) -> bytes:
    """One finding as a compact JSON object on one line."""
    diagnostic = finding.diagnostic
    record = {
        "path": finding.path,
        "story": finding.story,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": CATALOGUE[diagnostic.code].hint,
    }
    return json_safe(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
