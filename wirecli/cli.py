"""The command line: read options, call files -> formats -> render, write, choose the exit code.

stdout carries only the rendered data, written as bytes. Everything else (diagnostics, errors,
hints) goes to stderr, one line each, in the ``path:line: severity code: message`` form that
editors and grep understand.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import orjson
import typer

from wirecli import __version__
from wirecli.decode import is_known_encoding
from wirecli.files import atomic_output, display_name, read_chunks
from wirecli.formats import REGISTRY, parse_chunks
from wirecli.model import Diagnostic, ParseOptions, Severity, Story
from wirecli.render import OUTPUTS, RenderOptions, render_stream

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="wirecli",
    help="Convert news-agency wire stories to JSON, NDJSON, IPTC ninjs, Markdown and plain text.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputName(StrEnum):
    JSON = "json"
    NDJSON = "ndjson"
    NINJS = "ninjs"
    MD = "md"
    TEXT = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wirecli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Convert news-agency wire stories to JSON, NDJSON, IPTC ninjs, Markdown and plain text."""


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"wirecli: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _parse_reference_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _usage_error(f"--reference-date must be a date as YYYY-MM-DD, not {value!r}") from None


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  wirecli convert story.txt                     # pretty JSON on stdout\n"
        "  wirecli convert --to md story.txt -o story.md\n"
        "  cat feed/*.txt | wirecli convert --to ndjson | jq -r .headline\n"
        "  wirecli convert --year 2025 --to text old-story.txt\n"
        "  wirecli convert --from bss --to ninjs story.txt  # IPTC ninjs, no detection\n"
        "\b\nExit status: 0 converted (warnings allowed), 1 some story had an error or an input\n"
        "could not be read (the rest is still written), 2 usage error, 130 interrupted."
    )
)
def convert(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Input files; none or '-' reads standard input.", show_default=False),
    ] = None,
    to: Annotated[OutputName, typer.Option("--to", "-t", help="Output format.")] = OutputName.JSON,
    from_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FORMAT",
            help="Parse every input as this wire format instead of detecting it (see 'wirecli formats').",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Decode input with this codec instead of guessing UTF-8, then cp1252."),
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Year for datelines that give none.", min=1, max=9999)
    ] = None,
    reference_date: Annotated[
        str | None,
        typer.Option(help="Today's date for resolving year-less datelines (YYYY-MM-DD; default: today)."),
    ] = None,
    width: Annotated[
        int,
        typer.Option(help="Wrap --to text at this column; 0 keeps one line per paragraph.", min=0),
    ] = 72,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors for the exit status.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also print info diagnostics (assumptions, lossy joins)."),
    ] = False,
) -> None:
    """Convert wire stories to structured data."""
    if encoding is not None and not is_known_encoding(encoding):
        raise _usage_error(f"unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1")
    if from_format is not None and from_format not in REGISTRY:
        raise _usage_error(f"unknown format {from_format!r} for --from; known formats: {', '.join(REGISTRY)}")
    inputs = paths or ["-"]
    if inputs == ["-"] and sys.stdin.isatty():
        raise _usage_error("no input: give a file, or pipe a story into standard input (see --help)")
    options = ParseOptions(
        reference_date=_parse_reference_date(reference_date),
        year=year,
        encoding=encoding,
        format=from_format,
    )
    run = _Run(strict=strict, verbose=verbose)
    pieces = render_stream(run.stories(inputs, options), OUTPUTS[to.value], RenderOptions(width=width))
    if output is None:
        run.write_all(pieces, sys.stdout.buffer, flush_each=to is OutputName.NDJSON)
    else:
        _write_file(run, pieces, output)
    raise typer.Exit(run.exit_code())


@app.command()
def formats(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of {name, description, fields}.")
    ] = False,
) -> None:
    """List the wire formats wirecli reads: name (for --from), description, story fields filled."""
    if as_json:
        listing = [
            {"name": name, "description": wire.description, "fields": wire.fields}
            for name, wire in REGISTRY.items()
        ]
        sys.stdout.buffer.write(orjson.dumps(listing, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
        return
    width = max(len(name) for name in REGISTRY)
    for name, wire in REGISTRY.items():
        typer.echo(f"{name:<{width}}  {wire.description}")
        typer.echo(f"{'':<{width}}  fields: {', '.join(wire.fields)}")


def _write_file(run: _Run, pieces: Iterator[bytes], output: Path) -> None:
    try:
        with atomic_output(output) as target:
            for piece in pieces:
                target.write(piece)
    except OSError as error:
        _say(f"wirecli: cannot write {output}: {error.strerror or error}")
        run.failed = True


class _Run:
    """What one conversion has seen so far: it decides the exit status."""

    def __init__(self, *, strict: bool, verbose: bool) -> None:
        self.strict = strict
        self.verbose = verbose
        self.failed = False

    def stories(self, inputs: list[str], options: ParseOptions) -> Iterator[Story]:
        for path in inputs:
            name = display_name(path)
            per_input = replace(options, path=None if path == "-" else path)
            try:
                for story in parse_chunks(read_chunks(path), per_input):
                    for diagnostic in story.diagnostics:
                        if diagnostic.severity is Severity.ERROR or (
                            self.strict and diagnostic.severity is Severity.WARNING
                        ):
                            self.failed = True
                        if self.verbose or diagnostic.severity is not Severity.INFO:
                            _say(format_diagnostic(name, diagnostic))
                    yield story
            except OSError as error:
                _say(f"wirecli: cannot read {name}: {error.strerror or error}")
                self.failed = True

    def write_all(self, pieces: Iterator[bytes], stream: BinaryIO, *, flush_each: bool) -> None:
        for piece in pieces:
            stream.write(piece)
            if flush_each:
                stream.flush()
        stream.flush()

    def exit_code(self) -> int:
        return EXIT_FAILED if self.failed else EXIT_OK


def format_diagnostic(name: str, diagnostic: Diagnostic) -> str:
    """``path:line: severity code: message``, with control characters made visible."""
    line = diagnostic.line if diagnostic.line is not None else 0
    return visible(f"{name}:{line}: {diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}")


_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_VISIBLE |= {code: f"<U+{code:04X}>" for code in range(0x80, 0xA0)}
_VISIBLE |= {code: f"<U+{code:04X}>" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def visible(text: str) -> str:
    """Show control characters and bidi overrides as symbols so they cannot act on a terminal."""
    return text.translate(_VISIBLE)


def _say(message: str) -> None:
    sys.stderr.write(visible(message) + "\n")


def main() -> None:
    """Console entry point: runs the app and turns a closed pipe or Ctrl-C into a quiet exit."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.stderr.write("wirecli: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
