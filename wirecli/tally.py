"""What a run has seen, input by input: for the exit status, the summary line and the report.

``convert`` and ``validate`` count the same things (inputs, stories, findings by severity, inputs
that failed or could not be read) and decide failure by the same rule: an error, an unreadable
input, or a warning under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterable

from wirecli.inputs import Input
from wirecli.model import Diagnostic, Severity


def plural(count: int, noun: str) -> str:
    """``1 story``, ``2 stories``, ``0 errors``; nouns that do not change (``failed``) stay."""
    if count == 1 or noun in _INVARIABLE:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


_INVARIABLE = frozenset({"failed", "skipped", "waiting", "not moved", "info"})


def fails(severity: Severity, *, strict: bool) -> bool:
    """Whether a finding of ``severity`` fails its input."""
    return severity is Severity.ERROR or (strict and severity is Severity.WARNING)


class InputRecord:
    """What happened to one input."""

    # A plain class: @dataclass would compile its generated methods on every start.
    __slots__ = (
        "failed",
        "findings",
        "input",
        "moved_to",
        "not_moved",
        "outputs",
        "problems",
        "skipped",
        "stories",
        "unreadable",
        "waiting",
    )

    def __init__(self, input: Input) -> None:
        self.input = input
        self.skipped = False
        self.failed = False
        self.stories = 0
        self.findings = dict.fromkeys(Severity, 0)
        self.outputs: list[str] = []
        self.moved_to: str | None = None
        self.not_moved = False
        self.unreadable = False
        self.waiting = False
        """Changed too recently for ``--min-age``: left for a later run, neither read nor moved."""
        self.problems: list[str] = []
        """Why the input failed or was not moved, one line each: read errors, failing diagnostics."""

    @property
    def status(self) -> str:
        if self.waiting:
            return "waiting"
        if self.skipped:
            return "skipped"
        return "failed" if self.failed else "converted"

    def report_entry(self) -> dict[str, object]:
        """The input as the ``--report`` lists it."""
        return {
            "path": self.input.display,
            "status": self.status,
            "stories": self.stories,
            "warnings": self.findings[Severity.WARNING],
            "errors": self.findings[Severity.ERROR],
            "outputs": self.outputs,
            "moved_to": self.moved_to,
            "problems": self.problems,
        }

    @property
    def read(self) -> bool:
        """Some of the input was read: it gave stories, or it could be read to its end."""
        return self.stories > 0 or not (self.unreadable or self.skipped or self.waiting)

    def count(self, diagnostic: Diagnostic, *, strict: bool) -> bool:
        """Count a finding; whether it fails the input (then it is also one of the ``problems``)."""
        self.findings[diagnostic.severity] += 1
        if not fails(diagnostic.severity, strict=strict):
            return False
        self.failed = True
        where = f"line {diagnostic.line}: " if diagnostic.line else ""
        self.problems.append(f"{where}{diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}")
        return True

    def problem(self, message: str, *, fails: bool = True) -> None:
        self.problems.append(message)
        self.failed = self.failed or fails


class Tally:
    """Totals over the records of a run."""

    def __init__(self, records: Iterable[InputRecord]) -> None:
        records = list(records)
        done = [record for record in records if not (record.skipped or record.waiting)]
        self.files = len(done)
        self.stories = sum(record.stories for record in done)
        self.by_severity = {
            severity: sum(record.findings[severity] for record in done) for severity in Severity
        }
        self.failed = sum(record.failed for record in done)
        self.waiting = sum(record.waiting for record in records)
        self.skipped = len(records) - len(done) - self.waiting
        self.not_moved = sum(record.not_moved for record in records)
        self.unreadable = sum(record.unreadable for record in records)

    def totals(self) -> dict[str, int]:
        """The counts as the ``--report`` writes them."""
        return {
            "files": self.files,
            "stories": self.stories,
            "warnings": self.by_severity[Severity.WARNING],
            "errors": self.by_severity[Severity.ERROR],
            "failed": self.failed,
            "skipped": self.skipped,
            "waiting": self.waiting,
            "not_moved": self.not_moved,
        }

    def conversion_summary(self) -> str:
        """``converted 120 stories from 118 files; 2 warnings; 1 failed``: counts of 0 left out."""
        parts = [f"converted {plural(self.stories, 'story')} from {plural(self.files, 'file')}"]
        totals = self.totals()
        for key, noun in (
            ("warnings", "warning"),
            ("errors", "error"),
            ("failed", "failed"),
            ("skipped", "skipped"),
            ("waiting", "waiting"),
            ("not_moved", "not moved"),
        ):
            if totals[key]:
                parts.append(plural(totals[key], noun))
        return "; ".join(parts)

    def validation_summary(self, *, include_info: bool = False) -> str:
        """``3 files, 5 stories: 1 error, 2 warnings`` (info counted only when asked)."""
        counts = [
            plural(self.by_severity[Severity.ERROR], "error"),
            plural(self.by_severity[Severity.WARNING], "warning"),
        ]
        if include_info:
            counts.append(plural(self.by_severity[Severity.INFO], "info"))
        text = f"{plural(self.files, 'file')}, {plural(self.stories, 'story')}: {', '.join(counts)}"
        if self.unreadable:
            text += f"; {plural(self.unreadable, 'file')} could not be read"
        return text
