"""The man page: up to date with the commands, and naming every option of every command."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import typer
from typer.core import TyperGroup
from typer.main import get_command

from tests.conftest import ROOT
from wirecli._manpage import escape, manpage
from wirecli.cli import app

PAGE = ROOT / "docs" / "wirecli.1"
GROUP = get_command(app)
assert isinstance(GROUP, TyperGroup)


def test_the_checked_in_page_is_what_make_man_writes() -> None:
    assert PAGE.read_text() == manpage(), "docs/wirecli.1 is stale: run 'make man'"


@pytest.mark.parametrize("name", sorted(GROUP.commands))
def test_the_page_has_every_option_of_every_command(name: str) -> None:
    page = manpage()
    command = GROUP.commands[name]
    assert f".SS wirecli {name} " in page
    section = page.split(f".SS wirecli {name} ", 1)[1].split(".SS ", 1)[0]
    context = typer.Context(command, info_name=name)
    # Hidden options (old spellings kept for a release) stay out of the page, as out of --help.
    shown = [
        param
        for param in command.get_params(context)
        if param.param_type_name == "option" and not getattr(param, "hidden", False)
    ]
    options = [opt for param in shown for opt in (*param.opts, *param.secondary_opts)]
    assert options
    for option in options:
        assert escape(option) in section, f"{option} of {name} is missing"


def test_the_page_has_the_global_options_and_exit_status() -> None:
    page = manpage()
    for option in ("--version", "--debug", "--help"):
        assert escape(option) in page.split(".SH COMMANDS")[0]
    assert ".SH EXIT STATUS" in page and ".B 130" in page


def test_escape_keeps_roff_from_reading_text_as_requests() -> None:
    assert escape(".hidden\n'also\n-x a\\b") == "\\&.hidden\n\\&'also\n\\-x a\\eb"


def test_man_renders_the_page_without_warnings() -> None:
    man = shutil.which("man")
    if man is None:
        pytest.skip("no man on this machine")
    result = subprocess.run(
        [man, "--warnings", "-l", str(PAGE)], capture_output=True, text=True, env={"MANWIDTH": "80"}
    )
    assert result.returncode == 0, result.stderr
    assert "wirecli convert" in result.stdout
    assert result.stderr == ""
