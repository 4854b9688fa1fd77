"""Mojibake: UTF-8 text that was once decoded as Windows-1252, found in decoded text of any format.

``’`` is E2 80 99 in UTF-8; read as Windows-1252 those bytes become ``â€™``, and that text then
travels on as if it were right. Such runs are found by shape: a character whose Windows-1252 byte
would open a UTF-8 sequence (``Â``-``ß`` two bytes, ``à``-``ï`` three, ``ð``-``ô`` four), followed
by as many characters whose bytes would continue it (0x80-0xBF: ``€``, ``™``, ``œ``, ``©`` ...).
A run is reported only if its bytes decode as UTF-8; accented words (``café``, ``Århus``,
``à côté``) never take that shape. Nothing is changed: the repaired text is suggested in the diagnostic, e.g.
``'Russiaâ€™s' should read 'Russia’s'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wirecli.diagnostics import diagnose
from wirecli.model import Diagnostic


def _cp1252_char(byte: int) -> str:
    # The five bytes cp1252 leaves undefined decode as Latin-1, as wirecli.decode does.
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_BYTE_OF: dict[str, int] = {_cp1252_char(byte): byte for byte in range(0x80, 0x100)}


def _chars(first: int, last: int) -> str:
    return "[" + "".join(re.escape(_cp1252_char(byte)) for byte in range(first, last + 1)) + "]"


_CONTINUATION = _chars(0x80, 0xBF)
_RUN = re.compile(
    "(?:"
    + f"{_chars(0xC2, 0xDF)}{_CONTINUATION}"
    + f"|{_chars(0xE0, 0xEF)}{_CONTINUATION}{{2}}"
    + f"|{_chars(0xF0, 0xF4)}{_CONTINUATION}{{3}}"
    + ")+"
)
# The same runs with sequence lengths left loose: a pattern that opens with one character class
# lets the regex engine skip ahead quickly, about eight times faster than _RUN over plain copy.
_CANDIDATE = re.compile(
    f"{_chars(0xC2, 0xF4)}{_CONTINUATION}{{1,3}}(?:{_chars(0xC2, 0xF4)}{_CONTINUATION}{{1,3}})*"
)
_MAX_LINES_REPORTED = 10
_MAX_WORDS_QUOTED = 3
_MAX_WORD = 40


def repair(run: str) -> str | None:
    """The text a mojibake ``run`` was made from, or ``None`` when its bytes are not UTF-8."""
    try:
        return bytes(_BYTE_OF[char] for char in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None


def _repaired(match: re.Match[str]) -> str:
    return repair(match.group()) or match.group()


def find_mojibake(text: str, first_line: int) -> list[Diagnostic]:
    """A warning per line of ``text`` (up to ten) holding double-encoded UTF-8, with the fix."""
    if text.isascii():
        return []
    found: dict[int, list[tuple[int, str, str]]] = {}  # line offset -> (column, word, repaired)
    line_offset, scanned, word_end = 0, 0, -1
    for match in _runs(text):
        if match.start() < word_end or repair(match.group()) is None:
            continue  # already quoted with its word, or not UTF-8 after all
        line_offset += text.count("\n", scanned, match.start())
        scanned = match.start()
        line_start = text.rfind("\n", 0, match.start()) + 1
        word_start, word_end = _word_around(text, match.start(), match.end())
        word = text[word_start:word_end]
        column = match.start() - line_start + 1
        found.setdefault(line_offset, []).append((column, word, _RUN.sub(_repaired, word)))
    diagnostics = [
        diagnose("mojibake", first_line + offset, _message(words), column=words[0][0])
        for offset, words in list(found.items())[:_MAX_LINES_REPORTED]
    ]
    if len(found) > _MAX_LINES_REPORTED:
        offset = list(found)[_MAX_LINES_REPORTED]
        diagnostics.append(
            diagnose(
                "mojibake",
                first_line + offset,
                f"{len(found) - _MAX_LINES_REPORTED} more lines look double-encoded "
                "(UTF-8 read as Windows-1252)",
            )
        )
    return diagnostics


def _runs(text: str) -> Iterator[re.Match[str]]:
    """Candidate runs in order: found loosely first (fast), then exactly where the loose one fails."""
    for candidate in _CANDIDATE.finditer(text):
        if repair(candidate.group()) is not None:
            yield candidate
        else:
            yield from _RUN.finditer(text, candidate.start(), candidate.end())


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited word holding ``text[start:end]``, at most about 40 characters."""
    word_start = start
    while word_start > 0 and start - word_start < _MAX_WORD and not text[word_start - 1].isspace():
        word_start -= 1
    word_end = end
    while word_end < len(text) and word_end - end < _MAX_WORD and not text[word_end].isspace():
        word_end += 1
    return word_start, word_end


def _message(words: list[tuple[int, str, str]]) -> str:
    fixes = "; ".join(f"'{word}' should read '{repaired}'" for _, word, repaired in words[:_MAX_WORDS_QUOTED])
    more = f" (and {len(words) - _MAX_WORDS_QUOTED} more)" if len(words) > _MAX_WORDS_QUOTED else ""
    return f"text looks double-encoded (UTF-8 read as Windows-1252): {fixes}{more}"
