"""Inputs to rendered stories, in this process or in worker processes, always in input order.

With one job, an input is read, parsed and rendered story by story as the caller asks for the
next one, so memory stays bounded by the largest story. With ``--jobs N``, worker processes parse
and render whole regular files ahead of the parent, which prints diagnostics and writes every
output itself, in input order: the bytes written are the same as with one job. Files go to the
workers in batches (up to ``BATCH_FILES`` files or ``BATCH_BYTES`` bytes), so that sending the
work and the rendered bytes back costs little beside parsing; only a few batches per worker are in
flight, so a slow writer does not pile results up in memory. Standard input, FIFOs and files over
``WORKER_MAX_BYTES`` are read by the parent, story by story.

Workers ignore Ctrl-C (the parent decides what an interrupt means and ends them) and, on Linux, are
killed by the kernel when the parent dies, so a ``kill -9`` of the parent leaves no orphan holding
the batch lock.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
import contextlib
import os
import signal
from collections import deque
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from wirecli.files import read_input
from wirecli.inputs import stem_of
from wirecli.model import Diagnostic, ParseOptions, Severity, Story
from wirecli.pipeline import for_input, parse_input
from wirecli.render import OutputFormat, RenderOptions
from wirecli.rendered import RenderedStory

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from wirecli.naming import NameFields

_PR_SET_PDEATHSIG = 1
_BATCHES_PER_WORKER = 2
WORKER_MAX_BYTES = 32 << 20
"""A worker hands a whole input back at once; bigger inputs are streamed by the parent instead."""
ABORT_GRACE_SECONDS = 10.0
"""How long a stopped run waits for workers to finish their batches before killing them."""
BATCH_FILES = 64
BATCH_BYTES = 4 << 20
"""A batch for a worker holds up to this many files, or about this many bytes of input."""


WorkerResult = tuple[list[RenderedStory], str | None, tuple[Diagnostic, ...]]
"""A worker's answer: the input's stories, what went wrong reading it, and findings about the input."""


class RenderJob(NamedTuple):
    """How every input of a run is parsed and rendered (sent to each worker as it is)."""

    output: OutputFormat
    parse: ParseOptions
    render: RenderOptions
    names: bool = False
    """Work out each story's name fields (for ``--out-dir``)."""
    info: bool = True
    """Keep info diagnostics; without them there is less to send back from the workers."""

    def stories(self, path: str) -> Generator[RenderedStory, None, tuple[Diagnostic, ...]]:
        """The rendered stories of ``path`` as they are parsed, then (as the generator's value) the
        findings about the input as a whole; raises ``OSError`` when reading fails."""
        render = self.output.render
        stem = stem_of(path) if self.names else ""
        parsed = parse_input(read_input(path), for_input(self.parse, path))
        for story in parsed:
            document = render(story, self.render)
            fields = name_fields(story, stem) if self.names else None
            diagnostics = story.diagnostics
            if not self.info and diagnostics:
                diagnostics = tuple(d for d in diagnostics if d.severity is not Severity.INFO)
            yield RenderedStory(document, fields, diagnostics)
        return parsed.facts.diagnostics


def name_fields(story: Story, stem: str) -> "NameFields":
    """The values a ``--name`` template can use for ``story``."""
    from wirecli.naming import NameFields  # only runs that name files load the naming rules

    date = story.dateline.date if story.dateline and story.dateline.date else None
    if date is None and story.created is not None:
        date = story.created.date()
    return NameFields(stem, story.source.index + 1, story.code, story.keyword, date, story.format)


def read_problem(name: str, error: OSError) -> str:
    return f"cannot read {name}: {error.strerror or error}"


class StoryFeed:
    """The rendered stories of one input; once they are read, ``problem`` says whether reading
    failed and ``notes`` holds the findings about the input as a whole (``no-story``).

    ``streamed`` feeds are read and parsed as they are iterated (each story may keep a reader
    waiting); the others were converted by a worker and are all in memory already.
    """

    def __init__(
        self,
        stories: Generator[RenderedStory, None, tuple[Diagnostic, ...]] | list[RenderedStory],
        name: str,
        problem: str | None = None,
        notes: tuple[Diagnostic, ...] = (),
        *,
        streamed: bool,
    ) -> None:
        self._stories = stories
        self._name = name
        self.problem = problem
        self.notes = notes
        self.streamed = streamed

    def __iter__(self) -> Iterator[RenderedStory]:
        # Stories read before the failure are kept: they are complete.
        stories = self._stories
        try:
            if isinstance(stories, list):
                yield from stories
            else:
                self.notes = yield from stories
        except OSError as error:
            self.problem = read_problem(self._name, error)


class Task(NamedTuple):
    """One input to convert: where it is and how messages name it."""

    path: str
    name: str
    size: int | None = None
    """Bytes of a regular file a worker may read (not huge); None: the parent streams the input."""


class Converter:
    """Hands out the story feed of each task, in order; ``processes`` above 1 starts a worker pool."""

    def __init__(
        self, job: RenderJob, tasks: list[Task], processes: int, lock_descriptor: int | None
    ) -> None:
        self.job = job
        self._tasks = tasks
        self._waiting = deque(_batches(tasks))
        self._running: deque[tuple[list[int], AsyncResult[list[WorkerResult]]]] = deque()
        self._done: dict[int, WorkerResult] = {}
        self._pool: Pool | None = None
        processes = min(processes, sum(1 for task in tasks if task.size is not None))
        self._window = processes * _BATCHES_PER_WORKER
        if processes > 1:
            import multiprocessing

            # fork: workers start at once with everything imported, and get the job without
            # pickling. Each closes its copy of the lock descriptor so only the parent holds the lock.
            forking = "fork" in multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if forking else None)
            inherited = lock_descriptor if forking else None
            self._pool = _quiet_pool_class()(
                processes, _start_worker, (os.getpid(), inherited, job), context=context
            )

    def feed(self, position: int) -> StoryFeed:
        task = self._tasks[position]
        if self._pool is None or task.size is None:
            return StoryFeed(self.job.stories(task.path), task.name, streamed=True)
        self._submit()
        while position not in self._done:
            positions, result = self._running.popleft()
            self._done.update(zip(positions, result.get(), strict=True))
            self._submit()
        stories, problem, notes = self._done.pop(position)
        return StoryFeed(stories, task.name, problem, notes, streamed=False)

    def ready(self, position: int) -> bool:
        """True when the stories of input ``position`` are converted and waiting in memory."""
        return position in self._done

    def _submit(self) -> None:
        assert self._pool is not None
        while self._waiting and len(self._running) < self._window:
            positions = self._waiting.popleft()
            batch = [self._tasks[position] for position in positions]
            self._running.append((positions, self._pool.apply_async(_convert_in_worker, (batch,))))

    def close(self, *, abort: bool) -> None:
        """End the workers once they are done; ``abort`` (a run that stops early) hands out no more.

        An aborted run still lets the workers finish the batches already handed out (two each at
        most: a fraction of a second) before they end. Pool.terminate() would stop a worker wherever
        it is, and one stopped while it sends a result keeps the result queue's lock: the pool's
        own threads then wait for it, and the run hangs for good. ``ABORT_GRACE_SECONDS`` bounds
        the wait for a worker that is stuck.
        """
        pool = self._pool
        if pool is None:
            return
        self._pool = None
        pool.close()
        if abort and not _workers_end_within(ABORT_GRACE_SECONDS):
            pool.terminate()
        pool.join()


def _workers_end_within(seconds: float) -> bool:
    """Wait up to ``seconds`` for this process's worker processes to exit; whether they all did."""
    import multiprocessing
    import time

    deadline = time.monotonic() + seconds
    while multiprocessing.active_children():  # also reaps those that have exited
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def _quiet_pool_class() -> "type[Pool]":
    """multiprocessing's Pool, minus a busy loop: its worker-maintenance thread also wakes whenever
    the result pipe is readable, so it spins for as long as a result is in transit (a batch of
    rendered stories takes a while), burning a third of the parent's CPU. Results are read by the
    result thread anyway; the maintenance thread only needs the pool's change notifier (and the
    workers' sentinels, which it adds itself)."""
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        def _get_sentinels(self) -> list[Any]:
            notifier = getattr(self, "_change_notifier", None)
            if notifier is None:  # another Python's Pool: keep its own behaviour
                return super()._get_sentinels()  # type: ignore[misc, no-any-return]
            return [notifier._reader]

    return QuietPool


def _batches(tasks: list[Task]) -> Iterator[list[int]]:
    """Positions of the tasks a worker may take, in order, grouped into batches."""
    batch: list[int] = []
    size = 0
    for position, task in enumerate(tasks):
        if task.size is None:
            continue
        if batch and (len(batch) == BATCH_FILES or size + task.size > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(position)
        size += task.size
    if batch:
        yield batch


@contextlib.contextmanager
def converter(
    job: RenderJob, tasks: list[Task], processes: int, lock_descriptor: int | None
) -> Iterator[Converter]:
    """A :class:`Converter` whose workers are ended when the block ends, at once if it raises."""
    running = Converter(job, tasks, processes, lock_descriptor)
    try:
        yield running
    except BaseException:
        running.close(abort=True)
        raise
    running.close(abort=False)


_worker_job: RenderJob | None = None
"""The job of this worker process, set when it starts."""


def _convert_in_worker(batch: list[Task]) -> list[WorkerResult]:
    assert _worker_job is not None
    return [_convert_input(_worker_job, task) for task in batch]


def _convert_input(job: RenderJob, task: Task) -> WorkerResult:
    feed = StoryFeed(job.stories(task.path), task.name, streamed=True)
    stories = list(feed)
    return stories, feed.problem, feed.notes


def _start_worker(parent: int, lock_descriptor: int | None, job: RenderJob) -> None:
    global _worker_job
    _worker_job = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if lock_descriptor is not None:
        with contextlib.suppress(OSError):
            os.close(lock_descriptor)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: an orphan then waits for work that never comes, holding nothing
    if os.getppid() != parent:
        os._exit(1)  # the parent died before prctl took effect


def available_cores() -> int:
    """Cores this process may run on (``--jobs 0``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
