"""Inputs to rendered stories, in this process or in worker processes, always in input order.

With one job, an input is read, parsed and rendered story by story as the caller asks for the
next one, so memory stays bounded by the largest story. With ``--jobs N``, worker processes parse
and render whole regular files ahead of the parent, which prints diagnostics and writes every
output itself, in input order: the bytes written are the same as with one job. Only a bounded
window of inputs is in flight, so a slow writer does not pile results up in memory. Standard input,
FIFOs and files over ``WORKER_MAX_BYTES`` are read by the parent, story by story.

Workers ignore Ctrl-C (the parent decides what an interrupt means and ends them) and, on Linux, are
killed by the kernel when the parent dies, so a ``kill -9`` of the parent leaves no orphan holding
the batch lock.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from wirecli.files import STDIN, read_chunks
from wirecli.formats import parse_chunks
from wirecli.model import Diagnostic, ParseOptions, Story
from wirecli.render import OUTPUTS, RenderOptions

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from wirecli.naming import NameFields

_PR_SET_PDEATHSIG = 1
_TASKS_PER_WORKER = 4
WORKER_MAX_BYTES = 32 << 20
"""A worker hands a whole input back at once; bigger inputs are streamed by the parent instead."""


@dataclass(frozen=True, slots=True)
class RenderedStory:
    """One story as its output document, with what naming and reporting need to know of it."""

    document: bytes
    fields: NameFields | None
    """What ``--name`` can use; only worked out when stories are written to files of their own."""
    diagnostics: tuple[Diagnostic, ...]


WorkerResult = tuple[list[RenderedStory], str | None]
"""A worker's answer: the input's stories, and what went wrong reading it."""


@dataclass(frozen=True, slots=True)
class RenderJob:
    """How every input of a run is parsed and rendered (sent to each worker as it is)."""

    output: str
    """Name of the output format in ``OUTPUTS``."""
    parse: ParseOptions
    render: RenderOptions
    names: bool = False
    """Work out each story's name fields (for ``--out-dir``)."""

    def stories(self, path: str, stem: str) -> Iterator[RenderedStory]:
        """The rendered stories of ``path`` as they are parsed; raises ``OSError`` when reading fails."""
        output = OUTPUTS[self.output]
        options = replace(self.parse, path=None if path == STDIN else path)
        for story in parse_chunks(read_chunks(path), options):
            document = output.render(story, self.render)
            fields = name_fields(story, stem) if self.names else None
            yield RenderedStory(document, fields, story.diagnostics)


def name_fields(story: Story, stem: str) -> NameFields:
    """The values a ``--name`` template can use for ``story``."""
    from wirecli.naming import NameFields  # only runs that name files load the naming rules

    date = story.dateline.date if story.dateline and story.dateline.date else None
    if date is None and story.created is not None:
        date = story.created.date()
    return NameFields(stem, story.source.index + 1, story.code, story.keyword, date, story.format)


def read_problem(name: str, error: OSError) -> str:
    return f"cannot read {name}: {error.strerror or error}"


class StoryFeed:
    """The rendered stories of one input; ``problem`` is set once reading has failed."""

    def __init__(self, stories: Iterable[RenderedStory], name: str, problem: str | None = None) -> None:
        self._stories = stories
        self._name = name
        self.problem = problem

    def __iter__(self) -> Iterator[RenderedStory]:
        # Stories read before the failure are kept: they are complete.
        try:
            yield from self._stories
        except OSError as error:
            self.problem = read_problem(self._name, error)


@dataclass(frozen=True, slots=True)
class Task:
    """One input to convert: where it is and the stem its stories are named after."""

    path: str
    stem: str
    name: str
    """How messages name it."""
    in_worker: bool
    """A worker may read it: a regular file to convert that is not huge. The parent streams the rest."""


class Converter:
    """Hands out the story feed of each task, in order; ``processes`` above 1 starts a worker pool."""

    def __init__(
        self, job: RenderJob, tasks: list[Task], processes: int, lock_descriptor: int | None
    ) -> None:
        self.job = job
        self._tasks = tasks
        self._waiting = deque(position for position, task in enumerate(tasks) if task.in_worker)
        self._running: deque[tuple[int, AsyncResult[WorkerResult]]] = deque()
        self._pool: Pool | None = None
        processes = min(processes, len(self._waiting))
        self._window = processes * _TASKS_PER_WORKER
        if processes > 1:
            import multiprocessing

            # fork: workers start at once with everything imported. Each closes its copy of the
            # lock descriptor so that only the parent holds the lock.
            forking = "fork" in multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if forking else None)
            inherited = lock_descriptor if forking else None
            self._pool = context.Pool(processes, _start_worker, (os.getpid(), inherited))

    def feed(self, position: int) -> StoryFeed:
        task = self._tasks[position]
        if self._pool is None or not task.in_worker:
            return StoryFeed(self.job.stories(task.path, task.stem), task.name)
        self._submit()
        submitted, result = self._running.popleft()
        assert submitted == position, "tasks must be fed in order"
        stories, problem = result.get()
        self._submit()
        return StoryFeed(stories, task.name, problem)

    def _submit(self) -> None:
        assert self._pool is not None
        while self._waiting and len(self._running) < self._window:
            position = self._waiting.popleft()
            task = self._tasks[position]
            arguments = (self.job, task.path, task.stem, task.name)
            self._running.append((position, self._pool.apply_async(_convert_in_worker, arguments)))

    def close(self, *, abort: bool) -> None:
        if self._pool is None:
            return
        if abort:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()
        self._pool = None


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


def _convert_in_worker(job: RenderJob, path: str, stem: str, name: str) -> WorkerResult:
    stories: list[RenderedStory] = []
    try:
        stories.extend(job.stories(path, stem))
    except OSError as error:
        return stories, read_problem(name, error)
    return stories, None


def _start_worker(parent: int, lock_descriptor: int | None) -> None:
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
