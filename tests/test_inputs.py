"""Finding inputs: folders, recursion, globs, hidden names, FIFOs, links and problems."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from wirecli.inputs import Input, InputKind, Selection, discover, folder_key


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"ZCZC\n")
    return path


def paths(found: list[Input]) -> list[str]:
    return [item.path for item in found]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("b.txt", "a.txt", "notes.md", ".hidden.txt", "sub/c.txt", "sub/deeper/d.txt", ".git/e.txt"):
        touch(tmp_path / "in" / name)
    return tmp_path / "in"


def test_a_folder_gives_its_own_files_sorted_without_hidden_ones(tree: Path) -> None:
    found = discover([str(tree)])
    assert paths(found) == [str(tree / "a.txt"), str(tree / "b.txt"), str(tree / "notes.md")]
    assert {item.kind for item in found} == {InputKind.FILE}


def test_recursive_descends_in_name_order_and_records_the_folders(tree: Path) -> None:
    found = discover([str(tree)], recursive=True)
    assert paths(found) == [
        str(tree / "a.txt"),
        str(tree / "b.txt"),
        str(tree / "notes.md"),
        str(tree / "sub" / "c.txt"),
        str(tree / "sub" / "deeper" / "d.txt"),
    ]
    assert [item.folders for item in found] == [(), (), (), ("sub",), ("sub", "deeper")]


def test_glob_filters_names_found_in_folders_but_not_named_files(tree: Path) -> None:
    found = discover([str(tree), str(tree / "notes.md")], recursive=True, patterns=["*.txt"])
    assert paths(found) == [
        str(tree / "a.txt"),
        str(tree / "b.txt"),
        str(tree / "sub" / "c.txt"),
        str(tree / "sub" / "deeper" / "d.txt"),
        str(tree / "notes.md"),
    ]


def test_several_globs_take_any_match(tree: Path) -> None:
    assert paths(discover([str(tree)], patterns=["a.*", "*.md"])) == [
        str(tree / "a.txt"),
        str(tree / "notes.md"),
    ]


def test_named_paths_keep_their_order_and_a_hidden_file_named_outright_is_taken(tree: Path) -> None:
    named = [str(tree / "b.txt"), str(tree / ".hidden.txt"), "-"]
    found = discover(named)
    assert paths(found) == named
    assert [item.kind for item in found] == [InputKind.FILE, InputKind.FILE, InputKind.STREAM]


def test_a_missing_path_is_a_problem_in_its_place(tree: Path) -> None:
    found = discover([str(tree / "a.txt"), str(tree / "nope.txt"), str(tree / "b.txt")])
    assert [item.kind for item in found] == [InputKind.FILE, InputKind.PROBLEM, InputKind.FILE]
    assert found[1].problem == f"cannot read {tree / 'nope.txt'}: No such file or directory"


def test_a_device_is_not_a_regular_file() -> None:
    (found,) = discover(["/dev/null"])
    assert found.kind is InputKind.PROBLEM
    assert found.problem == "cannot read /dev/null: not a regular file"


def test_fifos_are_skipped_in_folders_but_read_as_streams_when_named(tree: Path) -> None:
    fifo = tree / "pipe.txt"
    os.mkfifo(fifo)
    # Walking must not open the FIFO: with no writer, opening it would block this test forever.
    assert str(fifo) not in paths(discover([str(tree)], recursive=True))
    (named,) = discover([str(fifo)])
    assert named.kind is InputKind.STREAM


def test_symlink_loops_do_not_hang(tree: Path) -> None:
    os.symlink("..", tree / "sub" / "loop")
    os.symlink(".", tree / "self")
    found = discover([str(tree)], recursive=True)
    assert paths(found) == [
        str(tree / "a.txt"),
        str(tree / "b.txt"),
        str(tree / "notes.md"),
        str(tree / "sub" / "c.txt"),
        str(tree / "sub" / "deeper" / "d.txt"),
    ]


def test_the_same_file_reached_twice_is_converted_once(tree: Path) -> None:
    os.symlink(tree / "a.txt", tree / "z-link.txt")
    found = discover([str(tree / "b.txt"), str(tree)])
    assert paths(found) == [str(tree / "b.txt"), str(tree / "a.txt"), str(tree / "notes.md")]


def test_a_broken_link_in_a_folder_is_reported(tree: Path) -> None:
    os.symlink(tree / "gone.txt", tree / "c-broken.txt")
    found = discover([str(tree)])
    assert [item.kind for item in found] == [
        InputKind.FILE,
        InputKind.FILE,
        InputKind.PROBLEM,
        InputKind.FILE,
    ]
    assert found[2].problem == f"cannot read {tree / 'c-broken.txt'}: No such file or directory"


def test_excluded_folders_are_not_walked(tree: Path) -> None:
    key = folder_key(str(tree / "sub"))
    assert key is not None
    found = discover([str(tree)], recursive=True, exclude={key})
    assert paths(found) == [str(tree / "a.txt"), str(tree / "b.txt"), str(tree / "notes.md")]


def test_input_names() -> None:
    assert Input("in/feed.2026.txt", InputKind.FILE).stem == "feed.2026"
    assert Input("-", InputKind.STREAM).stem == "stdin"
    assert Input("-", InputKind.STREAM).display == "<stdin>"


def test_partial_upload_names_are_skipped_in_folders_unless_all_files(tmp_path: Path) -> None:
    names = ["a.txt", "b.part", "c.tmp", "~d.txt", "e.crdownload", "f.filepart", "g.partial", ".h.txt"]
    for name in names:
        touch(tmp_path / name)
    assert [item.name for item in Selection((str(tmp_path),)).gather().inputs] == ["a.txt"]
    everything = Selection((str(tmp_path),), all_files=True).gather().inputs
    assert [item.name for item in everything] == sorted(names)


def test_files_younger_than_min_age_are_waiting(tmp_path: Path) -> None:
    old, new = touch(tmp_path / "old.txt"), touch(tmp_path / "new.txt")
    then = time.time() - 120
    os.utime(old, (then, then))
    found = Selection((str(tmp_path), str(new)), min_age=60).gather().inputs
    assert [(item.name, item.kind) for item in found] == [
        ("new.txt", InputKind.WAITING),
        ("old.txt", InputKind.FILE),
    ]
    assert {item.kind for item in Selection((str(tmp_path),)).gather().inputs} == {InputKind.FILE}


def test_a_folder_with_only_sub_folders_gets_a_hint_without_recursive(tmp_path: Path) -> None:
    touch(tmp_path / "inbox" / "2026" / "a.txt")
    touch(tmp_path / "empty" / "x")
    (tmp_path / "empty" / "x").unlink()
    flat = Selection((str(tmp_path / "inbox"), str(tmp_path / "empty"))).gather()
    assert flat.inputs == []
    hint = f"{tmp_path / 'inbox'}: no files directly inside; use -r to descend into its folders"
    assert flat.hints == [hint]
    deep = Selection((str(tmp_path / "inbox"),), recursive=True).gather()
    assert (paths(deep.inputs), deep.hints) == ([str(tmp_path / "inbox" / "2026" / "a.txt")], [])
