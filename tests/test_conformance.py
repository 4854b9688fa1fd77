"""Our reading of the shared corpus against the field values another project's tests assert.

``../shared/corpus/expected.json`` records, per corpus file, what the Superdesk test suites assert
about their parse of it. Assertions marked ``superdesk_internal`` depend on that project's own
tables and rendering and are not ours to match; every other one is checked here against our story
(or its ninjs form), with the peer's field names mapped onto ours. Where we differ on purpose,
``KNOWN_DISAGREEMENTS`` says why and holds the value we assert instead. Files whose format is not
registered yet are skipped. The run ends with a ``conformance:`` summary line (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, REFERENCE_DATE, corpus_format
from wirecli.formats import REGISTRY
from wirecli.model import ParseOptions, Story
from wirecli.pipeline import parse_bytes
from wirecli.render.ninjs import plain_body, to_ninjs

EXPECTED = CORPUS / "expected.json"


@dataclass(frozen=True, slots=True)
class Ours:
    """The value we assert in place of the peer's, with the same kind of check unless named."""

    value: object
    why: str
    check: str | None = None


# (corpus file, peer field, peer value) -> what we assert instead, and why the peer's value is wrong
# for us. Keep the reason short and concrete; the value is checked, so a stale entry fails.
KNOWN_DISAGREEMENTS: dict[tuple[str, str, object], Ours] = {
    (
        "iptc7901/dpa-germany-coalition-talks.txt",
        "headline",
        "Germany Social Democrats: Coalition talks with Merkel could fail =",
    ): Ours(
        "Germany Social Democrats: Coalition talks with Merkel could fail",
        "' =' ends the dpa heading block (FORMATS.md 5.2): a marker, not headline text; the peer's "
        "other test of the same file asserts the headline without it",
    ),
    ("iptc7901/dpa-germany-coalition-talks.txt", "body_start", "^\n   Berlin"): Ours(
        r"^Berlin \(dpa\) - ",
        "the peer's body keeps the wire's blank line and three-space indent; our paragraphs are "
        "unwrapped and trimmed, so the body starts with the dateline itself",
    ),
    ("anpa1312/anpa-argentina-cancer-beauty.tst", "body_start", "^<p>BUENOS"): Ours(
        "^BUENOS",
        "the peer asserts its HTML rendering; we check the plain body, which starts with the dateline",
    ),
    ("anpa1312/anpa-argentina-cancer-beauty.tst", "byline", "By PAUL BYRNE and ALMUDENA CALATRAVA"): Ours(
        "PAUL BYRNE and ALMUDENA CALATRAVA",
        "our byline is the author line without its leading 'By' (Story.byline)",
    ),
    ("aap-zczc/racing-stradbroke-weights.tst", "headline", "STRADBROKE HANDICAP 1400M .=!"): Ours(
        r"\A(?!.*[=<]!\s*\Z)\S",
        "'=!' and '<!' end racing-desk lines as typesetting markers (FORMATS.md 2.5); the peer keeps "
        "the marker and picks the fourth line by position. We assert a headline without a marker",
        check="regex",
    ),
    ("aap-zczc/racing-stradbroke-weights.tst", "slug", "STRADBROKE HANDICAP 1400M .=!"): Ours(
        r"\A(?!.*[=<]!\s*\Z)\S",
        "as for the headline: the '=!' marker is not part of the keyword",
        check="regex",
    ),
    # ANPA slugs: the peer derives a short slug (cycle and desk prefix removed, cut at the first
    # space, spaces squeezed); we keep the keyword as transmitted (FORMATS.md 4.1, 4.2), which holds it.
    ("anpa1312/anpa-argentina-cancer-beauty.tst", "slug", "Argentina-Cancer"): Ours(
        "BC-LT--Argentina-Cancer Beauty", "keyword kept as transmitted; the peer's slug is derived from it"
    ),
    ("anpa1312/ap-anpa-baseball-standings-tabular.tst", "slug", "BBO--BaseballExpanded"): Ours(
        "BC-BBO--Baseball Expanded Glance", "keyword kept as transmitted; the peer's slug is derived from it"
    ),
    ("anpa1312/ap-anpa-wildcard-glance-tabular.tst", "slug", "BBO--WildCardGlance"): Ours(
        "BC-BBO--Wild Card Glance", "keyword kept as transmitted; the peer's slug is derived from it"
    ),
    ("anpa1312/ap-anpa-10-things-to-know.tst", "slug", "10ThingstoKnow-Today"): Ours(
        "BC-10 Things to Know-Today", "keyword kept as transmitted; the peer's slug is derived from it"
    ),
    (
        "anpa1312/anpa-ethanol-grassland-1stld.tst",
        "ednote",
        "This is part of an Associated Press investigation into the hidden costs of green energy.",
    ): Ours(
        "This is part of an Associated Press investigation into the hidden costs of green energy.",
        "the story carries an 'Eds:' line and an EDITOR'S NOTE line; we keep both, one per line, the "
        "peer drops the 'Eds:' one",
        check="contains",
    ),
    (
        "anpa1312/ap-anpa-china-lawyer-escape-3rdld.tst",
        "ednote",
        "(Minor edits. A longer version of this story is available. With AP Photos. "
        "With BC-AS--China-Lawyer Trial.)",
    ): Ours(
        "Minor edits. A longer version of this story is available. With AP Photos. "
        "With BC-AS--China-Lawyer Trial.",
        "the parentheses wrap the whole '(Eds: ...)' line on the wire; they are not part of the note",
    ),
}

# The peer's item-format words for our ``tabular`` flag.
_PEER_FORMAT = {True: "preserved", False: "HTML"}
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    position: int
    assertion: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.file}::{self.assertion['field']}#{self.position}"


def load_cases() -> list[Case]:
    """Every assertion of expected.json that is not internal to the peer; none when it is absent."""
    if not EXPECTED.is_file():
        return []
    expected = json.loads(EXPECTED.read_text())
    return [
        Case(file, position, assertion)
        for file, entry in expected["files"].items()
        for position, assertion in enumerate(entry.get("assertions", []))
        if not assertion.get("superdesk_internal")
    ]


CASES = load_cases()


@functools.cache
def corpus_story(file: str) -> Story:
    stories = parse_bytes(
        (CORPUS / file).read_bytes(), ParseOptions(reference_date=REFERENCE_DATE, path=file)
    )
    assert len(stories) == 1, f"{file} holds one story, not {len(stories)}"
    return stories[0]


def our_value(story: Story, field: str, peer_field: str) -> object:
    """Our counterpart of the peer's field; ``None`` when we have no value."""
    dateline = story.dateline
    match field:
        case "type":
            return to_ninjs(story)["type"]
        case "sequence":
            numbers = _DIGITS.findall(story.code or "")
            return numbers[-1] if numbers else None
        case "category":
            if peer_field == "anpa_category":  # the peer's whole list of category objects
                return [{"qcode": story.category}] if story.category else None
            return story.category
        case "priority":  # the peer's 1-9 priority is our urgency
            return story.urgency
        case "word_count":  # the count the wire transmits, not ours
            return story.transmitted_word_count
        case "headline":
            return story.headline
        case "slug":
            return story.keyword
        case "take_key":
            return story.take_key
        case "byline":
            return story.byline
        case "ednote":
            return story.editor_note
        case "dateline_source":
            return dateline.credit if dateline else None
        case "dateline_place":
            return dateline.place if dateline else None
        case "subject_code":
            return story.subjects[0].code if story.subjects else None
        case "format":
            return _PEER_FORMAT[story.tabular]
        case "created":
            return story.created
        case "body_start" | "body_contains":
            return plain_body(story.body) or None
    raise AssertionError(f"no mapping for the peer's field {field!r}: add one to our_value")


def holds(check: str, ours: object, expected: object) -> bool:
    """Whether ``ours`` passes the peer's kind of check against ``expected``."""
    match check:
        case "equals":
            return ours == expected
        case "regex":
            return isinstance(ours, str) and re.search(str(expected), ours) is not None
        case "startswith":
            return isinstance(ours, str) and ours.startswith(str(expected))
        case "contains":
            return isinstance(ours, str | list | tuple) and expected in ours
        case "length_equals":
            return isinstance(ours, str | list | tuple) and len(ours) == expected
        case "present":
            return ours is not None
        case "truthy_only":
            return bool(ours)
        case "absent":
            return ours is None
    raise AssertionError(f"unknown check {check!r}")


def _expected(field: str, value: object) -> object:
    if field == "created" and isinstance(value, str):
        return dt.datetime.fromisoformat(value)  # compared as instants, whatever the offset spelling
    return value


def _disagreement_key(file: str, field: str, value: object) -> tuple[str, str, object]:
    return (file, field, value if isinstance(value, str | int | None) else json.dumps(value))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_peer_assertion(case: Case, conformance_tally: Counter[str]) -> None:
    path = Path(case.file)
    wanted = corpus_format(CORPUS / path)
    if wanted not in REGISTRY:
        conformance_tally["skipped"] += 1
        pytest.skip(f"format not registered: {wanted}")
    story = corpus_story(case.file)
    assert story.format == wanted, f"{case.file} was read as {story.format}, not {wanted}"
    assertion = case.assertion
    field, check, value = assertion["field"], assertion["check"], assertion.get("value")
    ours = our_value(story, field, assertion["superdesk_field"])
    disagreement = KNOWN_DISAGREEMENTS.get(_disagreement_key(case.file, field, value))
    if disagreement is not None:
        passed = holds(disagreement.check or check, ours, disagreement.value)
        conformance_tally["ours" if passed else "mismatched"] += 1
        assert passed, (
            f"{field}: ours {ours!r}, expected our value {disagreement.value!r} ({disagreement.why})"
        )
        return
    passed = holds(check, ours, _expected(field, value))
    conformance_tally["matched" if passed else "mismatched"] += 1
    note = assertion.get("note") or assertion.get("plain_text_meaning") or ""
    assert passed, f"{field} {check} {value!r}: ours {ours!r}. {note}"


def test_known_disagreements_name_real_assertions() -> None:
    if not CASES:
        pytest.skip("../shared/corpus/expected.json is not available")
    asserted = {
        _disagreement_key(case.file, case.assertion["field"], case.assertion.get("value")) for case in CASES
    }
    assert set(KNOWN_DISAGREEMENTS) - asserted == set()


def test_checks_follow_the_peer_conventions() -> None:
    assert holds("equals", "a", "a") and not holds("equals", "a", "b")
    assert holds("regex", "Berlin (dpa)", r"^Berlin") and not holds("regex", None, ".")
    assert holds("startswith", "BUENOS AIRES", "BUENOS") and not holds("startswith", "X", "BUENOS")
    assert holds("contains", "  Dividend  ", "Dividend") and not holds("contains", None, "x")
    assert holds("length_equals", "x" * 24, 24) and not holds("length_equals", "x", 24)
    assert holds("present", "", None) and not holds("present", None, None)
    assert holds("truthy_only", "x", None) and not holds("truthy_only", "", None)
    assert holds("absent", None, None) and not holds("absent", "x", None)


def test_fields_map_onto_our_story() -> None:
    [story] = parse_bytes(
        b"ZCZC\n\nBSS-41\n\nFLOOD-TALKS\n\nRivers rise\n\n"
        b"DHAKA, July 2, 2026 (BSS/AFP) \xe2\x80\x93 Rain fell.\n\nBSS/AFP/SRH/1412 hrs",
        ParseOptions(reference_date=REFERENCE_DATE),
    )
    assert our_value(story, "sequence", "ingest_provider_sequence") == "41"
    assert our_value(story, "slug", "slugline") == "FLOOD-TALKS"
    assert our_value(story, "dateline_source", "dateline.source") == "BSS/AFP"
    assert our_value(story, "dateline_place", "dateline.located.city") == "DHAKA"
    assert our_value(story, "format", "format") == "HTML"
    assert our_value(story, "type", "type") == "text"
    assert our_value(story, "body_start", "body_html") == "DHAKA, July 2, 2026 (BSS/AFP) – Rain fell."
    assert our_value(story, "created", "firstcreated") == dt.datetime.fromisoformat(
        "2026-07-02T08:12:00+00:00"
    )
    assert our_value(story, "category", "anpa_category") is None
    with pytest.raises(AssertionError, match="no mapping"):
        our_value(story, "colour", "colour")
