"""Invented BSS wire stories for the batch tests: as many as a test needs, each one valid."""

from __future__ import annotations

from pathlib import Path

PLACES = ("DHAKA", "CHATTOGRAM", "SYLHET", "KHULNA", "RAJSHAHI")


def story(number: int, keyword: str | None = None) -> bytes:
    """One complete BSS story (code ``BSS-<number>``) that parses without a diagnostic."""
    place = PLACES[number % len(PLACES)]
    keyword = keyword or f"CITY-NOTES-{number}"
    return (
        f"ZCZC\n\nBSS-{number % 10000}\n\n{keyword}\n\n"
        f"City council approves plan number {number} for new parks\n\n"
        f"{place}, April 13, 2026 (BSS) – The city council on Monday approved plan\n"
        f"number {number}, which sets aside land for three new parks and a library.\n\n"
        "Work is due to start after the monsoon, a council spokesman said.\n\n"
        "BSS/MKH/1540 hrs\n\nNNNN\n"
    ).encode()


def feed(*numbers: int) -> bytes:
    """Several stories in one input, as a wire feed file holds them."""
    return b"".join(story(number) for number in numbers)


def write_inbox(folder: Path, files: int, stories_per_file: int = 1) -> dict[str, bytes]:
    """``files`` inputs named ``story-0001.txt``...; returns their names and bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for index in range(files):
        first = index * stories_per_file + 1
        data = feed(*range(first, first + stories_per_file))
        name = f"story-{index + 1:04d}.txt"
        (folder / name).write_bytes(data)
        written[name] = data
    return written
