"""The tally shared by convert and validate: counting, failing and the summary lines."""

from __future__ import annotations

import pytest

from wirecli.inputs import Input, InputKind
from wirecli.model import Diagnostic, Severity
from wirecli.tally import InputRecord, Tally, plural


def record(*severities: Severity, strict: bool = False, stories: int = 1) -> InputRecord:
    made = InputRecord(Input("a.txt", InputKind.FILE))
    made.stories = stories
    for number, severity in enumerate(severities, start=1):
        made.count(Diagnostic(severity, "future-date", "dateline date is after", number), strict=strict)
    return made


def test_plural() -> None:
    assert [plural(n, "story") for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    assert [plural(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert plural(2, "failed") == "2 failed"


def test_validation_summary_wording() -> None:
    tally = Tally(
        [record(Severity.ERROR, Severity.WARNING, Severity.INFO, stories=3), record(Severity.WARNING)]
    )
    assert tally.validation_summary() == "2 files, 4 stories: 1 error, 2 warnings"
    assert tally.validation_summary(include_info=True) == "2 files, 4 stories: 1 error, 2 warnings, 1 info"
    unreadable = InputRecord(Input("b.txt", InputKind.FILE))
    unreadable.unreadable = True
    assert Tally([unreadable]).validation_summary() == (
        "1 file, 0 stories: 0 errors, 0 warnings; 1 file could not be read"
    )


def test_conversion_summary_leaves_out_zero_counts() -> None:
    assert Tally([record()]).conversion_summary() == "converted 1 story from 1 file"
    tally = Tally([record(Severity.ERROR, Severity.WARNING, stories=2), record(stories=0)])
    assert tally.conversion_summary() == "converted 2 stories from 2 files; 1 warning; 1 error; 1 failed"


@pytest.mark.parametrize(
    ("severities", "strict", "failed"),
    [
        ((), True, False),
        ((Severity.INFO,), True, False),
        ((Severity.WARNING,), False, False),
        ((Severity.WARNING,), True, True),
        ((Severity.ERROR,), False, True),
    ],
)
def test_what_fails_an_input(severities: tuple[Severity, ...], strict: bool, failed: bool) -> None:
    counted = record(*severities, strict=strict)
    assert counted.failed is failed
    # A failing finding is also a problem of the input, so the report says why it failed.
    assert bool(counted.problems) is failed
    assert Tally([counted]).failed == int(failed)


def test_failing_findings_are_listed_with_line_and_code() -> None:
    assert record(Severity.ERROR).problems == ["line 1: error future-date: dateline date is after"]


def test_waiting_inputs_are_counted_apart_and_read_nothing() -> None:
    waiting = InputRecord(Input("young.txt", InputKind.WAITING))
    waiting.waiting = True
    tally = Tally([record(), waiting])
    assert (tally.files, tally.waiting, tally.skipped) == (1, 1, 0)
    assert tally.conversion_summary() == "converted 1 story from 1 file; 1 waiting"
    assert (waiting.status, waiting.read, waiting.failed) == ("waiting", False, False)
    unreadable = InputRecord(Input("gone.txt", InputKind.PROBLEM))
    unreadable.unreadable = True
    assert (unreadable.read, record(stories=0).read) == (False, True)
