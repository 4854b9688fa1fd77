"""A conversion run over many inputs: for pipelines, drop folders and cron.

One run, step by step:

1. take the lock (``--lock``; by default ``.wirecli.lock`` in the output folder when inputs are
   moved): a run that cannot get it within ``--lock-wait`` seconds exits 0 and does nothing, since
   another run is on the job;
2. find the inputs (:mod:`wirecli.inputs`) only then, so two runs never share one;
3. with ``--out-dir`` and ``--skip-existing``, leave out the inputs whose outputs are up to date
   (:mod:`wirecli.outdir`);
4. convert each input in order (:mod:`wirecli.jobs`), print its diagnostics, write its stories: to
   one stream (stdout or ``-o``), or one file per story in ``--out-dir``, then the input's manifest;
5. move the input to ``--move-done`` or ``--move-failed`` once its outputs are durable: right after
   its manifest with ``--out-dir``, after the whole stream otherwise. An input fails when it cannot
   be read, a story in it has an error diagnostic (or a warning, with ``--strict``) or a story of
   it could not be written; its other stories are still written;
6. print the one-line summary and write the ``--report``.

Ctrl-C and SIGTERM stop the run where it is: temporary files are removed, finished outputs stay,
inputs not yet done stay where they are, and the exit status is 130.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
import contextlib
import datetime as dt
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from wirecli import __version__
from wirecli.files import (
    FileLock,
    atomic_output,
    move_file,
    read_path_list,
    remove_stale_parts,
    write_atomically,
)
from wirecli.formats import no_story
from wirecli.inputs import FolderKey, Input, InputKind, discover, folder_key
from wirecli.jobs import (
    WORKER_MAX_BYTES,
    Converter,
    RenderedStory,
    RenderJob,
    StoryFeed,
    Task,
    available_cores,
    converter,
)
from wirecli.messages import say, say_diagnostic
from wirecli.model import Diagnostic, ParseOptions, Severity

if TYPE_CHECKING:  # --out-dir and --name machinery loads only when asked for: start-up stays short
    from wirecli.naming import NameTemplate
    from wirecli.outdir import Manifest, OutDir
from wirecli.render import OUTPUTS, RenderOptions

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
REPORT_VERSION = 1
PROGRESS_THRESHOLD = 20
"""Show a progress bar for runs with more inputs than this (on a terminal only)."""


class UsageError(Exception):
    """Options that cannot work together; the message says what to do instead."""


class BatchOptions(NamedTuple):
    """Everything ``wirecli convert`` was asked to do."""

    paths: tuple[str, ...] = ()
    files_from: str | None = None
    recursive: bool = False
    patterns: tuple[str, ...] = ()
    to: str = "json"
    output: Path | None = None
    out_dir: Path | None = None
    name: str | None = None
    keep_dirs: bool = False
    skip_existing: bool = False
    move_done: Path | None = None
    move_failed: Path | None = None
    lock: Path | None = None
    lock_wait: float = 0.0
    quiet: bool = False
    verbose: bool = False
    strict: bool = False
    report: Path | None = None
    jobs: int = 1
    encoding: str | None = None
    from_format: str | None = None
    year: int | None = None
    reference_date: dt.date | None = None
    width: int = 72
    ninjs_version: str = "3.1"

    @property
    def moving(self) -> bool:
        return self.move_done is not None or self.move_failed is not None


def run(options: BatchOptions) -> int:
    """Convert as ``options`` say and return the exit status; raises :class:`UsageError`."""
    return _Batch(options, _check(options)).run()


def _check(options: BatchOptions) -> "NameTemplate | None":
    if options.output is not None and options.out_dir is not None:
        raise UsageError("give -o/--output or --out-dir, not both")
    if options.out_dir is None:
        for flag, given in (
            ("--name", options.name is not None),
            ("--keep-dirs", options.keep_dirs),
            ("--skip-existing", options.skip_existing),
        ):
            if given:
                raise UsageError(f"{flag} works with --out-dir DIR only")
    if options.files_from == "-" and "-" in options.paths:
        raise UsageError("standard input cannot be both an input ('-') and the list of --files-from -")
    if options.name is None:
        return None
    from wirecli.naming import NameTemplate

    try:
        return NameTemplate(options.name)
    except ValueError as error:
        raise UsageError(str(error)) from None


class _Record:
    """What happened to one input: for the summary and the report."""

    # A plain class: @dataclass would compile its generated methods on every start.
    __slots__ = (
        "errors",
        "failed",
        "input",
        "moved_to",
        "not_moved",
        "outputs",
        "problems",
        "skipped",
        "stories",
        "warnings",
    )

    def __init__(self, input: Input) -> None:
        self.input = input
        self.skipped = False
        self.failed = False
        self.stories = 0
        self.warnings = 0
        self.errors = 0
        self.outputs: list[str] = []
        self.moved_to: str | None = None
        self.not_moved = False
        self.problems: list[str] = []

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        return "failed" if self.failed else "converted"


class _Plan(NamedTuple):
    input: Input
    previous: "Manifest | None" = None
    skip: bool = False


class _Batch:
    def __init__(self, options: BatchOptions, template: "NameTemplate | None") -> None:
        self.options = options
        self.output = OUTPUTS[options.to]
        self.records: list[_Record] = []
        self.run_failed = False
        self.move_folders: set[Path] = set()
        self.out_dir: OutDir | None = None
        if options.out_dir is not None:
            from wirecli import outdir

            self.out_dir = outdir.OutDir(
                options.out_dir,
                template=template,
                extension=self.output.extension,
                keep_dirs=options.keep_dirs,
                settings=self._settings(),
            )

    def _settings(self) -> dict[str, Any]:
        """What shapes the outputs: a rerun with other settings converts again."""
        options = self.options
        return {
            "wirecli": __version__,
            "to": options.to,
            "name": options.name,
            "keep_dirs": options.keep_dirs,
            "width": options.width,
            "ninjs_version": options.ninjs_version,
            "encoding": options.encoding,
            "year": options.year,
            "reference_date": options.reference_date.isoformat() if options.reference_date else None,
            "strict": options.strict,
        }

    # The run

    def run(self) -> int:
        started = _now()
        lock_path = self._lock_path()
        lock = FileLock(lock_path) if lock_path is not None else None
        restore = _stop_on_sigterm()
        try:
            stop = self._prepare(lock)
            if stop is not None:
                return stop
            inputs = self._inputs()
            if inputs is None:
                return EXIT_USAGE
            self._convert([self._plan(item) for item in inputs], lock)
        except KeyboardInterrupt:
            self._remove_own_parts()
            say("wirecli: interrupted")
            return EXIT_INTERRUPTED
        finally:
            restore()
            if lock is not None:
                lock.release()
        return self._wrap_up(started)

    def _remove_own_parts(self) -> None:
        """Remove temporary files an interrupt left behind, wherever this run may have written."""
        folders = set(self.out_dir.folders) if self.out_dir is not None else set()
        folders |= self.move_folders
        folders |= {path.parent for path in (self.options.output, self.options.report) if path is not None}
        for folder in folders:
            remove_stale_parts(folder, own=True)

    def _lock_path(self) -> Path | None:
        if self.options.lock is not None:
            return self.options.lock
        if not self.options.moving:
            return None
        if self.out_dir is not None:
            return self.out_dir.lock_path
        from wirecli.outdir import LOCK_NAME

        folder = self.options.move_done or self.options.move_failed
        assert folder is not None
        return folder / LOCK_NAME

    def _prepare(self, lock: FileLock | None) -> int | None:
        """Create the output folder and take the lock; the exit status when the run stops here."""
        if self.out_dir is not None:
            try:
                self.out_dir.create()
            except OSError as error:
                say(f"wirecli: cannot create --out-dir {self.out_dir.root}: {error.strerror or error}")
                return EXIT_USAGE
        if lock is not None:
            try:
                lock.path.parent.mkdir(parents=True, exist_ok=True)
                acquired = lock.acquire(self.options.lock_wait)
            except OSError as error:
                say(f"wirecli: cannot lock {lock.path}: {error.strerror or error}")
                return EXIT_USAGE
            if not acquired:
                if self.options.verbose:
                    say(f"wirecli: {lock.path} is held by another run; nothing to do")
                return EXIT_OK
        if self.out_dir is not None:
            self.out_dir.clean()
        return None

    def _inputs(self) -> list[Input] | None:
        options = self.options
        arguments = list(options.paths) or ([] if options.files_from else ["-"])
        if options.files_from is not None:
            try:
                arguments += read_path_list(options.files_from)
            except OSError as error:
                name = "<stdin>" if options.files_from == "-" else options.files_from
                say(f"wirecli: cannot read --files-from {name}: {error.strerror or error}")
                return None
        return discover(
            arguments, recursive=options.recursive, patterns=options.patterns, exclude=self._not_inputs()
        )

    def _not_inputs(self) -> set[FolderKey]:
        """Our own folders: a recursive walk of an inbox that holds them must not convert our outputs."""
        folders = (self.options.out_dir, self.options.move_done, self.options.move_failed)
        return {key for folder in folders if folder is not None and (key := folder_key(str(folder)))}

    def _plan(self, item: Input) -> _Plan:
        if self.out_dir is None or item.kind is not InputKind.FILE:
            return _Plan(item)
        previous = self.out_dir.read_manifest(item)
        skip = self.options.skip_existing and self.out_dir.up_to_date(item, previous)
        return _Plan(item, previous, skip)

    def _convert(self, plans: list[_Plan], lock: FileLock | None) -> None:
        options = self.options
        job = RenderJob(
            options.to,
            ParseOptions(
                reference_date=options.reference_date or dt.date.today(),
                year=options.year,
                encoding=options.encoding,
                format=options.from_format,
            ),
            RenderOptions(width=options.width, ninjs_version=options.ninjs_version),
            names=self.out_dir is not None,
            info=options.verbose,  # info diagnostics are only ever printed with -v
        )
        processes = options.jobs or available_cores()
        pooled = processes > 1
        tasks = [
            Task(plan.input.path, plan.input.display, _worker_size(plan) if pooled else None)
            for plan in plans
        ]
        lock_descriptor = lock.descriptor if lock is not None else None
        with (
            converter(job, tasks, processes, lock_descriptor) as running,
            _progress(options, len(plans)) as bar,
        ):
            if self.out_dir is not None:
                self._write_files(self.out_dir, plans, running, bar)
            else:
                self._write_stream(plans, running, bar)

    def _feeds(
        self, plans: list[_Plan], running: Converter, bar: "_Bar"
    ) -> Iterator[tuple[_Plan, _Record, StoryFeed | None]]:
        """Each input's record and story feed, in order; no feed for inputs skipped or unreadable."""
        for position, plan in enumerate(plans):
            record = _Record(plan.input)
            self.records.append(record)
            if plan.input.problem is not None:
                self._problem(record, plan.input.problem)
                yield plan, record, None
            elif plan.skip:
                assert plan.previous is not None and self.out_dir is not None
                record.skipped = True
                record.failed = plan.previous.failed
                record.outputs = [str(self.out_dir.path_of(output)) for output in plan.previous.outputs]
                yield plan, record, None
            else:
                yield plan, record, running.feed(position)
            bar.advance()

    def _write_files(self, out_dir: "OutDir", plans: list[_Plan], running: Converter, bar: "_Bar") -> None:
        for plan, record, feed in self._feeds(plans, running, bar):
            if feed is None or self._write_input(out_dir, plan, record, feed):
                self._move(record)

    def _write_input(self, out_dir: "OutDir", plan: _Plan, record: _Record, feed: StoryFeed) -> bool:
        """Write one input's stories and manifest; False when they are not durable as a whole."""
        item = plan.input

        def problem(message: str) -> None:
            self._problem(record, message)

        written = out_dir.write(item, self._account(record, feed), plan.previous, problem)
        record.failed = record.failed or not written.complete
        record.outputs = [str(out_dir.path_of(output)) for output in written.outputs]
        if item.kind is not InputKind.FILE:
            return True
        try:
            out_dir.finish(item, written, record.failed, plan.previous)
        except OSError as error:
            problem(f"cannot record the outputs of {item.display}: {error.strerror or error}")
            return False
        return True

    def _write_stream(self, plans: list[_Plan], running: Converter, bar: "_Bar") -> None:
        target = self.options.output
        if target is None and self.output.name == "ndjson":
            self._write_records(plans, running, bar)
        elif target is None:
            stream = sys.stdout.buffer
            for piece in self.output.join(self._documents(plans, running, bar)):
                stream.write(piece)
            stream.flush()
        else:
            try:
                with atomic_output(target) as output:
                    for piece in self.output.join(self._documents(plans, running, bar)):
                        output.write(piece)
            except OSError as error:
                say(f"wirecli: cannot write {target}: {error.strerror or error}")
                self.run_failed = True
                return  # nothing is durable: every input stays where it is
            for record in self.records:
                record.outputs = [str(target)]
        for record in self.records:
            self._move(record)

    def _documents(self, plans: list[_Plan], running: Converter, bar: "_Bar") -> Iterator[bytes]:
        for _, record, feed in self._feeds(plans, running, bar):
            if feed is not None:
                for story in self._account(record, feed):
                    yield story.document

    def _write_records(self, plans: list[_Plan], running: Converter, bar: "_Bar") -> None:
        """NDJSON to stdout: each record reaches a reader (``| head``, ``tail -f``) once complete.

        A story parsed here is flushed at once. Stories converted by workers arrive by the batch, so
        they are written together, when the next input's stories are not in memory yet: one write
        for a batch rather than one per story.
        """
        stream = sys.stdout.buffer
        waiting: list[bytes] = []

        def flush() -> None:
            stream.write(b"".join(waiting))
            waiting.clear()
            stream.flush()

        for position, (_, record, feed) in enumerate(self._feeds(plans, running, bar)):
            if feed is None:
                continue
            for story in self._account(record, feed):
                waiting.append(story.document)
                if feed.streamed:
                    flush()
            if waiting and not running.ready(position + 1):
                flush()
        flush()

    def _account(self, record: _Record, feed: StoryFeed) -> Iterator[RenderedStory]:
        """Pass the stories on, counting and printing their diagnostics."""
        for story in feed:
            record.stories += 1
            for diagnostic in story.diagnostics:
                self._diagnostic(record, diagnostic)
            yield story
        if feed.problem is not None:
            self._problem(record, feed.problem)
        elif not record.stories:
            # An empty drop file is noticed (a warning) without failing the run, unless --strict.
            self._diagnostic(record, no_story())

    def _diagnostic(self, record: _Record, diagnostic: Diagnostic) -> None:
        """Count a diagnostic, let it fail the input, and print it unless quiet hides it."""
        strict, quiet, verbose = self.options.strict, self.options.quiet, self.options.verbose
        severity = diagnostic.severity
        if severity is Severity.ERROR:
            record.errors += 1
        elif severity is Severity.WARNING:
            record.warnings += 1
        fails = severity is Severity.ERROR or (strict and severity is Severity.WARNING)
        record.failed = record.failed or fails
        if fails or (not quiet and (severity is Severity.WARNING or verbose)):
            say_diagnostic(record.input.display, diagnostic)

    def _problem(self, record: _Record, message: str, *, fails: bool = True) -> None:
        say(f"wirecli: {message}")
        record.problems.append(message)
        record.failed = record.failed or fails

    def _move(self, record: _Record) -> None:
        folder = self.options.move_failed if record.failed else self.options.move_done
        item = record.input
        if folder is None or item.kind is not InputKind.FILE:
            return
        destination = folder.joinpath(*item.folders, item.name)
        self.move_folders.add(destination.parent)
        try:
            moved = move_file(Path(item.path), destination)
        except OSError as error:
            record.not_moved = True
            reason = error.strerror or str(error)
            message = f"cannot move {item.display} to {folder}: {reason}; it stays where it is"
            self._problem(record, message, fails=False)
        else:
            record.moved_to = str(moved)

    # The end

    def _wrap_up(self, started: dt.datetime) -> int:
        totals = self._totals()
        failed = self.run_failed or totals["failed"] > 0 or totals["not_moved"] > 0
        exit_code = EXIT_FAILED if failed else EXIT_OK
        if self._summary_wanted():
            say(summary_line(totals))
        if self.options.report is not None:
            document = self._report_document(started, exit_code, totals)
            try:
                write_atomically(self.options.report, orjson.dumps(document, option=_REPORT_JSON))
            except OSError as error:
                say(f"wirecli: cannot write --report {self.options.report}: {error.strerror or error}")
                exit_code = EXIT_FAILED
        return exit_code

    def _totals(self) -> dict[str, int]:
        converted = [record for record in self.records if not record.skipped]
        return {
            "files": len(converted),
            "stories": sum(record.stories for record in converted),
            "warnings": sum(record.warnings for record in converted),
            "errors": sum(record.errors for record in converted),
            "failed": sum(record.failed for record in converted),
            "skipped": len(self.records) - len(converted),
            "not_moved": sum(record.not_moved for record in self.records),
        }

    def _summary_wanted(self) -> bool:
        """A batch gets a summary; converting one named file or stdin to one output stays silent."""
        options = self.options
        if options.quiet:
            return False
        single = len(options.paths) <= 1 and not (options.paths and os.path.isdir(options.paths[0]))
        batch_options = options.files_from or options.out_dir or options.moving or options.report
        return not single or bool(batch_options)

    def _report_document(
        self, started: dt.datetime, exit_code: int, totals: dict[str, int]
    ) -> dict[str, Any]:
        return {
            "report_version": REPORT_VERSION,
            "wirecli_version": __version__,
            "started": started,
            "finished": _now(),
            "exit_code": exit_code,
            "totals": totals,
            "inputs": [
                {
                    "path": record.input.display,
                    "status": record.status,
                    "stories": record.stories,
                    "warnings": record.warnings,
                    "errors": record.errors,
                    "outputs": record.outputs,
                    "moved_to": record.moved_to,
                    "problems": record.problems,
                }
                for record in self.records
            ],
        }


_REPORT_JSON = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | orjson.OPT_UTC_Z


def _worker_size(plan: _Plan) -> int | None:
    """The size of an input a worker may read (a regular file to convert, not huge), else None."""
    if plan.input.kind is not InputKind.FILE or plan.skip:
        return None
    size = plan.input.size
    if size is None:
        try:
            size = os.path.getsize(plan.input.path)
        except OSError:
            return None  # the parent reports it when it reads it
    return size if size <= WORKER_MAX_BYTES else None


def summary_line(totals: dict[str, int]) -> str:
    """``converted 120 stories from 118 files; 2 warnings; 1 failed``: counts that are 0 are left out."""
    stories, files = totals["stories"], totals["files"]
    story_word = "story" if stories == 1 else "stories"
    parts = [f"converted {stories} {story_word} from {files} {'file' if files == 1 else 'files'}"]
    for key, one, many in (
        ("warnings", "warning", "warnings"),
        ("errors", "error", "errors"),
        ("failed", "failed", "failed"),
        ("skipped", "skipped", "skipped"),
        ("not_moved", "not moved", "not moved"),
    ):
        if totals[key]:
            parts.append(f"{totals[key]} {one if totals[key] == 1 else many}")
    return "; ".join(parts)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stop_on_sigterm() -> Callable[[], object]:
    """Make SIGTERM stop the run as Ctrl-C does (temporary files cleaned up); returns the undo."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


class _Bar:
    """Progress on stderr; this one shows nothing."""

    def advance(self) -> None:
        pass

    def stop(self) -> None:
        pass


class _RichBar(_Bar):
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        # Rich's Console honours NO_COLOR; stderr lines printed meanwhile go above the bar.
        self._progress = Progress(
            TextColumn("converting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=True,
        )
        self._task = self._progress.add_task("converting", total=total)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


@contextlib.contextmanager
def _progress(options: BatchOptions, total: int) -> Iterator[_Bar]:
    """A progress bar only for long runs on a terminal, and never over data written to that terminal."""
    wanted = (
        not options.quiet
        and total > PROGRESS_THRESHOLD
        and sys.stderr.isatty()
        and (options.out_dir is not None or options.output is not None or not sys.stdout.isatty())
    )
    bar = _RichBar(total) if wanted else _Bar()
    try:
        yield bar
    finally:
        bar.stop()
