"""A conversion run over many inputs: for pipelines, drop folders and cron.

One run, step by step:

1. take the lock (``--lock``; by default ``.wirecli.lock`` in the output folder when inputs are
   moved): a run that cannot get it within ``--lock-wait`` seconds exits 0 and does nothing, since
   another run is on the job;
2. find the inputs (:mod:`wirecli.inputs`) only then, so two runs never share one;
3. with ``--out-dir`` and ``--skip-existing``, leave out the inputs whose outputs are up to date
   (:mod:`wirecli.outdir`);
4. convert each input in order (:mod:`wirecli.jobs`), print its diagnostics and count them
   (:mod:`wirecli.tally`), and hand its stories to the sink (:mod:`wirecli.sinks`): one stream
   (stdout or ``-o``), or one file per story in ``--out-dir``, then the input's manifest;
5. the sink has the :class:`~wirecli.sinks.Mover` move the input to ``--move-done`` or
   ``--move-failed`` once its outputs are durable: right after its manifest with ``--out-dir``,
   after the whole stream otherwise. An input fails when it cannot be read, a story in it has an
   error diagnostic (or a warning, with ``--strict``) or a story of it could not be written; its
   other stories are still written;
6. print the one-line summary and write the ``--report``.

Ctrl-C and SIGTERM stop the run where it is: temporary files are removed, finished outputs stay,
inputs not yet done stay where they are, and the exit status is 130.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
import datetime as dt
import errno
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from wirecli import __version__
from wirecli.files import STDIN, FileLock, cannot_write, make_folder, remove_stale_parts, write_atomically
from wirecli.inputs import FolderKey, Input, InputKind, Selection, folder_key
from wirecli.jobs import WORKER_MAX_BYTES, Converter, RenderJob, StoryFeed, Task, available_cores, converter
from wirecli.messages import say, say_diagnostic
from wirecli.model import Diagnostic, ParseOptions, Severity
from wirecli.progress import Bar, progress
from wirecli.render import OutputFormat, RenderOptions
from wirecli.rendered import RenderedStory
from wirecli.sinks import Converted, FileSink, Mover, OutDirSink, RecordSink, Sink, StreamSink, problem
from wirecli.tally import InputRecord, Tally
from wirecli.terminal import ColourMode

if TYPE_CHECKING:  # --out-dir and --name machinery loads only when asked for: start-up stays short
    from wirecli.naming import NameTemplate
    from wirecli.outdir import Manifest, OutDir

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
REPORT_VERSION = 1


class UsageError(Exception):
    """Options that cannot work together; the message says what to do instead."""


class BatchOptions(NamedTuple):
    """Everything ``wirecli convert`` was asked to do."""

    output_format: OutputFormat
    parse: ParseOptions
    selection: Selection = Selection()
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
    width: int = 72
    ninjs_version: str = "3.1"
    colour: ColourMode = ColourMode.AUTO
    """When diagnostics on stderr are coloured (``--color``)."""

    @property
    def moving(self) -> bool:
        return self.move_done is not None or self.move_failed is not None

    @property
    def own_folders(self) -> dict[str, Path]:
        """The folders the run writes into and creates, by option: never inputs themselves."""
        folders = {
            "--out-dir": self.out_dir,
            "--move-done": self.move_done,
            "--move-failed": self.move_failed,
        }
        return {flag: folder for flag, folder in folders.items() if folder is not None}

    @property
    def output_file(self) -> Path | None:
        """The ``-o`` target, unless it is ``-`` (standard output, as without ``-o``)."""
        return None if self.output is None or str(self.output) == STDIN else self.output


def run(options: BatchOptions) -> int:
    """Convert as ``options`` say and return the exit status; raises :class:`UsageError`."""
    return _Run(options, _check(options)).run()


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
    _check_folders(options)
    if options.report is not None and (reason := _cannot_report(options)) is not None:
        raise UsageError(f"cannot write --report {options.report}: {reason}")
    if options.name is None:
        return None
    from wirecli.naming import NameTemplate

    try:
        return NameTemplate(options.name)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _check_folders(options: BatchOptions) -> None:
    """Folders the run writes to must be folders, and none may be an input folder: the walk leaves
    out the run's own folders, so such a run would silently convert nothing."""
    inputs = {key: path for path in options.selection.paths if (key := folder_key(path)) is not None}
    for flag, folder in options.own_folders.items():
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{flag} {folder}: {os.strerror(errno.ENOTDIR)}")
        key = folder_key(str(folder))
        if key is not None and key in inputs:
            raise UsageError(f"{flag} {folder} is the input folder {inputs[key]}; choose another folder")


def _cannot_report(options: BatchOptions) -> str | None:
    """Why the ``--report`` cannot be written, known before the run; a folder the run creates
    (``--out-dir``, a move folder) may hold it."""
    assert options.report is not None
    created = {os.path.abspath(folder) for folder in options.own_folders.values()}
    if os.path.abspath(options.report.parent) in created and not options.report.parent.exists():
        return None
    return cannot_write(options.report)


class Plan(NamedTuple):
    """An input of the run, and whether an earlier run's outputs make converting it unnecessary."""

    input: Input
    previous: "Manifest | None" = None
    skip: bool = False


class _Run:
    """One conversion run: lock, plan, convert into the sink, wrap up."""

    def __init__(self, options: BatchOptions, template: "NameTemplate | None") -> None:
        self.options = options
        self.records: list[InputRecord] = []
        self.mover = Mover(options.move_done, options.move_failed)
        self.lock_held = False
        """Another run held the lock: this one did nothing, and its report says so."""
        self.out_dir: OutDir | None = None
        if options.out_dir is not None:
            from wirecli import outdir

            self.out_dir = outdir.OutDir(
                options.out_dir,
                template=template,
                extension=options.output_format.extension,
                keep_dirs=options.keep_dirs,
                settings=_settings(options),
            )

    def run(self) -> int:
        started = _now()
        lock_path = _lock_path(self.options, self.out_dir)
        lock = FileLock(lock_path) if lock_path is not None else None
        restore = _stop_on_sigterm()
        run_failed = False
        try:
            stop = self._prepare(lock)
            if stop is not None:
                if self.lock_held:
                    report = _Report(started, stop, True, Tally(self.records), self.records)
                    return report.write(self.options.report)
                return stop
            inputs = self._inputs()
            if inputs is None:
                return EXIT_USAGE
            run_failed = not self._convert([self._plan(item) for item in inputs], lock)
        except KeyboardInterrupt:
            self._remove_own_parts()
            say("wirecli: interrupted")
            return EXIT_INTERRUPTED
        finally:
            restore()
            if lock is not None:
                lock.release()
        return self._wrap_up(started, run_failed)

    def _remove_own_parts(self) -> None:
        """Remove temporary files an interrupt left behind, wherever this run may have written."""
        folders = set(self.out_dir.folders) if self.out_dir is not None else set()
        folders |= self.mover.folders
        # An -o link is followed: its temporary file sits beside the file the link leads to.
        written = (self.options.output_file, self.options.report)
        folders |= {Path(os.path.realpath(path)).parent for path in written if path is not None}
        for folder in folders:
            remove_stale_parts(folder, own=True)

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
                if self.options.lock is None:  # the default place is a folder of the run's own
                    make_folder(lock.path.parent)
                acquired = lock.acquire(self.options.lock_wait)
            except OSError as error:
                say(f"wirecli: cannot lock {lock.path}: {error.strerror or error}")
                return EXIT_USAGE
            if not acquired:
                self.lock_held = True
                if self.options.verbose:
                    say(f"wirecli: {lock.path} is held by another run; nothing to do")
                return EXIT_OK
        if self.out_dir is not None:
            self.out_dir.clean()
        return None

    def _inputs(self) -> list[Input] | None:
        options = self.options
        try:
            found = options.selection.gather(exclude=_not_inputs(options))
        except OSError as error:
            say(f"wirecli: {options.selection.list_problem(error)}")
            return None
        if not options.quiet:
            for hint in found.hints:
                say(f"wirecli: {hint}")
        return found.inputs

    def _plan(self, item: Input) -> Plan:
        if self.out_dir is None or item.kind is not InputKind.FILE:
            return Plan(item)
        previous = self.out_dir.read_manifest(item)
        skip = self.options.skip_existing and self.out_dir.up_to_date(item, previous)
        return Plan(item, previous, skip)

    def _convert(self, plans: list[Plan], lock: FileLock | None) -> bool:
        """Convert every planned input into the sink; False when its output could not be written."""
        options = self.options
        job = RenderJob(
            options.output_format,
            options.parse,
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
        to_stdout = self.out_dir is None and options.output_file is None
        with (
            converter(job, tasks, processes, lock_descriptor) as running,
            progress(len(plans), quiet=options.quiet, to_stdout=to_stdout) as bar,
        ):
            feeds = _Feeds(options, self.out_dir, self.records)
            return _sink(options, self.out_dir).write(feeds.converted(plans, running, bar), self.mover)

    def _wrap_up(self, started: dt.datetime, run_failed: bool) -> int:
        tally = Tally(self.records)
        failed = run_failed or tally.failed > 0 or tally.not_moved > 0
        exit_code = EXIT_FAILED if failed else EXIT_OK
        if _summary_wanted(self.options):
            say(tally.conversion_summary())
        return _Report(started, exit_code, self.lock_held, tally, self.records).write(self.options.report)






def _settings(options: BatchOptions) -> dict[str, Any]:
    """What shapes the outputs: a rerun with other settings converts again."""
    parse = options.parse
    return {
        "wirecli": __version__,
        "to": options.output_format.name,
        "name": options.name,
        "keep_dirs": options.keep_dirs,
        "width": options.width,
        "ninjs_version": options.ninjs_version,
        "encoding": parse.encoding,
        "year": parse.year,
        "reference_date": parse.reference_date.isoformat(),
        "strict": options.strict,
    }


def _lock_path(options: BatchOptions, out_dir: "OutDir | None") -> Path | None:
    """``--lock``, else a lock of the run's own when it moves inputs."""
    if options.lock is not None:
        return options.lock
    if not options.moving:
        return None
    if out_dir is not None:
        return out_dir.lock_path
    from wirecli.outdir import LOCK_NAME

    folder = options.move_done or options.move_failed
    assert folder is not None
    return folder / LOCK_NAME


def _not_inputs(options: BatchOptions) -> set[FolderKey]:
    """Our own folders: a recursive walk of an inbox that holds them must not convert our outputs."""
    folders = options.own_folders.values()
    return {key for folder in folders if (key := folder_key(str(folder))) is not None}


def _sink(options: BatchOptions, out_dir: "OutDir | None") -> Sink:
    output = options.output_format
    if out_dir is not None:
        return OutDirSink(out_dir)
    if options.output_file is not None:
        return FileSink(output, options.output_file)
    return RecordSink() if output.records else StreamSink(output)


def _summary_wanted(options: BatchOptions) -> bool:
    """A batch gets a summary; converting one named file or stdin to one output stays silent."""
    if options.quiet:
        return False
    paths = options.selection.paths
    single = len(paths) <= 1 and not (paths and os.path.isdir(paths[0]))
    batch_options = options.selection.files_from or options.out_dir or options.moving or options.report
    return not single or bool(batch_options)


class _Report(NamedTuple):
    """What the ``--report`` says of a run."""

    started: dt.datetime
    exit_code: int
    lock_held: bool
    tally: Tally
    records: list[InputRecord]

    def write(self, path: Path | None) -> int:
        """Write it to ``path``, if given; returns the exit status, 1 when it cannot be written."""
        if path is None:
            return self.exit_code
        document = {
            "report_version": REPORT_VERSION,
            "wirecli_version": __version__,
            "started": self.started,
            "finished": _now(),
            "exit_code": self.exit_code,
            "lock_held": self.lock_held,
            "totals": self.tally.totals(),
            "inputs": [record.report_entry() for record in self.records],
        }
        try:
            write_atomically(path, orjson.dumps(document, option=_REPORT_JSON))
        except OSError as error:
            say(f"wirecli: cannot write --report {path}: {error.strerror or error}")
            return EXIT_FAILED
        return self.exit_code


class _Feeds:
    """Each planned input with its stories, in order, counted and reported as they pass."""

    def __init__(self, options: BatchOptions, out_dir: "OutDir | None", records: list[InputRecord]) -> None:
        self._options = options
        self._out_dir = out_dir
        self._records = records

    def converted(self, plans: list[Plan], running: Converter, bar: Bar) -> Iterator[Converted]:
        """Each input with its stories, in order; no stories for inputs skipped, waiting or unreadable."""
        for position, plan in enumerate(plans):
            record = InputRecord(plan.input)
            self._records.append(record)

            def next_ready(following: int = position + 1) -> bool:
                return running.ready(following)

            stories: Iterator[RenderedStory] | None = None
            streamed = False
            if plan.input.problem is not None:
                record.unreadable = True
                problem(record, plan.input.problem)
            elif plan.input.kind is InputKind.WAITING:
                record.waiting = True
                record.problem(plan.input.waiting_note, fails=False)
                if self._options.verbose:
                    say(f"wirecli: {plan.input.waiting_note}")
            elif plan.skip:
                assert plan.previous is not None and self._out_dir is not None
                record.skipped = True
                record.failed = plan.previous.failed
                record.outputs = [str(self._out_dir.path_of(output)) for output in plan.previous.outputs]
            else:
                feed = running.feed(position)
                stories, streamed = self._account(record, feed), feed.streamed
            yield Converted(plan.input, record, stories, streamed, next_ready, plan.previous)
            bar.advance()

    def _account(self, record: InputRecord, feed: StoryFeed) -> Iterator[RenderedStory]:
        """Pass the stories on, counting and printing their diagnostics."""
        for story in feed:
            record.stories += 1
            for diagnostic in story.diagnostics:
                self._diagnostic(record, diagnostic)
            yield story
        if feed.problem is not None:
            record.unreadable = True
            problem(record, feed.problem)
        # An empty drop file is noticed (a warning) without failing the run, unless --strict.
        for diagnostic in feed.notes:
            self._diagnostic(record, diagnostic)

    def _diagnostic(self, record: InputRecord, diagnostic: Diagnostic) -> None:
        """Count a diagnostic, let it fail the input, and print it unless quiet hides it."""
        options = self._options
        fails = record.count(diagnostic, strict=options.strict)
        if fails or (not options.quiet and (diagnostic.severity is Severity.WARNING or options.verbose)):
            say_diagnostic(record.input.display, diagnostic, options.colour)


_REPORT_JSON = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | orjson.OPT_UTC_Z


def _worker_size(plan: Plan) -> int | None:
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
