"""``wirecli validate``: the line and JSON formats, the tally, and the command's exit status."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterable

import orjson
import pytest

from tests.golden_tool import ROOT
from wirecli.inputs import Input, InputKind
from wirecli.messages import diagnostic_line
from wirecli.model import Diagnostic, ParseOptions, Severity
from wirecli.tally import InputRecord, Tally
from wirecli.validate import Finding, ReadFailure, check_inputs, finding_json, json_safe

OPTIONS = ParseOptions(reference_date=dt.date(2026, 11, 28))
CLEAN = "samples/bss/russia-nkorea-summit.txt"
WARNING = "samples/bss/no-year-dateline.txt"
BROKEN = "samples/bss/broken-story.txt"
FEED = "samples/bss/multi-story-feed.txt"

# --- formats -----------------------------------------------------------------------------------


def test_diagnostic_line_with_and_without_column() -> None:
    located = Diagnostic(Severity.WARNING, "mojibake", "text looks double-encoded", 9, 34)
    unplaced = Diagnostic(Severity.ERROR, "missing-framing", "no ZCZC line starts the story", None)
    assert diagnostic_line("a.txt", located) == "a.txt:9:34: warning mojibake: text looks double-encoded"
    assert (
        diagnostic_line("a.txt", unplaced)
        == "a.txt:1:1: error missing-framing: no ZCZC line starts the story"
    )


def test_diagnostic_line_in_colour() -> None:
    diagnostic = Diagnostic(Severity.ERROR, "empty-body", "the story has no paragraphs", 9)
    assert diagnostic_line("a.txt", diagnostic, colour=True) == (
        "\x1b[1ma.txt:9:1:\x1b[0m \x1b[1;31merror\x1b[0m empty-body: the story has no paragraphs"
    )


def test_diagnostic_line_makes_name_and_message_visible() -> None:
    diagnostic = Diagnostic(Severity.INFO, "hyphen-join", "joined '\x1b[2J'", 3)
    assert diagnostic_line("a\x07.txt", diagnostic) == "a␇.txt:3:1: info hyphen-join: joined '␛[2J'"


def test_finding_json_has_every_field_and_the_hint() -> None:
    diagnostic = Diagnostic(Severity.WARNING, "future-date", "dateline date 2027-05-01 is after", 9)
    record = orjson.loads(finding_json(Finding("<stdin>", None, 2, diagnostic)))
    assert record == {
        "path": None,
        "story": 2,
        "line": 9,
        "column": None,
        "severity": "warning",
        "code": "future-date",
        "message": "dateline date 2027-05-01 is after",
        "hint": "check the dateline year, or pass --reference-date when converting old copy",
    }


def test_json_safe_escapes_what_a_terminal_could_act_on() -> None:
    document = orjson.dumps({"m": "a\x1bb\x9bc\u202ed\u2028e’"})
    assert json_safe(document) == b'{"m":"a\\u001bb\\u009bc\\u202ed\\u2028e\xe2\x80\x99"}'
    assert orjson.loads(json_safe(document)) == orjson.loads(document)


# --- tally and the pure run --------------------------------------------------------------------


def _read(path: str) -> Iterable[bytes]:
    if path == "missing.txt":
        raise FileNotFoundError(2, "No such file or directory")
    return [(ROOT / path).read_bytes()] if path != "-" else [b"ZCZC\n\nBSS-1\n"]


def test_check_inputs_reports_each_finding_and_goes_on_after_a_read_failure() -> None:
    records: list[InputRecord] = []
    inputs = [Input(path, InputKind.FILE) for path in ("missing.txt", BROKEN)] + [
        Input("-", InputKind.STREAM)
    ]
    items = list(check_inputs(inputs, OPTIONS, _read, records))
    assert items[0] == ReadFailure("missing.txt", "cannot read missing.txt: No such file or directory")
    findings = [item for item in items[1:] if isinstance(item, Finding)]
    assert [(f.name, f.path, f.story, f.diagnostic.code) for f in findings] == [
        (BROKEN, BROKEN, 0, "missing-headline"),
        (BROKEN, BROKEN, 0, "missing-dateline"),
        (BROKEN, BROKEN, 0, "cut-short"),
        (BROKEN, BROKEN, 0, "missing-signoff"),
        ("<stdin>", None, 0, "missing-keyword"),
        ("<stdin>", None, 0, "missing-headline"),
        ("<stdin>", None, 0, "missing-signoff"),
        ("<stdin>", None, 0, "empty-body"),
    ]
    tally = Tally(records)
    assert (tally.files, tally.unreadable, tally.stories) == (3, 1, 2)
    assert tally.validation_summary() == "3 files, 2 stories: 4 errors, 4 warnings; 1 file could not be read"


# --- the command, run as a program ---------------------------------------------------------------


def wirecli(*arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "wirecli", *arguments],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def validate(*arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return wirecli("validate", "--reference-date", "2026-11-28", *arguments, stdin=stdin)


def test_clean_story_exits_0_with_only_a_summary() -> None:
    result = validate(CLEAN)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "1 file, 1 story: 0 errors, 0 warnings\n"


def test_verbose_adds_info_diagnostics() -> None:
    result = validate("-v", CLEAN)
    assert result.returncode == 0
    assert result.stdout == (
        f"{CLEAN}:51:1: info hyphen-join: joined 'Jae-in' across lines\n"
        f"{CLEAN}:114:1: info timezone-assumed: signoff time 08:26 read as +06:00 (BSS files from Dhaka) "
        "on the dateline date\n"
    )
    assert result.stderr == "1 file, 1 story: 0 errors, 0 warnings, 2 info\n"


def test_warnings_exit_0_but_1_under_strict() -> None:
    expected = (
        f"{WARNING}:13:1: warning dateline-year-assumed: dateline 'Nov 3' has no year; assumed 2026, "
        "the latest not after 2026-11-28 (pass --year to choose)\n"
    )
    plain, strict = validate(WARNING), validate("--strict", WARNING)
    assert (plain.returncode, plain.stdout) == (0, expected)
    assert (strict.returncode, strict.stdout) == (1, expected)
    assert strict.stderr == "1 file, 1 story: 0 errors, 1 warning\n"


def test_year_option_silences_the_year_warning() -> None:
    result = validate("--strict", "--year", "2026", WARNING)
    assert (result.returncode, result.stdout) == (0, "")


def test_errors_exit_1_and_list_every_file() -> None:
    result = validate(CLEAN, WARNING, BROKEN)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{WARNING}:13:1: warning dateline-year-assumed: dateline 'Nov 3' has no year; assumed 2026, "
        "the latest not after 2026-11-28 (pass --year to choose)",
        f"{BROKEN}:7:1: error missing-headline: no headline line before the story text",
        f"{BROKEN}:7:1: error missing-dateline: the first paragraph does not open with "
        "'PLACE, Month D, YYYY (CREDIT) – '",
        f"{BROKEN}:27:1: warning cut-short: the story stops mid-sentence "
        "('…and said the government should') at the end of the input",
        f"{BROKEN}:27:1: warning missing-signoff: no signoff line such as 'BSS/AFP/GMR/0826 hrs' at the end",
    ]
    assert result.stderr == "3 files, 3 stories: 2 errors, 3 warnings\n"


def test_quiet_prints_only_the_summary() -> None:
    result = validate("-q", CLEAN, FEED, BROKEN)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "3 files, 5 stories: 2 errors, 2 warnings\n"


def test_json_lines() -> None:
    result = validate("--output-format", "json", WARNING, BROKEN)
    assert result.returncode == 1
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {
        "path": WARNING,
        "story": 0,
        "line": 13,
        "column": None,
        "severity": "warning",
        "code": "dateline-year-assumed",
        "message": "dateline 'Nov 3' has no year; assumed 2026, the latest not after 2026-11-28 "
        "(pass --year to choose)",
        "hint": "pass --year to say which year the dateline means",
    }
    assert [(r["path"], r["line"], r["severity"], r["code"]) for r in records[1:]] == [
        (BROKEN, 7, "error", "missing-headline"),
        (BROKEN, 7, "error", "missing-dateline"),
        (BROKEN, 27, "warning", "cut-short"),
        (BROKEN, 27, "warning", "missing-signoff"),
    ]
    assert result.stderr == "2 files, 2 stories: 2 errors, 3 warnings\n"


def test_stdin_and_unreadable_input() -> None:
    data = (ROOT / BROKEN).read_bytes()
    result = validate("-F", "json", "-", "missing.txt", stdin=data)
    assert result.returncode == 1
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert {(record["path"], record["story"]) for record in records} == {(None, 0)}
    assert result.stderr == (
        "wirecli: cannot read missing.txt: No such file or directory\n"
        "2 files, 1 story: 2 errors, 2 warnings; 1 file could not be read\n"
    )
    text = validate("-", stdin=data)
    assert text.stdout.splitlines()[0] == (
        "<stdin>:7:1: error missing-headline: no headline line before the story text"
    )


def test_story_index_counts_within_each_input() -> None:
    feed = (ROOT / FEED).read_bytes()
    result = validate("-F", "json", "-v", "-", stdin=feed + b"\nNNNN\nleft over\n")
    stories = [(record["story"], record["code"]) for record in map(orjson.loads, result.stdout.splitlines())]
    assert (3, "trailing-text") in stories
    assert {story for story, _ in stories} == {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-F", "xml", CLEAN], "wirecli: invalid value for '--output-format' / '-F'"),
        (
            ["--encoding", "klingon", CLEAN],
            "wirecli: unknown encoding 'klingon'; try utf-8, cp1252 or latin-1",
        ),
        (["--color", "sometimes", CLEAN], "wirecli: invalid value for '--color'"),
        (["--year", "0", CLEAN], "wirecli: invalid value for '--year'"),
    ],
)
def test_usage_errors_exit_2(arguments: list[str], message: str) -> None:
    result = validate(*arguments)
    assert (result.returncode, result.stdout) == (2, "")
    assert message in result.stderr


def test_bad_reference_date_exits_2() -> None:
    result = wirecli("validate", "--reference-date", "28/11/2026", CLEAN)
    assert result.returncode == 2
    assert result.stderr == "wirecli: --reference-date must be a date as YYYY-MM-DD, not '28/11/2026'\n"


def test_colour_always_colours_the_lines() -> None:
    result = validate("--color", "always", WARNING)
    assert result.stdout.startswith(
        f"\x1b[1m{WARNING}:13:1:\x1b[0m \x1b[33mwarning\x1b[0m dateline-year-assumed:"
    )


def test_convert_prints_diagnostics_in_the_same_format() -> None:
    result = wirecli("convert", "--reference-date", "2026-11-28", "--to", "text", BROKEN)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{BROKEN}:7:1: error missing-headline: no headline line before the story text"
    )


def test_the_real_bss_story_is_clean() -> None:
    corpus = ROOT.parent / "shared" / "corpus" / "bss"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not present")
    result = wirecli("validate", "--strict", *sorted(str(path) for path in corpus.glob("*.txt")))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "1 file, 1 story: 0 errors, 0 warnings\n"


@pytest.mark.parametrize(
    ("old", "note"),
    [
        (
            ["--format", "JSON"],
            "wirecli: --format is now --output-format (-F); the old name goes in the next release",
        ),
        (["-f", "json"], "wirecli: -f now means --from; use -F (--output-format) for the output"),
    ],
)
def test_the_old_output_switch_still_works_with_a_note(old: list[str], note: str) -> None:
    current = validate("-F", "json", WARNING)
    result = validate(*old, WARNING)
    assert (result.returncode, result.stdout) == (current.returncode, current.stdout)
    assert orjson.loads(result.stdout.splitlines()[0])["code"] == "dateline-year-assumed"
    assert result.stderr == f"{note}\n{current.stderr}"
