"""Shared fixtures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from wirecli.model import ParseOptions, Story
from wirecli.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE_DATE = dt.date(2026, 11, 28)


def parse(text: str | bytes, **options: object) -> list[Story]:
    """Parse a literal story with a fixed reference date."""
    data = text.encode() if isinstance(text, str) else text
    settings: dict[str, object] = {"reference_date": REFERENCE_DATE, **options}
    return parse_bytes(data, ParseOptions(**settings))  # type: ignore[arg-type]


def codes(story: Story) -> list[str]:
    return [diagnostic.code for diagnostic in story.diagnostics]


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder; tests that need it skip when it is absent."""
    folder = SHARED / "corpus"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not available")
    return folder


CORPUS = SHARED / "corpus"
# Which registered format should read each corpus folder (News Bites lives among the AAP files).
CORPUS_FORMATS = {
    "bss": "bss",
    "anpa1312": "anpa1312",
    "iptc7901": "iptc7901",
    "dpa": "iptc7901",
    "aap-zczc": "zczc",
}
NEWSBITES_PREFIX = "newsbites-"


def corpus_files() -> list[Path]:
    """Every story file of the shared corpus (one story each), or none when the corpus is absent."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        path for path in CORPUS.glob("*/*") if path.is_file() and path.parent.name in CORPUS_FORMATS
    )


def corpus_format(path: Path) -> str:
    """The format name that should claim a corpus file."""
    if path.name.startswith(NEWSBITES_PREFIX):
        return "newsbites"
    return CORPUS_FORMATS[path.parent.name]


def corpus_id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


# Conformance with the peer project's assertions (tests/test_conformance.py): outcome -> count,
# reported at the end of the run.
CONFORMANCE = pytest.StashKey[Counter[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[CONFORMANCE] = Counter()


@pytest.fixture
def conformance_tally(request: pytest.FixtureRequest) -> Counter[str]:
    return request.config.stash[CONFORMANCE]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    tally = config.stash.get(CONFORMANCE, Counter())
    if not tally:
        return
    checked = tally["matched"] + tally["ours"] + tally["mismatched"]
    terminalreporter.write_line(
        f"conformance: {tally['matched'] + tally['ours']} of {checked} peer assertions hold "
        f"({tally['matched']} as asserted, {tally['ours']} with our value where we disagree on purpose, "
        f"{tally['mismatched']} mismatched); {tally['skipped']} skipped: format not registered"
    )


ORACLE_CASES = SHARED / "oracle" / "dpa-7901" / "cases"


def output_inputs() -> list[Path]:
    """What the output tests convert: every sample, corpus file and dpa 7901 oracle case at hand."""
    samples = sorted((ROOT / "samples").glob("*/*.txt"))
    oracle = sorted(ORACLE_CASES.glob("*.iptc"))
    return [*samples, *corpus_files(), *oracle]


def input_id(path: Path) -> str:
    """``samples/bss/x.txt``, or the path below ../shared for the shared inputs."""
    base = ROOT if path.is_relative_to(ROOT) else SHARED
    return path.relative_to(base).as_posix()


def stories_in(path: Path) -> list[Story]:
    """The stories of one input file, parsed as the CLI would with the fixed reference date."""
    return parse_bytes(path.read_bytes(), ParseOptions(reference_date=REFERENCE_DATE, path=path.name))
