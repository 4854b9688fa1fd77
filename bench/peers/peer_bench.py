"""wirecli beside Superdesk's own wire parsers, file by file: ``make bench-peers``.

Each row times ``parse(path)`` in a loop (open, read, parse), once with wirecli and once with
superdesk-core 2.5.3 (``IPTC7901FeedParser().parse(path)`` or ``ANPAFeedParser().parse(path)``
inside a Flask app context with ``SERVER_DOMAIN`` set and no database), each side in a process of
its own, the two sides taking turns run after run so that the ratio holds on a noisy machine:

* six files of the shared corpus that Superdesk's own tests read (``../shared/corpus``): two IPTC 7901
  stories from dpa (one UTF-8, one Latin-1) and four ANPA 1312 stories;
* 2,000 generated BSS stories (``bench/generate.py``, the first 2,000 of the throughput suite), one
  file each. Superdesk has no BSS parser, so it reads each story's twin in an IPTC 7901 envelope
  (SOH header, keyword, STX headline, the same body lines, ETX): the same text to read.

A run of one side is a process that imports its parser, reads the row's files once untimed, then
loops over them for at least ``--seconds`` and reports stories per second (every file holds one
story). wirecli runs as the pure-Python package and, when ``make fast`` has built it
(``.venv-fast``, or ``--compiled-python``), as the compiled build too: a third side in the same
turns. The table gives the median rate of each side over ``--runs`` runs and each wirecli build's
ratio (its rate over Superdesk's: above 1 wirecli is faster). It is printed and written into
docs/performance.md between the ``bench-peers`` markers, and the raw figures into
bench/results/peers.json.

Superdesk runs on Python 3.8 in ``bench/peers/.venv-superdesk`` (built by ``make peer-venv``, or
here on first use). When Python 3.8 or the package cannot be had, the benchmark says so and exits 0.

Usage: ``python bench/peers/peer_bench.py [--runs N] [--seconds S] [--no-docs]``

This file also runs as the worker of either side (``--worker wirecli|superdesk``), under Python
3.8 too, so it uses nothing newer than 3.8 at run time.
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
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "bench" / "data" / "peers"
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
BEGIN = "<!-- bench-peers: begin (written by make bench-peers) -->"
END = "<!-- bench-peers: end -->"
GENERATED = 2000
REFERENCE_DATE = "2026-11-28"

# (row label, what wirecli reads, what Superdesk reads, Superdesk's parser)
CORPUS_ROWS = (
    ("iptc7901/dpa-germany-coalition-talks.txt", "iptc7901"),
    ("iptc7901/dpa-mueller-illness-latin1.txt", "iptc7901"),
    ("anpa1312/anpa-argentina-cancer-beauty.tst", "anpa"),
    ("anpa1312/anpa-entertainment-headlines-only.tst", "anpa"),
    ("anpa1312/anpa-ethanol-grassland-1stld.tst", "anpa"),
    ("anpa1312/anpa-global-weather-tabular.tst", "anpa"),
)


class Row:
    def __init__(self, label: str, ours: list[str], theirs: list[str], parser: str) -> None:
        self.label = label
        self.ours = ours
        self.theirs = theirs
        self.parser = parser
        self.rates: dict[str, list[float]] = {"wirecli": [], "compiled": [], "superdesk": []}
        self.builds: dict[str, set[str]] = {"wirecli": set(), "compiled": set()}

    def median(self, side: str) -> float:
        return statistics.median(self.rates[side])

    def ratio(self, side: str) -> float:
        return self.median(side) / self.median("superdesk")

    def paired_ratio(self, side: str) -> float:
        pairs = zip(self.rates[side], self.rates["superdesk"], strict=True)
        return statistics.median(ours / theirs for ours, theirs in pairs)


# -- the workers: one process per side and run ----------------------------------------------------


def _loop(parse: Callable[[str], None], paths: list[str], seconds: float) -> tuple[int, float]:
    """Parse every path once untimed, then all of them in turn until ``seconds`` have passed."""
    for path in paths:
        parse(path)
    parsed = 0
    started = time.perf_counter()
    while True:
        for path in paths:
            parse(path)
        parsed += len(paths)
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return parsed, elapsed


def _wirecli_worker(paths: list[str], seconds: float) -> dict[str, object]:
    import wirecli.decode
    import wirecli.pipeline
    from wirecli.api import parse_file
    from wirecli.formats import REGISTRY

    reference = dt.date.fromisoformat(REFERENCE_DATE)

    def parse(path: str) -> None:
        if len(parse_file(path, reference_date=reference)) != 1:
            raise SystemExit(f"{path}: expected one story")

    modules = [wirecli.pipeline, wirecli.decode, *(sys.modules[f.parse.__module__] for f in REGISTRY.values())]
    compiled = sum(1 for module in modules if not str(module.__file__).endswith(".py"))
    build = "pure Python" if not compiled else "compiled" if compiled == len(modules) else "partly compiled"
    parsed, elapsed = _loop(parse, paths, seconds)
    return {"stories": parsed, "seconds": elapsed, "build": build}


def _superdesk_worker(paths: list[str], seconds: float, parser_name: str) -> dict[str, object]:
    import logging

    logging.disable(logging.WARNING)  # Flask warns that no SECRET_KEY is set, on every start
    from flask import Flask
    from superdesk.io.feed_parsers.anpa import ANPAFeedParser
    from superdesk.io.feed_parsers.iptc7901 import IPTC7901FeedParser

    parser_class = IPTC7901FeedParser if parser_name == "iptc7901" else ANPAFeedParser
    app = Flask("wirecli-peer-bench")
    app.config["SERVER_DOMAIN"] = "localhost"
    with app.app_context():

        def parse(path: str) -> None:
            parser_class().parse(path)

        parsed, elapsed = _loop(parse, paths, seconds)
    return {"stories": parsed, "seconds": elapsed, "build": "Python 3.8"}


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=("wirecli", "superdesk"), required=True)
    parser.add_argument("--parser", default="iptc7901")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("paths_file")
    args = parser.parse_args(argv)
    with open(args.paths_file) as listing:
        paths = listing.read().splitlines()
    if args.worker == "wirecli":
        result = _wirecli_worker(paths, args.seconds)
    else:
        result = _superdesk_worker(paths, args.seconds, args.parser)
    print(json.dumps(result))
    return 0


# -- inputs ------------------------------------------------------------------------------------


def envelope_7901(story: str, number: int) -> bytes:
    """A generated BSS story in an IPTC 7901 envelope, as Superdesk's 7901 parser reads it."""
    parts = story.split("\n\n")
    # generate.story: title, counter, ZCZC, code, keyword, headline, then the body and signoff
    keyword, headline, body = parts[4], parts[5], parts[6:]
    words = sum(len(part.split()) for part in body)
    header = f"\x01bss{number % 1000:03d} 3 i {words} BSS"
    lines = [header, f"{keyword}/", f"\x02{headline}", "\n\n".join(body), "\x03"]
    return "\r\n".join(lines).replace("\n\n", "\r\n\r\n").encode("utf-8")


def generated_rows(count: int) -> tuple[list[str], list[str]]:
    """``count`` one-story BSS files and their 7901 twins under bench/data/peers (made once)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate  # a sibling script, not a package

    ours, theirs = DATA / "bss", DATA / "bss-7901"
    stamp = DATA / ".stamp.json"
    wanted = {"generator_version": generate.VERSION, "seed": generate.SEED, "count": count, "envelope": 1}
    names = [f"story-{index:05d}.txt" for index in range(count)]
    current = stamp.is_file() and json.loads(stamp.read_text()) == wanted
    if not current:
        ours.mkdir(parents=True, exist_ok=True)
        theirs.mkdir(parents=True, exist_ok=True)
        pools = generate.Pools(generate.SEED)
        for index, name in enumerate(names):
            text = generate.story(index, pools)
            (ours / name).write_bytes(text.encode("utf-8"))
            (theirs / name).write_bytes(envelope_7901(text, index))
        stamp.write_text(json.dumps(wanted))
    return [str(ours / name) for name in names], [str(theirs / name) for name in names]


def rows(corpus: Path, count: int) -> list[Row]:
    found = [Row(name, [str(corpus / name)], [str(corpus / name)], parser) for name, parser in CORPUS_ROWS]
    ours, theirs = generated_rows(count)
    found.append(Row(f"{count:,} generated BSS stories (Superdesk: as 7901)", ours, theirs, "iptc7901"))
    return found


# -- running and reporting --------------------------------------------------------------------


def run_side(python: str, side: str, row: Row, seconds: float, listing: Path, env: dict[str, str]) -> None:
    worker_side = "superdesk" if side == "superdesk" else "wirecli"  # both wirecli builds run one worker
    paths = row.theirs if side == "superdesk" else row.ours
    listing.write_text("\n".join(paths) + "\n")
    command = [python, str(Path(__file__).resolve()), "--worker", worker_side, "--parser", row.parser]
    command += ["--seconds", str(seconds), str(listing)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"peer-bench: the {side} worker failed on {row.label}:\n{result.stderr}")
    figures = json.loads(result.stdout.splitlines()[-1])
    row.rates[side].append(figures["stories"] / figures["seconds"])
    if side != "superdesk":
        row.builds[side].add(figures["build"])


def table(found: list[Row], compiled: bool) -> list[str]:
    if not compiled:
        lines = [
            "| input | Superdesk stories/s | wirecli stories/s | ratio | wirecli build |",
            "|---|---:|---:|---:|---|",
        ]
    else:
        lines = [
            "| input | Superdesk stories/s | wirecli pure stories/s | ratio | wirecli compiled stories/s "
            "| ratio | builds |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
    for row in found:
        cells = [row.label, f"{row.median('superdesk'):,.0f}"]
        cells += [f"{row.median('wirecli'):,.0f}", f"{row.ratio('wirecli'):.2f}x"]
        if compiled:
            cells += [f"{row.median('compiled'):,.0f}", f"{row.ratio('compiled'):.2f}x"]
        builds = sorted(row.builds["wirecli"] | row.builds["compiled"])
        lines.append(f"| {' | '.join(cells)} | {', '.join(builds)} |")
    return lines


def write_doc(text: str) -> bool:
    doc = DOC.read_text()
    if BEGIN not in doc or END not in doc:
        print(f"peer-bench: no {BEGIN!r} marker in {DOC.name}; not written", file=sys.stderr)
        return False
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")
    return True


def git_revision() -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def main(argv: list[str]) -> int:
    if "--worker" in argv:
        return worker(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each side per row (default 5)")
    parser.add_argument("--seconds", type=float, default=1.0, help="timed seconds per run (default 1)")
    parser.add_argument("--stories", type=int, default=GENERATED, help="generated BSS stories")
    parser.add_argument("--wirecli-python", default=sys.executable, help="the Python that runs wirecli")
    parser.add_argument(
        "--compiled-python",
        default=str(ROOT / ".venv-fast" / "bin" / "python"),
        help="the Python of the compiled build (make fast); that side is left out when it is missing",
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus folder")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/performance.md")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    import superdesk_env

    try:
        superdesk = str(superdesk_env.ensure(quiet=True))
    except superdesk_env.UnavailableError as error:
        print(f"peer-bench: skipped, Superdesk cannot run here: {error}", file=sys.stderr)
        return 0
    except subprocess.CalledProcessError as error:
        print(f"peer-bench: skipped, building Superdesk's environment failed: {error}", file=sys.stderr)
        return 0
    if not args.corpus.is_dir():
        print(f"peer-bench: skipped, no corpus at {args.corpus}", file=sys.stderr)
        return 0

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached, not compiled each run
    subprocess.run([args.wirecli_python, "-m", "compileall", "-q", str(ROOT / "wirecli")], env=env, check=True)
    found = rows(args.corpus, args.stories)
    sides = [("wirecli", args.wirecli_python), ("superdesk", superdesk)]
    compiled = os.path.exists(args.compiled_python)
    if compiled:
        sides.insert(1, ("compiled", args.compiled_python))
    else:
        print("peer-bench: no compiled build (make fast builds one); pure Python only", file=sys.stderr)
    started = time.perf_counter()
    listing = RESULTS / ".peer-paths.txt"
    RESULTS.mkdir(parents=True, exist_ok=True)
    for run in range(args.runs):
        for row in found:
            # Alternate the order of the sides, so that none always follows another.
            for side, python in sides if run % 2 == 0 else sides[::-1]:
                run_side(python, side, row, args.seconds, listing, env)
        print(f"peer-bench: run {run + 1} of {args.runs} done", file=sys.stderr)
    listing.unlink()

    heading = (
        f"Measured {dt.date.today().isoformat()} at `{git_revision()}`: medians of {args.runs} runs of each "
        f"side per row, at least {args.seconds:g} s of parsing each, the sides in turn; "
        f"{os.cpu_count()} CPUs, wirecli on Python {platform.python_version()}, "
        "superdesk-core 2.5.3 on Python 3.8. Ratio: a wirecli build's rate over Superdesk's."
    )
    lines = [heading, "", *table(found, compiled)]
    print("\n".join(lines))
    results = {
        "date": dt.date.today().isoformat(),
        "revision": git_revision(),
        "seconds": time.perf_counter() - started,
        "rows": [
            {
                "input": row.label,
                "wirecli_per_s": row.rates["wirecli"],
                "compiled_per_s": row.rates["compiled"],
                "superdesk_per_s": row.rates["superdesk"],
                "ratio": row.ratio("wirecli"),
                "paired_ratio": row.paired_ratio("wirecli"),
                "compiled_ratio": row.ratio("compiled") if compiled else None,
                "compiled_paired_ratio": row.paired_ratio("compiled") if compiled else None,
                "build": sorted(row.builds["wirecli"] | row.builds["compiled"]),
            }
            for row in found
        ],
    }
    (RESULTS / "peers.json").write_text(json.dumps(results, indent=2) + "\n")
    if not args.no_docs and write_doc("\n".join(lines)):
        print(f"peer-bench: written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
