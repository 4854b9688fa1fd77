"""Hostile inputs end to end: each case runs ``python -m wirecli`` and checks stderr and the exit code.

The small inputs live in tests/bad/ (listed in its README); the large ones are generated here, in a
temporary folder, so the repository stays small. Every command runs with the input folder as its
working directory, so that file names in messages are short and exact.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT

BAD = ROOT / "tests" / "bad"
REF = ("--reference-date", "2026-11-28")
STORY = (
    "ZCZC\n\nBSS-41\n\nRAIN-DHAKA\n\nRain floods Dhaka streets\n\n"
    "DHAKA, July 2, 2026 (BSS) – Heavy rain flooded the old town on Thursday, officials said.\n\n"
    "Traffic stopped on the main café road.\n\nBSS/SRH/1412 hrs\nNNNN\n"
).encode()
NO_STORY = ": warning no-story: no story found: the input is empty or holds only blanks and control bytes\n"


def wirecli(
    *arguments: str, cwd: Path = BAD, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key not in {"NO_COLOR", "FORCE_COLOR"}}
    return subprocess.run(
        [sys.executable, "-m", "wirecli", *arguments],
        capture_output=True,
        cwd=cwd,
        env=environment | (env or {}),
        stdin=subprocess.DEVNULL,
        check=False,
    )


def story_json(result: subprocess.CompletedProcess[bytes]) -> dict[str, object]:
    document = orjson.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def body_texts(document: dict[str, object]) -> list[str]:
    body = document["body"]
    assert isinstance(body, list)
    return [block["text"] for block in body]


# --- the catalogue in tests/bad/ -------------------------------------------------------------


def test_every_file_in_tests_bad_is_listed_in_its_readme() -> None:
    readme = (BAD / "README.md").read_text()
    files = sorted(path.name for path in BAD.iterdir() if path.name != "README.md")
    assert [name for name in files if f"`{name}`" not in readme] == []
    assert [name for name in files if name.endswith(".tst")] == []


@pytest.mark.parametrize("name", ["empty.txt", "whitespace-only.txt"])
def test_no_story_is_a_warning_and_an_empty_json_array(name: str) -> None:
    result = wirecli("convert", name, *REF)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (0, b"[]\n", f"{name}:1:1{NO_STORY}")
    strict = wirecli("convert", "--strict", name, *REF)
    assert (strict.returncode, strict.stderr.decode()) == (1, f"{name}:1:1{NO_STORY}")
    assert wirecli("convert", "--to", "ndjson", name, *REF).stdout == b""


def test_no_story_in_validate_text_and_json() -> None:
    result = wirecli("validate", "empty.txt", *REF)
    assert (result.returncode, result.stdout.decode(), result.stderr) == (
        0,
        f"empty.txt:1:1{NO_STORY}",
        b"1 file, 0 stories: 0 errors, 1 warning\n",
    )
    as_json = wirecli("validate", "-F", "json", "empty.txt", *REF)
    assert orjson.loads(as_json.stdout) == {
        "path": "empty.txt",
        "story": None,
        "line": None,
        "column": None,
        "severity": "warning",
        "code": "no-story",
        "message": "no story found: the input is empty or holds only blanks and control bytes",
        "hint": (
            "the input is empty or holds only blanks and control bytes (NUL fill from a crashed writer, "
            "say); check that the feed delivered the file completely"
        ),
    }


def test_empty_standard_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wirecli", "convert", *REF], input=b"", capture_output=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        0,
        b"[]\n",
        f"<stdin>:1:1{NO_STORY}",
    )


def test_only_zczc_is_an_empty_unknown_record_with_one_error() -> None:
    result = wirecli("convert", "only-zczc.txt", *REF)
    assert result.returncode == 1
    assert (
        result.stderr.decode()
        == "only-zczc.txt:1:1: error unknown-format: a ZCZC line with no text after it\n"
    )
    document = story_json(result)
    assert (document["format"], body_texts(document)) == ("unknown", [])


def test_binary_file_is_one_record_with_one_error() -> None:
    result = wirecli("convert", "png-header.png", *REF)
    assert (result.returncode, result.stderr.decode()) == (
        1,
        "png-header.png:1:1: error binary-data: the input looks like a PNG image, not a wire story: "
        "nothing was read\n",
    )
    document = story_json(result)
    assert (document["source"], document["headline"], document["body"]) == (
        {"path": "png-header.png", "index": 0, "line": 1, "encoding": "binary"},
        None,
        [],
    )


def test_nul_bytes_are_removed_with_a_warning_per_line() -> None:
    result = wirecli("convert", "nul-bytes.txt", *REF)
    assert (result.returncode, result.stderr.decode()) == (
        0,
        "nul-bytes.txt:9:1: warning control-characters: removed control characters U+0000\n"
        "nul-bytes.txt:11:1: warning control-characters: removed control characters U+0000\n",
    )
    assert body_texts(story_json(result)) == [
        "DHAKA, July 2, 2026 (BSS) – Heavy rain flooded the old town on Thursday, officials said.",
        "Traffic stopped on the main café road.",
    ]


def test_invalid_utf8_mid_story_keeps_the_rest_utf8() -> None:
    result = wirecli("convert", "invalid-utf8-mid-story.txt", *REF)
    assert (result.returncode, result.stderr.decode()) == (
        0,
        "invalid-utf8-mid-story.txt:11:1: warning invalid-utf8: 2 bytes are not valid UTF-8 in UTF-8 text "
        "(the first, 0xFF, on this line); read as Windows-1252\n",
    )
    document = story_json(result)
    assert body_texts(document)[1] == "Traffic stopped on the main ÿþ café road."
    assert document["source"] == {
        "path": "invalid-utf8-mid-story.txt",
        "index": 0,
        "line": 1,
        "encoding": "utf-8",
    }


def test_utf16_with_a_bom_is_transcoded() -> None:
    result = wirecli("convert", "-v", "utf16-bom.txt", *REF)
    assert (result.returncode, result.stderr.decode()) == (
        0,
        "utf16-bom.txt:1:1: info transcoded-input: input is UTF-16-LE (by its byte order mark); "
        "converted to UTF-8 before reading\n"
        "utf16-bom.txt:9:1: info long-line: line is 88 characters, wider than 80\n"
        "utf16-bom.txt:13:1: info timezone-assumed: signoff time 14:12 read as +06:00 (BSS files from Dhaka) "
        "on the dateline date\n",
    )
    document = story_json(result)
    assert (document["headline"], document["source"]) == (
        "Rain floods Dhaka streets",
        {"path": "utf16-bom.txt", "index": 0, "line": 1, "encoding": "utf-16-le"},
    )
    assert wirecli("convert", "utf16-bom.txt", *REF).stderr == b""


def test_mixed_line_ends_read_like_lf(tmp_path: Path) -> None:
    (tmp_path / "mixed-line-ends.txt").write_bytes(STORY)
    result = wirecli("convert", "mixed-line-ends.txt", *REF)
    plain = wirecli("convert", "mixed-line-ends.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == plain.stdout


def test_bidi_and_zero_width_characters_stay_in_data_and_show_visibly() -> None:
    result = wirecli("convert", "bidi-zero-width-headline.txt", *REF)
    assert (result.returncode, result.stderr) == (0, b"")
    assert story_json(result)["headline"] == "Rain \u202efloods\u202c Dh\u200baka\ufeff streets"
    shown = wirecli("show", "--color", "always", "bidi-zero-width-headline.txt", *REF)
    assert shown.returncode == 0
    assert "Rain <U+202E>floods<U+202C> Dh<U+200B>aka<U+FEFF> streets" in shown.stdout.decode()
    assert "\u202e" not in shown.stdout.decode()


# --- paths that are not readable files ------------------------------------------------------


def test_a_directory_is_read_as_a_folder_of_inputs(tmp_path: Path) -> None:
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "inner.txt").write_bytes(STORY.replace(b"BSS-41", b"BSS-42"))
    (tmp_path / "story.txt").write_bytes(STORY)
    result = wirecli("convert", "--to", "ndjson", "feed", "story.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"converted 2 stories from 2 files\n")
    assert [orjson.loads(line)["code"] for line in result.stdout.splitlines()] == ["BSS-42", "BSS-41"]
    checked = wirecli("validate", "feed", *REF, cwd=tmp_path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0,
        b"",
        b"1 file, 1 story: 0 errors, 0 warnings\n",
    )


def test_an_empty_folder_and_an_empty_file_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "feed").mkdir()
    result = wirecli("convert", "feed", *REF, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"[]\n",
        b"converted 0 stories from 0 files\n",
    )
    (tmp_path / "feed" / "empty.txt").write_bytes(b"")
    result = wirecli("convert", "feed", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr.decode()) == (
        0,
        f"feed/empty.txt:1:1{NO_STORY}converted 0 stories from 1 file; 1 warning\n",
    )
    strict = wirecli("convert", "--strict", "feed", *REF, cwd=tmp_path)
    assert (strict.returncode, strict.stderr.decode()) == (
        1,
        f"feed/empty.txt:1:1{NO_STORY}converted 0 stories from 1 file; 1 warning; 1 failed\n",
    )


def test_a_path_through_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(STORY)
    result = wirecli("convert", "story.txt/x", *REF, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        b"[]\n",
        b"wirecli: cannot read story.txt/x: Not a directory\n",
    )


def test_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere" / "story.txt")
    result = wirecli("convert", "gone.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        b"wirecli: cannot read gone.txt: No such file or directory\n",
    )


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_bytes(STORY)
    locked.chmod(0)
    result = wirecli("convert", "locked.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, b"wirecli: cannot read locked.txt: Permission denied\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["convert", "validate"])
def test_a_fifo_is_read_like_standard_input(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as writer:  # blocks until wirecli opens the other end
            for start in range(0, len(STORY), 50):
                writer.write(STORY[start : start + 50])
                writer.flush()

    writer = threading.Thread(target=feed)
    writer.start()
    result = wirecli(command, "feed.fifo", *REF, cwd=tmp_path)
    writer.join(timeout=30)
    assert (result.returncode, result.stderr) == (
        (0, b"") if command == "convert" else (0, b"1 file, 1 story: 0 errors, 0 warnings\n")
    )
    if command == "convert":
        assert story_json(result)["code"] == "BSS-41"


# --- large inputs, generated ------------------------------------------------------------------


def test_a_10_mb_single_line(tmp_path: Path) -> None:
    words = b"word " * 2_000_000
    (tmp_path / "long.txt").write_bytes(STORY.replace(b"Traffic stopped", words + b"Traffic stopped"))
    result = wirecli("convert", "--to", "ndjson", "long.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    document = orjson.loads(result.stdout)
    assert document["word_count"] == 2_000_000 + 23
    assert len(document["body"][1]["text"]) == len(words) + len("Traffic stopped on the main café road.")


def test_a_10_mb_line_with_no_framing_at_all(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"x" * 10_000_000)
    result = wirecli("validate", "blob.txt", *REF, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode() == (
        "blob.txt:1:1: error unknown-format: plain text with no wire framing (no ZCZC or SOH line)\n"
    )
    converted = wirecli("convert", "--to", "ndjson", "blob.txt", *REF, cwd=tmp_path)
    assert body_texts(story_json(converted)) == ["x" * 10_000_000]


def test_100000_tiny_stories_in_one_feed(tmp_path: Path) -> None:
    # News Bites is the cheapest story to parse; each has its own code, so none is a duplicate.
    tiny = b"zczc\r\nAN#%d\r\nTI#Company %d wins contract\r\nTX#\r\nThe company won a contract.\r\nNNNN\r\n"
    (tmp_path / "feed.txt").write_bytes(b"".join(tiny % (number, number) for number in range(100_000)))
    result = wirecli("validate", "--quiet", "feed.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"",
        b"1 file, 100000 stories: 0 errors, 0 warnings\n",
    )


def test_thousands_of_consecutive_zczc_lines(tmp_path: Path) -> None:
    count = 3000
    (tmp_path / "stutter.txt").write_bytes(b"ZCZC\n" * count)
    result = wirecli("convert", "--to", "ndjson", "stutter.txt", *REF, cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == count

    expected = "".join(
        f"stutter.txt:{number}:1: error unknown-format: a ZCZC line with no text after it\n"
        for number in range(1, count + 1)
    )
    assert result.stderr.decode() == expected


def test_a_story_with_100000_paragraphs(tmp_path: Path) -> None:
    paragraphs = b"".join(b"Paragraph %d of the record.\n\n" % number for number in range(100_000))
    (tmp_path / "huge.txt").write_bytes(STORY.replace(b"Traffic stopped", paragraphs + b"Traffic stopped"))
    result = wirecli("convert", "--to", "ndjson", "huge.txt", *REF, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    body = body_texts(orjson.loads(result.stdout))
    assert len(body) == 100_002
    assert body[1:3] == ["Paragraph 0 of the record.", "Paragraph 1 of the record."]
    assert body[-1] == "Traffic stopped on the main café road."


# --- file names that hold terminal escapes ------------------------------------------------------

ESCAPED = "x\x1b[2Jy.txt"
SHOWN = "x␛[2Jy.txt"


def test_file_names_with_escapes_are_shown_visibly_in_convert(tmp_path: Path) -> None:
    (tmp_path / ESCAPED).write_bytes(STORY.replace(b"Rain floods Dhaka streets\n\n", b""))
    result = wirecli(
        "convert", ESCAPED, "gone\x1b]0;title\x07.txt", *REF, cwd=tmp_path, env={"FORCE_COLOR": "1"}
    )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        f"\x1b[1m{SHOWN}:7:1:\x1b[0m \x1b[1;31merror\x1b[0m missing-headline: "
        "no headline line before the story text\n"
        "wirecli: cannot read gone␛]0;title␇.txt: No such file or directory\n"
        "converted 1 story from 2 files; 1 error; 2 failed\n"
    )


def test_file_names_with_escapes_are_shown_visibly_in_validate_and_show(tmp_path: Path) -> None:
    (tmp_path / ESCAPED).write_bytes(b"")
    checked = wirecli("validate", "--color", "always", ESCAPED, *REF, cwd=tmp_path)
    assert (
        checked.stdout.decode()
        == f"\x1b[1m{SHOWN}:1:1:\x1b[0m \x1b[33mwarning\x1b[0m no-story: "
        + (NO_STORY.split(" no-story: ", 1)[1])
    )
    shown = wirecli("show", "--color", "always", ESCAPED, "gone\x1b[2J.txt", *REF, cwd=tmp_path)
    assert (shown.returncode, shown.stderr.decode()) == (
        1,
        "wirecli: cannot read gone␛[2J.txt: No such file or directory\n",
    )
    assert f"{SHOWN}: no stories" in shown.stdout.decode()
    assert "\x1b[2J" not in shown.stdout.decode()


# --- option values that cannot work: usage errors before any input is read -------------------


@pytest.mark.parametrize("command", ["convert", "validate", "show"])
@pytest.mark.parametrize(
    ("codec", "reason"),
    [
        ("hex", "is not a text encoding"),
        ("rot13", "is not a text encoding"),
        ("base64", "is not a text encoding"),
        ("zlib", "is not a text encoding"),
        ("bz2", "is not a text encoding"),
        ("uu", "is not a text encoding"),
        ("idna", "cannot decode arbitrary bytes"),
    ],
)
def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(command: str, codec: str, reason: str) -> None:
    result = wirecli(command, "--encoding", codec, "only-zczc.txt", *REF)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == f"wirecli: '{codec}' {reason}; try utf-8, cp1252 or latin-1\n"

