"""Imports point one way, and every format is documented and has samples."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from wirecli.formats import FALLBACK, REGISTRY
from wirecli.formats._common import StoryParser

PURE = [
    *sorted((ROOT / "wirecli" / "formats").glob("*.py")),
    *sorted((ROOT / "wirecli" / "render").glob("*.py")),
]
FORBIDDEN = {"typer", "rich", "sys", "wirecli.files", "wirecli.cli", "click"}


def imported_modules(path: object) -> set[str]:
    tree = ast.parse(path.read_text())  # type: ignore[attr-defined]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=[p.relative_to(ROOT).as_posix() for p in PURE])
def test_parse_core_and_renderers_stay_pure(path: object) -> None:
    used = {
        name for name in imported_modules(path) if name.split(".")[0] in {"typer", "rich", "sys", "click"}
    }
    used |= imported_modules(path) & FORBIDDEN
    assert used == set()


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_format_is_documented_and_has_samples(name: str) -> None:
    module = sys.modules[REGISTRY[name].parse.__module__]
    assert module.__doc__ and len(module.__doc__.splitlines()) > 5
    assert list((ROOT / "samples" / name).glob("*.txt")), f"samples/{name}/ has no samples"


@pytest.mark.parametrize("name", [*sorted(REGISTRY), FALLBACK.name])
def test_every_parser_is_built_on_the_parser_kit(name: str) -> None:
    # One way to report, build the source and sort the diagnostics; detect_format guards every detect.
    module = sys.modules[REGISTRY.get(name, FALLBACK).parse.__module__]
    assert issubclass(module._Parser, StoryParser)
    source = inspect.getsource(module)
    assert [word for word in ("Source(", ".sort(", "except Exception") if word in source] == []


def test_startup_does_not_import_rich_or_dateutil() -> None:
    code = (
        "import sys\n"
        "from wirecli.cli import app\n"
        "from wirecli.formats import parse_bytes\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'rich', 'dateutil'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_converting_one_story_loads_only_what_it_needs() -> None:
    # Start-up is a feature: batch, validate, ninjs and mojibake machinery load only when used.
    seed = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
    code = (
        "import os, sys\n"
        "os.dup2(os.open(os.devnull, os.O_WRONLY), 1)\n"
        "from wirecli.cli import main\n"
        f"sys.argv = ['wirecli', 'convert', {str(seed)!r}, '--to', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "lazy = {'tempfile', 'hashlib', 'wirecli.validate', 'wirecli.render.ninjs', 'wirecli.outdir',\n"
        "        'wirecli.naming', 'wirecli.formats._mojibake', 'wirecli.preview', 'multiprocessing',\n"
        "        'wirecli.render.markdown', 'wirecli.render.text', 'random', 'rich', 'dateutil'}\n"
        "loaded = set(sys.modules) | {name.split('.')[0] for name in sys.modules}\n"
        "sys.stderr.write(','.join(sorted(lazy & loaded)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == ""


@pytest.mark.parametrize("collecting", [True, False])
def test_importing_the_cli_leaves_the_garbage_collector_as_it_was(collecting: bool) -> None:
    # cli.py pauses collection while it loads and freezes what loading made (start-up time).
    code = (
        "import gc\n"
        f"{'gc.enable()' if collecting else 'gc.disable()'}\n"
        "import wirecli.cli\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == f"{collecting} True\n"
