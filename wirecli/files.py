"""Paths and ``-`` to bytes, atomic writes, locks and moves: the only module that opens files.

Inputs are read in chunks so that a feed file of any size streams through the parse core; from a
pipe, each chunk is whatever has arrived, so a story is converted as soon as it is complete. Outputs
are written to a temporary file in the target directory, flushed to disk, then renamed over the
target: a run that is killed halfway never leaves half a file, and a reader never sees one.

Temporary files are named ``.<target name>.<pid>.<random>.part``. After ``kill -9`` only such files
can be left behind; :func:`remove_stale_parts` deletes those whose writing process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

STDIN = "-"
CHUNK_SIZE = 1 << 20
PART_SUFFIX = ".part"
# mkstemp adds eight characters from [a-z0-9_] between prefix and suffix.
_PART_NAME = re.compile(r"\A\..+\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.part\Z")
_LOCK_POLL_SECONDS = 0.1


def display_name(path: str) -> str:
    """How an input is named in messages."""
    return "<stdin>" if path == STDIN else path


def read_chunks(path: str, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The bytes of ``path`` (or standard input for ``-``) in chunks; raises ``OSError``."""
    if path == STDIN:
        yield from stream_chunks(sys.stdin.buffer, chunk_size)
        return
    with open(path, "rb") as stream:
        yield from stream_chunks(stream, chunk_size)


def read_input(path: str, chunk_size: int = CHUNK_SIZE) -> Iterable[bytes]:
    """:func:`read_chunks`, but a regular file that fits in one chunk comes whole, in a tuple.

    The parse core then knows it holds the last chunk and splits the input in one pass. Unlike
    ``read_chunks``, this opens the file at once (and raises ``OSError`` then).
    """
    if path == STDIN:
        return read_chunks(path, chunk_size)
    return read_file(path, chunk_size)


def read_file(path: str, chunk_size: int = CHUNK_SIZE) -> Iterable[bytes]:
    """:func:`read_input` for a file path, where ``-`` is a file name like any other."""
    # A descriptor and os.read, not open(): no buffered file object for a file read in one go,
    # which halves the cost of reading a one-story file (about 6 us of 12 here).
    descriptor = os.open(path, os.O_RDONLY)
    stream: BinaryIO | None = None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if stat.S_ISREG(status.st_mode) and status.st_size <= chunk_size:
            return (_read_to_end(descriptor, status.st_size),)
        stream = open(descriptor, "rb")  # noqa: SIM115 (closed by the generator that reads on)
        return _chunks_closing(stream, chunk_size)
    finally:
        if stream is None:
            os.close(descriptor)


def _read_to_end(descriptor: int, size: int) -> bytes:
    """Every byte left in an open file whose size was ``size``, or more if it has grown since."""
    parts = [os.read(descriptor, size + 1)]
    while parts[-1]:
        parts.append(os.read(descriptor, max(size, CHUNK_SIZE)))
    return b"".join(parts)


def _chunks_closing(stream: BinaryIO, chunk_size: int) -> Iterator[bytes]:
    with stream:
        yield from stream_chunks(stream, chunk_size)


def stream_chunks(stream: IO[bytes], chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The bytes of an open binary stream in chunks of at most ``chunk_size``, until it ends."""
    # read1 returns what a pipe holds now instead of waiting for a full chunk.
    read = getattr(stream, "read1", stream.read)
    while chunk := read(chunk_size):
        yield chunk


def read_path_list(path: str) -> list[str]:
    """The paths listed one per line in ``path`` (``-``: standard input); blank lines are skipped."""
    data = b"".join(read_chunks(path))
    return [os.fsdecode(line.removesuffix(b"\r")) for line in data.split(b"\n") if line.strip()]


def file_holds(path: Path, data: bytes) -> bool:
    """True when the file at ``path`` exists and its bytes are exactly ``data``."""
    try:
        with open(path, "rb") as stream:
            return os.fstat(stream.fileno()).st_size == len(data) and stream.read() == data
    except OSError:
        return False


def same_content(first: Path, second: Path) -> bool:
    """True when two files hold the same bytes."""
    try:
        with open(first, "rb") as one, open(second, "rb") as other:
            if os.fstat(one.fileno()).st_size != os.fstat(other.fileno()).st_size:
                return False
            while block := one.read(CHUNK_SIZE):
                if block != other.read(len(block)):
                    return False
            return True
    except OSError:
        return False


class AtomicFile:
    """A file that appears at ``target`` complete, or not at all."""

    def __init__(self, target: str | Path, *, sync_parent: bool = True) -> None:
        self.target = Path(target)
        self.sync_parent = sync_parent
        """Make the rename durable too; a caller writing many files syncs their folder once instead."""
        import tempfile  # with random and its seeding: only runs that write a file pay for it

        directory = self.target.parent
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{self.target.name}.{os.getpid()}.", suffix=PART_SUFFIX, dir=directory
        )
        self._temporary = Path(temporary)
        try:
            self._stream = os.fdopen(descriptor, "wb")
        except BaseException:
            # Ctrl-C can land inside fdopen after its file object took the descriptor and closed it
            # again: closing it here then fails, and that error must not hide the interrupt.
            with contextlib.suppress(OSError):
                os.close(descriptor)
            self._temporary.unlink(missing_ok=True)
            raise
        try:
            # mkstemp makes the file private (0600); the finished file gets the usual umask mode.
            os.fchmod(descriptor, _new_file_mode())
        except BaseException:
            self.discard()
            raise

    def write(self, data: bytes) -> None:
        self._stream.write(data)

    def commit(self) -> None:
        """Flush to disk and move into place."""
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        os.replace(self._temporary, self.target)
        if self.sync_parent:
            sync_directory(self.target.parent)

    def copy_times_from(self, source: Path) -> None:
        """Give the file ``source``'s permission bits and times (a moved input keeps its date)."""
        self._stream.flush()
        shutil.copystat(source, self._temporary)

    def discard(self) -> None:
        """Drop the temporary file; the target is left as it was."""
        with contextlib.suppress(OSError):  # a failed flush fails again on close
            self._stream.close()
        with contextlib.suppress(FileNotFoundError):
            self._temporary.unlink()


@functools.cache
def _new_file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_output(target: str | Path, *, sync_parent: bool = True) -> Iterator[AtomicFile]:
    """Write ``target`` atomically: committed when the block ends, discarded if it raises."""
    output = AtomicFile(target, sync_parent=sync_parent)
    try:
        yield output
        output.commit()
    except BaseException:
        output.discard()
        raise


class StreamOutput:
    """An ``-o`` target that is a stream (standard output, a FIFO, a device, a descriptor): written
    in place, never renamed over, so a reader at its other end gets the data and the node stays."""

    def __init__(self, stream: BinaryIO, *, close: bool) -> None:
        self._stream = stream
        self._close = close

    def write(self, data: bytes) -> None:
        self._stream.write(data)

    def commit(self) -> None:
        try:
            self._stream.flush()
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop writing; what was written has gone to the reader already."""
        if self._close:
            with contextlib.suppress(OSError):
                self._stream.close()


Output = AtomicFile | StreamOutput

# /dev/stdout, /dev/fd/N and /proc/self/fd/N name a descriptor this process holds already.
_DESCRIPTOR_PATH = re.compile(r"\A/(?:dev/fd|proc/self/fd|proc/(?P<pid>[0-9]+)/fd)/(?P<fd>[0-9]+)\Z")
_MAX_LINKS = 40


def open_output(target: str | Path) -> Output:
    """Open ``-o`` ``target`` for one run's output; raises ``OSError``.

    ``-`` is standard output. A name for a descriptor this process holds (``/dev/stdout``,
    ``/dev/fd/63`` from ``>(...)``) writes to that descriptor, keeping the shell's redirection
    (``>>`` included). Anything else that is not a regular file (a FIFO, a device, a socket) is
    opened and written as a stream. A regular file, or a name that does not exist yet, is replaced
    atomically; a symbolic link is followed, so its target is replaced and the link stays.
    """
    if str(target) == STDIN:
        return StreamOutput(sys.stdout.buffer, close=False)
    descriptor = _held_descriptor(str(target))
    if descriptor is not None:
        return StreamOutput(os.fdopen(os.dup(descriptor), "wb"), close=True)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if status is not None and not stat.S_ISREG(status.st_mode):
        # No O_CREAT: the node exists, and O_TRUNC means nothing to a FIFO or a device.
        return StreamOutput(open(os.open(target, os.O_WRONLY | os.O_CLOEXEC), "wb"), close=True)
    return AtomicFile(os.path.realpath(target))


def _held_descriptor(path: str) -> int | None:
    """The descriptor that ``path`` (or a link on its way) names, if this process holds it."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        match = _DESCRIPTOR_PATH.match(current)
        if match is not None:
            if match.group("pid") not in (None, str(os.getpid())):
                return None
            descriptor = int(match.group("fd"))
            try:
                os.fstat(descriptor)
            except OSError:
                return None
            return descriptor
        try:
            link = os.readlink(current)
        except OSError:
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents; a file in the way is "Not a directory", not "File exists"."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None


def cannot_write(target: Path) -> str | None:
    """Why no file can be written at ``target`` (as ``strerror`` says it), or None when it can.

    For options whose file is written at the end of a run: better said before the work starts.
    """
    folder = Path(os.path.realpath(target)).parent
    try:
        status = os.stat(folder)
    except OSError as error:
        return error.strerror or str(error)
    if not stat.S_ISDIR(status.st_mode):
        return os.strerror(errno.ENOTDIR)
    if os.path.isdir(target):
        return os.strerror(errno.EISDIR)
    if not os.access(folder, os.W_OK | os.X_OK):
        return os.strerror(errno.EACCES)
    return None


def write_atomically(target: Path, data: bytes) -> None:
    """Write a small file atomically and durably."""
    with atomic_output(target) as output:
        output.write(data)


def sync_directory(directory: Path) -> None:
    """Make renames in ``directory`` durable; some file systems refuse to open a directory."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove_stale_parts(directory: Path, *, own: bool = False) -> list[Path]:
    """Delete temporary files in ``directory`` left by writers that no longer run; return them.

    ``own`` also deletes this process's: after an interrupt, which may have come between the
    creation of a temporary file and the code that would have removed it.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = _PART_NAME.match(entry.name)
        if match is None:
            continue
        pid = int(match.group("pid"))
        if _process_alive(pid) and not (own and pid == os.getpid()):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


class FileLock:
    """An exclusive ``flock`` on a file: one holder at a time across processes.

    The kernel drops the lock when the holder exits, however it exits, so a killed run never leaves
    a stale lock behind. The file itself stays: deleting a lock file while another process waits on
    it would let two runs in at once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.descriptor: int | None = None

    def acquire(self, wait_seconds: float) -> bool:
        """Take the lock, waiting up to ``wait_seconds``; False when another process holds it."""
        import fcntl

        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    os.close(descriptor)
                    return False
                time.sleep(min(_LOCK_POLL_SECONDS, remaining))
                continue
            except BaseException:
                os.close(descriptor)
                raise
            self.descriptor = descriptor
            return True

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


def move_file(source: Path, destination: Path) -> Path:
    """Move ``source`` to ``destination`` durably and return where it went; raises ``OSError``.

    The source is removed only once its copy is safe: a rename within a file system, or a copy
    that is flushed to disk before the source is unlinked across file systems. A destination that
    exists is never replaced: the file goes to ``name~2.ext``, ``name~3.ext``... unless one of those
    already holds the same bytes (a move interrupted after its copy), which completes that move.
    """
    make_folder(destination.parent)
    target, copied_before = _destination_for(source, destination)
    if copied_before:
        os.unlink(source)
    else:
        try:
            os.replace(source, target)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            _copy_durably(source, target)
            os.unlink(source)
        sync_directory(target.parent)
    sync_directory(source.parent)
    return target


def _destination_for(source: Path, destination: Path) -> tuple[Path, bool]:
    """The first free name of ``destination``, ``stem~2.ext``...; True when one already holds ``source``."""
    candidate = destination
    number = 1
    while candidate.exists() or candidate.is_symlink():
        if same_content(source, candidate):
            return candidate, True
        number += 1
        candidate = destination.with_name(f"{destination.stem}~{number}{destination.suffix}")
    return candidate, False


def _copy_durably(source: Path, target: Path) -> None:
    with atomic_output(target) as output, open(source, "rb") as stream:
        for chunk in stream_chunks(stream, CHUNK_SIZE):
            output.write(chunk)
        output.copy_times_from(source)
