"""The editorial rule's shortcuts give the answers of the tests they stand in for."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from wirecli.formats import _editorial
from wirecli.formats._editorial import guard_body, is_contact_block
from wirecli.model import Block, BlockType

_DATELINE = "Berlin (dpa)"
_PIECES = st.sampled_from(
    [
        "Ansprechpartner:",
        "- Media contact:",
        "* Kontakt",
        "\u212aontakt:",
        "CONTACT",
        "Ihre Auskunft",
        "Reporting by",
        "For more information contact:",
        "Tel: +49 30 2852 31472",
        "0171 5578772",
        "030/2852 30002",
        "+41 58 909 50 50",
        "desk@example.org",
        "Not for publication:",
        "nicht zur Veröffentlichung",
        _DATELINE,
        _DATELINE + " - ",
        "The council met.",
        "İ",
        "Co",
        "* * * *",
        "2024",
    ]
)
_GLUE = st.sampled_from(
    [" ", "\n", ". ", ": ", "-", "\t", "•", "", "x", "“", "”", ".", "!", "?", '"', "»", "0"]
)
_TEXTS = st.lists(st.one_of(_PIECES, _GLUE), max_size=12).map("".join)
_BLOCKS = st.lists(
    st.builds(Block, st.sampled_from([BlockType.PARAGRAPH, BlockType.SUBHEAD, BlockType.TABLE]), _TEXTS),
    max_size=8,
)


def _accepted(block: Block, dateline: str | None) -> bool:
    """The loop's own test of one block, as guard_body makes it."""
    text = block.text
    opening = _editorial._dateline_prefix(text, dateline) if dateline and text.startswith(dateline) else ""
    return block.type is not BlockType.TABLE and is_contact_block(text[len(opening) :] if opening else text)


def _reference_guard(
    body: list[Block], source: str, dateline: str | None
) -> tuple[tuple[Block, ...], str | None, list[str]] | None:
    """guard_body's contact walk as it was, looking at every block (no marker in these bodies)."""
    kept = list(body)
    contacts: list[str] = []
    found: list[str] = []
    position = len(kept)
    while position > 0:
        position -= 1
        block = kept[position]
        text = block.text
        opening = (
            _editorial._dateline_prefix(text, dateline) if dateline and text.startswith(dateline) else ""
        )
        if block.type is BlockType.TABLE or not is_contact_block(text[len(opening) :] if opening else text):
            continue
        taken = [kept.pop(position).text[len(opening) :]]
        if opening:
            following = kept[position] if position < len(kept) else None
            if following is not None and following.type is BlockType.PARAGRAPH:
                kept[position] = Block(BlockType.PARAGRAPH, f"{opening.rstrip()} {following.text}")
            else:
                kept.insert(position, Block(BlockType.PARAGRAPH, opening.rstrip()))
        if position and _editorial._is_lead_in(kept[position - 1].text):
            taken.insert(0, kept.pop(position - 1).text)
            position -= 1
        contacts[:0] = taken
        found.append("possible-private-text")
    if not found:
        return None
    return tuple(kept), "\n\n".join(contacts) or None, found


@given(_BLOCKS, st.sampled_from([None, "", "B", _DATELINE]))
def test_every_block_the_rule_accepts_is_a_candidate(blocks: list[Block], dateline: str | None) -> None:
    candidates = set(_editorial._contact_candidates(blocks, dateline))
    assert {index for index, block in enumerate(blocks) if _accepted(block, dateline)} <= candidates


@given(_BLOCKS, st.sampled_from([None, _DATELINE]))
def test_the_walk_over_candidates_moves_what_the_walk_over_all_blocks_moves(
    blocks: list[Block], dateline: str | None
) -> None:
    blocks = [block for block in blocks if _editorial.private_marker(block.text) is None]
    source = "\n\n".join(block.text for block in blocks)
    guarded = guard_body(blocks, None, source, 1, dateline)
    expected = _reference_guard(blocks, source, dateline)
    if guarded is None:
        assert expected is None
    else:
        kept, note, found = guarded
        assert (kept, note, [diagnostic.code for diagnostic in found]) == expected


def test_the_label_openings_hold_every_pair_that_lower_cases_to_a_label_opening() -> None:
    # A text's first two characters make a label's opening only through characters that
    # lower-case to one character of a key: every such character is among the letters used.
    keys = _editorial._labels_by_opening()
    openings = _editorial._label_openings()
    firsts = {key[0] for key in keys}
    seconds = {key[1] for key in keys}
    letters = {opening[0] for opening in openings} | {opening[1] for opening in openings}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) > 1:
            assert lower[:2] not in keys
        elif lower in firsts or lower in seconds:
            assert char in letters, hex(code)
    assert all(
        first + second in openings
        for first in letters
        for second in letters
        if (first + second).lower() in keys
    )
    assert set(_editorial._LABEL_LEAD) <= _editorial._LABEL_FIRSTS
