"""Output names: templates, defaults, and hostile values made safe."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirecli.naming import MAX_NAME_BYTES, NameFields, NameTemplate, safe_name, story_file_name


def fields(**changes: object) -> NameFields:
    values: dict[str, object] = {
        "stem": "feed",
        "index": 2,
        "code": "BSS-52",
        "keyword": "PAHELA-BAISHAKH",
        "date": dt.date(2026, 4, 13),
        "format": "bss",
    }
    values.update(changes)
    return NameFields(**values)  # type: ignore[arg-type]


def test_default_name_is_the_stem_for_a_lone_story() -> None:
    assert story_file_name(None, fields(index=1), False, ".json") == "feed.json"


def test_default_name_numbers_the_stories_of_a_feed() -> None:
    assert story_file_name(None, fields(index=2), True, ".md") == "feed-2.md"


def test_template_fills_every_field() -> None:
    template = NameTemplate("{date}_{code}_{keyword}_{stem}_{index:03}_{format}")
    assert story_file_name(template, fields(), True, ".txt") == (
        "2026-04-13_BSS-52_PAHELA-BAISHAKH_feed_002_bss.txt"
    )


def test_missing_values_get_placeholders() -> None:
    template = NameTemplate("{code}-{keyword}-{date}")
    name = story_file_name(template, fields(code=None, keyword=None, date=None), False, ".json")
    assert name == "no-code-no-keyword-undated.json"


def test_doubled_braces_are_literal() -> None:
    assert NameTemplate("{{{stem}}}").expand(fields()) == "{feed}"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "--name must not be empty; try '{stem}-{index}'"),
        (
            "{headline}",
            "--name '{headline}' uses an unknown field {headline}; "
            "use {stem}, {index}, {code}, {keyword}, {date}, {format}",
        ),
        ("{stem", "--name '{stem' has a lone '{'; write {{ for a brace"),
        ("stem}", "--name 'stem}' has a lone '}'; write }} for a brace"),
        ("{code:>5}", "--name '{code:>5}': only {index} takes a width, as {index:03}"),
        ("{index:999}", "--name '{index:999}': only {index} takes a width, as {index:03}"),
        (
            "{stem.__class__}",
            "--name '{stem.__class__}' uses an unknown field {stem.__class__}; "
            "use {stem}, {index}, {code}, {keyword}, {date}, {format}",
        ),
    ],
)
def test_malformed_templates_are_refused(template: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        NameTemplate(template)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("../../etc/x", "_._etc_x"),
        ("/abs", "_abs"),
        ("..", "_"),
        (".", "_"),
        ("", "_"),
        ("...hidden", "hidden"),
        ("CON", "_CON"),
        ("con", "_con"),
        ("nul.txt", "_nul.txt"),
        ("COM1", "_COM1"),
        ("LPT9.tar.gz", "_LPT9.tar.gz"),
        ("com\u00b2", "_com\u00b2"),
        ("CONSOLE", "CONSOLE"),
        ("a\x00b\x1b[31mc\x7fd\x85e", "a_b_[31mc_d_e"),
        ("bidi\u202eevil", "bidi_evil"),
        ('win<>:"|?*dows', "win_______dows"),
        ("back\\slash", "back_slash"),
        ("trailing dots... ", "trailing dots"),
        ("keep-Ünïcode", "keep-Ünïcode"),
    ],
)
def test_safe_name(value: str, expected: str) -> None:
    assert safe_name(value) == expected


def test_long_names_are_cut_to_the_byte_limit_with_the_extension_kept() -> None:
    name = story_file_name(NameTemplate("{code}"), fields(code="X" * 500), False, ".json")
    assert name == "X" * (MAX_NAME_BYTES - len(".json")) + ".json"
    assert len(name.encode()) == MAX_NAME_BYTES


def test_cutting_never_splits_a_character() -> None:
    name = safe_name("é" * 150)  # 300 bytes of UTF-8
    assert name == "é" * (MAX_NAME_BYTES // 2)
    assert len(name.encode()) == MAX_NAME_BYTES


def test_hostile_code_stays_one_path_component() -> None:
    for code in ("../../etc/x", "/abs", "CON", "a/" * 300, "\x1b]0;title\x07", "..\\..\\win"):
        name = story_file_name(NameTemplate("{code}"), fields(code=code), False, ".json")
        assert "/" not in name and "\\" not in name
        assert not name.startswith(".")
        assert ".." not in name
        assert len(name.encode()) <= MAX_NAME_BYTES
        assert all(ord(character) >= 0x20 for character in name)


@given(st.text(max_size=600))
def test_any_text_becomes_one_safe_component(text: str) -> None:
    name = safe_name(text)
    assert name
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith((".", " ")) and not name.endswith((".", " "))
    assert ".." not in name
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert not any(ord(character) < 0x20 or 0x7F <= ord(character) <= 0x9F for character in name)
    assert name.split(".", 1)[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert safe_name(name) == name
