"""Build hook for the optional compiled build of the parse core (``make fast``).

With ``WIRECLI_COMPILE=1`` in the environment, the modules below are compiled to C extensions with
mypyc (the code is already ``mypy --strict`` clean, which is what mypyc needs). Without it, which is
every ordinary install (``pip install wirecli``, ``make test``, ``make demo``), this does nothing and
the package is pure Python. The compiled build must give byte-identical output:
``tests/test_compiled.py`` compares the two.
"""

from __future__ import annotations

import os

from setuptools import setup

# The parse core, from bytes to Story. Left out: formats/_common.py (its patterns compile lazily
# through a proxy that sets attributes at run time, which a native class cannot), model.py (the
# story classes stay ordinary classes for orjson and pickling), and everything past parsing,
# where the time is in orjson and I/O.
COMPILED = [
    "wirecli/decode.py",
    "wirecli/diagnostics.py",
    "wirecli/pipeline.py",
    "wirecli/formats/_binary.py",
    "wirecli/formats/_editorial.py",
    "wirecli/formats/_mojibake.py",
    "wirecli/formats/anpa1312.py",
    "wirecli/formats/bss.py",
    "wirecli/formats/framing.py",
    "wirecli/formats/iptc7901.py",
    "wirecli/formats/newsbites.py",
    "wirecli/formats/unknown.py",
    "wirecli/formats/zczc.py",
]


def ext_modules() -> list[object]:
    if os.environ.get("WIRECLI_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    return list(mypycify(COMPILED, opt_level="3", debug_level="0"))


setup(ext_modules=ext_modules())
