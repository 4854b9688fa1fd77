"""One input -> its stories, and what the input as a whole turned out to be.

Every command goes through :func:`parse_input`: ``convert`` (in this process and in ``--jobs``
workers), ``validate``, ``show`` and the library API. It is the one place that decides what an
input is before its messages are parsed, and it reports those facts as data on
:class:`InputFacts`, not as made-up stories:

* an input that starts with a UTF-16 or UTF-32 byte order mark is converted to UTF-8 as a whole
  before it is split (``transcoded``; each story also carries a ``transcoded-input`` note);
* an input that is not text at all (a file signature, or NUL bytes all over its first message)
  becomes one record with a ``binary-data`` error and ``format: "unknown"`` (``binary``), so an
  NDJSON stream still accounts for it;
* an input with no story at all (empty, or blanks and control bytes only) yields no record, and a
  ``no-story`` warning in ``diagnostics``;
* text after the last end-of-message marker is kept as a record of its own (``trailing_text``).

Checks that need no format knowledge run here, over every message: a story code already used in
the same input (``duplicate-code``) and UTF-8 text that was once read as Windows-1252
(``mojibake``). ``duplicate-code`` remembers the last ``CODES_REMEMBERED`` codes used, so memory
stays flat however long a feed is.

Everything here is pure: bytes come in as chunks, stories go out one at a time as each message
completes, so memory is bounded by the largest message.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from wirecli.decode import decode, transcode, wide_encoding
from wirecli.diagnostics import diagnose
from wirecli.formats import REGISTRY, detect_format, parse_trailing_text, unknown_record
from wirecli.formats._binary import SIGNATURE_BYTES, nul_problem, signature_problem
from wirecli.formats._common import Message, with_diagnostics
from wirecli.formats.framing import RawMessage, has_start_marker, split_messages
from wirecli.model import Diagnostic, ParseOptions, Story

__all__ = [
    "CODES_REMEMBERED",
    "InputFacts",
    "ParsedInput",
    "SourceLines",
    "for_input",
    "parse_bytes",
    "parse_chunks",
    "parse_input",
]

CODES_REMEMBERED = 50_000
"""Story codes kept for ``duplicate-code``: days of a busy service, a few MB."""
_DETECT_BYTES = 1024

SourceLines = list[tuple[int, str]]
"""A message's lines as ``(line number in the input, decoded text)``."""


@dataclasses.dataclass(slots=True)
class InputFacts:
    """What is known of a whole input once its stories have been read."""

    stories: int = 0
    binary: str | None = None
    """Why the input is not text (its one record carries a ``binary-data`` error), else ``None``."""
    transcoded: str | None = None
    """The UTF-16/32 encoding the input was converted from, else ``None``."""
    trailing_text: bool = False
    """Text after the last end-of-message marker became a record of its own."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Findings about the input that belong to no story (``no-story``)."""
    sources: list[SourceLines] | None = None
    """Each message's decoded lines, in order; kept only when asked for (``show --raw``)."""


class ParsedInput:
    """The stories of one input, parsed as they are iterated; :attr:`facts` is complete after.

    Iterate once. Reading errors (``OSError`` from the chunks) pass through to the caller, with
    the stories already yielded complete.
    """

    def __init__(self, chunks: Iterable[bytes], options: ParseOptions, *, keep_sources: bool) -> None:
        self._chunks = chunks
        self._options = options
        self.facts = InputFacts(sources=[] if keep_sources else None)

    def __iter__(self) -> Iterator[Story]:
        # The generator itself, not one that wraps it: a layer less for every story to pass.
        return _stories(self._chunks, self._options, self.facts)


def parse_input(chunks: Iterable[bytes], options: ParseOptions, *, keep_sources: bool = False) -> ParsedInput:
    """The stories of an input read as byte chunks, in order, and the facts of the input."""
    return ParsedInput(chunks, options, keep_sources=keep_sources)


def for_input(options: ParseOptions, path: str) -> ParseOptions:
    """``options`` for the input named ``path`` on the command line (``-``, standard input, has none)."""
    return dataclasses.replace(options, path=None if path == "-" else path)


def parse_chunks(chunks: Iterable[bytes], options: ParseOptions) -> Iterator[Story]:
    """Only the stories of :func:`parse_input`, for callers that need no facts of the input."""
    return iter(parse_input(chunks, options))


def parse_bytes(data: bytes, options: ParseOptions) -> list[Story]:
    """All stories of an input held in memory."""
    return list(parse_input((data,), options))


def _stories(given: Iterable[bytes], options: ParseOptions, facts: InputFacts) -> Iterator[Story]:
    # An input read whole (a list or tuple of chunks: a small file, bytes from the API) goes to
    # framing as it is, which then knows its last chunk and may take the shortcut for one message.
    in_memory = given if isinstance(given, (list, tuple)) else None
    if in_memory is not None and len(in_memory) == 1:
        head, chunks = in_memory[0][:SIGNATURE_BYTES], iter(in_memory)
    else:
        head, chunks = _peek(iter(given), SIGNATURE_BYTES)
    wide = wide_encoding(head, options.encoding)
    problem = signature_problem(head) if wide is None else None
    if problem is not None:
        facts.stories += 1
        yield _binary_input(problem, options, facts, chunks)
        return
    notes: list[Diagnostic] = []
    if wide is not None:
        # Framing needs ASCII-compatible bytes: UTF-16 and UTF-32 inputs are transcoded whole.
        data, note = transcode(b"".join(chunks), wide)
        chunks, notes = iter((data,)), [note]
        in_memory = (data,)
        options = dataclasses.replace(options, encoding=None)
        facts.transcoded = wide
    seen_codes: OrderedDict[str, int] = OrderedDict()  # code -> line of its first story, oldest first
    for index, raw in enumerate(split_messages(chunks if in_memory is None else in_memory)):
        problem = nul_problem(raw.data) if index == 0 and wide is None else None
        if problem is not None:
            facts.stories += 1
            yield _binary_input(problem, options, facts, chunks)
            return
        story = _parse_message(raw, index, options, facts)
        if wide is not None:
            source = dataclasses.replace(story.source, encoding=wide)
            story = with_diagnostics(dataclasses.replace(story, source=source), notes)
            notes = []
        if story.code is not None:
            story = _check_code(story, seen_codes)
        facts.stories += 1
        yield story
    if not facts.stories:
        facts.diagnostics = (_no_story(),)


def _check_code(story: Story, seen_codes: OrderedDict[str, int]) -> Story:
    """The story, with a ``duplicate-code`` warning when an earlier story of the input used its code."""
    assert story.code is not None
    first = seen_codes.setdefault(story.code, story.source.line)
    if first == story.source.line:
        if len(seen_codes) > CODES_REMEMBERED:
            seen_codes.popitem(last=False)
        return story
    seen_codes.move_to_end(story.code)
    message = f"story code {story.code} was already used by the story at line {first}"
    return with_diagnostics(story, [diagnose("duplicate-code", story.source.line, message)])


def _no_story() -> Diagnostic:
    """The warning for an input that held no story: empty, or only blanks and control bytes."""
    return diagnose(
        "no-story", None, "no story found: the input is empty or holds only blanks and control bytes"
    )


def _peek(chunks: Iterator[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """The first ``size`` bytes of a chunked input (fewer if it is shorter), and all its chunks."""
    taken: list[bytes] = []
    length = 0
    while length < size:
        chunk = next(chunks, None)
        if chunk is None:
            break
        taken.append(chunk)
        length += len(chunk)
    return b"".join(taken)[:size], itertools.chain(taken, chunks)


def _binary_input(problem: str, options: ParseOptions, facts: InputFacts, rest: Iterator[bytes]) -> Story:
    """The one record for an input that is not text; the input is read to its end first."""
    # A program writing a binary file into a pipe must not be cut off.
    for _ in rest:
        pass
    facts.binary = problem
    return unknown_record(options, diagnose("binary-data", 1, problem))


def _parse_message(raw: RawMessage, index: int, options: ParseOptions, facts: InputFacts) -> Story:
    decoded = decode(raw.data, options.encoding, raw.line)
    message = Message(decoded.text, raw.line, raw.end, index, decoded.encoding, decoded.plain)
    if facts.sources is not None:
        facts.sources.append(_source_lines(decoded.text, raw.line))
    if index > 0 and not has_start_marker(raw.data):
        facts.trailing_text = True
        story = parse_trailing_text(message, options)
    else:
        wire_format = REGISTRY[options.format] if options.format else detect_format(raw.data[:_DETECT_BYTES])
        story = wire_format.parse(message, options)
    found = list(decoded.diagnostics)
    if decoded.may_hold_mojibake:
        from wirecli.formats._mojibake import find_mojibake  # its tables load only when needed

        found.extend(find_mojibake(decoded.text, raw.line))
    return with_diagnostics(story, found) if found else story


def _source_lines(text: str, first_line: int) -> SourceLines:
    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the break that ends the last line starts no new one
    return [(first_line + offset, line) for offset, line in enumerate(lines)]
