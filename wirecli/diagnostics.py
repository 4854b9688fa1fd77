"""The diagnostics catalogue: every code the parse core can emit, with its severity and a fix hint.

Parsers never spell a severity themselves: they call :func:`diagnose` with a code, so a code that is
not catalogued fails loudly in the tests, and the severity of a code is decided in one place.
``docs/diagnostics.md`` lists the same codes with an example each; a test keeps the two in step.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
from typing import NamedTuple

from wirecli.model import Diagnostic, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class DiagnosticKind(NamedTuple):
    """A catalogued diagnostic: stable code, short name, severity and what to do about it."""

    # Named tuples here and for the other small records loaded on every start: a frozen dataclass
    # compiles half a dozen generated methods when its module loads, about 1 ms each class.

    code: str
    name: str
    severity: Severity
    hint: str


def _kinds(*kinds: DiagnosticKind) -> dict[str, DiagnosticKind]:
    return {kind.code: kind for kind in kinds}


CATALOGUE: dict[str, DiagnosticKind] = _kinds(
    # Framing and structure
    DiagnosticKind(
        "missing-framing",
        "no start-of-message marker",
        ERROR,
        "check that the input is a wire story (ZCZC or SOH framing), or force a format with --from",
    ),
    DiagnosticKind(
        "unknown-format",
        "no known wire format",
        ERROR,
        "no wire format recognised the message, so its text was kept as plain paragraphs; "
        "pass --from FORMAT if you know its format (wirecli formats lists them)",
    ),
    DiagnosticKind(
        "missing-code",
        "no story code",
        WARNING,
        "the line after the start-of-message marker should hold the story code, e.g. BSS-41",
    ),
    DiagnosticKind(
        "missing-keyword",
        "no keyword slug",
        WARNING,
        "the line after the story code should hold the keyword slug, e.g. RUSSIA-NKOREA-SUMMIT",
    ),
    DiagnosticKind(
        "missing-headline",
        "no headline",
        ERROR,
        "the story needs a headline line before the first paragraph",
    ),
    DiagnosticKind(
        "missing-dateline",
        "no dateline",
        ERROR,
        "open the first paragraph with 'PLACE, Month D, YYYY (CREDIT) – '",
    ),
    DiagnosticKind(
        "missing-signoff",
        "no signoff",
        WARNING,
        "end the story with a signoff such as 'BSS/AFP/GMR/0826 hrs'; the story may be cut short",
    ),
    DiagnosticKind(
        "empty-body",
        "no body text",
        ERROR,
        "the story has no paragraphs; check that the transmission is complete",
    ),
    DiagnosticKind(
        "cut-short",
        "story cut short",
        WARNING,
        "the story stops mid-sentence without a signoff; ask the agency for a repeat",
    ),
    DiagnosticKind(
        "trailing-text",
        "text after the end of message",
        WARNING,
        "text after the end-of-message marker belongs to no story; check the feed framing",
    ),
    # Dates and times
    DiagnosticKind(
        "unparseable-date",
        "dateline date not understood",
        ERROR,
        "write the dateline date as 'Month D, YYYY' (e.g. 'April 24, 2019')",
    ),
    DiagnosticKind(
        "impossible-date",
        "dateline date does not exist",
        ERROR,
        "the day does not exist in that month; correct the dateline",
    ),
    DiagnosticKind(
        "future-date",
        "date after the reference date",
        WARNING,
        "check the dateline year, or pass --reference-date when converting old copy",
    ),
    DiagnosticKind(
        "dateline-year-assumed",
        "dateline without a year",
        WARNING,
        "pass --year to say which year the dateline means",
    ),
    DiagnosticKind(
        "impossible-signoff-time",
        "signoff time does not exist",
        WARNING,
        "the signoff time must be HHMM between 0000 and 2359",
    ),
    DiagnosticKind(
        "timezone-assumed",
        "time zone assumed",
        INFO,
        "the wire does not state a time zone; the one named was assumed",
    ),
    # Cross-checks
    DiagnosticKind(
        "preamble-mismatch",
        "web title disagrees with the story",
        WARNING,
        "the title before ZCZC names a different code or headline; check which is current",
    ),
    DiagnosticKind(
        "signoff-agency-mismatch",
        "signoff agencies disagree with the credit",
        WARNING,
        "the signoff names agencies that the dateline credit does not; check the credit",
    ),
    DiagnosticKind(
        "duplicate-code",
        "story code repeated in the stream",
        WARNING,
        "two stories in one input share a code; one may be a repeat or a correction",
    ),
    # Characters and encoding
    DiagnosticKind(
        "control-characters",
        "control characters removed",
        WARNING,
        "the input held control characters (possible terminal escapes); they were removed",
    ),
    DiagnosticKind(
        "encoding-fallback",
        "not UTF-8; decoded as Windows-1252",
        INFO,
        "pass --encoding if the input uses another legacy encoding",
    ),
    DiagnosticKind(
        "decode-error",
        "bytes invalid in the chosen encoding",
        ERROR,
        "the bytes do not fit the --encoding given; try --encoding cp1252 or latin-1",
    ),
    DiagnosticKind(
        "mojibake",
        "UTF-8 read as Windows-1252",
        WARNING,
        "the text looks double-encoded; the repaired text is suggested in the message",
    ),
    DiagnosticKind(
        "long-line",
        "line longer than the wire width",
        INFO,
        "wire copy is wrapped at 80 characters or less; the line may have lost its breaks",
    ),
    # Lossy changes the converter made
    DiagnosticKind(
        "hyphen-join",
        "line-end hyphen joined",
        INFO,
        "a line ending in a hyphen was joined to the next without a space; check the word",
    ),
    # IPTC 7901 (dpa)
    DiagnosticKind(
        "garbled-header",
        "header line not understood",
        WARNING,
        "the header does not follow the format's layout (see docs/diagnostics.md for examples); "
        "the fields it should give stay empty",
    ),
    DiagnosticKind(
        "unterminated-heading",
        "heading block without its end marker",
        WARNING,
        "the last heading line should end with ' ='; the heading was taken up to the first empty line",
    ),
    DiagnosticKind(
        "missing-credit-dateline",
        "no 'Place (agency) - ' dateline",
        WARNING,
        "dpa copy opens its first paragraph with 'City (dpa) - '; check that the lead is complete",
    ),
    DiagnosticKind(
        "unparseable-trailer",
        "transmission time not understood",
        WARNING,
        "the line after ETX should read 'DDHHMM GMT Mon YY', e.g. '131137 GMT Nov 13'; created stays empty",
    ),
    # ANPA 1312
    DiagnosticKind(
        "headline-from-body",
        "first paragraph used as headline",
        INFO,
        "the story has no headline line (AP news alerts have none); check the headline before publishing",
    ),
    DiagnosticKind(
        "tabular-mismatch",
        "format codes disagree with the text",
        INFO,
        "the story was read as the text shows (prose or table rows), not as header line 2's format codes "
        "(DC3 DC1 text, DC4 DC2 table) say; check the body blocks",
    ),
    DiagnosticKind(
        "headline-guessed",
        "headline chosen among heading lines",
        INFO,
        "nothing on the wire marks which heading line is the headline; it was chosen by its place "
        "and shape (wrapped lines joined, earlier unmarked lines read as take keys): check it",
    ),
    DiagnosticKind(
        "dateline-after-teaser",
        "dateline found after the first paragraph",
        INFO,
        "the dateline opens a later paragraph (a teaser comes first, as in dpa copy); the paragraphs "
        "before it are kept as body text",
    ),
    DiagnosticKind(
        "stripped-framing",
        "control bytes stripped; format read from its shape",
        INFO,
        "the message has no SOH, STX or ETX (a system on the way removed them); its header, heading "
        "and trailer were recognised by their shape",
    ),
    # Text for editors, checked for every format
    DiagnosticKind(
        "not-for-publication",
        "private block among the story text",
        WARNING,
        "a block marked not for publication stood where the format expects story text; it and "
        "everything after it went to editor_note instead of the body: check the layout of the feed",
    ),
    DiagnosticKind(
        "possible-private-text",
        "contact details at the end of the story",
        WARNING,
        "a closing block holds an e-mail address or phone number but no 'not for publication' "
        "marker; it went to editor_note, not the body: move it back by hand if it is publishable",
    ),
    # AAP ZCZC family and News Bites
    DiagnosticKind(
        "markers-stripped",
        "typesetting markers removed",
        INFO,
        "line-end or in-line typesetting markers (ANPA '<', dpa ' =', AAP '<!') were dropped from the text",
    ),
    DiagnosticKind(
        "dateline-year-inferred",
        "dateline year inferred",
        INFO,
        "the feed never sends a year in its datelines; pass --year (or --reference-date) to choose",
    ),
    DiagnosticKind(
        "unrecognised-header",
        "header line ignored",
        WARNING,
        "the header line does not fit this feed's header codes; it was ignored, check the feed profile",
    ),
    # Hostile and damaged input
    DiagnosticKind(
        "transcoded-input",
        "UTF-16 or UTF-32 input transcoded",
        INFO,
        "the whole input was read as UTF-16 or UTF-32 (byte order mark or --encoding) and converted to UTF-8",
    ),
    DiagnosticKind(
        "invalid-utf8",
        "stray bytes in UTF-8 text",
        WARNING,
        "a few bytes are not UTF-8 (a legacy editor or a cut character); check the text on that line",
    ),
    DiagnosticKind(
        "binary-data",
        "binary data, not text",
        ERROR,
        "the input looks like an image, archive or other binary file; check that the right file was given",
    ),
    DiagnosticKind(
        "no-story",
        "no story in the input",
        WARNING,
        "the input is empty or holds only blanks and control bytes (NUL fill from a crashed writer, say); "
        "check that the feed delivered the file completely",
    ),
)


def diagnose(code: str, line: int | None, message: str, column: int | None = None) -> Diagnostic:
    """Build a diagnostic of a catalogued ``code``; an unknown code is a bug and raises ``KeyError``."""
    return Diagnostic(CATALOGUE[code].severity, code, message, line, column)
