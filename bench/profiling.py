"""Where wirecli's time goes: import times at start-up, and cProfile of the throughput runs.

* start-up: medians over ``--importtime-runs`` runs of ``python -X importtime -c "import wirecli.cli"``
  (self time of each module, and cumulative time of the big ones);
* directory and feed: the CLI's ``convert --to ndjson`` run in process under cProfile, over the first
  ``--limit`` one-story files and over a feed of the first ``--limit`` stories;
* parse: ``parse_chunks`` over the same feed in memory under cProfile.

For each profile it prints the share of time by area (framing, decoding, the BSS parser, the shared
parser helpers, the model, rendering, the CLI, Typer) with built-in calls charged to the code that
made them, then the top functions. Everything also goes to bench/results/profile.txt.

Usage: ``python bench/profiling.py [--limit N] [--importtime-runs N]``
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import cProfile
import datetime as dt
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
AREAS = (
    ("wirecli/formats/framing.py", "framing"),
    ("wirecli/formats/_common.py", "parser helpers (_common)"),
    ("wirecli/formats/bss.py", "BSS parser"),
    ("wirecli/formats/__init__.py", "parse driver (formats/__init__)"),
    ("wirecli/decode.py", "decode"),
    ("wirecli/diagnostics.py", "diagnostics"),
    ("wirecli/model.py", "model"),
    ("wirecli/render/", "render"),
    ("wirecli/files.py", "files"),
    ("wirecli/cli.py", "cli"),
    ("/typer/", "typer"),
    ("<string>", "dataclass __init__ (generated)"),
    ("__init__.py", "typing and collections"),
)


def area_of(filename: str) -> str:
    for fragment, area in AREAS:
        if fragment in filename:
            return area
    return "other Python" if filename != "~" else "built-in"


def shares(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of own time by area; a built-in's time goes to the areas of its callers."""
    by_area: dict[str, float] = collections.defaultdict(float)
    for (filename, _, _), (_, _, own, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if filename != "~":
            by_area[area_of(filename)] += own
            continue
        caller_time = sum(entry[2] for entry in callers.values()) or 1.0
        for (caller_file, _, _), entry in callers.items():
            by_area[area_of(caller_file)] += own * entry[2] / caller_time
    return dict(by_area)


def report(title: str, profile: cProfile.Profile, out: io.StringIO, top: int = 25) -> None:
    stats = pstats.Stats(profile)
    total = sum(shares(stats).values())
    out.write(f"\n== {title}: {total:.2f} s under cProfile ==\n")
    for area, seconds in sorted(shares(stats).items(), key=lambda item: -item[1]):
        out.write(f"  {seconds / total:6.1%}  {seconds:7.3f} s  {area}\n")
    buffer = io.StringIO()
    pstats.Stats(profile, stream=buffer).strip_dirs().sort_stats("tottime").print_stats(top)
    out.write("\n".join(line for line in buffer.getvalue().splitlines() if line.strip()) + "\n")


def importtime(runs: int, env: dict[str, str]) -> str:
    own: dict[str, list[int]] = collections.defaultdict(list)
    cumulative: dict[str, list[int]] = collections.defaultdict(list)
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import wirecli.cli"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "[us]" in line:
                continue
            _, self_us, cumulative_us, name = line.replace("import time:", "|").split("|")
            own[name.strip()].append(int(self_us))
            cumulative[name.strip()].append(int(cumulative_us))
    medians = {name: statistics.median(values) / 1000 for name, values in own.items()}
    totals = {name: statistics.median(values) / 1000 for name, values in cumulative.items()}
    lines = [f"\n== import wirecli.cli: medians of {runs} runs of -X importtime (ms) =="]
    wirecli_own = sum(value for name, value in medians.items() if name.split(".")[0] == "wirecli")
    lines.append(
        f"  own time of all modules {sum(medians.values()):.1f} ms, of wirecli's {wirecli_own:.1f} ms"
    )
    for name in ("wirecli.cli", "typer", "orjson", "site", "__editable___wirecli_0_1_0_finder"):
        if name in totals:
            lines.append(f"  cumulative {name}: {totals[name]:.1f} ms")
    lines.append("  own time, largest first:")
    for name, value in sorted(medians.items(), key=lambda item: -item[1])[:25]:
        lines.append(f"    {value:6.2f}  {name}")
    return "\n".join(lines) + "\n"


def profile_cli(arguments: list[str]) -> cProfile.Profile:
    from wirecli import cli

    profile = cProfile.Profile()
    saved = sys.argv, sys.stdout
    with open(os.devnull, "w") as sink:
        sys.argv = ["wirecli", "convert", "--to", "ndjson", "--reference-date", "2026-11-28", *arguments]
        sys.stdout = sink
        try:
            with contextlib.suppress(SystemExit):
                profile.runcall(cli.main)
        finally:
            sys.argv, sys.stdout = saved
    return profile


def profile_parse(feed: bytes) -> cProfile.Profile:
    from wirecli.model import ParseOptions
    from wirecli.pipeline import parse_chunks

    options = ParseOptions(reference_date=dt.date(2026, 11, 28))
    chunks = [feed[offset : offset + (1 << 20)] for offset in range(0, len(feed), 1 << 20)]
    profile = cProfile.Profile()
    profile.runcall(lambda: sum(1 for _ in parse_chunks(chunks, options)))
    return profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=5000, help="stories per profile (default 5000)")
    parser.add_argument("--importtime-runs", type=int, default=25)
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "wirecli")], check=True, env=env)

    out = io.StringIO()
    out.write(importtime(args.importtime_runs, env))
    names = sorted(os.listdir(DATA / "stories"))[: args.limit]
    report(
        f"CLI over {len(names)} one-story files", profile_cli([str(DATA / "stories" / n) for n in names]), out
    )
    feed = b"\nNNNN\n\n".join((DATA / "feed.txt").read_bytes().split(b"\nNNNN\n\n")[: args.limit])
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "feed.txt"
        path.write_bytes(feed)
        report(f"CLI over a {args.limit}-story feed", profile_cli([str(path)]), out)
    report(f"parse_chunks over a {args.limit}-story feed in memory", profile_parse(feed), out)

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "profile.txt").write_text(out.getvalue())
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
