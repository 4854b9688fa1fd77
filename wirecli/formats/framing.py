"""Split a byte stream into framed messages, before anything is decoded.

Wire services frame each message: ``ZCZC`` ... ``NNNN`` (BSS, AAP) or SOH ... EOT (ANPA 1312,
IPTC 7901). A stream may hold many messages of mixed formats. We split on the framing bytes rather
than on decoded text because each message may use its own encoding, and because a feed file is read
in chunks: memory is bounded by the largest message, not by the file.

Rules:

* a message starts at a line that begins (after blanks) with ``ZCZC``/``zczc``, or with SOH (after
  optional SYN bytes); it ends after an EOT byte or after a line that begins with ``NNNN``, or where
  the next message starts, or at the end of the input;
* text between two messages (after an end marker) is the next message's preamble, kept with it;
  blank lines there are dropped;
* a message that runs into the next start marker without an end marker (BSS copy has none) ends
  after its last signoff line (``BSS/AFP/GMR/0826 hrs``) when text follows that line: the text is
  the next message's preamble (its web title and counter). Files joined by ``cat`` have no line
  break there, so the signoff may be glued to that text (``0826 hrsBFF-10 ...``), or to the next
  ``ZCZC`` itself (``0826 hrsZCZC``), which then still starts a message;
* text after the last end marker that holds more than blanks and control bytes becomes a message of
  its own, and an input with no framing at all is one message: parsers report what is missing.

The split does not depend on how the input is cut into chunks: a marker found near the end of a
chunk waits for the next one, the blanks that open a marker's line may have come in an earlier
chunk, and an ``NNNN`` followed only by blanks so far waits for its line break (up to 64 KiB of
blanks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import NamedTuple

# A start marker may also follow an NNNN, or the "hrs" that ends a BSS signoff, on the same line:
# files joined with `cat` glue them when a file has no final newline.
_START = re.compile(
    rb"(?:(?<=[\r\n\x04])|(?<=NNNN)|(?<=\dhrs)|(?<=\d hrs)|\A)[ \t]*"
    rb"(?:(?:ZCZC|zczc)(?=[ \t\r\n\x1d-\x1f]|\Z)|\x16*\x01)"
)
_END = re.compile(rb"\x04|(?:(?<=[\r\n])|\A)[ \t]*NNNN(?:[ \t]*(?:\r\n|\r|\n))?")
_ANY = re.compile(_START.pattern + b"|" + _END.pattern)
_BLANKS_TO_END = re.compile(rb"[ \t]*\Z")
# A BSS signoff line (AGENCY[/AGENCY...]/INITIALS/HHMM hrs) from its line start, as bss.py reads it;
# it need not end its line, for the text of a file joined by `cat` may follow on the same line.
_SIGNOFF = re.compile(
    rb"[ \t]*[A-Za-z][A-Za-z0-9]*(?:[ \t]*/[ \t]*[A-Za-z][A-Za-z0-9]*)*[ \t]*/[ \t]*\d{3,4}[ \t]*hrs?\.?"
)
_LINE_REST = re.compile(rb"[ \t]*(?:\r\n|\r|\n)?")
# How far back from the next start marker a signoff is looked for: a web title and a counter.
_MAX_SIGNOFF_LOOKBACK = 4096
_MAX_DEFERRED_BLANKS = 1 << 16
# The fixed bytes of each marker, and the bytes that may stand before them on the marker's line.
# _ANY starts with no fixed byte, so a search with it runs the whole pattern at every offset (about
# 130 us for a 4.6 KB story); bytes.find skips to these in C, and _ANY is then tried only there.
_NEEDLES = ((b"ZCZC", b" \t"), (b"zczc", b" \t"), (b"NNNN", b" \t"), (b"\x01", b"\x16"), (b"\x04", None))
_BLANK = b" \t\r\n"
_NOISE = bytes(range(0x20)) + b" \x7f"
# A marker this close to the end of a buffer may continue in the next chunk; look at it again then.
_LOOKAHEAD = 16
_NONE_LEFT = 1 << 62  # sorts after every offset


class End(Enum):
    """Why a message ended."""

    MARKER = "marker"
    """At its own end-of-message marker (EOT or NNNN)."""
    NEXT = "next"
    """Where the next message starts: the message may be cut short."""
    EOF = "eof"
    """At the end of the input."""


class RawMessage(NamedTuple):
    """One message's undecoded bytes and where they sit in the input.

    A named tuple, not a frozen dataclass: one is made per message, and a tuple is built several
    times faster (and its class costs less at start-up).
    """

    data: bytes
    line: int
    """1-based line of the input where ``data`` starts."""
    end: End


def count_breaks(data: bytes) -> int:
    """Line breaks in ``data``, counting CRLF, CR and LF each as one."""
    breaks = data.count(b"\n")
    if b"\r" in data:  # most input has LF line ends only; `in` is cheaper than two more counts
        breaks += data.count(b"\r") - data.count(b"\r\n")
    return breaks


def _content_start(data: bytes, start: int, stop: int) -> int:
    """Offset of the first line in ``data[start:stop]`` with more than blanks, or ``stop``."""
    index = start
    while index < stop and data[index] in _BLANK:
        index += 1
    if index == stop:
        return stop
    line_start = max(data.rfind(b"\n", start, index), data.rfind(b"\r", start, index))
    return line_start + 1 if line_start >= 0 else start


def find_marker(data: bytes, position: int) -> re.Match[bytes] | None:
    """``_ANY.search(data, position)``, found without running the pattern at every offset."""
    return _MarkerFinder(data).search(position)


class _MarkerFinder:
    """Finds _ANY's matches in one buffer, front to back, remembering where each needle next gives one.

    Positions passed to :meth:`search` never decrease, so a needle with no match after some position
    has none after any later one, and a needle's known match stays valid until the search passes its
    needle. With a ``floor``, a match may start before the position searched from, down to ``floor``:
    the blanks that open a marker's line can lie behind it while its fixed bytes lie ahead.
    """

    def __init__(self, data: bytes, floor: int | None = None) -> None:
        self._data = data
        self._floor = floor
        # Per needle: where its fixed bytes next occur in a match (-1: not searched yet; _NONE_LEFT:
        # none), the start of that match, and the match.
        self._needles_at = [-1] * len(_NEEDLES)
        self._starts = [_NONE_LEFT] * len(_NEEDLES)
        self._matches: list[re.Match[bytes] | None] = [None] * len(_NEEDLES)

    def search(self, position: int) -> re.Match[bytes] | None:
        needles_at = self._needles_at
        behind = min(needles_at)
        while behind < position:  # some needle's known match lies behind: find its next one
            slot = needles_at.index(behind)
            needle, before = _NEEDLES[slot]
            found, match = self._next_match(needle, before, position)
            needles_at[slot] = found
            self._starts[slot] = match.start() if match is not None else _NONE_LEFT
            self._matches[slot] = match
            behind = min(needles_at)
        # A match remembered from an earlier search may start before this one's lowest start (its
        # blanks lie behind ``position``, its needle ahead): that needle is searched again from here.
        lowest = position if self._floor is None else min(self._floor, position)
        first = min(self._starts)
        while first < lowest:
            slot = self._starts.index(first)
            needle, before = _NEEDLES[slot]
            found, match = self._next_match(needle, before, position)
            needles_at[slot] = found
            self._starts[slot] = match.start() if match is not None else _NONE_LEFT
            self._matches[slot] = match
            first = min(self._starts)
        # On a tie the first needle wins, as in the order of _NEEDLES.
        return None if first == _NONE_LEFT else self._matches[self._starts.index(first)]

    def _next_match(
        self, needle: bytes, before: bytes | None, position: int
    ) -> tuple[int, re.Match[bytes] | None]:
        """Where ``needle`` next occurs at or after ``position`` in an _ANY match, and that match."""
        data = self._data
        bound = position if self._floor is None else min(self._floor, position)
        found = data.find(needle, position)
        while found >= 0:
            line_start = found
            if before is not None:  # the marker begins where the blanks (or SYN bytes) before it do
                while line_start > bound and data[line_start - 1] in before:
                    line_start -= 1
                if needle == b"\x01":
                    while line_start > bound and data[line_start - 1] in b" \t":
                        line_start -= 1
            match = _ANY.match(data, line_start)
            if match is not None:
                return found, match
            found = data.find(needle, found + 1)
        return _NONE_LEFT, None


def split_messages(chunks: Iterable[bytes]) -> Iterator[RawMessage]:
    """Yield the messages of a stream given as byte chunks of any size, in order."""
    if isinstance(chunks, (list, tuple)) and len(chunks) == 1:
        data = chunks[0]
        soh = data.find(b"\x01")
        single = _single_soh_message(data, soh) if soh >= 0 else _single_zczc_message(data, soh_checked=True)
        if single is not None:
            yield from single
            return
    splitter = _Splitter()
    if isinstance(chunks, (list, tuple)) and chunks:
        # All in memory: the last chunk is known, so it needs no look-ahead and no second pass.
        for chunk in chunks[:-1]:
            yield from splitter.feed(chunk, final=False)
        yield from splitter.feed(chunks[-1], final=True)
        return
    for chunk in chunks:
        yield from splitter.feed(chunk, final=False)
    yield from splitter.feed(b"", final=True)


def split_bytes(data: bytes) -> list[RawMessage]:
    """All messages of an input held in memory."""
    return list(split_messages((data,)))


class _Splitter:
    """Incremental state: the bytes of the message (or gap) in progress and the line it starts on."""

    def __init__(self) -> None:
        self._buffer = b""
        self._line = 1  # line of _buffer[0], once the breaks in _uncounted are added
        # The last message emitted: its lines are counted only when another message follows, so
        # the last (often only) message of an input is never counted.
        self._uncounted = b""
        self._scanned = 0  # no marker starts in _buffer before this offset that is not handled
        self._in_message = False  # _buffer[0] begins a message, not a gap between messages

    def feed(self, chunk: bytes, *, final: bool) -> Iterator[RawMessage]:
        buffer = self._buffer + chunk if self._buffer else chunk
        limit = len(buffer) if final else len(buffer) - _LOOKAHEAD
        start = 0
        position = self._scanned
        # Blanks that open a marker's line may have come in the previous chunk, before the position
        # scanning resumes from: a match may start anywhere back to the buffer's start (blanks never
        # end a marker, so this cannot reach back into one already handled).
        markers = _MarkerFinder(buffer, floor=0)
        while True:
            match = markers.search(position)
            if match is None:
                position = max(position, limit)
                break
            if match.start() >= limit or match.end() > limit or (not final and _may_take_more(buffer, match)):
                position = match.start()  # may continue in the next chunk
                break
            position = match.end()
            if match.group().lstrip(b" \t")[:1] in (b"N", b"\x04"):
                if self._in_message:
                    yield self._emit(buffer, start, match.end(), End.MARKER)
                    start = match.end()
                    self._in_message = False
                continue
            # A start marker ends the message in progress, or the gap (preamble) before it.
            if self._in_message:
                if match.start() > start:
                    signoff_end = _signoff_end(buffer, start, match.start())
                    if signoff_end is None:
                        yield self._emit(buffer, start, match.start(), End.NEXT)
                        start = match.start()
                    else:
                        # What follows the signoff is the next message's preamble.
                        yield self._emit(buffer, start, signoff_end, End.NEXT)
                        start = self._skip_blank_lines(buffer, signoff_end, match.start())
            else:
                start = self._skip_blank_lines(buffer, start, match.start())
                self._in_message = True
        if final:
            yield from self._finish(buffer, start)
            return
        self._buffer = buffer[start:]
        self._scanned = max(position - start, 0)

    def _emit(self, buffer: bytes, start: int, stop: int, end: End) -> RawMessage:
        if self._uncounted:
            self._line += count_breaks(self._uncounted)
        self._uncounted = buffer[start:stop]
        return RawMessage(self._uncounted, self._line, end)

    def _skip_blank_lines(self, buffer: bytes, start: int, stop: int) -> int:
        content = _content_start(buffer, start, stop)
        self._line += count_breaks(buffer[start:content])
        return content

    def _finish(self, buffer: bytes, start: int) -> Iterator[RawMessage]:
        if self._in_message:
            yield self._emit(buffer, start, len(buffer), End.EOF)
        elif buffer[start:].strip(_NOISE):
            # Text after the last message, or an input with no framing at all.
            content = self._skip_blank_lines(buffer, start, len(buffer))
            yield self._emit(buffer, content, len(buffer), End.EOF)


def _single_soh_message(data: bytes, soh: int) -> list[RawMessage] | None:
    """The split of ``data``, whose first SOH is at ``soh``, when it is one SOH ... EOT message (an
    ANPA or IPTC 7901 file), else ``None``; the same messages :class:`_Splitter` gives, with fewer
    passes and no marker queue.

    Most files hold one message. When ``data`` has one SOH at a line start, one EOT after it and
    none of the other markers, that SOH starts the only message and the EOT ends it: the splitter
    would find just these two, so its steps for them are taken here directly (each marker search
    of the general path costs a ``_MarkerFinder`` round; this is one ``find`` per marker byte).
    """
    if data.find(b"\x01", soh + 1) >= 0:
        return None
    eot = data.find(b"\x04")
    if eot < soh or data.find(b"\x04", eot + 1) >= 0:
        return None
    # A search for a 4-byte marker costs about 0.5 ns a byte, memchr for one byte a tenth of that:
    # ZCZC is looked for only when a Z is there (rare in ANPA and IPTC 7901 text), zczc when a z is.
    # find, not `in`: a bytes `in` first tries its operand as an int and formats the TypeError.
    if (
        data.find(b"NNNN") >= 0
        or (data.find(b"Z") >= 0 and data.find(b"ZCZC") >= 0)
        or (data.find(b"z") >= 0 and data.find(b"zczc") >= 0)
    ):
        return None
    # Where the start marker's match begins, walked back over SYN bytes and blanks as
    # _MarkerFinder._next_match does; it must match there, or the SOH starts no message.
    line_start = soh
    while line_start > 0 and data[line_start - 1] == 0x16:
        line_start -= 1
    while line_start > 0 and data[line_start - 1] in b" \t":
        line_start -= 1
    start = _ANY.match(data, line_start)
    if start is None or start.end() != soh + 1:
        return None
    return _one_message(data, start.start(), eot + 1)


def _single_zczc_message(data: bytes, *, soh_checked: bool = False) -> list[RawMessage] | None:
    """The split of ``data`` when it is one ``ZCZC`` message (a BSS or AAP file), else ``None``;
    the same messages :class:`_Splitter` gives, with no marker queue. ``soh_checked``: the caller
    knows ``data`` holds no SOH.

    With no SOH or EOT byte and one ``ZCZC`` (or ``zczc``) in ``data``, that marker is the only
    start: no later one can end the message, so the signoff rule (which looks back from the next
    start) never applies. The message then ends at its ``NNNN`` when there is one that is a marker,
    else at the end of the input. Anything else (several ``NNNN``, one before the start) is left
    to the splitter.
    """
    if (not soh_checked and data.find(b"\x01") >= 0) or data.find(b"\x04") >= 0:
        return None
    start = data.find(b"ZCZC")
    if start >= 0:
        # Another ZCZC has a Z at or after start + 4 (one at start + 2 has its second Z there):
        # memchr for it is much cheaper than a search for the marker. Likewise z before zczc.
        if (data.find(b"Z", start + 4) >= 0 and data.find(b"ZCZC", start + 1) >= 0) or (
            data.find(b"z") >= 0 and data.find(b"zczc") >= 0
        ):
            return None
    else:
        start = data.find(b"zczc")
        if start < 0 or data.find(b"zczc", start + 1) >= 0:
            return None
    marker = _marker_at(data, start)
    if marker is None or marker.end() != start + 4:
        return None  # that ZCZC starts no message: the input is unframed text, or odd
    nnnn = data.find(b"NNNN")
    if nnnn < 0:
        return _one_message(data, marker.start(), None)
    if nnnn < start or data.find(b"NNNN", nnnn + 1) >= 0:
        return None
    end = _marker_at(data, nnnn)
    # An NNNN that is not at a line's start is text; the splitter does not see it either.
    return _one_message(data, marker.start(), None if end is None else end.end())


def _marker_at(data: bytes, needle: int) -> re.Match[bytes] | None:
    """The _ANY match of a ``ZCZC`` or ``NNNN`` at ``needle``, from the blanks before it, as
    :meth:`_MarkerFinder._next_match` finds it; ``None`` when it is no marker there."""
    line_start = needle
    while line_start > 0 and data[line_start - 1] in b" \t":
        line_start -= 1
    return _ANY.match(data, line_start)


def _one_message(data: bytes, start: int, end: int | None) -> list[RawMessage]:
    """The splitter's messages for an input whose only markers are a start at ``start`` and an end
    marker ending at ``end`` (``None``: none): the message with its preamble, and any text after it.

    The steps of :class:`_Splitter` for those two markers and its finish, without its state.
    """
    content = _content_start(data, 0, start)
    line = 1 + count_breaks(data[:content]) if content else 1
    if end is None:
        return [RawMessage(data[content:], line, End.EOF)]
    message = RawMessage(data[content:end], line, End.MARKER)
    if not data[end:].strip(_NOISE):
        return [message]
    # Text after the end marker is a message of its own, from its first line with more than blanks.
    after = _content_start(data, end, len(data))
    line += count_breaks(message.data) + count_breaks(data[end:after])
    return [message, RawMessage(data[after:], line, End.EOF)]


def _may_take_more(buffer: bytes, match: re.Match[bytes]) -> bool:
    """Whether an ``NNNN`` match without its line break could still take blanks and a line break
    from the next chunk: only blanks follow it to the end of the buffer, however far back the
    look-ahead began. Past ``_MAX_DEFERRED_BLANKS`` of them the marker is taken as it is, so that
    an endless run of blanks is not scanned again with every chunk."""
    return (
        match.group().endswith(b"NNNN")
        and len(buffer) - match.end() <= _MAX_DEFERRED_BLANKS
        and _BLANKS_TO_END.match(buffer, match.end()) is not None
    )


def _signoff_end(buffer: bytes, start: int, stop: int) -> int | None:
    """Where the last signoff line of ``buffer[start:stop]`` ends, when more than blanks follow it.

    Only the bytes just before ``stop`` are looked at (``_MAX_SIGNOFF_LOOKBACK``), from the end: the
    whole message is in the buffer by now, so the answer does not depend on chunk boundaries.
    """
    floor = max(start, stop - _MAX_SIGNOFF_LOOKBACK)
    found = buffer.rfind(b"hr", floor, stop)
    while found >= 0:
        line_break = max(buffer.rfind(b"\n", floor, found), buffer.rfind(b"\r", floor, found))
        if line_break < 0 and floor > start:
            return None  # the line starts before the look-back: far too long for a signoff
        match = _SIGNOFF.match(buffer, line_break + 1 if line_break >= 0 else floor, stop)
        if match is not None and match.end() > found:
            # The blanks and line break that end the signoff's line go with it.
            rest = _LINE_REST.match(buffer, match.end(), stop)
            end = rest.end() if rest is not None else match.end()
            return end if buffer[end:stop].strip(_NOISE) else None
        found = buffer.rfind(b"hr", floor, found)
    return None


def has_start_marker(data: bytes) -> bool:
    """True when ``data`` holds a start-of-message marker: false for text that trails a stream."""
    return _START.search(data) is not None
