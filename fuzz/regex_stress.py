"""Find regular expressions whose time grows faster than their input: catastrophic backtracking.

Every compiled pattern at module level of the parse core, the decoder and the renderers is run
(``match`` and ``search``) on strings made of a prefix, a long run of one character and a suffix,
at two lengths. A pattern whose time grows more than 8 times for 4 times the length is reported
with the input shape; a linear one grows about 4 times. Run it after changing a pattern:

    .venv/bin/python fuzz/regex_stress.py

It prints nothing when every pattern is linear on these shapes. This is a tool, not a test: its
verdict rests on timings, and the test suite has no timed assertions.
"""

from __future__ import annotations

import importlib
import itertools
import re
import time

MODULES = (
    "wirecli.decode",
    "wirecli.formats._binary",
    "wirecli.formats._common",
    "wirecli.formats._mojibake",
    "wirecli.formats.anpa1312",
    "wirecli.formats.bss",
    "wirecli.formats.framing",
    "wirecli.formats.iptc7901",
    "wirecli.formats.newsbites",
    "wirecli.formats.unknown",
    "wirecli.formats.zczc",
    "wirecli.naming",
    "wirecli.render.markdown",
    "wirecli.render.ninjs",
    "wirecli.validate",
)
RUN_CHARACTERS = (" ", "\t", "-", "a", "A", "1", "(", ",", "/", ".", "–", "#", "<", "=", ":", "$", "\x1f")
PREFIXES = ("", "a", "A,", "- ", "- x", "x ", "(", "A, ", "1", "ZCZC ", "BY ", "eca1 4 i 2 ", "eca1 4 i 2 x")
SUFFIXES = ("", "x", "y)", " -")
SHORT, LONG = 500, 2000
GROWTH_LIMIT = 8.0


def _seconds(pattern: re.Pattern[str] | re.Pattern[bytes], subject: str | bytes, how: str) -> float:
    started = time.perf_counter()
    getattr(pattern, how)(subject)
    return time.perf_counter() - started


def _patterns() -> list[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    found = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module_name}.{name}", value))
    return found


def main() -> None:
    reported: set[tuple[str, str]] = set()
    for name, pattern in _patterns():
        for character, prefix, suffix in itertools.product(RUN_CHARACTERS, PREFIXES, SUFFIXES):
            short: str | bytes = prefix + character * SHORT + suffix
            long: str | bytes = prefix + character * LONG + suffix
            if isinstance(pattern.pattern, bytes):
                if not (isinstance(short, str) and short.isascii()):
                    continue
                short, long = short.encode(), str(long).encode()
            for how in ("match", "search"):
                if (name, how) in reported:
                    continue
                first = _seconds(pattern, short, how)
                if first < 0.0005:
                    continue
                second = _seconds(pattern, long, how)
                if second > 0.01 and second / first > GROWTH_LIMIT:
                    reported.add((name, how))
                    shape = f"{prefix!r} + {character!r} * n + {suffix!r}"
                    print(f"{name}.{how}: {shape}: {second:.3f}s at n={LONG}")


if __name__ == "__main__":
    main()
