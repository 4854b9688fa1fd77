"""The command line: read options, call files -> formats -> render, write, choose the exit code.

stdout carries only the rendered data, written as bytes. Everything else (diagnostics, errors,
hints) goes to stderr, one line each, in the ``path:line:col: severity code: message`` form that
editors and grep understand. ``validate`` is the exception that proves the rule: its data *are*
the diagnostics, so they go to stdout and only the summary goes to stderr; ``show`` writes the
preview the user asked for to stdout.
"""

# No ``from __future__ import annotations``: Typer would then evaluate every annotation string of
# every command with typing.get_type_hints on each start, re-running each typer.Option(...) call.
import contextlib
import copy
import datetime as dt
import os
import sys
import traceback
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NamedTuple

import orjson
import typer
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup
from typer.main import get_command_name

from wirecli import __version__
from wirecli.batch import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, BatchOptions, UsageError
from wirecli.batch import run as run_batch
from wirecli.decode import encoding_problem
from wirecli.files import STDIN
from wirecli.formats import REGISTRY
from wirecli.inputs import Input, InputKind, Selection
from wirecli.messages import say
from wirecli.model import ParseOptions, Severity
from wirecli.render import OUTPUTS, StreamError
from wirecli.terminal import ColourMode, wants_colour

__all__ = [
    "DEBUG_ENV",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "app",
    "main",
]

EXIT_INTERNAL = 70  # EX_SOFTWARE in sysexits.h: a bug in wirecli, not a problem with the input
DEBUG_ENV = "WIRECLI_DEBUG"


class _BriefUsageError(ClickUsageError):
    """A usage error as one line, ``wirecli: message``, then where to find help.

    Click's own takes four lines (usage, hint, a blank line, error), and cron mails, logs and
    editors read one line per problem better; the usage is one ``--help`` away.
    """

    def show(self, file: object = None) -> None:
        message = " ".join(self.format_message().split())  # Click spreads choice lists over lines
        message = message[:1].lower() + message[1:] if message[1:2].islower() else message
        command = self.ctx.command_path if self.ctx is not None else "wirecli"
        typer.echo(f"wirecli: {message.rstrip('.')}\nTry '{command} --help' for help.", err=True)


class _Group(TyperGroup):
    """The command group, with its usage errors (and its commands') in the brief form."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: object
    ) -> Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except (NoArgsIsHelpError, _BriefUsageError):
            raise
        except ClickUsageError as error:
            raise _BriefUsageError(error.format_message(), error.ctx) from None

    def invoke(self, ctx: Context) -> object:
        try:
            return super().invoke(ctx)
        except (NoArgsIsHelpError, _BriefUsageError):
            raise
        except ClickUsageError as error:
            raise _BriefUsageError(error.format_message(), error.ctx) from None


app = typer.Typer(
    cls=_Group,
    name="wirecli",
    help="Convert news-agency wire stories to JSON, NDJSON, IPTC ninjs, NewsML-G2, NITF, Markdown"
    " and plain text.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class NinjsVersion(StrEnum):
    V1_6 = "1.6"
    V2_1 = "2.1"
    V3_1 = "3.1"


class OutputName(StrEnum):
    JSON = "json"
    NDJSON = "ndjson"
    NINJS = "ninjs"
    NEWSML = "newsml"
    NITF = "nitf"
    MD = "md"
    TEXT = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wirecli {__version__}")
        raise typer.Exit()


class _Session:
    """Settings of the root command that main() needs after the command has run."""

    debug = False


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help=f"Show the Python traceback of an internal error (also {DEBUG_ENV}=1)."),
    ] = False,
) -> None:
    """Convert news-agency wire stories to JSON, NDJSON, IPTC ninjs, NewsML-G2, NITF, Markdown, text."""
    _Session.debug = debug or _Session.debug


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"wirecli: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


# The inputs of convert, validate and show: the same options with the same help, decided in one place.
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH...",
        help="Input files or folders; none or '-' reads standard input.",
        show_default=False,
    ),
]
RecursiveOption = Annotated[
    bool, typer.Option("--recursive", "-r", help="Also read the files in sub-folders of folders.")
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        "--glob", metavar="PATTERN", help="Take only files in folders whose name matches (repeatable)."
    ),
]
FilesFromOption = Annotated[
    str | None,
    typer.Option(metavar="FILE", help="Read input paths from FILE, one per line ('-': stdin)."),
]
MinAgeOption = Annotated[
    float,
    typer.Option(
        metavar="SECONDS",
        help="Leave files changed less than SECONDS ago for a later run (they may be half-written).",
        min=0,
    ),
]
AllFilesOption = Annotated[
    bool,
    typer.Option(
        "--all-files",
        help="In folders, also take hidden files and partial-upload names (*.part, *.tmp, ~*...).",
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        metavar="CODEC", help="Decode input with this codec instead of guessing UTF-8, then cp1252."
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        "-f",
        metavar="FORMAT",
        help="Parse every input as this wire format instead of detecting it (see 'wirecli formats').",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None, typer.Option(metavar="YYYY", help="Year for datelines that give none.", min=1, max=9999)
]
ReferenceDateOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD", help="Today's date for resolving year-less datelines [default: today]."
    ),
]

ColourOption = Annotated[
    ColourMode,
    typer.Option(
        "--color",
        help="Colour: auto (a terminal, unless NO_COLOR is set), always or never.",
        case_sensitive=False,
    ),
]


class Inputs(NamedTuple):
    """What a command reads and how it parses it, decided from the input options."""

    selection: Selection
    parse: ParseOptions


def _decide_inputs(
    paths: list[str] | None,
    recursive: bool,
    glob: list[str] | None,
    files_from: str | None,
    encoding: str | None,
    from_format: str | None,
    year: int | None,
    reference_date: str | None,
    min_age: float = 0.0,
    all_files: bool = False,
) -> Inputs:
    """Check the input options before any work starts; a usage error says what is wrong."""
    if encoding is not None and (problem := encoding_problem(encoding)) is not None:
        raise _usage_error(f"{problem}; try utf-8, cp1252 or latin-1")
    from_format = from_format.lower() if from_format is not None else None  # choices ignore case
    if from_format is not None and from_format not in REGISTRY:
        raise _usage_error(f"unknown format {from_format!r} for --from; known formats: {', '.join(REGISTRY)}")
    selection = Selection(tuple(paths or ()), files_from, recursive, tuple(glob or ()), min_age, all_files)
    if files_from == STDIN and STDIN in selection.paths:
        raise _usage_error("standard input cannot be both an input ('-') and the list of --files-from -")
    if selection.reads_stdin and sys.stdin.isatty():
        raise _usage_error("no input: give a file, or pipe a story into standard input (see --help)")
    if reference_date is None:
        today = dt.date.today()
    else:
        try:
            today = dt.date.fromisoformat(reference_date)
        except ValueError:
            raise _usage_error(
                f"--reference-date must be a date as YYYY-MM-DD, not {reference_date!r}"
            ) from None
    parse = ParseOptions(reference_date=today, year=year, encoding=encoding, format=from_format)
    return Inputs(selection, parse)


def _gather(inputs: Inputs, *, quiet: bool = False) -> list[Input]:
    """The inputs to read, hints said; files younger than --min-age are left for a later run."""
    try:
        found = inputs.selection.gather()
    except OSError as error:
        raise _usage_error(inputs.selection.list_problem(error)) from None
    for hint in () if quiet else found.hints:
        say(f"wirecli: {hint}")
    return [item for item in found.inputs if item.kind is not InputKind.WAITING]


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  wirecli convert story.txt                     # pretty JSON on stdout\n"
        "  wirecli convert --to md story.txt -o story.md\n"
        "  cat feed/*.txt | wirecli convert --to ndjson | jq -r .headline\n"
        "  wirecli convert --year 2025 --to text old-story.txt\n"
        "  wirecli convert --from bss --to ninjs story.txt  # IPTC ninjs, no detection\n"
        "  wirecli convert --to ninjs --ninjs-version 1.6 story.txt  # ninjs 1.x names\n"
        "  wirecli convert --to newsml feed.txt          # IPTC NewsML-G2; --to nitf: NITF 3.6\n"
        "  wirecli convert -r inbox --glob '*.txt' --out-dir out -j 0\n"
        "  find inbox -name '*.txt' | wirecli convert --files-from - --to ndjson\n"
        "  wirecli convert -q inbox --out-dir out --move-done done --move-failed failed\n"
        "\b\nExit status: 0 converted (warnings allowed), 1 some story had an error or an input\n"
        "could not be read, written or moved (the rest is still done), 2 usage error, 130 interrupted.\n"
        "A run that finds another run holding its lock exits 0 without doing anything."
    )
)
def convert(
    paths: PathsArgument = None,
    to: Annotated[
        OutputName, typer.Option("--to", "-t", help="Output format.", case_sensitive=False)
    ] = OutputName.JSON,
    from_format: FromOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
    ] = None,
    encoding: EncodingOption = None,
    year: YearOption = None,
    reference_date: ReferenceDateOption = None,
    width: Annotated[
        int,
        typer.Option(
            metavar="N", help="Wrap --to text at this column; 0 keeps one line per paragraph.", min=0
        ),
    ] = 72,
    ninjs_version: Annotated[
        NinjsVersion,
        typer.Option("--ninjs-version", help="IPTC ninjs version that --to ninjs writes."),
    ] = NinjsVersion.V3_1,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors for the exit status.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also print info diagnostics (assumptions, lossy joins)."),
    ] = False,
    recursive: RecursiveOption = False,
    glob: GlobOption = None,
    files_from: FilesFromOption = None,
    min_age: MinAgeOption = 0.0,
    all_files: AllFilesOption = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Write one file per story into DIR (see --name)."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            metavar="TEMPLATE",
            help="File name of each story in --out-dir: {stem} {index} {code} {keyword} {date} {format}"
            " [default: {stem}, or {stem}-{index} when a file holds several stories].",
            show_default=False,
        ),
    ] = None,
    keep_dirs: Annotated[
        bool, typer.Option("--keep-dirs", help="Mirror the folders below each input folder in --out-dir.")
    ] = False,
    skip_existing: Annotated[
        bool,
        typer.Option("--skip-existing", help="Skip inputs whose outputs exist and are not older than them."),
    ] = False,
    move_done: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Move each converted input here once its outputs are safe."),
    ] = None,
    move_failed: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Move each input that failed here once its outputs are safe."),
    ] = None,
    lock: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Hold this lock for the whole run [default when moving: .wirecli.lock in --out-dir,"
            " else in the --move-done folder].",
            show_default=False,
        ),
    ] = None,
    lock_wait: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Wait this long for the lock, then exit 0 quietly.", min=0),
    ] = 0.0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print errors only: no warnings, summary or progress.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write what happened to each input to FILE as JSON."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", metavar="N", help="Convert in N processes; 0 uses every core.", min=0),
    ] = 1,
    color: ColourOption = ColourMode.AUTO,
) -> None:
    """Convert wire stories to structured data: one file, a pipe, or whole folders.

    Outputs: JSON, NDJSON, IPTC ninjs (1.6, 2.1, 3.1), IPTC NewsML-G2, NITF, Markdown, plain text.
    """
    if ninjs_version is not NinjsVersion.V3_1 and to is not OutputName.NINJS:
        raise _usage_error(f"--ninjs-version goes with --to ninjs, not --to {to.value}")
    inputs = _decide_inputs(
        paths, recursive, glob, files_from, encoding, from_format, year, reference_date, min_age, all_files
    )
    options = BatchOptions(
        output_format=OUTPUTS[to.value],
        parse=inputs.parse,
        selection=inputs.selection,
        output=output,
        out_dir=out_dir,
        name=name,
        keep_dirs=keep_dirs,
        skip_existing=skip_existing,
        move_done=move_done,
        move_failed=move_failed,
        lock=lock,
        lock_wait=lock_wait,
        quiet=quiet,
        verbose=verbose,
        strict=strict,
        report=report,
        jobs=jobs,
        width=width,
        ninjs_version=ninjs_version.value,
        colour=color,
    )
    with _closed_pipe_ends_quietly():
        try:
            exit_code = run_batch(options)
        except (UsageError, StreamError) as error:
            raise _usage_error(str(error)) from None
    raise typer.Exit(exit_code)


def _silence_stdout() -> None:
    # The reader went away (`| head`): keep Python from complaining when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def _closed_pipe_ends_quietly() -> Iterator[None]:
    """A reader that stops early (`| head`) ends the command with status 0 and no message.

    Click turns a broken pipe inside a command into status 1 before main() can see it, so every
    command that writes to stdout wraps its work in this.
    """
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_OK) from None


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


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command(
    epilog=(
        "\b\nEach diagnostic is one line on stdout, path:line:col: severity code: message\n"
        "(column 1 when only the line is known); a summary goes to stderr.\n"
        "\b\nExamples:\n"
        "  wirecli validate feed/*.txt\n"
        "  wirecli validate --strict -q story.txt && echo clean\n"
        "  wirecli validate -F json feed.txt | jq -r 'select(.severity == \"error\") | .code'\n"
        "\b\nExit status: 0 no errors (warnings allowed), 1 some error, or a warning under --strict,\n"
        "or an input could not be read, 2 usage error, 130 interrupted."
    )
)
def validate(
    paths: PathsArgument = None,
    report_format: Annotated[
        ReportFormat,
        typer.Option(
            "--output-format",
            "-F",
            help="Write text lines, or one JSON object per line.",
            case_sensitive=False,
        ),
    ] = ReportFormat.TEXT,
    old_report_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", hidden=True, case_sensitive=False, help="Old name of --output-format."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors for the exit status.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also report info diagnostics (assumptions, lossy joins)."),
    ] = False,
    color: ColourOption = ColourMode.AUTO,
    recursive: RecursiveOption = False,
    glob: GlobOption = None,
    files_from: FilesFromOption = None,
    min_age: MinAgeOption = 0.0,
    all_files: AllFilesOption = False,
    from_format: FromOption = None,
    encoding: EncodingOption = None,
    year: YearOption = None,
    reference_date: ReferenceDateOption = None,
) -> None:
    """Check wire stories and list their diagnostics."""
    from wirecli.files import read_input
    from wirecli.messages import diagnostic_line
    from wirecli.tally import InputRecord, Tally
    from wirecli.validate import ReadFailure, check_inputs, finding_json

    old_short = (from_format or "").lower()
    if old_report_format is None and old_short in set(ReportFormat) - set(REGISTRY):
        # Before -f was --from everywhere, validate's -f chose its output: 'validate -f json'.
        old_report_format, from_format = ReportFormat(old_short), None
        say("wirecli: -f now means --from; use -F (--output-format) for the output")
    elif old_report_format is not None:
        say("wirecli: --format is now --output-format (-F); the old name goes in the next release")
    report_format = old_report_format or report_format
    inputs = _decide_inputs(
        paths, recursive, glob, files_from, encoding, from_format, year, reference_date, min_age, all_files
    )
    as_json = report_format is ReportFormat.JSON
    colour = not as_json and wants_colour(sys.stdout, color)
    records: list[InputRecord] = []
    out = sys.stdout.buffer
    items = _gather(inputs, quiet=quiet)
    with _closed_pipe_ends_quietly():
        for item in check_inputs(items, inputs.parse, read_input, records, strict=strict):
            if isinstance(item, ReadFailure):
                say(f"wirecli: {item.message}")
            elif quiet or (item.diagnostic.severity is Severity.INFO and not verbose):
                continue
            elif as_json:
                out.write(finding_json(item))
            else:
                out.write(diagnostic_line(item.name, item.diagnostic, colour=colour).encode() + b"\n")
        out.flush()
    tally = Tally(records)
    say(tally.validation_summary(include_info=verbose))
    raise typer.Exit(EXIT_FAILED if tally.failed else EXIT_OK)


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  wirecli show story.txt\n"
        "  wirecli show --raw broken.txt        # source lines, diagnostics under them\n"
        "  wirecli show --pager feed.txt\n"
        "  wirecli show --color always story.txt | less -R\n"
        "\b\nExit status: 0 shown, 1 an input could not be read, 2 usage error.\n"
        "Use 'wirecli validate' to test stories in scripts."
    )
)
def show(
    paths: PathsArgument = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Show the source lines, each diagnostic under its line.")
    ] = False,
    color: ColourOption = ColourMode.AUTO,
    pager: Annotated[bool, typer.Option("--pager", help="Page long output (on a terminal).")] = False,
    width: Annotated[
        int | None,
        typer.Option(metavar="N", help="Preview width [default: the terminal's, 80 when piped].", min=20),
    ] = None,
    recursive: RecursiveOption = False,
    glob: GlobOption = None,
    files_from: FilesFromOption = None,
    min_age: MinAgeOption = 0.0,
    all_files: AllFilesOption = False,
    from_format: FromOption = None,
    encoding: EncodingOption = None,
    year: YearOption = None,
    reference_date: ReferenceDateOption = None,
) -> None:
    """Preview wire stories for reading: metadata, body and diagnostics."""
    from wirecli import preview  # Rich loads only for previews: convert's start-up stays short
    from wirecli.files import read_input
    from wirecli.pipeline import for_input, parse_input

    inputs = _decide_inputs(
        paths, recursive, glob, files_from, encoding, from_format, year, reference_date, min_age, all_files
    )
    items = _gather(inputs)
    terminal = sys.stdout.isatty()
    colour = wants_colour(sys.stdout, color)
    console = preview.make_console(
        sys.stdout,
        width=width or (None if terminal else preview.PIPED_WIDTH),
        colour=colour,
        trim=not terminal,
    )
    failed = False
    with _closed_pipe_ends_quietly(), preview.paging(console, pager and terminal, colour=colour):
        for item in items:
            if item.problem is not None:
                say(f"wirecli: {item.problem}")
                failed = True
                continue
            try:
                options = for_input(inputs.parse, item.path)
                parsed = parse_input(read_input(item.path), options, keep_sources=raw)
                preview.show_input(console, item.display, parsed, raw=raw)
            except BrokenPipeError:
                raise  # stdout, not the input: the reader has gone
            except OSError as error:
                say(f"wirecli: cannot read {item.display}: {error.strerror or error}")
                failed = True
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  wirecli schema > story.schema.json\n"
        "  wirecli convert --to ndjson feed.txt | check-jsonschema --schemafile story.schema.json -\n"
        "  wirecli schema --ninjs              # where the IPTC ninjs 3.1 schema is published"
    )
)
def schema(
    ninjs: Annotated[
        bool,
        typer.Option(
            "--ninjs",
            help="Print the address of the IPTC ninjs 3.1 JSON Schema that --to ninjs output follows"
            " (published by IPTC; wirecli does not ship a copy).",
        ),
    ] = False,
) -> None:
    """Print the JSON Schema of a story as --to json and --to ndjson write it."""
    if ninjs:
        from wirecli.render.ninjs import SCHEMA_URI

        typer.echo(SCHEMA_URI)
        return
    from wirecli.api import schema as story_schema

    sys.stdout.buffer.write(
        orjson.dumps(story_schema(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    )


COMPLETE_VAR = "_WIRECLI_COMPLETE"
"""The variable the completion scripts set when they ask wirecli for completions."""


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


@app.command(
    epilog=(
        "\b\nInstall:\n"
        "  bash: wirecli completion bash > ~/.local/share/bash-completion/completions/wirecli\n"
        "  zsh:  wirecli completion zsh > ~/.zfunc/_wirecli   (with fpath+=~/.zfunc before compinit)\n"
        "  fish: wirecli completion fish > ~/.config/fish/completions/wirecli.fish"
    )
)
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(metavar="SHELL", help="bash, zsh or fish.", show_default=False, case_sensitive=False),
    ],
) -> None:
    """Print the completion script for bash, zsh or fish: commands, options and their values."""
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name="wirecli", complete_var=COMPLETE_VAR, shell=shell.value))


def app_for(args: list[str]) -> typer.Typer:
    """``app``, with only the command that ``args`` run when nothing else can show.

    Typer builds the options of every command on each start (about 2 ms for all of them). When
    ``args`` name a command, preceded by nothing but ``--debug``, the output cannot involve the
    other commands: not in the command's help, nor in its usage errors. Anything else (root help,
    an unknown command, which lists the commands) gets the whole app.
    """
    position = 0
    while position < len(args) and args[position] == "--debug":
        position += 1
    if position == len(args):
        return app
    for info in app.registered_commands:
        assert info.callback is not None
        if (info.name or get_command_name(info.callback.__name__)) == args[position]:
            pruned = copy.copy(app)
            pruned.registered_commands = [info]
            return pruned
    return app


def main() -> None:
    """Console entry point: runs the app; a closed pipe, Ctrl-C or a bug each end in one clear way.

    A bug must not greet a cron user with a traceback: any unexpected exception becomes one line
    on stderr and exit status 70; ``--debug`` (or ``WIRECLI_DEBUG=1``) adds the traceback.
    """
    _Session.debug = os.environ.get(DEBUG_ENV, "") not in {"", "0"}
    if COMPLETE_VAR in os.environ:
        # The completion scripts are Typer's (see `completion`); so must be the classes answering them.
        from typer._completion_classes import completion_init

        completion_init()
    try:
        # A fixed name: `python -m wirecli` is still 'wirecli' in usage lines and completion.
        app_for(sys.argv[1:])(prog_name="wirecli")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.stderr.write("wirecli: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except OSError as error:
        # Reads and output files report their own failures; what is left is standard output.
        if _Session.debug:
            traceback.print_exc()
        _silence_stdout()
        where = f": {error.filename}" if error.filename else ""
        say(f"wirecli: cannot write output{where}: {error.strerror or error}")
        sys.exit(EXIT_FAILED)
    except Exception as error:
        if _Session.debug:
            traceback.print_exc()
        hint = "" if _Session.debug else "; rerun with --debug for the traceback"
        say(f"wirecli: internal error: {type(error).__name__}: {error}{hint}")
        sys.exit(EXIT_INTERNAL)
