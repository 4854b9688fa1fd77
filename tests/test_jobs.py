"""Converting inputs in this process or in a pool of workers: same stories, same order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wirecli import jobs
from wirecli.jobs import RenderJob, Task, _batches, converter
from wirecli.model import ParseOptions, Severity
from wirecli.render import OUTPUTS, RenderOptions

SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
BROKEN = b"ZCZC\n\nBSS-9\n\nsome words and nothing else\n"


def job(**settings: bool) -> RenderJob:
    return RenderJob(
        OUTPUTS["ndjson"], ParseOptions(reference_date=dt.date(2026, 11, 28)), RenderOptions(), **settings
    )


def test_batches_take_worker_tasks_in_order_up_to_a_count_or_a_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "BATCH_FILES", 3)
    monkeypatch.setattr(jobs, "BATCH_BYTES", 100)
    sizes = [10, 10, None, 10, 10, 90, 5, None, 200, 1]
    tasks = [Task(f"f{position}", f"f{position}", size) for position, size in enumerate(sizes)]
    assert list(_batches(tasks)) == [[0, 1, 3], [4, 5], [6], [8], [9]]


def test_info_diagnostics_are_left_out_unless_the_job_keeps_them() -> None:
    [kept] = job(info=True).stories(str(SEED))
    [left_out] = job(info=False).stories(str(SEED))
    assert kept.document == left_out.document
    assert [d.code for d in kept.diagnostics] == ["hyphen-join", "timezone-assumed"]
    assert all(d.severity is Severity.INFO for d in kept.diagnostics)
    assert left_out.diagnostics == ()
    assert kept.fields is None


def test_workers_give_each_input_its_own_stories_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "BATCH_FILES", 3)  # several batches, in flight at once
    paths = []
    for number in range(10):
        path = tmp_path / f"story-{number}.txt"
        path.write_bytes(BROKEN if number == 4 else SEED.read_bytes().replace(b"BFF-09", b"BFF-%d" % number))
        paths.append(str(path))
    tasks = [
        Task(path, path, None if number == 7 else Path(path).stat().st_size)
        for number, path in enumerate(paths)
    ]
    tasks.append(Task(str(tmp_path / "gone.txt"), "gone.txt", 10))  # vanished after it was listed

    def run(processes: int) -> list[tuple[list[bytes], list[str], str | None]]:
        results = []
        with converter(job(names=True), tasks, processes, None) as running:
            for position in range(len(tasks)):
                feed = running.feed(position)
                stories = list(feed)
                codes = [d.code for story in stories for d in story.diagnostics]
                results.append(([story.document for story in stories], codes, feed.problem))
        return results

    alone, pooled = run(1), run(2)
    assert pooled == alone
    assert [
        b'"code":"BFF-%d"' % number in documents[0] for number, (documents, _, _) in enumerate(alone[:4])
    ] == [True] * 4
    assert alone[4][1] == ["missing-signoff", "empty-body", "missing-keyword"]
    assert alone[-1][0] == [] and alone[-1][2] is not None and alone[-1][2].startswith("cannot read gone.txt")


def test_a_run_that_stops_early_lets_the_workers_finish_their_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pool.terminate() can stop a worker while it holds the result queue's lock, and the run then
    # hangs; a stopped run waits for the batches handed out instead, killing only stuck workers.
    from multiprocessing import active_children
    from multiprocessing.pool import Pool

    def refuse(pool: Pool) -> None:
        raise AssertionError("terminate() called although the workers finish")

    monkeypatch.setattr(Pool, "terminate", refuse)
    monkeypatch.setattr(jobs, "BATCH_FILES", 2)
    path = tmp_path / "story.txt"
    path.write_bytes(SEED.read_bytes())
    tasks = [Task(str(path), "story.txt", path.stat().st_size)] * 12
    with pytest.raises(BrokenPipeError), converter(job(), tasks, 2, None) as running:
        list(running.feed(0))
        raise BrokenPipeError  # as when the reader of stdout goes away
    assert active_children() == []


def test_a_stuck_worker_is_killed_after_the_grace_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multiprocessing import active_children

    monkeypatch.setattr(jobs, "ABORT_GRACE_SECONDS", 0.0)
    monkeypatch.setattr(jobs, "_convert_in_worker", _sleep_forever)
    path = tmp_path / "story.txt"
    path.write_bytes(SEED.read_bytes())
    with pytest.raises(KeyboardInterrupt), converter(job(), [Task(str(path), "story.txt", 10)] * 2, 2, None):
        raise KeyboardInterrupt
    assert active_children() == []


def _sleep_forever(batch: list[Task]) -> None:
    import time

    while True:
        time.sleep(1)
