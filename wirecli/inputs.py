"""Which inputs a conversion reads: paths, folders, ``--glob``, ``--files-from`` and ``-``.

Rules, in the order they apply:

* ``-`` is standard input; a FIFO named on the command line is read like it (as a stream);
* a folder stands for the regular files directly in it, sorted by name; with ``recursive`` its
  sub-folders too, each where it sorts among the files. Names starting with ``.`` (hidden files,
  our own ``.part`` temporaries and bookkeeping) and names of files still being uploaded
  (:data:`PARTIAL_NAMES`) are skipped unless ``all_files``. ``patterns`` (shell globs, matched
  against the file name) filter what a folder yields; a file named outright is always taken;
* a regular file modified less than ``min_age`` seconds ago is ``WAITING``: it may still be being
  written, so it is left for a later run (neither read nor moved);
* a folder given without ``recursive`` that holds sub-folders but no file to take gets a hint;
* while walking, FIFOs, sockets and devices are skipped without being opened, and a folder already
  seen (a symbolic link loop, or a link to a folder walked before) is not entered again;
* the same file reached twice (a folder and a file in it, two links) is converted once;
* a named path that does not exist or is not a file, FIFO or folder becomes an :class:`Input` that
  carries its ``problem``, so the caller reports it in its place and goes on.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
import fnmatch
import os
import stat
import time
from collections.abc import Collection, Iterator
from enum import StrEnum
from pathlib import PurePath
from typing import NamedTuple

from wirecli.files import STDIN, display_name, read_path_list


class InputKind(StrEnum):
    """How an input is read."""

    FILE = "file"
    """A regular file: can be read by a worker process, skipped when converted before, and moved."""
    STREAM = "stream"
    """Standard input or a named FIFO: read once, in order, by the main process."""
    PROBLEM = "problem"
    """Cannot be read at all; ``problem`` says why."""
    WAITING = "waiting"
    """A regular file younger than ``--min-age``: left for a later run, as it may be half-written."""


# Names that uploaders, browsers and sync tools give a file until it is complete (then they rename
# it); dot-files are skipped as well.
PARTIAL_NAMES = ("*.part", "*.partial", "*.tmp", "*.crdownload", "*.filepart", "~*")


class Input(NamedTuple):
    """One input of a batch."""

    path: str
    """As given, or the folder argument joined with the names below it; ``-`` for standard input."""
    kind: InputKind
    folders: tuple[str, ...] = ()
    """Folders between the folder argument and the file (what ``--keep-dirs`` mirrors)."""
    problem: str | None = None
    size: int | None = None
    """Bytes of a regular file when it was listed (its status is read then anyway)."""

    @property
    def display(self) -> str:
        return display_name(self.path)

    @property
    def waiting_note(self) -> str:
        """What to say about a ``WAITING`` input."""
        return f"{self.display}: changed too recently for --min-age; left for a later run"

    @property
    def stem(self) -> str:
        return stem_of(self.path)

    @property
    def name(self) -> str:
        return PurePath(self.path).name


def stem_of(path: str) -> str:
    """The name an input's outputs are called after: its file name without extension."""
    return "stdin" if path == STDIN else PurePath(path).stem


FolderKey = tuple[int, int]


def folder_key(path: str) -> FolderKey | None:
    """(device, inode) of a folder, to recognise it under any name; None if it is not one."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


class Selection(NamedTuple):
    """The inputs a command was given: paths, and how folders and ``--files-from`` add to them."""

    paths: tuple[str, ...] = ()
    files_from: str | None = None
    recursive: bool = False
    patterns: tuple[str, ...] = ()
    min_age: float = 0.0
    """Seconds since its last change before a file is taken (``--min-age``)."""
    all_files: bool = False
    """Also take hidden and partial-upload names found in folders (``--all-files``)."""

    @property
    def reads_stdin(self) -> bool:
        """Standard input holds an input, or the list of inputs."""
        return (not self.paths and self.files_from is None) or STDIN in self.paths or self.files_from == STDIN

    def gather(self, exclude: Collection[FolderKey] = ()) -> "Found":
        """The inputs, in order; raises ``OSError`` when the ``--files-from`` list cannot be read."""
        arguments = list(self.paths) or ([] if self.files_from else [STDIN])
        if self.files_from is not None:
            arguments += read_path_list(self.files_from)
        walker = _Walker(self.recursive, self.patterns, set(exclude), self.min_age, self.all_files)
        return walker.find(arguments)

    def list_problem(self, error: OSError) -> str:
        """What to say when :meth:`gather` could not read the ``--files-from`` list."""
        return f"cannot read --files-from {display_name(self.files_from or STDIN)}: {error.strerror or error}"


def discover(
    arguments: list[str],
    *,
    recursive: bool = False,
    patterns: Collection[str] = (),
    exclude: Collection[FolderKey] = (),
) -> list[Input]:
    """The inputs named by ``arguments``, in order; folders in ``exclude`` are never walked."""
    return _Walker(recursive, tuple(patterns), set(exclude)).find(arguments).inputs


class Found(NamedTuple):
    """What a selection names: the inputs, and hints about folders that gave none."""

    inputs: list[Input]
    hints: list[str]


class _Walker:
    def __init__(
        self,
        recursive: bool,
        patterns: tuple[str, ...],
        visited: set[FolderKey],
        min_age: float = 0.0,
        all_files: bool = False,
    ) -> None:
        self.recursive = recursive
        self.patterns = patterns
        self.visited_folders = visited
        self.seen_files: set[FolderKey] = set()
        self.hints: list[str] = []
        self.all_files = all_files
        # One moment for the whole listing, so that a file's fate does not depend on its place.
        self.newest = time.time() - min_age if min_age > 0 else None

    def find(self, arguments: list[str]) -> Found:
        inputs = [item for argument in arguments for item in self.named(argument)]
        return Found(inputs, self.hints)

    def _file(self, path: str, status: os.stat_result, folders: tuple[str, ...] = ()) -> Input:
        waiting = self.newest is not None and status.st_mtime > self.newest
        return Input(path, InputKind.WAITING if waiting else InputKind.FILE, folders, size=status.st_size)

    def named(self, path: str) -> Iterator[Input]:
        if path == STDIN:
            yield Input(STDIN, InputKind.STREAM)
            return
        try:
            status = os.stat(path)
        except OSError as error:
            yield Input(path, InputKind.PROBLEM, problem=f"cannot read {path}: {error.strerror or error}")
            return
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            yield from self._folder(path, (), (status.st_dev, status.st_ino))
        elif stat.S_ISREG(mode):
            if self._first_time(status):
                yield self._file(path, status)
        elif stat.S_ISFIFO(mode):
            yield Input(path, InputKind.STREAM)
        else:
            yield Input(path, InputKind.PROBLEM, problem=f"cannot read {path}: not a regular file")

    def _first_time(self, status: os.stat_result) -> bool:
        key = (status.st_dev, status.st_ino)
        if key in self.seen_files:
            return False
        self.seen_files.add(key)
        return True

    def _folder(self, path: str, folders: tuple[str, ...], key: FolderKey) -> Iterator[Input]:
        if key in self.visited_folders:
            return
        self.visited_folders.add(key)
        try:
            with os.scandir(path) as scan:
                entries = sorted((entry for entry in scan if self._listed(entry.name)), key=_name)
        except OSError as error:
            yield Input(path, InputKind.PROBLEM, problem=f"cannot list {path}: {error.strerror or error}")
            return
        taken = 0
        for entry in entries:
            for item in self._entry(entry, folders):
                taken += 1
                yield item
        if not taken and not self.recursive and not folders and any(_is_folder(entry) for entry in entries):
            self.hints.append(f"{path}: no files directly inside; use -r to descend into its folders")

    def _listed(self, name: str) -> bool:
        if self.all_files:
            return True
        return not name.startswith(".") and not any(fnmatch.fnmatchcase(name, part) for part in PARTIAL_NAMES)

    def _entry(self, entry: os.DirEntry[str], folders: tuple[str, ...]) -> Iterator[Input]:
        try:
            status = entry.stat()
        except OSError as error:  # a broken symbolic link, or a file removed meanwhile
            if self._wanted(entry.name):
                problem = f"cannot read {entry.path}: {error.strerror or error}"
                yield Input(entry.path, InputKind.PROBLEM, folders, problem)
            return
        if stat.S_ISDIR(status.st_mode):
            if self.recursive:
                yield from self._folder(entry.path, (*folders, entry.name), (status.st_dev, status.st_ino))
        elif stat.S_ISREG(status.st_mode) and self._wanted(entry.name) and self._first_time(status):
            yield self._file(entry.path, status, folders)

    def _wanted(self, name: str) -> bool:
        return not self.patterns or any(fnmatch.fnmatchcase(name, pattern) for pattern in self.patterns)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
