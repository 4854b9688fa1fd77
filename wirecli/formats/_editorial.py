"""Text for editors, not readers: markers, notebooks, contact details and bylines, in six languages.

Agencies append notes to their copy that must never be published: dpa's "Die folgenden
Informationen sind nicht zur Veröffentlichung bestimmt" block with the names, phone numbers and
e-mail addresses of the editors, the English "The following information is not for publication",
SDA/ATS's French, ANSA's Italian, EFE's and Europa Press's Spanish, ANP's Dutch. A format parser
that knows its layout puts such text into ``editor_note`` itself; :func:`guard_body` is the rule
every story goes through afterwards (the parser kit's ``finish`` calls it), whatever its format:

* a block that opens with a not-for-publication marker, and everything after it, leaves the body
  for ``editor_note`` (warning ``not-for-publication``: the format did not expect it there);
* trailing blocks that hold contact details (an e-mail address or a phone number) and no marker
  leave it too (warning ``possible-private-text``): a reader can move them back, a cron job that
  publishes them cannot take them back.

The matching is anchored: a marker counts at the start of a block, a line or a sentence, so a
story that reports on a memo "which was not intended for publication" keeps its text.

Pure: strings in, strings and diagnostics out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

from wirecli.diagnostics import diagnose
from wirecli.formats._common import lazy_compile
from wirecli.model import Block, BlockType, Diagnostic

# Every marker below holds one of these: text without any needs no closer look ("ubli" also finds
# "public", which is common; the full pattern then decides).
_MARKER_STEMS = ("ubli", "ffentlich", "ubbli", "UBLI", "FFENTLICH", "UBBLI")
# How far before its stem a marker may start ("The following information is not intended for
# publication": the lead-in's 60 characters and the words before the stem), and end after it.
_LEAD_IN_REACH = 120
_STEM_TO_END = 24
# "<lead-in> not for publication", by language; the lead-in ("The following information is")
# may be absent. Each must start a block, a line or a sentence (see _MARKER).
_MARKER_PHRASES = (
    # English
    r"(?:the\s+following\b[^.\n]{0,60}?\b(?:is|are)\s+)?not\s+(?:intended\s+|meant\s+)?for\s+publication"
    r"|not\s+to\s+be\s+published|do\s+not\s+publish",
    # German
    r"(?:die\s+)?(?:folgenden?\b[^.\n]{0,60}?\b(?:ist|sind)\s+)?nicht\s+(?:zur|für\s+die|zu\s+einer)\s+"
    r"(?:Veröffentlichung|Publikation)|nicht\s+(?:zu\s+)?veröffentlichen",
    # French
    r"(?:(?:les?|la|ces)\s+(?:\S+\s+){0,2}?suivante?s?\b[^.\n]{0,40}?\s)?(?:ne\s+(?:sont|est)\s+)?"
    r"(?:pas|non)\s+destinée?s?\s+à\s+(?:la\s+)?publication|ne\s+pas\s+publier|pas\s+pour\s+(?:la\s+)?publication",
    # Italian
    r"(?:(?:le|la|il|i|gli)\s+(?:\S+\s+){0,2}?seguent[ie]\b[^.\n]{0,40}?\s)?non\s+(?:sono\s+|è\s+)?"
    r"(?:destinat[aeio]\s+alla|per\s+la)\s+pubblicazione|da\s+non\s+pubblicare|non\s+pubblicare",
    # Spanish
    r"(?:(?:la|las|el|los)\s+(?:\S+\s+){0,2}?siguientes?\b[^.\n]{0,40}?\s)?no\s+(?:(?:está|están|es|son)\s+)?"
    r"(?:destinad[ao]s?\s+a\s+(?:su\s+|la\s+)?|para\s+(?:su\s+|la\s+)?)publicación|no\s+publicar",
    # Dutch
    r"(?:de\s+volgende\b[^.\n]{0,60}?\b(?:is|zijn)\s+)?niet\s+(?:bestemd\s+)?voor\s+publicatie"
    r"|niet\s+publiceren",
)
# Start of a block or line, or after a sentence's end; Markdown or list marks may stand before.
_MARKER = lazy_compile(
    r"(?:^|(?<=[.!?:;])\s+)[ \t#*>_(\[-]*(?:" + "|".join(_MARKER_PHRASES) + r")\b",
    re.IGNORECASE | re.MULTILINE,
)

# What stands just before a _MARKER match: a line break ("^" in MULTILINE mode) or the look-behind's.
_MATCH_FOLLOWS = ("\n", ".", "!", "?", ":", ";")
# A call of match costs as much as a search's try at some ten offsets: past this many places, search.
_MATCH_TRIES = 4

_EMAIL = lazy_compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# A phone number: after a cue word (Tel., Telefon, phone, Mobil, Fax ...), in international form
# (+49 30 2852 31472, +49-30-285231472) or in national form with an area code (0171 5578772,
# 030/2852 30002). Scores (2:1), dates (01/02/2024) and times (09.30) have other shapes.
_PHONE = lazy_compile(
    r"(?:\b(?:tel|tél|phone|telephone|telefon|telefono|teléfono|telefoon|fon|mobil|mobile|handy|cell|fax|"
    r"portable|cellulare|móvil|gsm)\b\.?\s*:?\s*\+?\(?\d[\d ()/.-]{5,}\d"
    r"|(?<![\w+])\+\d{1,3}[ ./-]?\(?\d{1,5}\)?(?:[ ./-]?\d{2,}){1,5}"
    r"|(?<![\w.,:/+-])0\d{2,5}[ /-]\d{3,}(?:[ -]\d{2,}){0,3}(?![\w.,:/-]?\d))",
    re.IGNORECASE,
)
_DIGITS = lazy_compile(r"\d")
_SENTENCE_ENDS = (".", "!", "?", '"', "»", "”")
_PHONE_DIGITS = 7
# A contact entry is short: a name, a role, a number and an address, not a paragraph.
_CONTACT_BLOCK_WORDS = 16
_CONTACT_BLOCK_CHARS = 200
# Words that open a contact entry, lower case (a tuple: str.startswith tests them all at once).
_CONTACT_LABELS = tuple(
    f"{lead}{label}"
    for lead in ("", "media ", "press ", "your ", "ihr ", "ihre ", "editorial ")
    for label in (
        "contact",
        "kontakt",
        "ansprechpartner",
        "pressekontakt",
        "rückfragen",
        "auskunft",
        "auskünfte",
        "inquiries",
        "enquiries",
        "renseignements",
        "contatt",
        "contacto",
        "informatie",
        "reporting by",
        "editing by",
        "autor",
        "redaktion",
    )
)
# What may stand before a label: list marks and blanks.
_LABEL_LEAD = " \t*•-"
# The labels by their first two characters: a block's opening picks the few that could match, so
# the common block, which opens with none of them, costs one dict lookup instead of 119 prefix tests.
# Filled when first needed (_labels_by_opening), not at start-up.
_LABELS_BY_OPENING: dict[str, tuple[str, ...]] = {}


def _labels_by_opening() -> dict[str, tuple[str, ...]]:
    if not _LABELS_BY_OPENING:
        grouped: dict[str, list[str]] = {}
        for label in _CONTACT_LABELS:
            grouped.setdefault(label[:2], []).append(label)
        _LABELS_BY_OPENING.update((opening, tuple(labels)) for opening, labels in grouped.items())
    return _LABELS_BY_OPENING


# The first two characters of every text whose opening is one of _LABELS_BY_OPENING's when no
# list mark stands before it: each lower-cases to a key's character (a character with a longer
# lower case, "İ", makes no key), so the keys' letters in both cases and the Kelvin sign make them.
# Filled with _LABELS_BY_OPENING.
_LABEL_OPENINGS: set[str] = set()
# Their first characters, and the list marks that may stand before a label.
_LABEL_FIRSTS: set[str] = set()
_SENTENCE_END_SET = frozenset(_SENTENCE_ENDS)


def _label_openings() -> set[str]:
    if not _LABEL_OPENINGS:
        keys = _LABELS_BY_OPENING or _labels_by_opening()
        letters = {variant for key in keys for char in key for variant in (char, char.upper())} | {"\u212a"}
        pairs = {first + second for first in letters for second in letters}
        _LABEL_OPENINGS.update(pair for pair in pairs if pair.lower()[:2] in keys)
        _LABEL_FIRSTS.update(opening[0] for opening in _LABEL_OPENINGS)
        _LABEL_FIRSTS.update(_LABEL_LEAD)
    return _LABEL_OPENINGS


def private_marker(text: str) -> int | None:
    """Where a not-for-publication marker starts in ``text`` (at a block, line or sentence start)."""
    span = private_marker_span(text)
    return None if span is None else span[0]


def private_marker_span(text: str, stems: Sequence[str] = _MARKER_STEMS) -> tuple[int, int] | None:
    """Start and end of the first not-for-publication marker in ``text``, Markdown marks left out.

    The pattern runs only around each stem found (``ubli`` in "publication"), from as far back as
    a lead-in reaches: searching whole paragraphs with it would cost every story its time.
    """
    first: tuple[int, int] | None = None
    for stem in stems:
        at = text.find(stem)
        while at >= 0 and (first is None or at < first[1]):
            # "^" and the look-behind still see the text before the window's start.
            match = _search_marker(text, max(0, at - _LEAD_IN_REACH), at + _STEM_TO_END)
            if match is not None:
                found = match.group()
                span = match.start() + len(found) - len(found.lstrip(" \t\n#*>_([-")), match.end()
                if first is None or span[0] < first[0]:
                    first = span
                break
            at = text.find(stem, at + 1)
    return first


def _search_marker(text: str, start: int, stop: int) -> re.Match[str] | None:
    """``_MARKER.search(text, start, stop)``, with the pattern tried only where a match can begin.

    A match begins where ``^`` holds (the start of ``text`` or of a line) or right after one of
    ``.!?:;`` (its look-behind). A search tries the whole pattern at every offset, several hundred
    instructions each; ``str.find`` skips to these few places in C.
    """
    stop = min(stop, len(text))
    # Every phrase holds a "no" (not, non, no), "ni" (nicht, niet) or "pa" (pas), which the pattern
    # also matches as "nı" and "nİ" (lower-cased "ni̇") when it ignores case: text without any holds none.
    window = text[start:stop].lower()
    if "no" not in window and "ni" not in window and "pa" not in window and "nı" not in window:
        return None
    starts = [0] if start == 0 else []
    floor = max(start - 1, 0)  # the character before a match's start may lie before ``start``
    for before in _MATCH_FOLLOWS:
        at = text.find(before, floor, stop - 1)
        while at >= 0:
            if len(starts) == _MATCH_TRIES:
                # Column data puts a "." or ":" every few characters: there, one search is cheaper.
                return _MARKER.search(text, start, stop)
            starts.append(at + 1)
            at = text.find(before, at + 1, stop - 1)
    for at in sorted(starts):
        match = _MARKER.match(text, at, stop)
        if match is not None:
            return match
    return None


def marker_stems_in(text: str) -> tuple[str, ...]:
    """The stems of not-for-publication markers that ``text`` holds (found in C; most copy has none).

    Passed on to :func:`private_marker_span` for the lines or blocks of ``text``, so that clean
    copy is told apart once per story instead of with six searches per line.
    """
    return tuple(stem for stem in _MARKER_STEMS if stem in text)


def has_contact(text: str) -> bool:
    """True when ``text`` holds an e-mail address or a phone number."""
    if "@" in text and _EMAIL.search(text):
        return True
    if not _may_hold_contact(text):
        return False
    return any(_PHONE_DIGITS <= len(_DIGITS.findall(match.group())) <= 15 for match in _PHONE.finditer(text))


def _is_labelled(text: str) -> bool:
    """``Ansprechpartner: ...``, ``- Media contact: ...``: a block that opens with a contact label."""
    opening = text[:40].lstrip(_LABEL_LEAD)
    # Lower-casing maps each character on its own (a final sigma aside, which no label holds), so
    # the first two characters of the lower-cased opening come from its first two characters.
    labels = (_LABELS_BY_OPENING or _labels_by_opening()).get(opening[:2].lower()[:2])
    return labels is not None and opening.lower().startswith(labels)


def _may_hold_contact(text: str) -> bool:
    """An "@", or enough digits for a phone number: tests in C, before any pattern runs."""
    if "@" in text:
        return True
    # The ASCII digits of the text are those of its UTF-8 bytes (a multi-byte sequence holds no
    # ASCII byte), and deleting bytes is one pass in C where ten counts of the text were ten.
    encoded = text.encode(errors="surrogatepass")
    return len(encoded) - len(encoded.translate(None, b"0123456789")) >= _PHONE_DIGITS


def guard_body(
    body: Sequence[Block],
    editor_note: str | None,
    source: str,
    first_line: int,
    dateline: str | None = None,
) -> tuple[tuple[Block, ...], str | None, list[Diagnostic]] | None:
    """The body without private text, the editor note with it, and what was moved; ``None``: nothing.

    ``source`` is the message text the story was parsed from and ``first_line`` its first line in
    the input, to give each moved block the line it came from; ``dateline`` is the text of the
    story's dateline, which stays in the body when the paragraph it opens is moved.
    """
    kept = list(body)
    moved: list[str] = []
    found: list[Diagnostic] = []
    # `in` per stem over the whole story first: the cheapest test, and clean copy stops there.
    stems = marker_stems_in(source)
    marked = first_marked_block(kept, stems) if stems else None
    if marked is not None:
        position, at = marked
        block = kept[position]
        before = block.text[:at].rstrip()
        rest = [block.text[at:], *(other.text for other in kept[position + 1 :])]
        found.append(
            diagnose(
                "not-for-publication",
                _line_of(block.text[at:], source, first_line),
                "a block marked not for publication stood among the story text; it and the "
                f"{len(rest) - 1} block(s) after it were moved to editor_note",
            )
        )
        kept = kept[:position]
        if _is_separator(before):
            before = ""
        if kept and not before and _is_separator(kept[-1].text):
            kept.pop()  # the "* * * *" line that opened the private block
        if before:
            kept.append(Block(block.type, before))
        moved.extend(rest)
    contacts: list[str] = []
    position = len(kept)
    # Back to front; blocks are taken out and put in as it goes, but only at and after the one
    # looked at (and its lead-in just before it): the blocks before keep their places, so the few
    # that can hold a contact entry are picked out first, and the others are not looked at again.
    for index in reversed(_contact_candidates(kept, dateline)):
        if index >= position:
            continue  # taken out as the lead-in of the entry after it
        position = index
        block = kept[position]
        text = block.text
        opening = _dateline_prefix(text, dateline) if dateline and text.startswith(dateline) else ""
        if block.type is BlockType.TABLE or not is_contact_block(text[len(opening) :] if opening else text):
            continue
        taken = [kept.pop(position).text[len(opening) :]]
        if opening:
            # The dateline stays story text: it opens the next paragraph instead.
            following = kept[position] if position < len(kept) else None
            if following is not None and following.type is BlockType.PARAGRAPH:
                kept[position] = Block(BlockType.PARAGRAPH, f"{opening.rstrip()} {following.text}")
            else:
                kept.insert(position, Block(BlockType.PARAGRAPH, opening.rstrip()))
        if position and _is_lead_in(kept[position - 1].text):
            taken.insert(0, kept.pop(position - 1).text)  # "For more information contact:"
            position -= 1  # the lead-in is gone: the next block to look at is the one before it
        contacts[:0] = taken
        found.append(
            diagnose(
                "possible-private-text",
                _line_of(taken[-1], source, first_line),
                "a block holds contact details (an e-mail address or phone number) and no "
                "publication marker; it was moved to editor_note: check it before publishing",
            )
        )
    if not found:
        return None
    found.sort(key=lambda diagnostic: diagnostic.line or 0)
    note = "\n\n".join(part for part in (editor_note, *contacts, *moved) if part)
    return tuple(kept), note or None, found


def _contact_candidates(blocks: Sequence[Block], dateline: str | None) -> list[int]:
    """The places of the blocks :func:`is_contact_block` may accept, in order: all but those that
    end like a sentence and open with no contact label, the common block.

    A few index tests and set lookups a block where the full test makes a dozen calls. A block
    that opens with the dateline is a candidate too: the test sees its text after the dateline.
    """
    openings = _LABEL_OPENINGS or _label_openings()
    start = dateline or ""
    start_first = start[:1] or None  # None: no dateline, no block opens with it
    return [
        index
        for index, block in enumerate(blocks)
        if not (text := block.text)
        or text[-1] not in _SENTENCE_END_SET
        or ((first := text[0]) in _LABEL_FIRSTS and (text[:2] in openings or first in _LABEL_LEAD))
        or (first == start_first and text.startswith(start))
    ]


def first_marked_block(blocks: Sequence[Block], stems: Sequence[str]) -> tuple[int, int] | None:
    """The first of ``blocks`` that holds a not-for-publication marker, and where the marker starts.

    The same answer as calling :func:`private_marker_span` on each block in turn, which finds
    nothing in a block without one of ``stems``: the stems are looked for once, in all the text,
    and the pattern runs only on the blocks that hold one.
    """
    texts = [block.text for block in blocks]
    joined = "\n".join(texts)  # no stem holds a line break: none is found across two blocks
    holding: set[int] = set()
    ends: list[int] | None = None
    for stem in stems:
        at = joined.find(stem)
        if at < 0:
            continue
        if ends is None:
            from bisect import bisect_right  # not imported at start: most copy holds no stem

            # Where each block's text ends in ``joined``, its line break included.
            ends = list(accumulate([len(text) + 1 for text in texts]))
        while at >= 0:
            index = bisect_right(ends, at)
            holding.add(index)
            at = joined.find(stem, ends[index])  # on from the next block: this one is in
    for index in sorted(holding):
        span = private_marker_span(texts[index], stems)
        if span is not None:
            return index, span[0]
    return None


def is_contact_block(text: str) -> bool:
    """A contact entry, not a sentence: contact details after a label (``Ansprechpartner:``,
    ``Media contact:``), or in a short block that does not end like a sentence
    (``Ben Example, Director Media, 0447 775 507``). A police appeal that gives a phone number
    in a sentence stays story text."""
    # Cheap tests first: this runs on every block of every story.
    size = len(text)
    if size > _CONTACT_BLOCK_CHARS * 2:
        return False
    if size > _CONTACT_BLOCK_CHARS or text.endswith(_SENTENCE_ENDS):
        # _is_labelled's dict lookup inline: most blocks are sentences and stop here.
        opening = text[:40].lstrip(_LABEL_LEAD)
        labels = (_LABELS_BY_OPENING or _labels_by_opening()).get(opening[:2].lower()[:2])
        if labels is None or not opening.lower().startswith(labels):
            return False
        return _may_hold_contact(text) and has_contact(text)
    if not _may_hold_contact(text):
        return False
    if len(text.split()) > _CONTACT_BLOCK_WORDS and not _is_labelled(text):
        return False
    return has_contact(text)


def _dateline_prefix(text: str, dateline: str | None) -> str:
    """``Frankfurt/Main (dpa) - `` when ``text`` opens with the dateline, else ``""``."""
    if not dateline or not text.startswith(dateline):
        return ""
    rest = text[len(dateline) :].lstrip(" -–—")
    return text[: len(text) - len(rest)]


def _is_lead_in(text: str) -> bool:
    """``For more information contact:``: a short line that announces the contact below it."""
    return text.endswith(":") and len(text.split()) <= _CONTACT_BLOCK_WORDS // 2


def _is_separator(text: str) -> bool:
    """``* * * *`` and the like: a rule line that opens a block for editors."""
    stripped = text.replace(" ", "")
    return len(stripped) >= 3 and not stripped.strip("*-_=")


def _line_of(text: str, source: str, first_line: int) -> int:
    """The input line where ``text`` starts: its first words looked up in the message."""
    words = text.split()
    for size in (4, 2, 1):
        if len(words) < size:
            continue
        # Unwrapping joined the wire lines with spaces: look for the words of the first line only.
        found = re.search(r"\s+".join(map(re.escape, words[:size])), source)
        if found:
            return first_line + source.count("\n", 0, found.start())
    return first_line


# Notebook: the block of notes and links dpa calls "# Notizblock" ("# Notebook" in English), in the
# languages of the agencies that send 7901 copy.
NOTEBOOK_NAMES = lazy_compile(
    r"^#{1,3}\s*(?:dpa[\s-]+)?(?:notebook|notepad|notizblock|notizen|bloc[\s-]+notes|calepin|"
    r"blocco[\s-]+(?:note|notes|appunti)|taccuino|bloc\s+de\s+notas|libreta|notitieblok|kladblok|notities)\s*:?\s*$",
    re.IGNORECASE,
)


def is_notebook_opener(text: str) -> bool:
    """``# Notizblock``, ``# dpa NOTEBOOK``, ``# Bloc-notes`` ...: the line that opens a notebook."""
    text = text.strip()
    return text.startswith("#") and NOTEBOOK_NAMES.match(text) is not None


# Bylines: "By", German "Von", French "Par", Italian "Di", Dutch "Door", Spanish/Portuguese "Por".
BYLINE_WORDS = ("By", "Von", "Par", "Di", "Door", "Por")
_BYLINE = lazy_compile(r"^(?:" + "|".join(BYLINE_WORDS) + r")\s+(\S.*)$")
_CONNECTORS = {"und", "and", "et", "e", "en", "y", "&", "sowie", "with", "mit", "avec", "con", "met"}
_PARTICLES = {"von", "van", "der", "den", "de", "di", "da", "del", "della", "des", "du", "le", "la"}
_PARTICLES |= {"ter", "ten", "zu", "dos", "das", "do", "bin", "al", "el", "af"}


def byline_of(text: str, agencies: frozenset[str], *, lenient: bool = False) -> str | None:
    """The author part of a byline line (``Von Anna Muster und Jan Beispiel, dpa`` -> ``Anna ... dpa``).

    Up to the first comma every word must be a name (capitalised), a name particle (``von``,
    ``de``), a connector (``und``, ``et``, ``y``) or an agency (``dpa``); after it anything goes
    (``The San Diego Union-Tribune``). So ``Von der Leyen trifft Macron`` is not a byline.
    ``lenient`` (an English ``By`` line where the format puts the byline) skips the name test.
    """
    match = _BYLINE.match(text.strip())
    if match is None:
        return None
    author = match.group(1).strip()
    if lenient and text.startswith("By "):
        return author
    names = author.split(",", 1)[0].replace("/", " ").split()
    if not names:
        return None
    for word in names:
        word = word.strip("()")
        lower = word.lower()
        if not word or word[0].isupper() or lower in _CONNECTORS or lower in _PARTICLES:
            continue
        if lower.split("-", 1)[0] in agencies:
            continue
        return None
    return author
