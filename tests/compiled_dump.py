"""Every given input parsed and rendered, one JSON line each: what the two builds must agree on.

Run as a script by ``tests/test_compiled.py`` under the pure-Python package and under the compiled
build (``make fast``), each in its own interpreter. Run from the ``tests`` folder, it imports
whichever ``wirecli`` that interpreter has installed, never the source tree beside it. The first
line says how many of the parse-core modules that import is compiled.
"""

from __future__ import annotations

import datetime as dt
import sys

import orjson

import wirecli
from wirecli.formats import REGISTRY

REFERENCE_DATE = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
# Small chunks make framing split markers across reads, as a pipe or a socket does.
CHUNK_SIZE = 61


def compiled_modules() -> list[str]:
    modules = {sys.modules[entry.parse.__module__] for entry in REGISTRY.values()}
    return sorted(module.__name__ for module in modules if not str(module.__file__).endswith(".py"))


def main(paths: list[str]) -> int:
    out = sys.stdout.buffer
    out.write(orjson.dumps({"compiled": compiled_modules()}, option=orjson.OPT_APPEND_NEWLINE))
    for path in paths:
        with open(path, "rb") as stream:
            data = stream.read()
        whole = wirecli.parse(data, reference_date=REFERENCE_DATE, path=path)
        chunked = list(wirecli.iter_stories(path, reference_date=REFERENCE_DATE, chunk_size=CHUNK_SIZE))
        record = {
            "path": path,
            "json": wirecli.render_stories(whole, "json", now=NOW).decode(),
            "ninjs": wirecli.render_stories(whole, "ninjs", now=NOW).decode(),
            "chunked": [story.to_dict() for story in chunked],
        }
        out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
