"""In-process parse rate of the parse core on the generated stories, in stories per second.

Two figures, each the median of ``--repeat`` passes over inputs already in memory (no I/O timed):

* ``feed``: ``parse_chunks`` over the 20,000-story feed in 1 MiB chunks, as the CLI reads a file;
* ``files``: ``parse_bytes`` on each of the 20,000 one-story files.

Both include framing, decoding, detection and the BSS parser; neither renders.

Usage: ``python bench/parse_rate.py [--data DIR] [--repeat N] [--limit N]`` (prints JSON)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

from wirecli.model import ParseOptions
from wirecli.pipeline import parse_bytes, parse_chunks

DATA = Path(__file__).resolve().parent / "data"
OPTIONS = ParseOptions(reference_date=dt.date(2026, 11, 28))
CHUNK = 1 << 20


def feed_rate(feed: bytes) -> tuple[int, float]:
    chunks = [feed[offset : offset + CHUNK] for offset in range(0, len(feed), CHUNK)]
    started = time.perf_counter()
    count = sum(1 for _ in parse_chunks(chunks, OPTIONS))
    return count, count / (time.perf_counter() - started)


def files_rate(files: list[bytes]) -> tuple[int, float]:
    started = time.perf_counter()
    count = sum(len(parse_bytes(data, OPTIONS)) for data in files)
    return count, count / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N stories")
    args = parser.parse_args(argv)

    names = sorted(os.listdir(args.data / "stories"))[: args.limit]
    files = [(args.data / "stories" / name).read_bytes() for name in names]
    feed = (args.data / "feed.txt").read_bytes()
    if args.limit is not None:
        feed = b"\nNNNN\n\n".join(feed.split(b"\nNNNN\n\n")[: args.limit])
    results: dict[str, object] = {}
    for name, run in (("feed", lambda: feed_rate(feed)), ("files", lambda: files_rate(files))):
        rates = []
        for _ in range(args.repeat):
            count, rate = run()
            rates.append(rate)
        results[name] = {"stories": count, "stories_per_s": statistics.median(rates), "runs": rates}
    json.dump(results, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
