"""Run the benchmark suite on this machine and compare the medians with the performance targets.

Everything runs here in one go, with the runs of the things being compared interleaved, so that
the ratios hold even on a noisy machine. Figures (medians of wall-clock time):

* startup: ``wirecli convert one-story.txt --to json`` beside ``python -c pass`` and a do-nothing
  Typer command with orjson imported (bench/minimal_typer.py);
* directory: ``wirecli convert --to ndjson`` over 20,000 one-story files beside bench/floor.py;
* feed: the same over one 20,000-story feed file beside bench/floor.py;
* jobs: ``--jobs 2`` beside ``--jobs 1`` over the directory (when the CLI has ``--jobs``);
* memory: peak RSS converting the ~1 GB feed to NDJSON (``ru_maxrss`` of that one child);
* parse rate: stories per second through the parse core in process (bench/parse_rate.py).

The inputs come from bench/generate.py (run first; it keeps what is current). Results are printed
as a table and written to bench/results/latest.json.

Usage: ``python bench/run.py [--runs N] [--startup-runs N] [--big-runs N] [--skip-big]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (a sibling script, not a package)

RESULTS = BENCH / "results"
SAMPLE = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
REFERENCE = ["--reference-date", "2026-11-28"]
TARGETS = {
    "startup": ("<=", 1.2, "x the minimal Typer app"),
    "directory": ("<=", 2.5, "x the floor"),
    "feed": ("<=", 2.5, "x the floor"),
    "jobs": (">=", 1.7, "x faster with --jobs 2"),
    "memory": ("<", 100.0, "MB peak RSS"),
    "parse_rate": (">=", 15000.0, "stories/s"),
}


@dataclass
class Sample:
    """One timed run of a command."""

    seconds: float
    max_rss_kb: int
    returncode: int
    stderr_lines: int


@dataclass
class Series:
    name: str
    command: list[str]
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    def to_json(self) -> dict[str, object]:
        return {
            "command": [_relative(part) for part in self.command[:8]]
            + ([f"... {len(self.command) - 8} more"] if len(self.command) > 8 else []),
            "median_s": self.median,
            "runs_s": [sample.seconds for sample in self.samples],
            "max_rss_mb": max(sample.max_rss_kb for sample in self.samples) * 1024 / 1e6,
            "returncodes": sorted({sample.returncode for sample in self.samples}),
            "stderr_lines": max(sample.stderr_lines for sample in self.samples),
        }


def _relative(part: str) -> str:
    return part.replace(str(ROOT) + os.sep, "")


def child_environment() -> dict[str, str]:
    # Bytecode caching on, as on an installed system: some shells here set PYTHONDONTWRITEBYTECODE,
    # which would make every run compile wirecli from source and charge that to start-up.
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONHASHSEED"] = "0"
    return env


def timed(command: Sequence[str], env: dict[str, str]) -> Sample:
    """Run ``command`` with stdout to /dev/null; wall time and that child's own peak RSS."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr_lines = sum(1 for _ in errors)
    return Sample(seconds, usage.ru_maxrss, process.returncode, stderr_lines)


def interleaved(series: list[Series], runs: int, env: dict[str, str], warmup: bool = True) -> None:
    """Runs each command ``runs`` times, taking turns, after one untimed run of each."""
    if warmup:
        for one in series:
            timed(one.command, env)
    for _ in range(runs):
        for one in series:
            one.samples.append(timed(one.command, env))
        print(
            "  " + "  ".join(f"{one.name} {one.samples[-1].seconds:.3f}s" for one in series), file=sys.stderr
        )


# -- what the CLI on this branch can do ----------------------------------------------------------


@dataclass
class Capabilities:
    directories: bool
    files_from: bool
    jobs: bool


def detect_capabilities(wirecli: str, env: dict[str, str]) -> Capabilities:
    help_text = subprocess.run(
        [wirecli, "convert", "--help"], capture_output=True, text=True, env=env, check=False
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        for name in ("a.txt", "b.txt"):
            Path(folder, name).write_bytes(SAMPLE.read_bytes())
        probe = subprocess.run(
            [wirecli, "convert", "--to", "ndjson", *REFERENCE, folder],
            capture_output=True,
            env=env,
            check=False,
        )
    directories = probe.returncode == 0 and probe.stdout.count(b"\n") == 2
    return Capabilities(directories, "--files-from" in help_text, "--jobs" in help_text)


def directory_arguments(capabilities: Capabilities, folder: Path, scratch: Path) -> tuple[list[str], str]:
    if capabilities.directories:
        return [str(folder)], "directory argument"
    names = sorted(str(folder / name) for name in os.listdir(folder))
    if capabilities.files_from:
        listing = scratch / "files.txt"
        listing.write_text("\n".join(names) + "\n")
        return ["--files-from", str(listing)], "--files-from list"
    return names, "every path as an argument"


# -- the figures ---------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "calibration_ns_per_loop": calibration(),
    }


def calibration() -> float:
    """Nanoseconds per iteration of a plain Python loop: how fast this machine was just now."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def git_revision() -> str:
    try:
        revision = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return revision or "unknown"


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    operator, limit, _ = TARGETS[key]
    met = {"<=": value <= limit, ">=": value >= limit, "<": value < limit}[operator]
    return "met" if met else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each throughput command")
    parser.add_argument("--startup-runs", type=int, default=21, help="timed runs of each start-up command")
    parser.add_argument("--big-runs", type=int, default=1, help="runs over the ~1 GB feed")
    parser.add_argument("--skip-big", action="store_true", help="leave out the ~1 GB feed")
    parser.add_argument("--data", type=Path, default=generate.DATA)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    paths = generate.ensure(args.data)
    env = child_environment()
    python = sys.executable
    wirecli = str(Path(python).parent / "wirecli")
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "wirecli")], check=True, env=env)
    capabilities = detect_capabilities(wirecli, env)
    print(f"bench: CLI capabilities {capabilities}", file=sys.stderr)
    results: dict[str, object] = {
        "date": dt.date.today().isoformat(),
        "revision": git_revision(),
        "machine": machine(),
        "capabilities": capabilities.__dict__,
        "targets": {
            key: {"op": op, "limit": limit, "unit": unit} for key, (op, limit, unit) in TARGETS.items()
        },
    }
    figures: dict[str, dict[str, object]] = {}

    print("bench: start-up", file=sys.stderr)
    startup = [
        Series("python -c pass", [python, "-c", "pass"]),
        Series("minimal typer", [python, str(BENCH / "minimal_typer.py"), str(SAMPLE)]),
        Series("wirecli", [wirecli, "convert", str(SAMPLE), "--to", "json", *REFERENCE]),
    ]
    interleaved(startup, args.startup_runs, env)
    figures["startup"] = {
        "series": {one.name: one.to_json() for one in startup},
        "ratio": startup[2].median / startup[1].median,
    }

    with tempfile.TemporaryDirectory() as scratch:
        arguments, how = directory_arguments(capabilities, paths["directory"], Path(scratch))
        convert = [wirecli, "convert", "--to", "ndjson", *REFERENCE]
        floor = [python, str(BENCH / "floor.py")]
        for key, label, inputs, floor_inputs in (
            ("directory", f"20,000 files ({how})", arguments, [str(paths["directory"])]),
            ("feed", "one 20,000-story feed", [str(paths["feed"])], [str(paths["feed"])]),
        ):
            print(f"bench: {label}", file=sys.stderr)
            pair = [Series("wirecli", [*convert, *inputs]), Series("floor", [*floor, *floor_inputs])]
            interleaved(pair, args.runs, env, warmup=key == "directory")
            figures[key] = {
                "input": label,
                "series": {one.name: one.to_json() for one in pair},
                "stories_per_s": 20_000 / pair[0].median,
                "ratio": pair[0].median / pair[1].median,
            }

        if capabilities.jobs:
            print("bench: --jobs 2 against --jobs 1", file=sys.stderr)
            pair = [
                Series("jobs 1", [*convert, "--jobs", "1", *arguments]),
                Series("jobs 2", [*convert, "--jobs", "2", *arguments]),
            ]
            interleaved(pair, max(3, args.runs - 2), env, warmup=False)
            figures["jobs"] = {
                "series": {one.name: one.to_json() for one in pair},
                "ratio": pair[0].median / pair[1].median,
            }
        else:
            figures["jobs"] = {"ratio": None, "note": "n/a: this branch's CLI has no --jobs"}

    if args.skip_big:
        figures["memory"] = {"peak_rss_mb": None, "note": "skipped"}
    else:
        print("bench: ~1 GB feed to NDJSON", file=sys.stderr)
        big = Series("wirecli", [*convert, str(paths["big_feed"])])
        interleaved([big], args.big_runs, env, warmup=False)
        size = paths["big_feed"].stat().st_size
        stamp = json.loads((paths["big_feed"].parent / f".{paths['big_feed'].name}.stamp.json").read_text())
        figures["memory"] = {
            "input_bytes": size,
            "stories": stamp["stories"],
            "series": {"wirecli": big.to_json()},
            "peak_rss_mb": max(sample.max_rss_kb for sample in big.samples) * 1024 / 1e6,
            "stories_per_s": stamp["stories"] / big.median,
            "mb_per_s": size / 1e6 / big.median,
        }

    print("bench: in-process parse rate", file=sys.stderr)
    rate = json.loads(
        subprocess.run(
            [python, str(BENCH / "parse_rate.py"), "--data", str(args.data)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
    )
    # Both ways of feeding the parser, pooled: one median of twice the runs is steadier.
    pooled = statistics.median([*rate["feed"]["runs"], *rate["files"]["runs"]])
    figures["parse_rate"] = {**rate, "stories_per_s": pooled}

    results["figures"] = figures
    results["total_seconds"] = time.perf_counter() - started
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nwritten to {_relative(str(RESULTS / 'latest.json'))} in {results['total_seconds']:.0f} s")
    return 0


def _ms(series: dict[str, object], name: str) -> str:
    return f"{series[name]['median_s'] * 1000:.1f} ms"


def _s(series: dict[str, object], name: str) -> str:
    return f"{series[name]['median_s']:.2f} s"


def print_table(results: dict[str, object]) -> None:
    info = results["machine"]
    figures: dict[str, dict[str, object]] = results["figures"]
    print(
        f"\nwirecli benchmark {results['date']} at {results['revision']}: {info['cpu']}, "
        f"{info['nproc']} CPUs, Python {info['python']}, "
        f"calibration {info['calibration_ns_per_loop']:.0f} ns/loop\n"
    )
    rows: list[tuple[str, str, str, str, str, str]] = []

    def add(key: str, what: str, measured: str, baseline: str, value: float | None, shown: str) -> None:
        op, limit, unit = TARGETS[key]
        rows.append((what, measured, baseline, shown, f"{op} {limit:g} {unit}", verdict(key, value)))

    startup = figures["startup"]["series"]
    add(
        "startup",
        "start-up, convert one story to JSON",
        _ms(startup, "wirecli"),
        f"typer {_ms(startup, 'minimal typer')}, python {_ms(startup, 'python -c pass')}",
        figures["startup"]["ratio"],
        f"{figures['startup']['ratio']:.2f}x",
    )
    for key, what in (("directory", "20,000 files to NDJSON"), ("feed", "20,000-story feed to NDJSON")):
        series = figures[key]["series"]
        add(
            key,
            f"{what} ({figures[key]['stories_per_s']:.0f} stories/s)",
            _s(series, "wirecli"),
            f"floor {_s(series, 'floor')}",
            figures[key]["ratio"],
            f"{figures[key]['ratio']:.2f}x",
        )
    jobs = figures["jobs"]
    if jobs["ratio"] is None:
        add("jobs", "--jobs 2 against --jobs 1", "n/a", "n/a", None, "n/a")
    else:
        series = jobs["series"]
        add(
            "jobs",
            "--jobs 2 against --jobs 1",
            _s(series, "jobs 2"),
            f"jobs 1 {_s(series, 'jobs 1')}",
            jobs["ratio"],
            f"{jobs['ratio']:.2f}x",
        )
    memory = figures["memory"]
    if memory["peak_rss_mb"] is None:
        add("memory", "~1 GB feed to NDJSON, peak RSS", "skipped", "", None, "n/a")
    else:
        add(
            "memory",
            f"~1 GB feed to NDJSON, peak RSS ({memory['stories_per_s']:.0f} stories/s)",
            f"{memory['peak_rss_mb']:.1f} MB",
            f"{_s(memory['series'], 'wirecli')} for {memory['stories']} stories",
            memory["peak_rss_mb"],
            f"{memory['peak_rss_mb']:.1f} MB",
        )
    rate = figures["parse_rate"]
    add(
        "parse_rate",
        "parse rate in process (feed; files; pooled)",
        "{:.0f}; {:.0f}; {:.0f} /s".format(
            *(part["stories_per_s"] for part in (rate["feed"], rate["files"], rate))
        ),
        "",
        rate["stories_per_s"],
        f"{rate['stories_per_s']:.0f}/s",
    )
    headers = ("figure", "wirecli", "beside", "ratio", "target", "")
    widths = [max(len(row[column]) for row in (headers, *rows)) for column in range(6)]
    for row in (headers, tuple("-" * width for width in widths), *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
