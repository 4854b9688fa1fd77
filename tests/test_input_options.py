"""convert, validate and show take the same inputs: files, folders, -r, --glob, --files-from."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
NO_YEAR = ROOT / "samples" / "bss" / "no-year-dateline.txt"


def wirecli(*arguments: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "wirecli", *arguments],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(NO_YEAR, folder / "sub" / "no-year.txt")
    (folder / "notes.md").write_text("not a story\n")
    return tmp_path


def test_show_takes_a_folder(inbox: Path) -> None:
    result = wirecli("show", "--reference-date", "2026-11-28", "--glob", "*.txt", "inbox", cwd=inbox)
    assert result.returncode == 0, result.stderr
    assert "inbox/seed.txt · story 1" in result.stdout
    assert "no-year" not in result.stdout  # in a sub-folder, and -r was not given
    assert result.stderr == ""


def test_show_descends_with_r(inbox: Path) -> None:
    result = wirecli("show", "-r", "--glob", "*.txt", "--reference-date", "2026-11-28", "inbox", cwd=inbox)
    assert result.returncode == 0, result.stderr
    assert "inbox/seed.txt · story 1" in result.stdout
    assert "inbox/sub/no-year.txt · story 1" in result.stdout
    assert "notes.md" not in result.stdout


def test_validate_takes_folders_recursively_with_a_glob(inbox: Path) -> None:
    result = wirecli(
        "validate", "-r", "--glob", "*.txt", "--reference-date", "2026-11-28", "inbox", cwd=inbox
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("inbox/sub/no-year.txt:")
    assert "dateline-year-assumed" in result.stdout
    assert result.stderr == "2 files, 2 stories: 0 errors, 1 warning\n"


def test_validate_and_show_read_files_from_a_list(inbox: Path) -> None:
    listing = b"inbox/seed.txt\ninbox/sub/no-year.txt\n"
    validated = wirecli(
        "validate", "--files-from", "-", "--reference-date", "2026-11-28", cwd=inbox, stdin=listing
    )
    assert validated.stderr == "2 files, 2 stories: 0 errors, 1 warning\n"
    shown = wirecli("show", "--files-from", "-", "--reference-date", "2026-11-28", cwd=inbox, stdin=listing)
    assert shown.returncode == 0
    assert shown.stdout.count(" · story 1") == 2


def test_validate_and_show_take_from(inbox: Path) -> None:
    result = wirecli("validate", "--from", "nosuch", "inbox/seed.txt", cwd=inbox)
    assert (result.returncode, result.stdout) == (2, "")
    assert "unknown format 'nosuch' for --from" in result.stderr
    shown = wirecli("show", "--from", "bss", "inbox/seed.txt", cwd=inbox)
    assert shown.returncode == 0
    assert "bss · utf-8" in shown.stdout


def test_an_unreadable_listing_is_a_usage_error_everywhere(inbox: Path) -> None:
    for command in ("convert", "validate", "show"):
        result = wirecli(command, "--files-from", "missing.list", cwd=inbox)
        assert result.returncode == 2, command
        assert result.stderr == "wirecli: cannot read --files-from missing.list: No such file or directory\n"
