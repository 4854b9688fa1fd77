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
    ROOT / "wirecli" / "pipeline.py",
]
# Where an input becomes stories: nothing else in wirecli parses whole inputs by itself.
PARSERS_OF_INPUTS = {"parse_chunks", "parse_bytes", "parse_input"}
ALLOWED_TO_PARSE = {"wirecli/pipeline.py", "wirecli/api.py"}
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
        "from wirecli.pipeline import parse_bytes\n"
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
        "        'wirecli.render.markdown', 'wirecli.render.text', 'random', 'rich', 'dateutil',\n"
        "        'wirecli.render.newsml', 'wirecli.render.nitf', 'wirecli.render.ninjs_versions',\n"
        "        'wirecli.render._xml', 'xml'}\n"
        "loaded = set(sys.modules) | {name.split('.')[0] for name in sys.modules}\n"
        "sys.stderr.write(','.join(sorted(lazy & loaded)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == ""


def called_names(path: object) -> set[str]:
    tree = ast.parse(path.read_text())  # type: ignore[attr-defined]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name):
                names.add(function.id)
            elif isinstance(function, ast.Attribute):
                names.add(function.attr)
    return names


MODULES = sorted((ROOT / "wirecli").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(ROOT).as_posix() for p in MODULES])
def test_only_the_pipeline_turns_inputs_into_stories(path: object) -> None:
    relative = path.relative_to(ROOT).as_posix()  # type: ignore[attr-defined]
    calls = called_names(path) & PARSERS_OF_INPUTS
    if relative in ALLOWED_TO_PARSE:
        return
    # The commands and workers go through parse_input only, never around it.
    assert calls <= {"parse_input"}, f"{relative} parses inputs itself: {sorted(calls)}"


def test_commands_share_the_pipeline() -> None:
    users = {path.relative_to(ROOT).as_posix() for path in MODULES if "parse_input" in called_names(path)}
    assert {"wirecli/jobs.py", "wirecli/validate.py", "wirecli/cli.py"} <= users


@pytest.mark.parametrize("collecting", [True, False])
def test_loading_the_cli_leaves_the_garbage_collector_as_it_was(collecting: bool) -> None:
    # The entry point pauses collection while the CLI loads and freezes what loading made (start-up).
    code = (
        "import gc\n"
        f"{'gc.enable()' if collecting else 'gc.disable()'}\n"
        "from wirecli.entry import load_cli\n"
        "load_cli()\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == f"{collecting} True\n"
