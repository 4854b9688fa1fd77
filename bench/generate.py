"""Deterministic benchmark inputs: invented BSS-style stories, seeded, no network.

Each story is laid out like samples/bss/russia-nkorea-summit.txt: a web-title preamble and a
counter, ``ZCZC``, the story code, a keyword slug, the headline, a dateline paragraph, about two
dozen paragraphs hard-wrapped at 77 columns (curly quotes, em dashes, the odd hyphenated word
broken across lines), one ``– subhead –`` and a ``BSS/AFP/XYZ/HHMM hrs`` signoff: about 4.6 KB.
Story ``i`` is the same in every output, so the small feed is the first part of the big one.

Writes under bench/data/ (gitignored):

* ``stories/`` - 20,000 files of one story each (no final newline, like the seed);
* ``feed.txt`` - the same 20,000 stories in one feed, each closed by an ``NNNN`` line;
* ``feed-1g.txt`` - stories 0, 1, 2 ... until the feed passes 1 GB, written as it is generated.

Each output is regenerated only when its recorded seed, generator version or size differ, or
when the files on disk do not match what was recorded, so a second ``make bench`` starts at once.

Usage: ``python bench/generate.py [--data DIR] [--stories N] [--big-bytes N] [--force]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SEED = 20261128
VERSION = 1
"""Bump when the text a seed produces changes, so cached data is rebuilt."""
STORIES = 20_000
BIG_BYTES = 1_000_000_000
WRAP = 77
DATA = Path(__file__).resolve().parent / "data"

PLACES = (
    "DHAKA",
    "CHATTOGRAM",
    "SYLHET",
    "KHULNA",
    "RAJSHAHI",
    "MOSCOW",
    "BEIJING",
    "NEW DELHI",
    "ISLAMABAD",
    "GENEVA",
    "PARIS",
    "NAIROBI",
    "JAKARTA",
    "KATHMANDU",
    "COLOMBO",
    "BANGKOK",
    "SEOUL",
    "TOKYO",
    "CAIRO",
    "LIMA",
    "KAMPALA, Uganda",
    "PORTO ALEGRE, Brazil",
    "HALIFAX, Canada",
    "DARWIN, Australia",
    "MOMBASA, Kenya",
    "TROMSO, Norway",
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
INITIALS = ("GMR", "SRH", "MKH", "RY", "FA", "NAS", "TBM", "JHL", "AKM", "SZR")
SUBJECTS = (
    "The ministry",
    "Officials",
    "The regional council",
    "Port authorities",
    "A group of engineers",
    "Local farmers",
    "The central bank",
    "Rescue teams",
    "The opposition alliance",
    "Health workers",
    "The coastal guard",
    "Fishing communities",
    "The river commission",
    "Market traders",
    "The weather office",
    "Teachers’ unions",
    "The transport agency",
    "Village elders",
    "The electricity board",
    "University researchers",
)
VERBS = (
    "said on Tuesday that",
    "warned that",
    "announced that",
    "told reporters that",
    "confirmed on Monday that",
    "estimated that",
    "insisted that",
    "reported that",
    "argued that",
    "expected that",
)
CLAUSES = (
    "the new embankment would be finished before the monsoon",
    "prices of rice and lentils had risen for a third month in a row",
    "more than 40,000 households were still without power",
    "the ferry service would resume once the channel was dredged",
    "talks on the water-sharing treaty had made little progress",
    "the harvest was the largest in a decade despite late rains",
    "a second shipment of vaccines had reached the northern districts",
    "the budget for rural roads would double over five years",
    "the strike had cost exporters about $120 million",
    "the committee would publish its findings by the end of the year",
    "several schools had been turned into shelters for displaced families",
    "the long-term plan relied on loans from development banks",
    "fuel deliveries to the islands had been cut by half",
    "the trade fair drew a record number of foreign buyers",
    "the census would be carried out with hand-held tablets",
    "the cross-border rail link was due to open in the spring",
    "air quality in the capital had improved since the kilns were moved",
    "the insurance scheme now covered some 1.2 million small farmers",
)
QUOTES = (
    "We cannot wait for the next flood to act",
    "Every district will get the same support",
    "This is a decision-making process that takes time",
    "The numbers speak for themselves",
    "Nobody expected the water to rise so quickly",
    "We have asked our partners for patience, not money",
    "The work will go on day and night",
    "People want results they can see",
)
SPEAKERS = (
    "a senior official",
    "the deputy minister",
    "Nasrin Akter, a district administrator",
    "Rafiq Hossain of the Farmers’ Forum",
    "Choi Min-jun, an analyst in Seoul",
    "Lee Soo-jin, a spokeswoman for the agency",
    "Anand Verma, a well-known economist",
    "Grace Achieng of the Lake Basin Network",
)
ASIDES = (
    "the first in nearly a decade",
    "a long-standing demand of the opposition",
    "an idea first floated last year",
    "a self-declared priority of the government",
)
HEADLINE_TOPICS = (
    ("Floods", "FLOODS"),
    ("Rice prices", "RICE-PRICES"),
    ("Ferry service", "FERRY"),
    ("Water treaty talks", "WATER-TREATY"),
    ("Power cuts", "POWER"),
    ("Vaccine shipment", "HEALTH-VACCINES"),
    ("Rail link", "RAIL-LINK"),
    ("Garment exports", "GARMENT-EXPORTS"),
    ("Cyclone shelters", "CYCLONE-SHELTERS"),
    ("Census", "CENSUS"),
    ("Air quality", "AIR-QUALITY"),
    ("Crop insurance", "CROP-INSURANCE"),
)
HEADLINE_ENDS = (
    "top agenda as ministers meet",
    "worry traders ahead of festival",
    "to resume after weeks of delay",
    "stall as deadline nears",
    "ease in northern districts",
    "reach remote islands",
    "draw record interest from abroad",
    "set for overhaul, says minister",
)
SUBHEADS = ("Cold War ties", "What comes next", "A test of trust", "Costs and delays", "‘Not enough’")


def wrap(text: str, width: int = WRAP) -> str:
    """Greedy hard wrap; a hyphenated word that does not fit may break after its hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            head, hyphen, tail = word.partition("-")
            if hyphen and tail and head[-1:].isalpha() and len(line) + 2 + len(head) <= width:
                lines.append(f"{line} {head}-")
                line = tail
            else:
                lines.append(line)
                line = word
    lines.append(line)
    return "\n".join(lines)


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.2:
        return f"“{rng.choice(QUOTES)},” said {rng.choice(SPEAKERS)}."
    clause = rng.choice(CLAUSES)
    if kind < 0.35:
        return f"{rng.choice(SUBJECTS)} — {rng.choice(ASIDES)} — {rng.choice(VERBS)} {clause}."
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {clause}."


class Pools:
    """Pre-wrapped paragraphs and headlines that stories draw from, so generation stays fast."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.paragraphs = [
            wrap(" ".join(_sentence(rng) for _ in range(rng.choice((1, 1, 2, 2, 3))))) for _ in range(8000)
        ]
        self.ledes = [" ".join(_sentence(rng) for _ in range(2)) for _ in range(2000)]


def story(index: int, pools: Pools, seed: int = SEED) -> str:
    """Story number ``index``: the same text for the same seed, whatever else is generated."""
    rng = random.Random(seed * 1_000_003 + index)
    block, number = divmod(index, 9999)
    code = f"B{chr(65 + block // 26 % 26)}{chr(65 + block % 26)}-{number + 1:02d}"
    topic, slug = rng.choice(HEADLINE_TOPICS)
    headline = f"{topic} {rng.choice(HEADLINE_ENDS)}"
    keyword = f"{slug}-{rng.choice(PLACES).split(',')[0].replace(' ', '-')}"
    place = rng.choice(PLACES)
    year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    afp = rng.random() < 0.6
    credit = "BSS/AFP" if afp else "BSS"
    lede = wrap(f"{place}, {MONTH_NAMES[month - 1]} {day}, {year} ({credit}) – {rng.choice(pools.ledes)}")
    paragraphs = [rng.choice(pools.paragraphs) for _ in range(rng.randint(21, 26))]
    paragraphs.insert(rng.randint(8, 16), f"– {rng.choice(SUBHEADS)} –")
    signoff = f"{credit}/{rng.choice(INITIALS)}/{rng.randint(0, 23):02d}{rng.randint(0, 59):02d} hrs"
    return "\n\n".join(
        (
            f"{code} {headline}",
            str(rng.randint(1, 999)),
            "ZCZC",
            code,
            keyword,
            headline,
            lede,
            *paragraphs,
            signoff,
        )
    )


def stories(pools: Pools, seed: int = SEED) -> Iterator[bytes]:
    """Feed entries (story, blank line, ``NNNN``) for indexes 0, 1, 2 ... without end."""
    index = 0
    while True:
        yield (story(index, pools, seed) + "\n\nNNNN\n\n").encode()
        index += 1


# -- outputs, each with a stamp recording what produced it ---------------------------------------


def _stamp_path(target: Path) -> Path:
    return target.parent / f".{target.name}.stamp.json"


def _is_current(target: Path, wanted: dict[str, object]) -> bool:
    stamp = _stamp_path(target)
    if not stamp.is_file() or not target.exists():
        return False
    recorded = json.loads(stamp.read_text())
    if any(recorded.get(key) != value for key, value in wanted.items()):
        return False
    if target.is_dir():
        return sum(1 for _ in os.scandir(target)) == recorded.get("files")
    return target.stat().st_size == recorded.get("bytes")


def _write_stamp(target: Path, wanted: dict[str, object], **facts: object) -> None:
    _stamp_path(target).write_text(json.dumps({**wanted, **facts}, indent=2) + "\n")


def write_directory(target: Path, count: int, pools: Pools, seed: int) -> None:
    """``count`` files of one story each, named so that sorting keeps story order."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    total = 0
    for index in range(count):
        data = story(index, pools, seed).encode()
        (partial / f"story-{index:05d}.txt").write_bytes(data)
        total += len(data)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    _write_stamp(target, _wanted(seed, count=count), files=count, bytes=total)


def write_feed(target: Path, pools: Pools, seed: int, *, count: int | None, min_bytes: int | None) -> int:
    """A feed of ``count`` stories, or of as many as it takes to pass ``min_bytes``; streamed."""
    partial = target.with_name(target.name + ".partial")
    written = 0
    number = 0
    buffer: list[bytes] = []
    buffered = 0
    with partial.open("wb") as out:
        for entry in stories(pools, seed):
            if count is not None and number >= count:
                break
            if min_bytes is not None and written + buffered >= min_bytes:
                break
            buffer.append(entry)
            buffered += len(entry)
            number += 1
            if buffered >= 1 << 20:
                out.write(b"".join(buffer))
                written += buffered
                buffer, buffered = [], 0
        out.write(b"".join(buffer))
        written += buffered
    partial.replace(target)
    _write_stamp(target, _wanted(seed, count=count, min_bytes=min_bytes), bytes=written, stories=number)
    return number


def _wanted(seed: int, **sizes: object) -> dict[str, object]:
    return {"generator_version": VERSION, "seed": seed, **sizes}


def ensure(
    data: Path = DATA,
    *,
    count: int = STORIES,
    big_bytes: int = BIG_BYTES,
    seed: int = SEED,
    force: bool = False,
) -> dict[str, Path]:
    """Generate whatever is missing or stale under ``data``; return the paths of the three inputs."""
    data.mkdir(parents=True, exist_ok=True)
    paths = {"directory": data / "stories", "feed": data / "feed.txt", "big_feed": data / "feed-1g.txt"}
    pools: Pools | None = None
    jobs = (
        ("directory", _wanted(seed, count=count)),
        ("feed", _wanted(seed, count=count, min_bytes=None)),
        ("big_feed", _wanted(seed, count=None, min_bytes=big_bytes)),
    )
    for name, wanted in jobs:
        target = paths[name]
        if not force and _is_current(target, wanted):
            print(f"generate: {target} is current", file=sys.stderr)
            continue
        pools = pools or Pools(seed)
        started = time.perf_counter()
        if name == "directory":
            write_directory(target, count, pools, seed)
        elif name == "feed":
            write_feed(target, pools, seed, count=count, min_bytes=None)
        else:
            write_feed(target, pools, seed, count=None, min_bytes=big_bytes)
        print(f"generate: wrote {target} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="output folder (default bench/data)")
    parser.add_argument("--stories", type=int, default=STORIES, help="stories in the folder and the feed")
    parser.add_argument("--big-bytes", type=int, default=BIG_BYTES, help="size of the big feed")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even when current")
    args = parser.parse_args(argv)
    ensure(args.data, count=args.stories, big_bytes=args.big_bytes, seed=args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
