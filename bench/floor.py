"""The I/O and serialisation floor that wirecli's throughput is measured against.

Reads every input file (a directory's files in name order) and writes one compact orjson line per
story: the whole text of each file, or of each ``NNNN``-separated story in a feed, decoded as UTF-8.
That is the reading, decoding, serialising and writing any converter must do, with no parsing at
all, in a process that starts the same interpreter.

Usage: ``python bench/floor.py PATH... > /dev/null``
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import orjson


def input_files(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            yield from sorted(entry.path for entry in os.scandir(path) if entry.is_file())
        else:
            yield path


def main(paths: list[str]) -> int:
    out = sys.stdout.buffer
    for path in input_files(paths):
        with open(path, "rb") as stream:
            data = stream.read()
        for index, story in enumerate(data.split(b"\nNNNN\n")):
            if story.strip():
                record = {"path": path, "index": index, "text": story.decode("utf-8")}
                out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
