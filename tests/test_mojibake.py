"""Mojibake found in decoded text, with the repaired words suggested."""

from __future__ import annotations

from wirecli.formats._mojibake import find_mojibake, repair
from wirecli.model import Severity


def test_repair() -> None:
    assert repair("â€™") == "’"
    assert repair("Ã©") == "é"
    assert repair("â€\x9d") == "”"  # 0x9D is undefined in cp1252 and travels as U+009D
    assert repair("ðŸ˜€") == "😀"
    assert repair("Ã") is None
    assert repair("’") is None


def test_clean_text_gives_nothing() -> None:
    assert find_mojibake("plain ASCII", 1) == []
    assert find_mojibake("Le café était animé à côté de l’église d’Århus — “oui”.", 1) == []
    assert find_mojibake("São Paulo, Zürich, Kraków, Ærø, naïve, façade, 50 °C, © AFP", 1) == []


def test_one_warning_per_line_with_column_and_repairs() -> None:
    text = "first line\nRussiaâ€™s talks, â€œWeâ€™re readyâ€\x9d\nok\nCafÃ© ok"
    found = find_mojibake(text, 20)
    assert [(d.severity, d.code, d.line, d.column) for d in found] == [
        (Severity.WARNING, "mojibake", 21, 7),
        (Severity.WARNING, "mojibake", 23, 4),
    ]
    assert found[0].message == (
        "text looks double-encoded (UTF-8 read as Windows-1252): 'Russiaâ€™s' should read 'Russia’s'; "
        "'â€œWeâ€™re' should read '“We’re'; 'readyâ€\x9d' should read 'ready”'"
    )
    assert found[1].message.endswith("'CafÃ©' should read 'Café'")


def test_a_loose_run_that_is_not_utf8_is_checked_exactly() -> None:
    (found,) = find_mojibake("x Ã©© y", 1)
    assert found.message.endswith("'Ã©©' should read 'é©'")


def test_words_per_line_and_lines_per_story_are_capped() -> None:
    (line,) = find_mojibake(" ".join(["Ã©"] * 5), 1)
    assert line.message.endswith("'Ã©' should read 'é' (and 2 more)")
    many = find_mojibake("\n".join(["Ã©"] * 13), 1)
    assert len(many) == 11
    assert (many[-1].line, many[-1].message) == (
        11,
        "3 more lines look double-encoded (UTF-8 read as Windows-1252)",
    )
