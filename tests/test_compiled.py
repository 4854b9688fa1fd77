"""The compiled build (``make fast``) gives byte-identical output to the pure-Python package.

Skipped unless a compiled build exists: ``WIRECLI_COMPILED_PYTHON`` names its interpreter, else
``.venv-fast/bin/python`` is used when present. ``make fast`` runs this test after building, so a
build that differs never goes unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT, SHARED, corpus_files
from tests.golden_tool import sample_paths

DUMP = ROOT / "tests" / "compiled_dump.py"


def compiled_python() -> str | None:
    named = os.environ.get("WIRECLI_COMPILED_PYTHON")
    if named:
        # Absolute, since the dumps run in another folder; not resolved, since a venv's python is a link.
        return os.path.abspath(named)
    default = ROOT / ".venv-fast" / "bin" / "python"
    return str(default) if default.exists() else None


def inputs() -> list[str]:
    oracle = SHARED / "oracle" / "dpa-7901" / "cases"
    found = [*sample_paths(), *corpus_files(), *sorted((ROOT / "tests" / "bad").glob("*"))]
    if oracle.is_dir():
        found += sorted(oracle.glob("*"))
    return [str(path) for path in found if path.is_file()]


def dump(python: str, paths: list[str], cwd: Path) -> list[bytes]:
    # Run from an empty folder so that neither side can import the source tree by accident.
    result = subprocess.run([python, str(DUMP), *paths], capture_output=True, cwd=cwd, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.splitlines()


def test_the_compiled_build_gives_the_same_output(tmp_path: Path) -> None:
    python = compiled_python()
    if python is None:
        pytest.skip("no compiled build: run 'make fast' to build and check one")
    paths = inputs()
    compiled = dump(python, paths, tmp_path)
    pure = dump(sys.executable, paths, tmp_path)
    assert orjson.loads(pure[0])["compiled"] == [], "the pure-Python side loaded compiled modules"
    assert orjson.loads(compiled[0])["compiled"], "the compiled side runs pure Python: the build failed"
    assert len(compiled) == len(pure) == len(paths) + 1
    for path, ours, theirs in zip(paths, pure[1:], compiled[1:], strict=True):
        assert ours == theirs, f"{path}: the compiled build's output differs"
