"""Paths and ``-`` to bytes, and atomic writes: the only module that opens files.

Inputs are read in chunks so that a feed file of any size streams through the parse core. Outputs
are written to a temporary file in the target directory, flushed to disk, then renamed over the
target: a run that is killed halfway never leaves half a file, and a reader never sees one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

STDIN = "-"
CHUNK_SIZE = 1 << 20


def display_name(path: str) -> str:
    """How an input is named in messages."""
    return "<stdin>" if path == STDIN else path


def read_chunks(path: str, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The bytes of ``path`` (or standard input for ``-``) in chunks; raises ``OSError``."""
    if path == STDIN:
        yield from _chunks(sys.stdin.buffer, chunk_size)
        return
    with open(path, "rb") as stream:
        yield from _chunks(stream, chunk_size)


def _chunks(stream: BinaryIO, chunk_size: int) -> Iterator[bytes]:
    while chunk := stream.read(chunk_size):
        yield chunk


class AtomicFile:
    """A file that appears at ``target`` complete, or not at all."""

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        directory = self.target.parent
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".part", dir=directory
        )
        self._temporary = Path(temporary)
        self._stream = os.fdopen(descriptor, "wb")

    def write(self, data: bytes) -> None:
        self._stream.write(data)

    def commit(self) -> None:
        """Flush to disk and move into place."""
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        os.replace(self._temporary, self.target)
        _fsync_directory(self.target.parent)

    def discard(self) -> None:
        """Drop the temporary file; the target is left as it was."""
        self._stream.close()
        with contextlib.suppress(FileNotFoundError):
            self._temporary.unlink()


@contextlib.contextmanager
def atomic_output(target: str | Path) -> Iterator[AtomicFile]:
    """Write ``target`` atomically: committed when the block ends, discarded if it raises."""
    output = AtomicFile(target)
    try:
        yield output
    except BaseException:
        output.discard()
        raise
    output.commit()


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; some file systems refuse to open a directory.
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
