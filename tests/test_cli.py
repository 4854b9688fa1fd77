"""The convert command end to end: stdout carries data only, stderr the diagnostics, exit codes."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import ROOT
from wirecli import __version__, cli
from wirecli.cli import app
from wirecli.formats import REGISTRY, Message, WireFormat
from wirecli.model import ParseOptions, Source, Story
from wirecli.render import OUTPUTS

runner = CliRunner()
SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
BROKEN = ROOT / "samples" / "bss" / "broken-story.txt"
NO_YEAR = ROOT / "samples" / "bss" / "no-year-dateline.txt"
REF = ["--reference-date", "2026-11-28"]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"wirecli {__version__}\n"


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["convert", "--help"])
    assert result.exit_code == 0
    assert "wirecli convert --to ndjson" in result.stdout.replace("\n", " ") or "jq" in result.stdout


def test_convert_a_file_to_json() -> None:
    result = runner.invoke(app, ["convert", str(SEED)])
    assert result.exit_code == 0
    story = orjson.loads(result.stdout)
    assert story["code"] == "BFF-09"
    assert result.stderr == ""


def test_stdin_with_encoding_override() -> None:
    data = (
        "ZCZC\n\nBSS-41\n\nSLUG\n\nHeadline\n\n"
        "DHAKA, July 2, 2026 (BSS) - Caf\u00e9 opens.\n\nBSS/SRH/1412 hrs"
    )
    result = runner.invoke(app, ["convert", "--encoding", "latin-1", *REF], input=data.encode("latin-1"))
    assert result.exit_code == 0, result.stderr
    story = orjson.loads(result.stdout)
    assert story["source"] == {"path": None, "index": 0, "line": 1, "encoding": "iso8859-1"}
    assert story["body"][0]["text"].endswith("Café opens.")


def test_warnings_go_to_stderr_and_exit_zero_unless_strict() -> None:
    result = runner.invoke(app, ["convert", str(NO_YEAR), *REF, "--to", "ndjson"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{NO_YEAR}:13:1: warning dateline-year-assumed: dateline 'Nov 3' has no year; assumed 2026, "
        "the latest not after 2026-11-28 (pass --year to choose)\n"
    )
    assert orjson.loads(result.stdout)["dateline"]["date"] == "2026-11-03"
    strict = runner.invoke(app, ["convert", str(NO_YEAR), *REF, "--strict"])
    assert strict.exit_code == 1


def test_errors_exit_one_and_still_write_the_data() -> None:
    result = runner.invoke(app, ["convert", str(BROKEN), str(SEED), "--to", "ndjson"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [orjson.loads(line)["code"] for line in lines] == ["BSS-71", "BFF-09"]
    assert f"{BROKEN}:7:1: error missing-headline: no headline line before the story text" in result.stderr


def test_verbose_shows_info_diagnostics() -> None:
    result = runner.invoke(app, ["convert", str(SEED), "-v", "--to", "text"])
    assert f"{SEED}:51:1: info hyphen-join: joined 'Jae-in' across lines" in result.stderr.splitlines()


def test_unreadable_input_is_reported_and_the_rest_converted(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["convert", str(missing), str(SEED), "--to", "ndjson"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"wirecli: cannot read {missing}: No such file or directory\n"
        "converted 1 story from 2 files; 1 failed\n"
    )
    assert orjson.loads(result.stdout)["code"] == "BFF-09"


def test_several_stories_become_an_array() -> None:
    result = runner.invoke(app, ["convert", str(SEED), str(NO_YEAR)])
    stories = orjson.loads(result.stdout)
    assert [story["code"] for story in stories] == ["BFF-09", "BSS-29"]


def test_usage_errors_exit_two() -> None:
    assert runner.invoke(app, ["convert", "--to", "xml", str(SEED)]).exit_code == 2
    bad_encoding = runner.invoke(app, ["convert", "--encoding", "klingon", str(SEED)])
    assert bad_encoding.exit_code == 2
    assert bad_encoding.stderr == "wirecli: unknown encoding 'klingon'; try utf-8, cp1252 or latin-1\n"
    bad_date = runner.invoke(app, ["convert", "--reference-date", "yesterday", str(SEED)])
    assert bad_date.exit_code == 2


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "story.md"
    result = runner.invoke(app, ["convert", "--to", "md", str(SEED), "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text().startswith('---\nformat: "bss"\n')
    assert sorted(path.name for path in tmp_path.iterdir()) == ["story.md"]


def test_unwritable_output_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["convert", str(SEED), "-o", str(blocker / "out.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"wirecli: cannot write {blocker / 'out.json'}: ")


def run_wirecli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wirecli", *args], input=stdin, capture_output=True, check=False
    )


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wirecli", "convert", str(SEED), "-o", "-"],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert orjson.loads(result.stdout)["code"] == "BFF-09"
    assert list(tmp_path.iterdir()) == []


def test_output_to_a_fifo_streams_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run_wirecli("convert", "--to", "ndjson", str(SEED), "-o", str(fifo))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert orjson.loads(reader.communicate(timeout=30)[0])["code"] == "BFF-09"
    assert fifo.is_fifo()


def test_output_to_a_process_substitution_reaches_the_process(tmp_path: Path) -> None:
    script = f"{sys.executable} -m wirecli convert {SEED} -o >(wc -c > {tmp_path / 'count'}); wait"
    result = subprocess.run(["bash", "-c", script], capture_output=True, check=False)
    assert (result.returncode, result.stderr) == (0, b"")
    for _ in range(100):
        if (tmp_path / "count").exists() and (tmp_path / "count").read_text().strip():
            break
        time.sleep(0.05)
    expected = runner.invoke(app, ["convert", str(SEED)]).stdout_bytes
    assert int((tmp_path / "count").read_text()) == len(expected)


def test_output_to_a_link_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    result = runner.invoke(app, ["convert", str(SEED), "-o", str(link)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert orjson.loads((tmp_path / "real.json").read_bytes())["code"] == "BFF-09"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_output_to_a_device_is_written_not_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device needs privileges this test does not have")
    result = runner.invoke(app, ["convert", str(SEED), "-o", str(device)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_run_that_reads_no_input_leaves_the_output_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert runner.invoke(app, ["convert", str(SEED), "-o", str(target)]).exit_code == 0
    good = target.read_bytes()
    typo = tmp_path / "typo.txt"
    result = runner.invoke(app, ["convert", str(typo), "-o", str(target)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"wirecli: cannot read {typo}: No such file or directory\n"
    assert target.read_bytes() == good
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json"]


def test_output_to_a_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(SEED), "-o", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"wirecli: cannot write {tmp_path}: Is a directory\n"


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    # A pseudo-terminal stands in for a user typing `wirecli convert` with nothing piped in.
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # child: stdin is the terminal
        import os

        os.execv(sys.executable, [sys.executable, "-m", "wirecli", "convert"])
    output = b""
    try:
        while chunk := _read(fd):
            output += chunk
    finally:
        import os

        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    assert b"no input" in output


def _read(fd: int) -> bytes:
    import os

    try:
        return os.read(fd, 1024)
    except OSError:
        return b""


def test_closed_pipe_ends_quietly() -> None:
    script = f"cat {ROOT}/samples/bss/*.txt | {sys.executable} -m wirecli convert --to ndjson | head -1"
    result = subprocess.run(["bash", "-c", script], capture_output=True, check=False)
    assert result.stdout.count(b"\n") == 1
    assert orjson.loads(result.stdout)["format"] == "bss"
    assert b"Traceback" not in result.stderr
    assert b"Broken pipe" not in result.stderr


def test_python_dash_m_and_stdout_is_bytes_only() -> None:
    result = run_wirecli("convert", "--to", "text", str(SEED))
    assert result.returncode == 0
    assert result.stdout.startswith("N.Korea’s Kim".encode())
    assert result.stderr == b""


def test_convert_to_ninjs() -> None:
    result = runner.invoke(app, ["convert", "--to", "ninjs", str(SEED)])
    assert result.exit_code == 0
    assert result.stderr == ""
    item = orjson.loads(result.stdout)
    assert item["uri"] == "urn:wirecli:bss:2019-04-24:BFF-09"
    assert item["standard"]["version"] == "3.1"


def _fake_format(name: str) -> WireFormat:
    def parse(message: Message, options: ParseOptions) -> Story:
        return Story(format=name, source=Source(options.path, message.index, message.line, message.encoding))

    return WireFormat(name, f"the {name} wire", ("code", "headline"), lambda head: False, parse)


def test_from_forces_a_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "fake", _fake_format("fake"))
    forced = runner.invoke(app, ["convert", "--from", "fake", "--to", "ndjson", str(SEED)])
    assert forced.exit_code == 0
    assert orjson.loads(forced.stdout)["format"] == "fake"
    detected = runner.invoke(app, ["convert", "--to", "ndjson", str(SEED)])
    assert orjson.loads(detected.stdout)["format"] == "bss"


def test_unknown_from_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["convert", "--from", "xml", str(SEED)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"wirecli: unknown format 'xml' for --from; known formats: {', '.join(REGISTRY)}\n"
    )


def test_formats_lists_name_description_and_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "REGISTRY", {"bss": REGISTRY["bss"], "ab": _fake_format("ab")})
    result = runner.invoke(app, ["formats"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        f"bss  {REGISTRY['bss'].description}\n"
        f"     fields: {', '.join(REGISTRY['bss'].fields)}\n"
        "ab   the ab wire\n"
        "     fields: code, headline\n"
    )


def test_formats_as_json() -> None:
    result = runner.invoke(app, ["formats", "--json"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert orjson.loads(result.stdout) == [
        {"name": name, "description": wire.description, "fields": list(wire.fields)}
        for name, wire in REGISTRY.items()
    ]
    assert "bss" in [entry["name"] for entry in orjson.loads(result.stdout)]


# --- the last line of defence in main(): a bug is one line and exit 70, never a traceback ------

# Runs main() with the JSON renderer replaced by one that raises, as a bug in wirecli would.
FAULTY = """
import sys
from wirecli import cli, render

def broken(story, options):
    raise {exception}

render.OUTPUTS["json"] = render.OUTPUTS["json"]._replace(render=broken)
cli.OUTPUTS = render.OUTPUTS
sys.argv = ["wirecli", *sys.argv[1:]]
cli.main()
"""


def run_faulty(
    *arguments: str, exception: str = "ValueError('odd \\x1b[2J state')", debug_env: str = ""
) -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key != cli.DEBUG_ENV}
    if debug_env:
        environment[cli.DEBUG_ENV] = debug_env
    return subprocess.run(
        [sys.executable, "-c", FAULTY.format(exception=exception), *arguments],
        capture_output=True,
        env=environment,
        check=False,
    )


def test_internal_error_is_one_line_and_exit_70() -> None:
    result = run_faulty("convert", str(SEED), *REF)
    assert result.returncode == 70
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "wirecli: internal error: ValueError: odd ␛[2J state; rerun with --debug for the traceback\n"
    )


@pytest.mark.parametrize(("arguments", "debug_env"), [(("--debug",), ""), ((), "1")])
def test_debug_shows_the_traceback(arguments: tuple[str, ...], debug_env: str) -> None:
    result = run_faulty(*arguments, "convert", str(SEED), *REF, debug_env=debug_env)
    assert result.returncode == 70
    stderr = result.stderr.decode()
    assert stderr.startswith("Traceback (most recent call last):\n")
    assert "in broken\n" in stderr
    assert stderr.endswith(
        "ValueError: odd \x1b[2J state\nwirecli: internal error: ValueError: odd ␛[2J state\n"
    )


def test_interrupt_inside_a_command_exits_130() -> None:
    result = run_faulty("convert", str(SEED), *REF, exception="KeyboardInterrupt")
    assert (result.returncode, result.stdout, result.stderr) == (130, b"", b"wirecli: interrupted\n")


def test_a_full_disk_on_stdout_is_reported_not_a_traceback() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full (Linux)")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "wirecli", "convert", str(SEED), *REF],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == b"wirecli: cannot write output: No space left on device\n"


APP_FOR_CASES = [
    ["convert", str(SEED), *REF],
    ["--debug", "convert", str(SEED), "--to", "md", *REF],
    ["convert", "--help"],
    ["convert", "-h"],
    ["convert", "--bogus", str(SEED)],
    ["convert", "--to", "xml", str(SEED)],
    ["convert", "--width", "-1", str(SEED)],
    ["formats"],
    ["formats", "--json"],
    ["validate", "--help"],
    ["validate", str(SEED), *REF],
    ["show", "--help"],
    ["show", "--width", "5", str(SEED)],
    ["--version", "convert"],
    ["--help"],
    ["--help", "convert"],
    ["--debug"],
    ["convrt", str(SEED)],
    [],
]


@pytest.mark.parametrize("args", APP_FOR_CASES, ids=[" ".join(args) or "(none)" for args in APP_FOR_CASES])
def test_app_for_behaves_as_the_whole_app(args: list[str]) -> None:
    whole = runner.invoke(app, args, prog_name="wirecli")
    pruned = runner.invoke(cli.app_for(args), args, prog_name="wirecli")
    assert (pruned.stdout, pruned.stderr, pruned.exit_code) == (whole.stdout, whole.stderr, whole.exit_code)


ALL_COMMANDS = ["convert", "formats", "validate", "show", "schema", "completion"]


@pytest.mark.parametrize(
    ("args", "commands"),
    [
        (["convert", str(SEED)], ["convert"]),
        (["--debug", "--debug", "show", "x"], ["show"]),
        (["--help", "convert"], ALL_COMMANDS),
        (["convrt"], ALL_COMMANDS),
        (["--debug"], ALL_COMMANDS),
    ],
)
def test_app_for_builds_only_the_command_asked_for(args: list[str], commands: list[str]) -> None:
    chosen = cli.app_for(args)
    assert [info.callback.__name__ for info in chosen.registered_commands if info.callback] == commands
    assert (chosen is app) == (len(commands) > 1)


def test_schema_prints_the_story_schema_the_golden_files_follow() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stderr == ""
    printed = orjson.loads(result.stdout)
    assert printed == orjson.loads((ROOT / "wirecli" / "schema" / "story.schema.json").read_bytes())
    assert printed["$id"] == "urn:wirecli:schema:story:1"


def test_schema_ninjs_names_the_schema_that_ninjs_output_declares() -> None:
    result = runner.invoke(app, ["schema", "--ninjs"])
    converted = runner.invoke(app, ["convert", "--to", "ninjs", str(SEED)])
    assert result.exit_code == 0
    assert result.stdout == orjson.loads(converted.stdout)["standard"]["schema"] + "\n"


def _complete(words: str, shell: str = "bash") -> list[str]:
    """What wirecli offers when the completion script asks it to complete ``words``."""
    env = {
        **os.environ,
        "_WIRECLI_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    code = "import sys\nfrom wirecli.cli import main\nsys.argv = ['wirecli']\nmain()\n"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_bash_completion_completes_commands_options_and_their_values() -> None:
    assert _complete("wirecli ") == ALL_COMMANDS
    assert _complete("wirecli con") == ["convert"]
    assert _complete("wirecli convert --to ") == list(OUTPUTS)
    assert _complete("wirecli convert --to n") == ["ndjson", "ninjs", "newsml", "nitf"]
    assert "--reference-date" in _complete("wirecli convert --ref")
    assert _complete("wirecli completion ") == ["bash", "zsh", "fish"]


def test_zsh_and_fish_completion_answer_too() -> None:
    assert "convert" in "\n".join(_complete("wirecli con", "zsh"))
    assert "convert" in "\n".join(_complete("wirecli con", "fish"))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_that_asks_wirecli(shell: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "_WIRECLI_COMPLETE=complete_" + shell in result.stdout.replace('"', "")
    assert "wirecli" in result.stdout


def test_the_bash_completion_script_registers_with_bash(tmp_path: Path) -> None:
    bash = subprocess.run(["which", "bash"], capture_output=True, text=True).stdout.strip()
    if not bash:
        pytest.skip("no bash")
    script = tmp_path / "wirecli.bash"
    script.write_text(runner.invoke(app, ["completion", "bash"]).stdout)
    result = subprocess.run(
        [bash, "--norc", "-c", f"source {script} && complete -p wirecli"], capture_output=True, text=True
    )
    assert result.stdout == "complete -o default -F _wirecli_completion wirecli\n", result.stderr


def test_completion_of_an_unknown_shell_is_a_usage_error() -> None:
    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "tcsh" in result.stderr


@pytest.mark.parametrize(
    ("args", "first_line", "command"),
    [
        (
            ["convert", "--to", "xml"],
            "invalid value for '--to' / '-t': 'xml' is not one of",
            "wirecli convert",
        ),
        (["convert", "--bogus"], "no such option: --bogus", "wirecli convert"),
        (["convrt"], "no such command 'convrt'. Did you mean 'convert'?", "wirecli"),
        (["completion"], "missing argument 'SHELL'. Choose from: bash, zsh, fish", "wirecli completion"),
        (
            ["show", "--width", "5", "x"],
            "invalid value for '--width': 5 is not in the range x>=20",
            "wirecli show",
        ),
    ],
)
def test_usage_errors_are_one_line_and_a_hint(args: list[str], first_line: str, command: str) -> None:
    result = runner.invoke(app, args, prog_name="wirecli")
    assert (result.exit_code, result.stdout) == (2, "")
    error, hint = result.stderr.splitlines()
    assert error.startswith(f"wirecli: {first_line}")
    assert hint == f"Try '{command} --help' for help."


def test_no_arguments_still_shows_the_help() -> None:
    result = runner.invoke(app, [], prog_name="wirecli")
    assert result.exit_code == 2
    assert "Usage: wirecli [OPTIONS] COMMAND [ARGS]..." in result.stderr
    assert "convert" in result.stderr


def test_choice_values_ignore_case() -> None:
    upper = runner.invoke(app, ["convert", "--to", "NDJSON", "-f", "BSS", str(SEED)])
    lower = runner.invoke(app, ["convert", "--to", "ndjson", "--from", "bss", str(SEED)])
    assert upper.exit_code == 0, upper.stderr
    assert upper.stdout == lower.stdout
    assert orjson.loads(upper.stdout)["format"] == "bss"
    assert runner.invoke(app, ["completion", "Fish"]).exit_code == 0


@pytest.mark.parametrize("command", ["convert", "validate", "show"])
def test_dash_f_is_from_on_every_command_that_reads_stories(command: str) -> None:
    short = runner.invoke(app, [command, "-f", "anpa1312", str(SEED)])
    long = runner.invoke(app, [command, "--from", "anpa1312", str(SEED)])
    detected = runner.invoke(app, [command, str(SEED)])
    assert (short.stdout, short.stderr, short.exit_code) == (long.stdout, long.stderr, long.exit_code)
    assert short.stdout != detected.stdout  # a BSS story read as ANPA 1312 is another story
    short = runner.invoke(app, [command, "-f", "nope", str(SEED)])
    assert (short.exit_code, short.stdout) == (2, "")
    assert short.stderr.startswith("wirecli: unknown format 'nope' for --from; known formats: anpa1312,")


@pytest.mark.parametrize(
    ("mode", "env", "coloured"),
    [("always", {"NO_COLOR": "1"}, True), ("never", {"FORCE_COLOR": "1"}, False), ("auto", {}, False)],
)
def test_convert_colours_its_diagnostics_as_color_says(
    mode: str, env: dict[str, str], coloured: bool
) -> None:
    result = runner.invoke(app, ["convert", "--color", mode.upper(), str(NO_YEAR), *REF], env=env)
    assert result.exit_code == 0, result.stderr
    assert ("\x1b[" in result.stderr) is coloured
    assert "dateline-year-assumed" in result.stderr
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_help_writes_every_value_one_way(name: str) -> None:
    # Free values are upper-case words (FILE, N, YYYY-MM-DD); choices list their values.
    from typer.main import get_command

    group = get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    context = typer.Context(command, info_name=name)
    for param in command.get_params(context):
        record = param.get_help_record(context)
        if record is None or param.param_type_name == "argument":
            continue
        names = record[0].split(", ")
        value = names[-1].partition(" ")[2]
        assert value == "" or re.fullmatch(r"[A-Z][A-Z0-9.-]*|<[a-z0-9.|]+>", value), f"{name} {record[0]}"
    usage = " ".join(command.collect_usage_pieces(context))
    assert usage == usage.upper().replace("[OPTIONS]", "[OPTIONS]"), usage
