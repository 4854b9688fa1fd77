"""Where wirecli's time goes: import times at start-up, and cProfile of the throughput runs.

* start-up: medians over ``--importtime-runs`` runs of ``python -X importtime -c "import wirecli.cli"``
  (self time of each module, and cumulative time of the big ones);
* directory and feed: the CLI's ``convert --to ndjson`` run in process under cProfile, over the first
  ``--limit`` one-story files and over a feed of the first ``--limit`` stories;
* parse: ``parse_chunks`` over the same feed in memory under cProfile;
* per file: for each row of ``make bench-peers`` (six corpus files, and the first ``--peer-stories``
  generated BSS stories), ``parse_file(path)`` in a loop and each of its steps timed alone (reading,
  framing, the binary checks, decoding, detection, the format's parser, the mojibake scan), best of
  several repeats, so the fixed cost of an input stands beside the cost of parsing its lines.

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


def per_file_steps(paths: list[str], repeat: int = 7) -> dict[str, float]:
    """Microseconds per file of ``parse_file`` and of each step it takes, best of ``repeat`` passes."""
    import timeit

    from wirecli.api import parse_file
    from wirecli.decode import decode
    from wirecli.files import read_file
    from wirecli.formats import detect_format
    from wirecli.formats._binary import SIGNATURE_BYTES, nul_problem, signature_problem
    from wirecli.formats._common import Message
    from wirecli.formats._mojibake import find_mojibake
    from wirecli.formats.framing import split_messages
    from wirecli.model import ParseOptions

    reference = dt.date(2026, 11, 28)
    options = ParseOptions(reference_date=reference)
    inputs = []
    for path in paths:
        data = Path(path).read_bytes()
        raw = next(iter(split_messages((data,))))
        decoded = decode(raw.data, None, raw.line)
        message = Message(decoded.text, raw.line, raw.end, 0, decoded.encoding, decoded.plain)
        inputs.append((path, data, raw, decoded, detect_format(raw.data[:1024]), message))
    steps = {
        "whole parse_file": lambda: [parse_file(i[0], reference_date=reference) for i in inputs],
        "read": lambda: [read_file(i[0]) for i in inputs],
        "framing": lambda: [list(split_messages((i[1],))) for i in inputs],
        "binary checks": lambda: [(signature_problem(i[1][:SIGNATURE_BYTES]), nul_problem(i[2].data)) for i in inputs],
        "decode": lambda: [decode(i[2].data, None, i[2].line) for i in inputs],
        "detect": lambda: [detect_format(i[2].data[:1024]) for i in inputs],
        "format parser": lambda: [i[4].parse(i[5], options) for i in inputs],
        "mojibake scan": lambda: [find_mojibake(i[3].text, 1) for i in inputs if i[3].may_hold_mojibake],
    }
    number = max(1, 300 // len(paths))
    return {
        name: min(timeit.repeat(step, number=number, repeat=repeat)) / number / len(paths) * 1e6
        for name, step in steps.items()
    }


def per_file_report(stories: int) -> str:
    sys.path.insert(0, str(BENCH / "peers"))
    import peer_bench

    lines = [
        "\n== per file, as make bench-peers reads them: microseconds per file, best of 7 ==",
        "  fixed = whole parse_file less the format parser; the rest of a row is the parser's own work",
    ]
    rows = peer_bench.rows(peer_bench.CORPUS, stories)
    header = None
    for row in rows:
        steps = per_file_steps(row.ours)
        steps["fixed"] = steps["whole parse_file"] - steps["format parser"]
        if header is None:
            header = "  ".join(f"{name:>9.9}" for name in steps)
            lines.append(f"  {'input':42.42}  {header}")
        lines.append(f"  {row.label:42.42}  " + "  ".join(f"{value:9.1f}" for value in steps.values()))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=5000, help="stories per profile (default 5000)")
    parser.add_argument("--importtime-runs", type=int, default=25)
    parser.add_argument("--peer-stories", type=int, default=200, help="generated stories in the per-file rows")
    parser.add_argument("--only-per-file", action="store_true", help="only the per-file steps")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "wirecli")], check=True, env=env)

    out = io.StringIO()
    if args.only_per_file:
        out.write(per_file_report(args.peer_stories))
        print(out.getvalue())
        return 0
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
    out.write(per_file_report(args.peer_stories))

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "profile.txt").write_text(out.getvalue())
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
