"""Human previews for ``wirecli show``: one Rich panel per story, or its source lines with markers.

The story view shows a header line (code, keyword, urgency, format, encoding), the headline, a
table of metadata, the body (subheads in bold, table blocks kept unwrapped) and the diagnostics in
their severity's colour. ``--raw`` shows the message as received instead, numbered like the
input, with each diagnostic under its line and a caret under its column, as a compiler would::

    ╭─ story.txt · story 1 ─────────────────────────────────╮
    │  9 │ DHAKA, May 1 (BSS) - Text.                        │
    │    │ ^~~~~~~~~~~~~~~~~~~~~~~~~~                        │
    │    │ 9:1 warning dateline-year-assumed: dateline ...   │

Only ``show`` imports this module, so Rich is never loaded by ``convert`` or ``validate``. Story
text is never read as markup or emoji codes (the console has both off, and text goes in as
``Text``), and every piece of it passes through :func:`wirecli.terminal.visible` first, so escape
sequences in the input show as ``␛[2J`` instead of acting on the terminal. Colour comes only from
the styles below.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
from collections.abc import Iterator, Sequence
from typing import TextIO, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from wirecli.diagnostics import CATALOGUE
from wirecli.model import BlockType, Diagnostic, Severity, Story
from wirecli.pipeline import ParsedInput, SourceLines
from wirecli.terminal import visible

SEVERITY_STYLE: dict[Severity, str] = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}
PIPED_WIDTH = 80
_HEIGHT = 25
_MISSING = "–"
_TAB_SIZE = 8
PAGER_LESS = "FRX"
"""``LESS`` for the pager when the user has not set it: quit if one screen, colours, no clearing."""


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich exits with status 1 here; a reader that stops early (`| head`) is a normal end of a
        # preview, and the command decides how it ends.
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


class _TrimmedLines:
    """A text stream that drops the blanks Rich pads each line with up to the console's width.

    On a terminal they cannot be seen; in a file or a pipe they are noise for diff and grep. Colour
    codes among them are kept, so a coloured line still ends reset.
    """

    def __init__(self, file: TextIO) -> None:
        self._file = file
        self.encoding = getattr(file, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        self._file.write(_PADDED_LINE_END.sub(_keep_sgr, text))
        return len(text)

    def flush(self) -> None:
        self._file.flush()

    def isatty(self) -> bool:
        return False


_SGR = re.compile(r"\x1b\[[0-9;]*m")
_PADDED_LINE_END = re.compile(r"(?: |\x1b\[[0-9;]*m)*? +(?:\x1b\[[0-9;]*m)*\n")


def _keep_sgr(match: re.Match[str]) -> str:
    return "".join(_SGR.findall(match.group())) + "\n"


def make_console(file: TextIO, *, width: int | None, colour: bool, trim: bool = True) -> Console:
    """A console that prints text as given: no markup, emoji or highlighting, colour on request.

    ``width`` ``None`` follows the terminal. Everything the environment could switch (``NO_COLOR``,
    ``FORCE_COLOR``, ``TERM``, ``COLUMNS``) has been decided by the caller and is passed in.
    ``trim`` drops the blanks at the end of each line (for output that is not a terminal).
    """
    return _Console(
        file=cast(TextIO, _TrimmedLines(file)) if trim else file,
        width=width,
        # Rich ignores a width given alone when TERM=dumb; a height makes it keep the width.
        height=None if width is None else _HEIGHT,
        color_system="standard" if colour else None,
        force_terminal=colour,
        force_interactive=False,
        force_jupyter=False,
        no_color=False,
        emoji=False,
        highlight=False,
        markup=False,
        legacy_windows=False,
        tab_size=_TAB_SIZE,
    )


@contextlib.contextmanager
def paging(console: Console, enabled: bool, *, colour: bool) -> Iterator[None]:
    """Send what is printed inside the block through the system pager when ``enabled``."""
    if not enabled:
        yield
        return
    # less shows colour codes as raw text unless told -R; like git, give it FRX when LESS is unset.
    unset = "LESS" not in os.environ
    if unset:
        os.environ["LESS"] = PAGER_LESS
    try:
        with console.pager(styles=colour):
            yield
    finally:
        if unset:
            os.environ.pop("LESS", None)


def show_input(console: Console, name: str, parsed: ParsedInput, *, raw: bool) -> int:
    """Print the panels of one input (parsed with its sources kept for ``raw``); returns the
    number of stories shown. Raises ``OSError`` when reading the input fails."""
    shown = 0
    for story in parsed:
        shown += 1
        if raw:
            console.print(raw_view(story, name, _source_of(parsed, story)))
        else:
            console.print(story_panel(story, name))
    if not shown:
        console.print(Text(f"{visible(name)}: no stories", style="dim"))
    return shown


def _source_of(parsed: ParsedInput, story: Story) -> SourceLines:
    # A binary input is one record with nothing to quote; its "lines" would be noise.
    sources = parsed.facts.sources
    if parsed.facts.binary is not None or not sources:
        return []
    return sources[-1]  # the message just parsed: the story's own


def story_panel(story: Story, name: str) -> Panel:
    """The story as a reader sees it, with its metadata and diagnostics."""
    headline = story.headline
    parts: list[RenderableType] = [
        header_line(story),
        Text(""),
        Text(visible(headline), style="bold") if headline else Text("(no headline)", style="dim"),
        Text(""),
        metadata_table(story),
    ]
    for block in story.body:
        parts.append(Text(""))
        if block.type is BlockType.SUBHEAD:
            parts.append(Text(f"– {visible(block.text)} –", style="bold"))
        elif block.type is BlockType.TABLE:
            rows = (visible(row.expandtabs(_TAB_SIZE)) for row in block.text.split("\n"))
            parts.append(Text("\n".join(rows), no_wrap=True, overflow="ellipsis"))
        else:
            parts.append(Text(visible(block.text)))
    parts.append(Text(""))
    parts.append(diagnostic_list(story.diagnostics))
    title = Text(f"{visible(name)} · story {story.source.index + 1}")
    return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED, padding=(0, 1))


def raw_view(story: Story, name: str, lines: SourceLines) -> Group:
    """The message's lines as received, each diagnostic under its line with a caret.

    No panel: wire lines are up to 80 characters wide, and every column counts here. Long lines
    wrap, and the line-number gutter stays blank for their continuation.
    """
    by_line: dict[int, list[Diagnostic]] = {}
    for diagnostic in story.diagnostics:
        by_line.setdefault(diagnostic.line or 0, []).append(diagnostic)
    grid = Table(box=box.MINIMAL, show_header=False, show_edge=False, pad_edge=False, border_style="dim")
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column()
    for number, text in lines:
        grid.add_row(str(number), Text(visible(text)))
        shown: str | None = None
        for diagnostic in by_line.pop(number, []):
            marker = caret(text, diagnostic.column)
            if marker != shown:  # several findings at one place share their caret
                grid.add_row("", Text(marker, style=SEVERITY_STYLE[diagnostic.severity], no_wrap=True))
                shown = marker
            grid.add_row("", diagnostic_text(diagnostic))
    title = Text(f"{visible(name)} · story {story.source.index + 1}", style="bold")
    parts: list[RenderableType] = [Rule(title, align="left", style="dim"), header_line(story), grid]
    leftover = [diagnostic for number in sorted(by_line) for diagnostic in by_line[number]]
    if leftover:
        parts.append(diagnostic_list(leftover))
    return Group(*parts)


def header_line(story: Story) -> Text:
    """``BFF-09  RUSSIA-NKOREA-SUMMIT  urgency 3  bss · utf-8``."""
    header = Text()
    header.append(visible(story.code) if story.code else "(no code)", style="bold" if story.code else "dim")
    header.append("  ")
    header.append(
        visible(story.keyword) if story.keyword else "(no keyword)", style=None if story.keyword else "dim"
    )
    if story.urgency is not None:
        header.append("  ")
        header.append(f"urgency {story.urgency}", style="bold magenta")
    header.append(f"  {visible(story.format)} · {visible(story.source.encoding)}", style="dim")
    return header


def metadata_table(story: Story) -> Table:
    """Dateline, agencies, byline, signoff, creation time and word count, one per row."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    dateline = story.dateline
    dateline_text = Text(visible(dateline.text)) if dateline else Text(_MISSING, style="dim")
    if dateline and dateline.date:
        dateline_text.append(f"  {dateline.date.isoformat()}", style="dim")
    rows: list[tuple[str, Text]] = [
        ("Dateline", dateline_text),
        ("Agencies", _value(", ".join(story.agencies))),
        ("Byline", _value(story.byline)),
        ("Signoff", _value(story.signoff.text if story.signoff else None)),
        ("Created", _value(_timestamp(story.created))),
        ("Words", Text(str(story.word_count))),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def _value(text: str | None) -> Text:
    return Text(visible(text)) if text else Text(_MISSING, style="dim")


def _timestamp(created: dt.datetime | None) -> str | None:
    return created.isoformat(sep=" ", timespec="minutes") if created else None


def diagnostic_text(diagnostic: Diagnostic, *, located: bool = True) -> Text:
    """``9:1 warning code: message`` in the severity's colour, wrapping as needed."""
    style = SEVERITY_STYLE[diagnostic.severity]
    text = Text()
    if located:
        text.append(f"{diagnostic.line or 1}:{diagnostic.column or 1} ", style="dim")
    text.append(diagnostic.severity.value, style=style)
    text.append(" ")
    text.append(diagnostic.code, style=style)
    text.append(": " + visible(diagnostic.message))
    return text


def diagnostic_list(diagnostics: Sequence[Diagnostic]) -> RenderableType:
    """The diagnostics in line order, located in a gutter; errors and warnings with their hint."""
    if not diagnostics:
        return Text("No diagnostics", style="green")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column()
    for diagnostic in diagnostics:
        grid.add_row(
            f"{diagnostic.line or 1}:{diagnostic.column or 1}", diagnostic_text(diagnostic, located=False)
        )
        if diagnostic.severity is not Severity.INFO:
            grid.add_row("", Text("hint: " + CATALOGUE[diagnostic.code].hint, style="dim"))
    return Group(Text("Diagnostics", style="bold"), grid)


def caret(line: str, column: int | None) -> str:
    """``^`` under ``column`` of ``line`` as :func:`visible` shows it, else under its first word.

    Columns count characters of the decoded line; what sits before the column can take more or
    fewer cells once made visible (``<U+009B>``, wide characters), so the caret is placed by cells.
    """
    if column is None:
        column = len(line) - len(line.lstrip()) + 1
    return " " * cell_len(visible(line[: column - 1])) + "^"
