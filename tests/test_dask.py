"""wirecli.dask: the samples through Dask give the NDJSON of `wirecli convert`, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REFERENCE_DATE, ROOT
from tests.golden_tool import sample_paths
from wirecli.cli import app

dask = pytest.importorskip("dask", reason="the dask extra is not installed")
wirecli_dask = pytest.importorskip("wirecli.dask")

SAMPLES = [str(path) for path in sample_paths()]
runner = CliRunner()


def _cli_ndjson(paths: list[str]) -> bytes:
    result = runner.invoke(
        app, ["convert", "--to", "ndjson", "--reference-date", str(REFERENCE_DATE), *paths]
    )
    assert result.exit_code == 1, result.stderr  # some samples are broken on purpose
    return result.stdout_bytes


def test_the_samples_through_dask_processes_are_the_ndjson_of_convert(tmp_path: Path) -> None:
    stories = wirecli_dask.read_wire(SAMPLES, files_per_partition=8, reference_date=REFERENCE_DATE)
    assert stories.npartitions == -(-len(SAMPLES) // 8)
    # Worker processes: stories and open files must pickle on the way.
    with dask.config.set(scheduler="processes", num_workers=2):
        written = wirecli_dask.to_ndjson(stories, str(tmp_path / "part-*.ndjson"))
    assert len(written) == stories.npartitions
    parts = sorted(tmp_path.glob("part-*.ndjson"), key=lambda path: int(path.stem.split("-")[1]))
    assert b"".join(part.read_bytes() for part in parts) == _cli_ndjson(SAMPLES)


def test_a_glob_is_read_in_sorted_order_and_an_empty_file_writes_nothing(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("b.txt", "a.txt"):
        (inbox / name).write_bytes((ROOT / "samples" / "bss" / "russia-nkorea-summit.txt").read_bytes())
    (inbox / "c.txt").write_bytes(b"")
    stories = wirecli_dask.read_wire(
        str(inbox / "*.txt"), files_per_partition=1, reference_date=REFERENCE_DATE
    )
    with dask.config.set(scheduler="synchronous"):
        assert [story.source.path for story in stories.compute()] == [
            str(inbox / "a.txt"),
            str(inbox / "b.txt"),
        ]
        wirecli_dask.to_ndjson(stories, str(tmp_path / "out" / "*.ndjson"))
    assert (tmp_path / "out" / "2.ndjson").read_bytes() == b""
    assert (tmp_path / "out" / "0.ndjson").read_bytes().count(b"\n") == 1


def test_bad_settings_and_no_match_fail_at_once(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'reuters'"):
        wirecli_dask.read_wire(SAMPLES, format="reuters")
    with pytest.raises(ValueError, match="files_per_partition must be 1 or more"):
        wirecli_dask.read_wire(SAMPLES, files_per_partition=0)
    with pytest.raises(FileNotFoundError, match="no file matches"):
        wirecli_dask.read_wire(str(tmp_path / "*.txt"))
