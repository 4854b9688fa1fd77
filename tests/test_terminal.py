"""Text from the input never acts on a terminal: unit tests, then every command end to end."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.golden_tool import ROOT
from wirecli.model import Severity
from wirecli.terminal import SEVERITY_SGR, ColourMode, paint, visible, wants_colour

# --- visible -----------------------------------------------------------------------------------


def test_visible_shows_c0_del_c1_and_bidi_controls_as_symbols() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("\x1b]0;title\x07") == "␛]0;title␇"
    assert visible("\x00\t\n\r\x7f") == "␀␉␊␍␡"
    assert visible("\x9b31m") == "<U+009B>31m"
    assert visible("\u202aa\u202eb\u2066c\u2069") == "<U+202A>a<U+202E>b<U+2066>c<U+2069>"


def test_visible_shows_zero_width_and_bidi_marks_but_keeps_joiners() -> None:
    assert visible("Dh\u200baka\u200e\u200f\u2060\ufeff") == "Dh<U+200B>aka<U+200E><U+200F><U+2060><U+FEFF>"
    assert visible("a\u2028b\u2029") == "a<U+2028>b<U+2029>"
    # Zero-width (non-)joiners shape Bengali and emoji sequences: shown as they are.
    assert (
        visible("ক্\u200dষ \U0001f469\u200d\U0001f4bb \u200c") == "ক্\u200dষ \U0001f469\u200d\U0001f4bb \u200c"
    )


def test_visible_leaves_ordinary_text_alone() -> None:
    text = "Kim’s “talks” — 50 % [bold]x[/bold] :smile: Jae-in é 中文 \u00a0"
    assert visible(text) == text


def test_visible_output_holds_no_control_character() -> None:
    every = "".join(chr(code) for code in (*range(0xA0), *range(0x2000, 0x2070)))
    shown = visible(every)
    assert re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown) is None


# --- colour ------------------------------------------------------------------------------------


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("tty", "mode", "environ", "expected"),
    [
        (True, ColourMode.AUTO, {}, True),
        (False, ColourMode.AUTO, {}, False),
        (True, ColourMode.AUTO, {"NO_COLOR": "1"}, False),
        (True, ColourMode.AUTO, {"NO_COLOR": ""}, True),  # no-color.org: empty means unset
        (False, ColourMode.AUTO, {"FORCE_COLOR": "1"}, True),
        (False, ColourMode.AUTO, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (True, ColourMode.AUTO, {"TERM": "dumb"}, False),
        (False, ColourMode.ALWAYS, {"NO_COLOR": "1"}, True),
        (True, ColourMode.NEVER, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_wants_colour(tty: bool, mode: ColourMode, environ: dict[str, str], expected: bool) -> None:
    assert wants_colour(_Stream(tty), mode, environ) is expected


def test_wants_colour_on_a_closed_stream_is_false() -> None:
    stream = io.StringIO()
    stream.close()
    assert wants_colour(stream, ColourMode.AUTO, {}) is False


def test_paint() -> None:
    assert paint("error", SEVERITY_SGR[Severity.ERROR], True) == "\x1b[1;31merror\x1b[0m"
    assert paint("error", SEVERITY_SGR[Severity.ERROR], False) == "error"
    assert paint("", "1", True) == ""


# --- end to end: nothing from the input reaches a terminal as an escape sequence -------------

# Rich markup, an emoji code, ESC[2J (clear screen), OSC 0 (window title) ended by BEL, the
# one-byte C1 CSI (U+009B) and a right-to-left override, in the preamble, headline and body; the
# last line quotes some in cut-short, and ESC sits next to mojibake, whose message quotes the word.
INJECTION = (
    b"BSS-9 [bold]x[/bold] [/] :smile:\n\n"
    b"ZCZC\n\nBSS-1\n\nSLUG\n\n"
    b"Headline [bold]x[/bold] [/] [link=http://x]y[/link] :smile: \xe2\x80\xae end\n\n"
    b"DHAKA, May 1, 2024 (BSS) - Text \x1b[2J and \x1b]0;title\x07 and \xc2\x9b31m.\n\n"
    b"\x1b[2JRussia\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s [link=http://x]y[/link] said \xe2\x80\xae [/] :smile:\n"
)
OUR_SGR = re.compile(r"\x1b\[[0-9;]*m")
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key not in {"NO_COLOR", "FORCE_COLOR"}}
    return subprocess.run(
        [sys.executable, "-m", "wirecli", *arguments, "--reference-date", "2026-11-28"],
        capture_output=True,
        cwd=ROOT,
        env=environment | (env or {}),
        check=False,
    )


def assert_terminal_safe(output: bytes) -> str:
    """The output as text, after checking that only our own colour codes are escape sequences."""
    text = output.decode()
    assert FORBIDDEN.search(OUR_SGR.sub("", text)) is None, "an input control reached the output"
    return text


@pytest.fixture
def injection(tmp_path: Path) -> str:
    path = tmp_path / "injection.txt"
    path.write_bytes(INJECTION)
    return str(path)


def test_convert_diagnostics_on_stderr_are_safe_with_colour(injection: str) -> None:
    result = run("convert", "--to", "text", injection, env={"FORCE_COLOR": "1"})
    stderr = assert_terminal_safe(result.stderr)
    assert f"\x1b[1m{injection}:13:11:\x1b[0m \x1b[33mwarning\x1b[0m mojibake: " in stderr
    assert "'␛[2JRussiaâ€™s' should read '␛[2JRussia’s'" in stderr
    assert "said <U+202E> [/] :smile:') at the end of the input" in stderr
    assert "removed control characters U+0007, U+001B, U+009B" in stderr


def test_convert_diagnostics_are_plain_when_not_a_terminal(injection: str) -> None:
    result = run("convert", "--to", "text", injection)
    stderr = assert_terminal_safe(result.stderr)
    assert "\x1b" not in stderr
    assert f"{injection}:13:11: warning mojibake: " in stderr


def test_validate_text_is_safe_with_colour(injection: str) -> None:
    result = run("validate", "--color", "always", injection)
    stdout = assert_terminal_safe(result.stdout)
    assert "'␛[2JRussiaâ€™s' should read '␛[2JRussia’s'" in stdout
    assert "said <U+202E> [/] :smile:')" in stdout
    assert_terminal_safe(result.stderr)


def test_validate_json_escapes_controls_and_keeps_the_text(injection: str) -> None:
    result = run("validate", "-F", "json", injection, env={"FORCE_COLOR": "1"})
    stdout = assert_terminal_safe(result.stdout)
    assert "\\u001b[2JRussia" in stdout
    assert "\\u202e [/] :smile:" in stdout
    records = [orjson.loads(line) for line in stdout.splitlines()]
    (mojibake,) = [record for record in records if record["code"] == "mojibake"]
    assert (mojibake["line"], mojibake["column"]) == (13, 11)
    assert "'\x1b[2JRussiaâ€™s' should read '\x1b[2JRussia’s'" in mojibake["message"]


@pytest.mark.parametrize("raw", [False, True], ids=["story", "raw"])
def test_show_is_safe_with_colour(injection: str, raw: bool) -> None:
    result = run("show", "--color", "always", "--width", "200", *(["--raw"] if raw else []), injection)
    assert result.returncode == 0
    stdout = assert_terminal_safe(result.stdout)
    assert "\x1b]8" not in stdout  # no hyperlink made from [link=...]
    assert "😄" not in stdout
    plain = OUR_SGR.sub("", stdout)
    assert "[bold]x[/bold] [/] [link=http://x]y[/link] :smile: <U+202E> end" in plain
    if raw:
        assert " 1 │ BSS-9 [bold]x[/bold] [/] :smile:" in plain
        assert "DHAKA, May 1, 2024 (BSS) - Text ␛[2J and ␛]0;title␇ and <U+009B>31m." in plain
    else:
        assert "DHAKA, May 1, 2024 (BSS) - Text [2J and ]0;title and 31m." in plain
    assert "'␛[2JRussiaâ€™s' should read '␛[2JRussia’s'" in plain


def test_show_of_latin1_c1_byte_is_safe(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"ZCZC\n\nBSS-1\n\nSLUG\n\nHead \x9b2J line\n")
    result = run("show", "--raw", "--encoding", "latin-1", "--color", "always", str(path))
    plain = OUR_SGR.sub("", assert_terminal_safe(result.stdout))
    assert "Head <U+009B>2J line" in plain


def test_convert_does_not_load_rich() -> None:
    sample = str(ROOT / "samples" / "bss" / "broken-story.txt")
    probe = (
        "import sys\n"
        "from wirecli.cli import app\n"
        f"for command in (['convert', {sample!r}], ['validate', {sample!r}]):\n"
        "    try:\n"
        "        app(command)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "sys.stderr.write('rich loaded' if 'rich' in sys.modules else 'no rich')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, cwd=ROOT, check=False, env={"FORCE_COLOR": "1"}
    )
    assert result.stderr.decode().endswith("no rich")
