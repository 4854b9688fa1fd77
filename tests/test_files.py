"""The IO layer: atomic writes, stale temporary files, locks, moves and path lists."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wirecli import files
from wirecli.files import (
    AtomicFile,
    FileLock,
    atomic_output,
    file_holds,
    move_file,
    read_chunks,
    read_input,
    read_path_list,
    remove_stale_parts,
)


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    return int(child.stdout)


def test_atomic_output_appears_whole_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "story.json"
    with atomic_output(target) as output:
        output.write(b"{}")
        assert not target.exists()
        (part,) = tmp_path.iterdir()
        assert part.name.startswith(f".story.json.{os.getpid()}.")
        assert part.name.endswith(".part")
    assert target.read_bytes() == b"{}"
    assert list(tmp_path.iterdir()) == [target]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("closes_first", [True, False])
def test_an_interrupt_while_the_temporary_file_opens_stays_an_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, closes_first: bool
) -> None:
    # Ctrl-C inside fdopen, after its file object took the descriptor (and closed it again, or not):
    # the run must see the interrupt, not an OSError from closing the descriptor twice.
    def interrupted_fdopen(descriptor: int, mode: str) -> object:
        if closes_first:
            os.close(descriptor)
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fdopen", interrupted_fdopen)
    with pytest.raises(KeyboardInterrupt):
        files.AtomicFile(tmp_path / "out.json")
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_leaves_the_target_alone_when_interrupted(tmp_path: Path) -> None:
    target = tmp_path / "story.json"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as output:
        output.write(b"new, half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_stale_parts_of_dead_writers_are_removed_and_others_kept(tmp_path: Path) -> None:
    gone = tmp_path / f".story.json.{dead_pid()}.ab_cd123.part"
    alive = tmp_path / f".story.json.{os.getpid()}.zz_zz999.part"
    foreign = tmp_path / ".notes.part"
    output = tmp_path / "story.json"
    for path in (gone, alive, foreign, output):
        path.write_bytes(b"x")
    assert remove_stale_parts(tmp_path) == [gone]
    assert sorted(tmp_path.iterdir()) == sorted([alive, foreign, output])


def test_file_holds(tmp_path: Path) -> None:
    path = tmp_path / "a"
    path.write_bytes(b"abc")
    assert file_holds(path, b"abc")
    assert not file_holds(path, b"abd")
    assert not file_holds(path, b"abcd")
    assert not file_holds(tmp_path / "missing", b"")


def test_read_path_list_skips_blank_lines_and_keeps_spaces(tmp_path: Path) -> None:
    listing = tmp_path / "list"
    listing.write_bytes(b"a.txt\r\n\n  \nname with spaces.txt\nlast.txt")
    assert read_path_list(str(listing)) == ["a.txt", "name with spaces.txt", "last.txt"]


def test_read_chunks_returns_what_a_pipe_holds_without_waiting_for_more() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"first story")
    with open(read_end, "rb") as stream:
        chunks = files.stream_chunks(stream, files.CHUNK_SIZE)
        assert next(chunks) == b"first story"  # would block here if it waited for a full chunk
        os.write(write_end, b"second")
        os.close(write_end)
        assert list(chunks) == [b"second"]


def test_read_chunks_of_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(read_chunks(str(tmp_path / "missing")))


def test_read_input_gives_a_small_file_whole_and_a_big_one_in_chunks(tmp_path: Path) -> None:
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_bytes(b"one story")
    big.write_bytes(b"0123456789")
    assert read_input(str(small), chunk_size=9) == (b"one story",)
    chunks = read_input(str(big), chunk_size=4)
    assert not isinstance(chunks, tuple)
    assert list(chunks) == [b"0123", b"4567", b"89"]
    with pytest.raises(FileNotFoundError):
        read_input(str(tmp_path / "missing"))


def test_read_input_streams_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(fifo)!r}, 'wb').write(b'piped story')"])
    chunks = read_input(str(fifo))
    assert not isinstance(chunks, tuple)
    assert b"".join(chunks) == b"piped story"
    assert writer.wait() == 0


def test_a_lock_has_one_holder_at_a_time(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "lock"), FileLock(tmp_path / "lock")
    assert first.acquire(0)
    assert not second.acquire(0)
    assert not second.acquire(0.2)
    first.release()
    assert second.acquire(0)
    second.release()
    assert (tmp_path / "lock").exists()


def test_move_within_a_file_system(tmp_path: Path) -> None:
    source = tmp_path / "inbox" / "a.txt"
    source.parent.mkdir()
    source.write_bytes(b"story")
    moved = move_file(source, tmp_path / "done" / "sub" / "a.txt")
    assert moved == tmp_path / "done" / "sub" / "a.txt"
    assert moved.read_bytes() == b"story"
    assert not source.exists()


def test_move_never_replaces_a_different_file(tmp_path: Path) -> None:
    (tmp_path / "done").mkdir()
    (tmp_path / "done" / "a.txt").write_bytes(b"yesterday")
    (tmp_path / "done" / "a~2.txt").write_bytes(b"the day before")
    source = tmp_path / "a.txt"
    source.write_bytes(b"today")
    moved = move_file(source, tmp_path / "done" / "a.txt")
    assert moved == tmp_path / "done" / "a~3.txt"
    assert moved.read_bytes() == b"today"
    assert (tmp_path / "done" / "a.txt").read_bytes() == b"yesterday"
    assert (tmp_path / "done" / "a~2.txt").read_bytes() == b"the day before"


def test_move_completes_a_move_interrupted_after_its_copy(tmp_path: Path) -> None:
    (tmp_path / "done").mkdir()
    (tmp_path / "done" / "a.txt").write_bytes(b"other")
    (tmp_path / "done" / "a~2.txt").write_bytes(b"story")
    source = tmp_path / "a.txt"
    source.write_bytes(b"story")
    assert move_file(source, tmp_path / "done" / "a.txt") == tmp_path / "done" / "a~2.txt"
    assert not source.exists()
    assert sorted(path.name for path in (tmp_path / "done").iterdir()) == ["a.txt", "a~2.txt"]


def test_move_across_file_systems_copies_then_unlinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(b"story")
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    real_replace = os.replace

    def replace_within_one_folder_only(src: object, dst: object) -> None:
        if Path(str(src)).parent != Path(str(dst)).parent:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", replace_within_one_folder_only)
    moved = move_file(source, tmp_path / "done" / "a.txt")
    assert moved.read_bytes() == b"story"
    assert moved.stat().st_mtime_ns == 1_000_000_000
    assert not source.exists()
    assert [path.name for path in (tmp_path / "done").iterdir()] == ["a.txt"]


def test_a_failed_copy_leaves_the_source_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(b"story")

    def no_rename(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def full_disk(self: AtomicFile) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", no_rename)
    monkeypatch.setattr(AtomicFile, "commit", full_disk)
    with pytest.raises(OSError, match="No space left on device"):
        move_file(source, tmp_path / "done" / "a.txt")
    assert source.read_bytes() == b"story"
    assert list((tmp_path / "done").iterdir()) == []


def test_a_move_below_a_regular_file_fails_even_for_root(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    source = tmp_path / "a.txt"
    source.write_bytes(b"story")
    with pytest.raises(NotADirectoryError):
        move_file(source, blocker / "done" / "a.txt")
    assert source.read_bytes() == b"story"


def test_open_output_replaces_a_regular_file_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"good")
    output = files.open_output(target)
    output.write(b"new")
    assert target.read_bytes() == b"good"
    output.discard()
    assert target.read_bytes() == b"good"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json"]
    output = files.open_output(target)
    output.write(b"new")
    output.commit()
    assert target.read_bytes() == b"new"


def test_open_output_follows_a_link_and_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    output = files.open_output(link)
    output.write(b"new")
    output.commit()
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert (tmp_path / "real.json").read_bytes() == b"new"


def test_open_output_writes_a_fifo_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    output = files.open_output(fifo)
    output.write(b"story\n")
    output.commit()
    assert reader.communicate(timeout=10)[0] == b"story\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_open_output_writes_a_descriptor_this_process_holds(tmp_path: Path) -> None:
    held = tmp_path / "held.txt"
    with open(held, "ab") as stream:
        stream.write(b"before\n")
        stream.flush()
        output = files.open_output(f"/dev/fd/{stream.fileno()}")
        output.write(b"after\n")
        output.commit()
    assert held.read_bytes() == b"before\nafter\n"  # appended through the descriptor, not replaced


def test_open_output_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        files.open_output(tmp_path)


def test_make_folder_says_not_a_directory_for_a_file_in_the_way(tmp_path: Path) -> None:
    blocker = tmp_path / "done"
    blocker.write_bytes(b"")
    with pytest.raises(NotADirectoryError):
        files.make_folder(blocker)
    files.make_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
