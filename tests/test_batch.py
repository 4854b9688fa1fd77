"""Batch, pipeline and cron runs of ``wirecli convert``, end to end through ``python -m wirecli``.

Nothing here measures time: tests that need an event (the first output of a run, a line on a
pipe) poll or select for it with a generous limit, and fail only if it never comes.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.stories import feed, story, write_inbox
from wirecli.cli import app

WIRECLI = [sys.executable, "-m", "wirecli", "convert"]
PATIENCE_SECONDS = 120.0


def wirecli(
    *arguments: str, cwd: Path, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*WIRECLI, *arguments], cwd=cwd, input=stdin, capture_output=True, env=env)


def start(*arguments: str, cwd: Path, **popen: Any) -> subprocess.Popen[bytes]:
    popen.setdefault("stdin", subprocess.DEVNULL)
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([*WIRECLI, *arguments], cwd=cwd, **popen)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def outputs(out_dir: Path) -> dict[str, bytes]:
    """The stories of an output folder (bookkeeping left out), by relative path."""
    return {
        path.relative_to(out_dir).as_posix(): path.read_bytes()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(out_dir).parts)
    }


def part_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".*.part"))


def manifests(out_dir: Path) -> list[Path]:
    return sorted((out_dir / ".wirecli" / "inputs").glob("*.json"))


def summary(stderr: bytes) -> str:
    return stderr.decode().splitlines()[-1]


# Options that cannot work together


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["a.txt", "-o", "x.json", "--out-dir", "out"], "wirecli: give -o/--output or --out-dir, not both\n"),
        (["a.txt", "--name", "{code}"], "wirecli: --name works with --out-dir DIR only\n"),
        (["a.txt", "--keep-dirs"], "wirecli: --keep-dirs works with --out-dir DIR only\n"),
        (["a.txt", "--skip-existing"], "wirecli: --skip-existing works with --out-dir DIR only\n"),
        (
            ["-", "--files-from", "-"],
            "wirecli: standard input cannot be both an input ('-') and the list of --files-from -\n",
        ),
        (
            ["a.txt", "--out-dir", "out", "--name", "{title}"],
            "wirecli: --name '{title}' uses an unknown field {title}; "
            "use {stem}, {index}, {code}, {keyword}, {date}, {format}\n",
        ),
    ],
)
def test_options_that_cannot_work_together_exit_2(
    arguments: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["convert", *arguments], input=b"")
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


# Inputs


def test_a_folder_converts_in_name_order_with_a_summary(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 3)
    result = wirecli("inbox", "--to", "ndjson", cwd=tmp_path)
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["code"], line["source"]["path"]) for line in lines] == [
        ("BSS-1", "inbox/story-0001.txt"),
        ("BSS-2", "inbox/story-0002.txt"),
        ("BSS-3", "inbox/story-0003.txt"),
    ]
    assert result.stderr == b"converted 3 stories from 3 files\n"


def test_one_named_file_has_no_summary(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    result = wirecli("inbox/story-0001.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["code"] == "BSS-1"
    assert result.stderr == b""


def test_recursive_glob_and_hidden_files(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    write_inbox(tmp_path / "inbox" / "2026" / "april", 1)
    (tmp_path / "inbox" / "notes.md").write_bytes(b"not a story")
    (tmp_path / "inbox" / ".story-0009.txt").write_bytes(story(9))
    result = wirecli("-r", "--glob", "*.txt", "inbox", "--to", "ndjson", cwd=tmp_path)
    assert result.returncode == 0
    paths = [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()]
    assert paths == ["inbox/2026/april/story-0001.txt", "inbox/story-0001.txt"]


def test_a_missing_input_is_reported_and_the_rest_converted(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 2)
    result = wirecli(
        "inbox/story-0001.txt", "gone.txt", "inbox/story-0002.txt", "--to", "ndjson", cwd=tmp_path
    )
    assert result.returncode == 1
    assert [json.loads(line)["code"] for line in result.stdout.splitlines()] == ["BSS-1", "BSS-2"]
    assert result.stderr == (
        b"wirecli: cannot read gone.txt: No such file or directory\n"
        b"converted 2 stories from 3 files; 1 failed\n"
    )


def test_files_from_standard_input_as_find_writes_it(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 3)
    listing = b"inbox/story-0003.txt\n\ninbox/story-0001.txt\n"
    result = wirecli("--files-from", "-", "--to", "ndjson", cwd=tmp_path, stdin=listing)
    assert result.returncode == 0
    assert [json.loads(line)["code"] for line in result.stdout.splitlines()] == ["BSS-3", "BSS-1"]
    assert result.stderr == b"converted 2 stories from 2 files\n"


def test_standard_input_among_files(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    result = wirecli("inbox/story-0001.txt", "-", "--to", "ndjson", cwd=tmp_path, stdin=story(7))
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["code"], line["source"]["path"]) for line in lines] == [
        ("BSS-1", "inbox/story-0001.txt"),
        ("BSS-7", None),
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_named_fifo_streams_each_story_as_soon_as_it_is_complete(tmp_path: Path, jobs: str) -> None:
    # With --jobs too: workers take regular files (here one, converted ahead); the FIFO stays live.
    write_inbox(tmp_path / "inbox", 1)
    fifo = tmp_path / "wire"
    os.mkfifo(fifo)
    # Unbuffered: a buffered readline could take the wire's story into Python's buffer along with the
    # inbox's, and select() on the pipe would then wait for data already read.
    process = start(
        "inbox", str(fifo), "--to", "ndjson", "-j", jobs, cwd=tmp_path, stdout=subprocess.PIPE, bufsize=0
    )
    assert process.stdout is not None
    second = story(2)
    with open(fifo, "wb", buffering=0) as wire:
        # The first story and the start of the next: the first is complete, the feed goes on.
        wire.write(story(1) + second[:30])
        assert json.loads(process.stdout.readline())["code"] == "BSS-1"  # from the inbox
        ready, _, _ = select.select([process.stdout], [], [], PATIENCE_SECONDS)
        assert ready, "the first story did not come out while the feed was still open"
        assert json.loads(process.stdout.readline())["code"] == "BSS-1"  # from the wire
        wire.write(second[30:])
    rest = process.stdout.read()
    assert process.wait() == 0
    assert [json.loads(line)["code"] for line in rest.splitlines()] == ["BSS-2"]


# Output folder and names


def test_out_dir_names_by_stem_and_numbers_feeds(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "lone.txt").write_bytes(story(1))
    (tmp_path / "inbox" / "feed.txt").write_bytes(feed(2, 3))
    result = wirecli("inbox", "--out-dir", "out", "--to", "md", cwd=tmp_path)
    assert result.returncode == 0
    assert sorted(outputs(tmp_path / "out")) == ["feed-1.md", "feed-2.md", "lone.md"]
    assert b"plan number 3" in (tmp_path / "out" / "feed-2.md").read_bytes()
    assert result.stderr == b"converted 3 stories from 2 files\n"


def test_keep_dirs_mirrors_the_input_tree(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox" / "a", 1)
    write_inbox(tmp_path / "inbox" / "b", 1)
    result = wirecli("-r", "inbox", "--out-dir", "out", "--keep-dirs", "--to", "text", cwd=tmp_path)
    assert result.returncode == 0
    assert sorted(outputs(tmp_path / "out")) == ["a/story-0001.txt", "b/story-0001.txt"]


def test_hostile_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "climb.txt").write_bytes(story(1, keyword="X/../../../ETC/X"))
    (inbox / "device.txt").write_bytes(story(2, keyword="CON"))
    (inbox / "long.txt").write_bytes(story(3, keyword="L" * 500))
    (inbox / "root.txt").write_bytes(story(4, keyword="9//ETC/PASSWD"))
    before = sorted(tmp_path.rglob("*"))
    result = wirecli("inbox", "--out-dir", "out", "--name", "{keyword}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(outputs(tmp_path / "out")) == sorted(
        ["X_._._._ETC_X.json", "_CON.json", "L" * 195 + ".json", "9__ETC_PASSWD.json"]
    )
    created = set(tmp_path.rglob("*")) - set(before)
    assert all(path.is_relative_to(tmp_path / "out") for path in created)


def test_control_characters_in_file_names_are_neutralised(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "\x1b[31mred\x07.txt").write_bytes(story(1))
    (inbox / ("n" * 240 + ".txt")).write_bytes(story(2))
    result = wirecli("inbox", "--out-dir", "out", "--name", "{stem}-{code}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(outputs(tmp_path / "out")) == ["_[31mred_-BSS-1.json", "n" * 195 + ".json"]


def test_a_folder_link_leading_out_of_the_output_folder_is_refused(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox" / "evil", 1)
    (tmp_path / "outside").mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "outside", tmp_path / "out" / "evil")
    result = wirecli("-r", "inbox", "--out-dir", "out", "--keep-dirs", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "wirecli: inbox/evil/story-0001.txt: story 1 not written: "
        f"out/evil resolves to {tmp_path / 'outside'}, outside out\n"
        "converted 1 story from 1 file; 1 failed\n"
    )
    assert list((tmp_path / "outside").iterdir()) == []


def test_two_stories_with_one_name_never_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_bytes(story(5))
    (tmp_path / "inbox" / "b.txt").write_bytes(story(5))
    result = wirecli("inbox", "--out-dir", "out", "--name", "{code}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        b"wirecli: inbox/b.txt: story 1 not written: out/BSS-5.json was already written for "
        b"inbox/a.txt (story 1) in this run; add {index} or {stem} to --name to tell the stories apart\n"
        b"converted 2 stories from 2 files; 1 failed\n"
    )
    assert json.loads((tmp_path / "out" / "BSS-5.json").read_bytes())["source"]["path"] == "inbox/a.txt"


def test_a_file_that_is_not_ours_is_left_alone(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "story-0001.json").write_bytes(b"somebody else's\n")
    result = wirecli("inbox", "--out-dir", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        b"wirecli: inbox/story-0001.txt: story 1 not written: out/story-0001.json already exists and "
        b"was not written for this input; it is left alone (remove it, or choose another --name)\n"
        b"converted 1 story from 1 file; 1 failed\n"
    )
    assert (tmp_path / "out" / "story-0001.json").read_bytes() == b"somebody else's\n"


def test_a_rerun_replaces_its_own_outputs_and_drops_those_it_no_longer_makes(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    source = tmp_path / "inbox" / "feed.txt"
    source.write_bytes(feed(1, 2))
    assert wirecli("inbox", "--out-dir", "out", cwd=tmp_path).returncode == 0
    assert sorted(outputs(tmp_path / "out")) == ["feed-1.json", "feed-2.json"]
    source.write_bytes(story(3))
    assert wirecli("inbox", "--out-dir", "out", cwd=tmp_path).returncode == 0
    assert sorted(outputs(tmp_path / "out")) == ["feed.json"]
    assert json.loads((tmp_path / "out" / "feed.json").read_bytes())["code"] == "BSS-3"


def test_skip_existing_skips_what_is_up_to_date_only(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 3)
    assert wirecli("inbox", "--out-dir", "out", cwd=tmp_path).returncode == 0
    kept = (tmp_path / "out" / "story-0001.json").stat()
    later = kept.st_mtime_ns + 10_000_000_000
    os.utime(tmp_path / "inbox" / "story-0002.txt", ns=(later, later))
    (tmp_path / "out" / "story-0003.json").unlink()

    result = wirecli("inbox", "--out-dir", "out", "--skip-existing", "--report", "report.json", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == b"converted 2 stories from 2 files; 1 skipped\n"
    report = json.loads((tmp_path / "report.json").read_bytes())
    assert [(entry["path"], entry["status"]) for entry in report["inputs"]] == [
        ("inbox/story-0001.txt", "skipped"),
        ("inbox/story-0002.txt", "converted"),
        ("inbox/story-0003.txt", "converted"),
    ]
    again = (tmp_path / "out" / "story-0001.json").stat()
    assert (again.st_ino, again.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)

    other_settings = wirecli("inbox", "--out-dir", "out", "--skip-existing", "--width", "60", cwd=tmp_path)
    assert other_settings.stderr == b"converted 3 stories from 3 files\n"


# Drop folders, locks and moves


def test_drop_folder_moves_inputs_by_outcome_and_mirrors_folders(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox" / "sub", 1)
    (tmp_path / "inbox" / "broken.txt").write_bytes(b"ZCZC\n\nBSS-9\n\nsome words and nothing else\n")
    result = wirecli(
        "-r",
        "-q",
        "inbox",
        "--out-dir",
        "out",
        "--move-done",
        "done",
        "--move-failed",
        "failed",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr == b"inbox/broken.txt:1:1: error empty-body: the story has no paragraphs\n"
    assert [path.relative_to(tmp_path).as_posix() for path in sorted(tmp_path.rglob("*.txt"))] == [
        "done/sub/story-0001.txt",
        "failed/broken.txt",
    ]
    assert sorted(outputs(tmp_path / "out")) == ["broken.json", "story-0001.json"]
    assert (tmp_path / "out" / ".wirecli.lock").exists()


def test_a_move_that_fails_leaves_the_input_and_says_so(tmp_path: Path) -> None:
    originals = write_inbox(tmp_path / "inbox", 1)
    (tmp_path / "blocker").write_bytes(b"a regular file: nothing can be created below it, even by root")
    result = wirecli(
        "inbox", "--out-dir", "out", "--move-done", "blocker/done", "--report", "report.json", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == (
        b"wirecli: cannot move inbox/story-0001.txt to blocker/done: Not a directory; it stays where it is\n"
        b"converted 1 story from 1 file; 1 not moved\n"
    )
    assert (tmp_path / "inbox" / "story-0001.txt").read_bytes() == originals["story-0001.txt"]
    assert sorted(outputs(tmp_path / "out")) == ["story-0001.json"]
    (entry,) = json.loads((tmp_path / "report.json").read_bytes())["inputs"]
    assert entry["status"] == "converted"
    assert entry["moved_to"] is None
    assert entry["problems"] == [
        "cannot move inbox/story-0001.txt to blocker/done: Not a directory; it stays where it is"
    ]


def test_a_run_that_cannot_get_the_lock_does_nothing_and_exits_0(tmp_path: Path) -> None:
    from wirecli.files import FileLock

    write_inbox(tmp_path / "inbox", 2)
    (tmp_path / "out").mkdir()
    held = FileLock(tmp_path / "out" / ".wirecli.lock")
    assert held.acquire(0)
    try:
        result = wirecli("inbox", "--out-dir", "out", "--move-done", "done", cwd=tmp_path)
        waited = wirecli(
            "inbox", "--out-dir", "out", "--lock", "out/.wirecli.lock", "--lock-wait", "0.3", cwd=tmp_path
        )
    finally:
        held.release()
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert (waited.returncode, waited.stdout, waited.stderr) == (0, b"", b"")
    assert sorted(path.name for path in (tmp_path / "inbox").iterdir()) == [
        "story-0001.txt",
        "story-0002.txt",
    ]
    assert outputs(tmp_path / "out") == {}


@pytest.mark.parametrize("lock_wait", ["0", "600"])
def test_two_runs_on_one_inbox_convert_each_story_exactly_once(tmp_path: Path, lock_wait: str) -> None:
    originals = write_inbox(tmp_path / "inbox", 80, stories_per_file=2)
    common = ["inbox", "--out-dir", "out", "--move-done", "done", "--lock-wait", lock_wait, "-q"]
    runs = [start(*common, "--report", f"report-{number}.json", cwd=tmp_path) for number in (1, 2)]
    assert [run.wait() for run in runs] == [0, 0]
    assert [run.stderr.read() for run in runs if run.stderr] == [b"", b""]
    reports = [json.loads(path.read_bytes()) for path in sorted(tmp_path.glob("report-*.json"))]
    converted = sorted(entry["path"] for report in reports for entry in report["inputs"])
    assert converted == [f"inbox/{name}" for name in sorted(originals)]
    assert sum(report["totals"]["stories"] for report in reports) == 160
    assert list((tmp_path / "inbox").iterdir()) == []
    assert {path.name: path.read_bytes() for path in (tmp_path / "done").iterdir()} == originals
    assert len(outputs(tmp_path / "out")) == 160


# Interruptions


def reference_run(
    tmp_path: Path, files: int, arguments: list[str]
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Inputs and the outputs an uninterrupted run makes of them, converted under the same relative paths."""
    reference = tmp_path / "reference"
    originals = write_inbox(reference / "inbox", files, stories_per_file=2)
    result = wirecli(*arguments, cwd=reference)
    assert result.returncode == 0, result.stderr
    return originals, outputs(reference / "out")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_then_rerun_with_skip_existing_loses_nothing_and_redoes_nothing(
    tmp_path: Path, jobs: str
) -> None:
    arguments = [
        "inbox",
        "--out-dir",
        "out",
        "--move-done",
        "done",
        "--move-failed",
        "failed",
        "-j",
        jobs,
        "-q",
    ]
    originals, expected = reference_run(tmp_path, 300, arguments)
    work = tmp_path / "work"
    write_inbox(work / "inbox", 300, stories_per_file=2)
    out = work / "out"

    process = start(*arguments, cwd=work)
    wait_for(lambda: len(manifests(out)) >= 2, "the first inputs to be converted")
    process.kill()
    assert process.wait() == -signal.SIGKILL, "the run ended before it could be killed"

    # No partial output: whatever exists is exactly what an uninterrupted run writes.
    survivors = outputs(out)
    assert survivors and all(expected[name] == data for name, data in survivors.items())
    moved_before = sorted(path.name for path in (work / "done").iterdir())
    finished = {
        name: (out / name).stat() for name in survivors if name.rsplit("-", 1)[0] + ".txt" in moved_before
    }
    assert finished

    rerun = wirecli(*arguments, "--skip-existing", "--report", "report.json", cwd=work)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr == b""
    assert outputs(out) == expected
    assert part_files(work) == []
    assert list((work / "inbox").iterdir()) == []
    assert {path.name: path.read_bytes() for path in (work / "done").iterdir()} == originals
    # Inputs finished before the kill were neither converted again nor rewritten.
    report = json.loads((work / "report.json").read_bytes())
    assert not {entry["path"] for entry in report["inputs"]} & {f"inbox/{name}" for name in moved_before}
    for name, before in finished.items():
        after = (out / name).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_cleanly_with_130(tmp_path: Path, signal_number: int) -> None:
    write_inbox(tmp_path / "inbox", 300, stories_per_file=2)
    out = tmp_path / "out"
    process = start(
        "inbox",
        "--out-dir",
        "out",
        cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    wait_for(lambda: len(manifests(out)) >= 1, "the first input to be converted")
    process.send_signal(signal_number)
    returncode = process.wait()
    assert process.stderr is not None
    stderr = process.stderr.read()
    assert (returncode, stderr) == (130, b"wirecli: interrupted\n")
    assert part_files(tmp_path) == []
    for name, data in outputs(out).items():
        number = int(name.removeprefix("story-").split("-")[0])
        index = int(name.removesuffix(".json").rsplit("-", 1)[1])
        assert json.loads(data)["code"] == f"BSS-{(number - 1) * 2 + index}"


# Parallel runs, pipes and the terminal


def test_jobs_2_writes_exactly_what_jobs_1_writes(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 40, stories_per_file=3)
    (tmp_path / "inbox" / "broken.txt").write_bytes(b"ZCZC\n\nBSS-9\n\nsome words and nothing else\n")
    for to in ("json", "ndjson", "md", "text"):
        one = wirecli("inbox", "gone.txt", "--to", to, "-j", "1", cwd=tmp_path)
        two = wirecli("inbox", "gone.txt", "--to", to, "-j", "2", cwd=tmp_path)
        assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
        assert one.returncode == 1
    one = wirecli("inbox", "--out-dir", "out-1", "-j", "1", cwd=tmp_path)
    two = wirecli("inbox", "--out-dir", "out-2", "-j", "0", cwd=tmp_path)
    assert (two.returncode, two.stderr) == (one.returncode, one.stderr)
    assert outputs(tmp_path / "out-2") == outputs(tmp_path / "out-1")
    assert len(outputs(tmp_path / "out-1")) == 121


def test_a_closed_pipe_ends_quietly_with_jobs(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 200)
    process = start("inbox", "--to", "ndjson", "-j", "2", cwd=tmp_path, stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["code"] == "BSS-1"
    process.stdout.close()
    assert process.stderr.read() == b""
    assert process.wait() == 0


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "no-signoff.txt").write_bytes(story(1).replace(b"BSS/MKH/1540 hrs\n\n", b""))
    (tmp_path / "inbox" / "broken.txt").write_bytes(b"ZCZC\n\nBSS-9\n\nsome words and nothing else\n")
    loud = wirecli("inbox", "--out-dir", "out", cwd=tmp_path)
    quiet = wirecli("inbox", "--out-dir", "out", "-q", cwd=tmp_path)
    assert b"warning missing-signoff" in loud.stderr
    assert summary(loud.stderr) == "converted 2 stories from 2 files; 3 warnings; 1 error; 1 failed"
    assert quiet.returncode == loud.returncode == 1
    assert quiet.stderr == b"".join(
        line for line in loud.stderr.splitlines(keepends=True) if b" error " in line
    )


def test_report_json(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    (tmp_path / "inbox" / "feed.txt").write_bytes(feed(5, 6))
    result = wirecli("inbox", "gone.txt", "--out-dir", "out", "--report", "report.json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads((tmp_path / "report.json").read_bytes())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", report.pop("started"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", report.pop("finished"))
    assert report == {
        "report_version": 1,
        "wirecli_version": "0.1.0",
        "exit_code": 1,
        "lock_held": False,
        "totals": {
            "files": 3,
            "stories": 3,
            "warnings": 0,
            "errors": 0,
            "failed": 1,
            "skipped": 0,
            "waiting": 0,
            "not_moved": 0,
        },
        "inputs": [
            {
                "path": "inbox/feed.txt",
                "status": "converted",
                "stories": 2,
                "warnings": 0,
                "errors": 0,
                "outputs": ["out/feed-1.json", "out/feed-2.json"],
                "moved_to": None,
                "problems": [],
            },
            {
                "path": "inbox/story-0001.txt",
                "status": "converted",
                "stories": 1,
                "warnings": 0,
                "errors": 0,
                "outputs": ["out/story-0001.json"],
                "moved_to": None,
                "problems": [],
            },
            {
                "path": "gone.txt",
                "status": "failed",
                "stories": 0,
                "warnings": 0,
                "errors": 0,
                "outputs": [],
                "moved_to": None,
                "problems": ["cannot read gone.txt: No such file or directory"],
            },
        ],
    }


def terminal_env(**settings: str) -> dict[str, str]:
    """The environment with a known terminal, and none of the variables that steer Rich's choices."""
    steering = {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"}
    env = {key: value for key, value in os.environ.items() if key not in steering}
    return env | {"TERM": "xterm"} | settings


def read_terminal(*arguments: str, cwd: Path, env: dict[str, str]) -> tuple[int, bytes]:
    """Run with stderr on a pseudo-terminal; the exit status and what the terminal showed."""
    controller, terminal = pty.openpty()
    process = start(*arguments, cwd=cwd, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return process.wait(), shown


@pytest.mark.parametrize(("no_color", "colour_codes"), [("", True), ("1", False)])
def test_a_long_run_on_a_terminal_shows_progress(tmp_path: Path, no_color: str, colour_codes: bool) -> None:
    write_inbox(tmp_path / "inbox", 21)
    env = terminal_env(NO_COLOR=no_color)
    status, shown = read_terminal("inbox", "--out-dir", "out", cwd=tmp_path, env=env)
    assert status == 0
    assert b"converting" in shown
    assert b"21/21" in shown
    assert shown.endswith(b"converted 21 stories from 21 files\r\n")
    assert bool(re.search(rb"\x1b\[[0-9;]*m", shown)) is colour_codes


def test_short_runs_and_quiet_runs_show_no_progress(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 21)
    env = terminal_env(NO_COLOR="")
    status, shown = read_terminal("inbox", "--out-dir", "quiet", "-q", cwd=tmp_path, env=env)
    assert (status, shown) == (0, b"")
    (tmp_path / "inbox" / "story-0021.txt").unlink()
    status, shown = read_terminal("inbox", "--out-dir", "short", cwd=tmp_path, env=env)
    assert (status, shown) == (0, b"converted 20 stories from 20 files\r\n")


def test_rich_is_not_imported_when_no_progress_is_shown(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 30)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wirecli", "convert", "inbox", "--out-dir", "out"],
        cwd=tmp_path,
        capture_output=True,
    )
    assert result.returncode == 0
    imported = [
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.decode().splitlines() if "|" in line
    ]
    assert "wirecli.batch" in imported
    assert not [name for name in imported if name.split(".")[0] == "rich"]


def test_every_batch_option_is_documented() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text()
    for flag in (
        "-r",
        "--glob",
        "--files-from",
        "--out-dir",
        "--name",
        "--keep-dirs",
        "--skip-existing",
        "--move-done",
        "--move-failed",
        "--lock",
        "--lock-wait",
        "-q",
        "--report",
        "-j",
        "--min-age",
        "--all-files",
    ):
        assert f"`{flag}" in guide, f"docs/batch.md does not mention {flag}"


# Drop folders: files still being written, and option paths checked before any work


def age(path: Path, seconds: float) -> None:
    """Make ``path`` look last changed ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_file_younger_than_min_age_waits_for_a_later_run(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 2)
    age(tmp_path / "inbox" / "story-0001.txt", 120)
    arguments = ["inbox", "--min-age", "60", "--out-dir", "out", "--move-done", "done"]
    first = wirecli(*arguments, "-v", "--report", "report.json", cwd=tmp_path)
    assert (first.returncode, first.stdout) == (0, b"")
    note = "inbox/story-0002.txt: changed too recently for --min-age; left for a later run"
    said = [line for line in first.stderr.decode().splitlines() if " info " not in line]  # -v: infos too
    assert said == [f"wirecli: {note}", "converted 1 story from 1 file; 1 waiting"]
    assert sorted(outputs(tmp_path / "out")) == ["story-0001.json"]
    assert sorted(path.name for path in (tmp_path / "inbox").iterdir()) == ["story-0002.txt"]
    report = json.loads((tmp_path / "report.json").read_bytes())
    assert report["totals"]["waiting"] == 1
    waiting = report["inputs"][1]
    assert (waiting["path"], waiting["status"], waiting["moved_to"], waiting["problems"]) == (
        "inbox/story-0002.txt",
        "waiting",
        None,
        [note],
    )
    quiet = wirecli(*arguments, "-q", cwd=tmp_path)
    assert (quiet.returncode, quiet.stderr) == (0, b"")
    assert sorted(outputs(tmp_path / "out")) == ["story-0001.json"]
    age(tmp_path / "inbox" / "story-0002.txt", 120)
    later = wirecli(*arguments, cwd=tmp_path)
    assert (later.returncode, later.stderr) == (0, b"converted 1 story from 1 file\n")
    assert sorted(outputs(tmp_path / "out")) == ["story-0001.json", "story-0002.json"]
    assert list((tmp_path / "inbox").iterdir()) == []


def test_partial_upload_names_are_skipped_unless_all_files(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_inbox(inbox, 1)
    partial = ["a.part", "b.tmp", "~c.txt", "d.crdownload", "e.filepart", "f.partial", ".g.txt"]
    for number, name in enumerate(partial, start=2):
        (inbox / name).write_bytes(story(number))
    result = wirecli("inbox", "--to", "ndjson", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"converted 1 story from 1 file\n")
    everything = wirecli("inbox", "--to", "ndjson", "--all-files", cwd=tmp_path)
    assert everything.returncode == 0
    assert len(everything.stdout.splitlines()) == 1 + len(partial)
    named = wirecli("inbox/b.tmp", "--to", "ndjson", cwd=tmp_path)  # named outright: taken
    assert (named.returncode, len(named.stdout.splitlines())) == (0, 1)


def test_a_folder_whose_files_are_all_in_sub_folders_gets_a_hint(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox" / "2026", 1)
    result = wirecli("inbox", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"[]\n")
    assert result.stderr.decode().splitlines() == [
        "wirecli: inbox: no files directly inside; use -r to descend into its folders",
        "converted 0 stories from 0 files",
    ]
    assert wirecli("inbox", "-q", cwd=tmp_path).stderr == b""
    assert wirecli("inbox", "-r", cwd=tmp_path).stderr == b"converted 1 story from 1 file\n"


@pytest.mark.parametrize("flag", ["--out-dir", "--move-done", "--move-failed"])
def test_an_output_folder_that_is_an_input_folder_is_a_usage_error(tmp_path: Path, flag: str) -> None:
    write_inbox(tmp_path / "inbox", 1)
    result = wirecli("inbox", flag, "./inbox/", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    message = f"wirecli: {flag} inbox is the input folder inbox; choose another folder\n"
    assert result.stderr == message.encode()
    assert sorted(path.name for path in (tmp_path / "inbox").iterdir()) == ["story-0001.txt"]


def test_lock_and_move_paths_say_what_is_wrong_before_any_work(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    (tmp_path / "file").write_bytes(b"")
    missing = wirecli("inbox", "--lock", "nonexist/dir/l.lock", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (2, b"")
    assert missing.stderr == b"wirecli: cannot lock nonexist/dir/l.lock: No such file or directory\n"
    assert not (tmp_path / "nonexist").exists()
    under_file = wirecli("inbox", "--lock", "file/l.lock", cwd=tmp_path)
    assert (under_file.returncode, under_file.stderr) == (
        2,
        b"wirecli: cannot lock file/l.lock: Not a directory\n",
    )
    move = wirecli("inbox", "--move-done", "file", cwd=tmp_path)
    assert (move.returncode, move.stdout) == (2, b"")
    assert move.stderr == b"wirecli: --move-done file: Not a directory\n"
    below = wirecli("inbox", "--move-done", "file/done", "--lock", "l.lock", cwd=tmp_path)
    assert below.returncode == 1
    assert below.stderr.decode().splitlines()[0] == (
        "wirecli: cannot move inbox/story-0001.txt to file/done: Not a directory; it stays where it is"
    )
    assert sorted(path.name for path in (tmp_path / "inbox").iterdir()) == ["story-0001.txt"]


@pytest.mark.parametrize(
    ("report", "reason"),
    [
        ("nonexist/report.json", "No such file or directory"),
        ("file/report.json", "Not a directory"),
        (".", "Is a directory"),
    ],
)
def test_a_report_that_cannot_be_written_is_a_usage_error_before_any_work(
    tmp_path: Path, report: str, reason: str
) -> None:
    write_inbox(tmp_path / "inbox", 1)
    (tmp_path / "file").write_bytes(b"")
    result = wirecli("inbox", "--out-dir", "out", "--move-done", "done", "--report", report, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == f"wirecli: cannot write --report {report}: {reason}\n".encode()
    assert not (tmp_path / "out").exists() and not (tmp_path / "done").exists()


def test_a_report_in_the_output_folder_the_run_creates_is_fine(tmp_path: Path) -> None:
    write_inbox(tmp_path / "inbox", 1)
    result = wirecli("inbox", "--out-dir", "out", "--report", "out/report.json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads((tmp_path / "out" / "report.json").read_bytes())["totals"]["stories"] == 1


def test_the_report_lists_the_findings_that_failed_an_input(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_inbox(inbox, 1)
    (inbox / "broken.txt").write_bytes((ROOT / "samples" / "bss" / "broken-story.txt").read_bytes())
    result = wirecli("inbox", "--out-dir", "out", "--report", "report.json", cwd=tmp_path)
    assert result.returncode == 1
    broken = json.loads((tmp_path / "report.json").read_bytes())["inputs"][0]
    assert (broken["path"], broken["status"], broken["errors"]) == ("inbox/broken.txt", "failed", 2)
    assert broken["problems"] == [
        "line 7: error missing-headline: no headline line before the story text",
        "line 7: error missing-dateline: the first paragraph does not open with "
        "'PLACE, Month D, YYYY (CREDIT) – '",
    ]


def test_a_run_that_finds_the_lock_held_writes_a_report_saying_so(tmp_path: Path) -> None:
    from wirecli.files import FileLock

    write_inbox(tmp_path / "inbox", 1)
    held = FileLock(tmp_path / "l.lock")
    assert held.acquire(0)
    try:
        result = wirecli("inbox", "--lock", "l.lock", "--report", "report.json", cwd=tmp_path)
    finally:
        held.release()
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    report = json.loads((tmp_path / "report.json").read_bytes())
    assert (report["exit_code"], report["lock_held"], report["inputs"]) == (0, True, [])
    assert set(report["totals"].values()) == {0}
