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

Everything here is pure: :func:`check_inputs` reads through the ``read`` function it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import orjson

from wirecli.diagnostics import CATALOGUE
from wirecli.files import STDIN, display_name
from wirecli.formats import no_story, parse_chunks
from wirecli.model import Diagnostic, ParseOptions, Severity
from wirecli.terminal import BOLD, SEVERITY_SGR, paint, visible


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
    reason: str


@dataclass(slots=True)
class Tally:
    """What a validation run has seen: inputs, stories and findings by severity."""

    files: int = 0
    unreadable: int = 0
    stories: int = 0
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))

    def failed(self, *, strict: bool) -> bool:
        """Errors, unreadable inputs, or (under ``--strict``) warnings fail the run."""
        warnings = self.by_severity[Severity.WARNING] if strict else 0
        return bool(self.unreadable or self.by_severity[Severity.ERROR] or warnings)

    def summary(self, *, include_info: bool = False) -> str:
        """``3 files, 5 stories: 1 error, 2 warnings`` (info counted only when asked)."""
        counts = [
            plural(self.by_severity[Severity.ERROR], "error"),
            plural(self.by_severity[Severity.WARNING], "warning"),
        ]
        if include_info:
            counts.append(f"{self.by_severity[Severity.INFO]} info")
        text = f"{plural(self.files, 'file')}, {plural(self.stories, 'story')}: {', '.join(counts)}"
        if self.unreadable:
            text += f"; {plural(self.unreadable, 'file')} could not be read"
        return text


def plural(count: int, noun: str) -> str:
    """``1 story``, ``2 stories``, ``0 errors``."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def check_inputs(
    inputs: Iterable[str],
    options: ParseOptions,
    read: Callable[[str], Iterable[bytes]],
    tally: Tally,
) -> Iterator[Finding | ReadFailure]:
    """Every diagnostic of every story of ``inputs``, in order, counting them in ``tally``.

    ``read`` turns a path (or ``-``) into byte chunks and raises ``OSError`` when it cannot.
    """
    for path in inputs:
        name = display_name(path)
        given = None if path == STDIN else path
        tally.files += 1
        stories = 0
        try:
            for story in parse_chunks(read(path), replace(options, path=given)):
                stories += 1
                for diagnostic in story.diagnostics:
                    tally.by_severity[diagnostic.severity] += 1
                    yield Finding(name, given, story.source.index, diagnostic)
            if not stories:
                empty = no_story()
                tally.by_severity[empty.severity] += 1
                yield Finding(name, given, None, empty)
        except OSError as error:
            tally.unreadable += 1
            yield ReadFailure(name, str(error.strerror or error))
        tally.stories += stories


def diagnostic_line(name: str, diagnostic: Diagnostic, *, colour: bool = False) -> str:
    """``path:line:col: severity code: message``, safe for a terminal, coloured on request.

    An unknown line or column is written as 1: the finding is about the start of the input or
    of the line, and every line keeps the shape that editors and grep expect.
    """
    line = diagnostic.line or 1
    column = diagnostic.column or 1
    location = paint(f"{visible(name)}:{line}:{column}:", BOLD, colour)
    severity = paint(diagnostic.severity.value, SEVERITY_SGR[diagnostic.severity], colour)
    return f"{location} {severity} {diagnostic.code}: {visible(diagnostic.message)}"


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
