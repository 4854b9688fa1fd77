"""Where a conversion run's stories go, and what happens to an input once they are safe.

A run hands each sink its inputs in order, each with the stories converted from it. A sink writes
them and tells the :class:`Mover` when an input's outputs are durable, so that the input can leave
the drop folder:

* :class:`StreamSink`: one document or stream on standard output; inputs move once it is written;
* :class:`RecordSink`: NDJSON on standard output, each record sent on as soon as it is complete;
* :class:`FileSink`: one document in a file (``-o``), written atomically (or, for a FIFO or a
  device, as a stream); inputs move after the rename, and stay where they are when it fails;
* :class:`OutDirSink`: one file per story (``--out-dir``) and a manifest per input; each input
  moves right after its manifest.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from wirecli.files import move_file, open_output
from wirecli.inputs import Input, InputKind
from wirecli.messages import say
from wirecli.render import OutputFormat
from wirecli.rendered import RenderedStory
from wirecli.tally import InputRecord

if TYPE_CHECKING:  # --out-dir machinery loads only when asked for: start-up stays short
    from wirecli.outdir import Manifest, OutDir


class Converted(NamedTuple):
    """One input of a run as a sink receives it."""

    input: Input
    record: InputRecord
    stories: Iterator[RenderedStory] | None
    """The input's stories as they are converted; ``None`` when it was skipped or not read."""
    streamed: bool
    """The stories are parsed as they are read (a reader may be waiting for each one)."""
    next_ready: Callable[[], bool]
    """Whether the next input's stories are already converted and waiting in memory."""
    previous: "Manifest | None" = None
    """What an earlier run wrote for this input (``--out-dir``)."""


def problem(record: InputRecord, message: str, *, fails: bool = True) -> None:
    """Say what went wrong with an input and keep it for the report."""
    say(f"wirecli: {message}")
    record.problem(message, fails=fails)


class Mover:
    """Moves each input whose outputs are safe to ``--move-done`` or ``--move-failed``."""

    def __init__(self, done: Path | None, failed: Path | None) -> None:
        self._done = done
        self._failed = failed
        self.folders: set[Path] = set()
        """Folders moved into: an interrupted run cleans its temporary files there."""

    def move(self, record: InputRecord) -> None:
        folder = self._failed if record.failed else self._done
        item = record.input
        if folder is None or item.kind is not InputKind.FILE:
            return
        destination = folder.joinpath(*item.folders, item.name)
        self.folders.add(destination.parent)
        try:
            moved = move_file(Path(item.path), destination)
        except OSError as error:
            record.not_moved = True
            reason = error.strerror or str(error)
            message = f"cannot move {item.display} to {folder}: {reason}; it stays where it is"
            problem(record, message, fails=False)
        else:
            record.moved_to = str(moved)


class Sink(Protocol):
    def write(self, inputs: Iterable[Converted], mover: Mover) -> bool:
        """Write every input's stories; False when the output as a whole could not be written."""


def _documents(inputs: Iterable[Converted], records: list[InputRecord]) -> Iterator[bytes]:
    for converted in inputs:
        records.append(converted.record)
        if converted.stories is not None:
            for story in converted.stories:
                yield story.document


class StreamSink:
    """The output format's one document (or stream) on standard output."""

    def __init__(self, output: OutputFormat) -> None:
        self._output = output

    def write(self, inputs: Iterable[Converted], mover: Mover) -> bool:
        stream = sys.stdout.buffer
        records: list[InputRecord] = []
        for piece in self._output.join(_documents(inputs, records)):
            stream.write(piece)
        stream.flush()
        for record in records:
            mover.move(record)
        return True


class RecordSink:
    """NDJSON on standard output: each record reaches a reader (``| head``, ``tail -f``) once complete.

    A story parsed here is flushed at once. Stories converted by workers arrive by the batch, so they
    are written together, when the next input's stories are not in memory yet: one write for a batch
    rather than one per story.
    """

    def write(self, inputs: Iterable[Converted], mover: Mover) -> bool:
        stream = sys.stdout.buffer
        waiting: list[bytes] = []
        records: list[InputRecord] = []

        def flush() -> None:
            stream.write(b"".join(waiting))
            waiting.clear()
            stream.flush()

        for converted in inputs:
            records.append(converted.record)
            if converted.stories is None:
                continue
            for story in converted.stories:
                waiting.append(story.document)
                if converted.streamed:
                    flush()
            if waiting and not converted.next_ready():
                flush()
        flush()
        for record in records:
            mover.move(record)
        return True


class FileSink:
    """The output format's one document in ``target`` (``-o``): a regular file is replaced
    atomically once complete, a stream (FIFO, device, ``-``) is written as the stories come.

    A run that could read none of its inputs leaves a regular file as it was: the good output of
    an earlier run is worth more than an empty document.
    """

    def __init__(self, output: OutputFormat, target: Path) -> None:
        self._output = output
        self.target = target

    def write(self, inputs: Iterable[Converted], mover: Mover) -> bool:
        records: list[InputRecord] = []
        try:
            stream = open_output(self.target)
        except OSError as error:
            say(f"wirecli: cannot write {self.target}: {error.strerror or error}")
            return False
        try:
            for piece in self._output.join(_documents(inputs, records)):
                stream.write(piece)
            if records and not any(record.read for record in records):
                stream.discard()  # each input has said why it could not be read
                return True
            stream.commit()
        except OSError as error:
            stream.discard()
            say(f"wirecli: cannot write {self.target}: {error.strerror or error}")
            return False  # nothing is durable: every input stays where it is
        except BaseException:
            stream.discard()
            raise
        for record in records:
            record.outputs = [str(self.target)]
            mover.move(record)
        return True


class OutDirSink:
    """One file per story in ``--out-dir``, then the input's manifest, then the move."""

    def __init__(self, out_dir: "OutDir") -> None:
        self._out_dir = out_dir

    def write(self, inputs: Iterable[Converted], mover: Mover) -> bool:
        for converted in inputs:
            if converted.stories is None or self._write_input(converted):
                mover.move(converted.record)
        return True

    def _write_input(self, converted: Converted) -> bool:
        """Write one input's stories and manifest; False when they are not durable as a whole."""
        out_dir, item, record = self._out_dir, converted.input, converted.record
        assert converted.stories is not None

        def note(message: str) -> None:
            problem(record, message)

        written = out_dir.write(item, converted.stories, converted.previous, note)
        record.failed = record.failed or not written.complete
        record.outputs = [str(out_dir.path_of(output)) for output in written.outputs]
        if item.kind is not InputKind.FILE:
            return True
        try:
            out_dir.finish(item, written, record.failed, converted.previous)
        except OSError as error:
            note(f"cannot record the outputs of {item.display}: {error.strerror or error}")
            return False
        return True
