"""The man page ``wirecli.1``, written from the commands' own usage, help and options.

``make man`` runs ``python -m wirecli._manpage > docs/wirecli.1``; tests/test_manpage.py checks
that the checked-in page is what this module writes today, so the page cannot drift from the code.
Nothing here is dated, so the same code always gives the same page.
"""

from __future__ import annotations

import sys

import typer
from typer._click.core import Command
from typer.core import TyperGroup
from typer.main import get_command

from wirecli import __version__
from wirecli.cli import DEBUG_ENV, app

_DESCRIPTION = (
    "wirecli turns plain-text news-agency wire stories (BSS/AFP, ANPA 1312, IPTC 7901, the AAP ZCZC family "
    "and News Bites) into structured data: JSON in a documented schema, NDJSON, IPTC ninjs, Markdown or "
    "plain text. Standard output carries only data; problems with the input are diagnostics on standard "
    "error, one per line, path:line:col: severity code: message."
)
_EXIT_STATUS = (
    ("0", "every input converted; warnings allowed, unless --strict"),
    ("1", "some story has an error diagnostic, or an input could not be read, written or moved"),
    ("2", "usage error: a bad option, an unknown encoding or format, no input on a terminal"),
    ("70", "internal error (a bug in wirecli); rerun with --debug for the traceback"),
    ("130", "interrupted"),
)
_ENVIRONMENT = (
    ("NO_COLOR", "when set and not empty, no colour (unless --color always)"),
    ("FORCE_COLOR", "when set and not empty, colour even when the output is not a terminal"),
    (DEBUG_ENV, "1: show the Python traceback of an internal error, as --debug does"),
)


def escape(text: str) -> str:
    """``text`` as roff reads it literally: backslashes, hyphens and leading control characters."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in text.split("\n"))


def manpage() -> str:
    """The whole page, in roff ``man`` macros."""
    group = get_command(app)
    assert isinstance(group, TyperGroup)
    root = typer.Context(group, info_name="wirecli", **group.context_settings)
    lines = [
        f'.TH WIRECLI 1 "" "wirecli {__version__}" "User Commands"',
        ".SH NAME",
        "wirecli \\- " + escape(_first_line(group.help)),
        ".SH SYNOPSIS",
        ".B wirecli",
        escape("[--version] [--debug] COMMAND [OPTIONS] [ARGS]..."),
        ".SH DESCRIPTION",
        escape(_DESCRIPTION),
        ".SH GLOBAL OPTIONS",
        *_options(group, root),
        ".SH COMMANDS",
    ]
    for name, command in group.commands.items():
        context = typer.Context(command, info_name=name, parent=root)
        usage = " ".join(command.collect_usage_pieces(context))
        lines += [f".SS {escape(f'wirecli {name} {usage}')}", escape(command.help or "")]
        lines += _options(command, context)
        if command.epilog:
            lines += [".PP", ".nf", escape(command.epilog.replace("\b\n", "")), ".fi"]
    lines += [".SH EXIT STATUS", *_table(_EXIT_STATUS), ".SH ENVIRONMENT", *_table(_ENVIRONMENT)]
    lines += [
        ".SH SEE ALSO",
        escape(
            "jq(1); README.md and docs/ in the wirecli sources: the JSON contract (docs/schema.md), the"
            " diagnostics (docs/diagnostics.md), batch runs (docs/batch.md), the Python API (docs/api.md)."
        ),
    ]
    return "\n".join(lines) + "\n"


def _options(command: Command, context: typer.Context) -> list[str]:
    lines: list[str] = []
    for param in command.get_params(context):
        record = param.get_help_record(context)
        if record is None:
            continue
        names, text = record
        lines += [".TP", f".B {escape(names)}", escape(text) or "\\&"]
    return lines


def _table(rows: tuple[tuple[str, str], ...]) -> list[str]:
    lines: list[str] = []
    for key, text in rows:
        lines += [".TP", f".B {escape(key)}", escape(text)]
    return lines


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n")[0].rstrip(".")


if __name__ == "__main__":
    sys.stdout.write(manpage())
