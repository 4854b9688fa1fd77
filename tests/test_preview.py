"""``wirecli show``: snapshots at 80 columns, carets, and the command's options."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rich.console
import rich.pager
from rich.panel import Panel
from rich.rule import Rule
from typer.testing import CliRunner

from tests.golden_tool import ROOT
from tests.snapshot_tool import CASES, VARIANTS, render_show, snapshot_path
from wirecli.cli import app
from wirecli.model import ParseOptions
from wirecli.pipeline import parse_input
from wirecli.preview import caret, make_console, paging

SGR = re.compile(r"\x1b\[[0-9;]*m")
SNAPSHOT_IDS = [f"{sample}{suffix}" for sample in CASES for suffix in VARIANTS]


@pytest.mark.parametrize(
    ("sample", "suffix"), [(sample, suffix) for sample in CASES for suffix in VARIANTS], ids=SNAPSHOT_IDS
)
def test_show_matches_snapshot(sample: str, suffix: str) -> None:
    raw, colour = VARIANTS[suffix]
    snapshot = snapshot_path(sample, suffix)
    assert snapshot.exists(), f"no snapshot {snapshot}; run 'make snapshots'"
    rendered = render_show(sample, raw=raw, colour=colour)
    assert rendered == snapshot.read_text(), f"{snapshot} differs; run 'make snapshots' and review"


@pytest.mark.parametrize("sample", CASES)
def test_colour_snapshot_is_the_plain_one_plus_sgr(sample: str) -> None:
    for raw in (False, True):
        coloured = render_show(sample, raw=raw, colour=True)
        assert "\x1b[" in coloured
        assert SGR.sub("", coloured) == render_show(sample, raw=raw, colour=False)


def test_plain_snapshot_fits_80_columns_and_has_no_escapes() -> None:
    for sample in CASES:
        for raw in (False, True):
            rendered = render_show(sample, raw=raw, colour=False)
            assert "\x1b" not in rendered
            assert max(len(line) for line in rendered.splitlines()) == 80


def panel_row(text: str) -> str:
    return "│ " + text.ljust(76) + " │"


def test_clean_story_snapshot_shows_metadata_and_subhead() -> None:
    rendered = render_show("samples/bss/russia-nkorea-summit.txt", raw=False, colour=False)
    lines = rendered.splitlines()
    assert lines[0].startswith("╭─ samples/bss/russia-nkorea-summit.txt · story 1 ──")
    assert lines[1] == panel_row("BFF-09  RUSSIA-NKOREA-SUMMIT  bss · utf-8")
    assert lines[3] == panel_row("N.Korea’s Kim, Putin to hold first talks in Russia’s Far East")
    assert panel_row("Dateline  MOSCOW, April 24, 2019 (BSS/AFP)  2019-04-24") in lines
    assert panel_row("Created   2019-04-24 08:26+06:00") in lines
    assert panel_row("Words     727") in lines
    assert panel_row("– Cold War ties –") in lines
    assert lines[-5:-2] == [
        panel_row("Diagnostics"),
        panel_row(" 51:1 info hyphen-join: joined 'Jae-in' across lines"),
        panel_row("114:1 info timezone-assumed: signoff time 08:26 read as +06:00 (BSS files"),
    ]


def test_raw_view_puts_the_diagnostic_under_its_line() -> None:
    lines = render_show("samples/bss/broken-story.txt", raw=True, colour=False).splitlines()
    where = lines.index("27 │ electricity and said the government should")
    assert lines[where + 1] == "   │ ^"
    assert lines[where + 2] == "   │ 27:1 warning cut-short: the story stops mid-sentence ('…and said the"


def test_caret_is_placed_by_cells_of_the_visible_line() -> None:
    assert caret("abc", 3) == "  ^"
    assert caret("  indented", None) == "  ^"
    assert caret("", None) == "^"
    # ESC shows as one cell (␛); C1 CSI shows as <U+009B>, eight cells.
    assert caret("\x1bx", 2) == " ^"
    assert caret("\x9bx", 2) == " " * 8 + "^"


def test_source_lines_number_like_the_input() -> None:
    data = b"ZCZC\r\nBSS-1\r\nNNNN\r\n\r\nBSS-2 Title\nZCZC\nBSS-2"
    parsed = parse_input((data,), ParseOptions(reference_date=dt.date(2026, 1, 1)), keep_sources=True)
    assert len(list(parsed)) == 2
    assert parsed.facts.sources == [
        [(1, "ZCZC"), (2, "BSS-1"), (3, "NNNN")],
        [(5, "BSS-2 Title"), (6, "ZCZC"), (7, "BSS-2")],
    ]


def test_console_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    console = make_console(buffer, width=60, colour=True)
    console.print("x" * 70, style="red")
    assert buffer.getvalue() == "\x1b[31m" + "x" * 60 + "\x1b[0m\n\x1b[31m" + "x" * 10 + "\x1b[0m\n"


# --- the command ------------------------------------------------------------------------------

runner = CliRunner()
SAMPLE = "samples/bss/no-year-dateline.txt"


def show(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["show", *arguments, "--reference-date", "2026-11-28"], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_show_writes_the_preview_to_stdout_at_80_columns_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, stdout, stderr = show(SAMPLE, env={"COLUMNS": "120"})
    assert (code, stderr) == (0, "")
    assert stdout == snapshot_path(SAMPLE, ".txt").read_text()


def test_show_colour_always_and_never() -> None:
    _, always, _ = show("--color", "always", str(ROOT / SAMPLE))
    _, never, _ = show("--color", "never", str(ROOT / SAMPLE), env={"FORCE_COLOR": "1"})
    assert "\x1b[33mwarning\x1b[0m" in always
    assert "\x1b" not in never
    assert SGR.sub("", always) == never


def test_show_auto_colour_follows_force_color_and_no_color() -> None:
    _, forced, _ = show(str(ROOT / SAMPLE), env={"FORCE_COLOR": "1"})
    _, refused, _ = show(str(ROOT / SAMPLE), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" in forced
    assert "\x1b" not in refused


def test_show_width_and_raw() -> None:
    code, stdout, _ = show("--raw", "--width", "100", str(ROOT / SAMPLE))
    assert "\x1b" not in stdout
    assert code == 0
    assert max(len(line) for line in stdout.splitlines()) == 100
    assert " 5 │ ZCZC" in stdout.splitlines()


def test_show_reads_stdin_and_reports_unreadable_files() -> None:
    data = (ROOT / SAMPLE).read_bytes()
    result = runner.invoke(
        app, ["show", "-", "missing.txt", "--reference-date", "2026-11-28"], input=data, env={}
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("╭─ <stdin> · story 1 ─")
    assert result.stderr == "wirecli: cannot read missing.txt: No such file or directory\n"


def test_show_empty_input() -> None:
    result = runner.invoke(app, ["show", "-"], input=b"")
    assert (result.exit_code, result.stdout) == (0, "<stdin>: no stories\n")


def test_show_usage_errors() -> None:
    assert runner.invoke(app, ["show", "--color", "sometimes", "x"]).exit_code == 2
    assert runner.invoke(app, ["show", "--encoding", "nope", "x"]).exit_code == 2
    assert runner.invoke(app, ["show", "--reference-date", "May 1", "x"]).exit_code == 2


def test_piped_show_has_no_trailing_blanks_with_or_without_colour() -> None:
    for colour in ("never", "always"):
        code, stdout, _ = show("--raw", "--color", colour, str(ROOT / SAMPLE))
        assert code == 0
        assert [line for line in SGR.sub("", stdout).splitlines() if line != line.rstrip()] == []
    # The panel view keeps its right border where it was: only padding at the very end goes.
    _, panels, _ = show(str(ROOT / SAMPLE))
    assert {len(line) for line in panels.splitlines()} == {80}


def test_a_console_for_a_terminal_keeps_rich_padding() -> None:
    buffer = io.StringIO()
    console = make_console(buffer, width=20, colour=False, trim=False)
    console.print(Rule("x"), "a", Panel("b"))
    trimmed = io.StringIO()
    make_console(trimmed, width=20, colour=False).print(Rule("x"), "a", Panel("b"))
    assert [line.rstrip() for line in buffer.getvalue().splitlines()] == trimmed.getvalue().splitlines()


@pytest.mark.parametrize(("environment", "seen"), [({}, "FRX"), ({"LESS": "-S"}, "-S"), ({"LESS": ""}, "")])
def test_the_pager_gets_less_r_unless_the_user_set_less(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], seen: str
) -> None:
    monkeypatch.delenv("LESS", raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    paged: list[str | None] = []

    class Pager(rich.pager.Pager):
        def show(self, content: str) -> None:
            paged.append(os.environ.get("LESS"))

    console = make_console(io.StringIO(), width=40, colour=True)
    monkeypatch.setattr(rich.console, "SystemPager", Pager)
    with paging(console, True, colour=True):
        console.print("text")
    assert paged == [seen]
    assert os.environ.get("LESS") == environment.get("LESS")


def test_show_and_validate_end_quietly_on_a_closed_pipe(tmp_path: Path) -> None:
    feed = tmp_path / "big.txt"
    feed.write_bytes(b"".join((ROOT / SAMPLE).read_bytes() for _ in range(300)))
    for command in ("validate -v", "show"):
        script = f"{sys.executable} -m wirecli {command} {feed} --reference-date 2026-11-28 | head -1"
        result = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, check=False)
        assert (result.returncode, result.stderr) == (0, b""), command
        assert result.stdout.count(b"\n") == 1
