"""Throughput of wirecli.dask on a local Dask cluster beside ``wirecli convert --jobs N``.

Both convert the same files (bench/data/stories/, from bench/generate.py) to NDJSON with the same
number of worker processes, and the two outputs are checked to be the same bytes. Needs the
``dask`` extra. docs/scale.md quotes a run.

Usage: ``python bench/scale.py [--workers N] [--files-per-partition N] [--runs N]``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dask.distributed import Client, LocalCluster

from wirecli.dask import read_wire, to_ndjson

DATA = Path(__file__).resolve().parent / "data" / "stories"
REFERENCE_DATE = "2026-11-28"


def run_cli(workers: int, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable, "-m", "wirecli", "convert", "-q", str(DATA), "--to", "ndjson",
            "--jobs", str(workers), "--reference-date", REFERENCE_DATE, "-o", str(output),
        ],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - start


def run_dask(client: Client, files_per_partition: int, folder: Path) -> float:
    import datetime as dt

    start = time.perf_counter()
    stories = read_wire(
        str(DATA / "*.txt"),
        files_per_partition=files_per_partition,
        reference_date=dt.date.fromisoformat(REFERENCE_DATE),
    )
    to_ndjson(stories, str(folder / "*.ndjson"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--files-per-partition", type=int, default=500)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    files = sorted(DATA.glob("*.txt"))
    if not files:
        sys.exit("no bench/data/stories: run python bench/generate.py first")
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    scratch = Path(tempfile.mkdtemp(prefix="wirecli-scale-"))
    try:
        started = time.perf_counter()
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
        print(f"dask local cluster of {args.workers} processes up in {time.perf_counter() - started:.1f} s")
        for run in range(1, args.runs + 1):
            cli_output = scratch / "cli.ndjson"
            dask_folder = scratch / f"dask-{run}"
            cli = run_cli(args.workers, cli_output)
            distributed = run_dask(client, args.files_per_partition, dask_folder)
            parts = sorted(dask_folder.glob("*.ndjson"), key=lambda path: int(path.stem))
            same = b"".join(part.read_bytes() for part in parts) == cli_output.read_bytes()
            timings = (("wirecli convert --jobs", cli), ("wirecli.dask on LocalCluster", distributed))
            for name, seconds in timings:
                rate = f"{len(files) / seconds:,.0f} stories/s, {megabytes / seconds:.1f} MB/s"
                size = f"{len(files)} files, {megabytes:.0f} MB"
                print(f"run {run}: {name} {args.workers}: {size} in {seconds:.1f} s = {rate}")
            print(f"run {run}: outputs identical: {same}")
        client.close()
        cluster.close()
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
