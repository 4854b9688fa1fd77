"""dpa's own IPTC 7901 writer as the oracle: every check of ../shared/oracle/dpa-7901 must pass.

The oracle's 60 cases were written by dpa's digitalwires-to-IPTC-7901 converter from items whose
headline, byline, dateline, teaser, notepad, closing line and urgency are known
(``cases/expected.json``); its ``check.py`` converts them all with ``wirecli convert --to ndjson``
and scores each check. This test runs that script as it is (standard library only) against this
checkout's ``wirecli`` and requires every check to pass, except those listed in ``WRONG_CHECKS``
with the reason the check itself is wrong for wirecli (21 of 1267: desk contact lines). Skipped
when ../shared is absent.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

import pytest

from tests.conftest import SHARED, parse

ORACLE = SHARED / "oracle" / "dpa-7901"
CHECK = ORACLE / "check.py"
CASES = ORACLE / "cases"

# dpa's daily previews (tvo-pol) and radio programmes (hoerfunk) open the article with the desk's
# contact line, "Ansprechpartner: Redaktion Politik - Tel.: +49 30 ... E-Mail: ...@dpa.com". The
# truth counts it as publishable text; wirecli keeps every phone number and e-mail address of a
# contact line out of every body (wirecli/formats/_editorial.py, tests/test_private_text.py) and
# puts it into editor_note with a possible-private-text warning, so an unattended run never
# publishes a desk's phone number. Hence the body lacks those words, and editor_note is not null.
_CONTACT_LINE = (
    "the truth counts dpa's desk contact line (Ansprechpartner, Tel., E-Mail) as body text; wirecli "
    "moves contact details to editor_note (possible-private-text) so that no body holds them"
)
_CONTACT_IN_NOTE = (
    "this case has no not-for-publication part, so the truth wants editor_note null; it holds the "
    "desk contact line wirecli moved out of the body (possible-private-text)"
)
_CONTACT_CASES = (
    "006-tvo-pol.iptc",
    "007-hoerfunk.iptc",
    "013-tvo-pol.iptc",
    "014-hoerfunk.iptc",
    "020-tvo-pol.iptc",
    "021-hoerfunk.iptc",
    "027-tvo-pol.iptc",
    "028-hoerfunk.iptc",
    "034-tvo-pol.iptc",
    "035-hoerfunk.iptc",
    "041-tvo-pol.iptc",
    "042-hoerfunk.iptc",
    "048-tvo-pol.iptc",
    "049-hoerfunk.iptc",
    "055-tvo-pol.iptc",
    "056-hoerfunk.iptc",
)
_CONTACT_ONLY_NOTE_CASES = (
    "028-hoerfunk.iptc",
    "035-hoerfunk.iptc",
    "041-tvo-pol.iptc",
    "048-tvo-pol.iptc",
    "049-hoerfunk.iptc",
)
# (case file, check category as check.py names it) -> why the check is wrong for wirecli.
WRONG_CHECKS: dict[tuple[str, str], str] = {
    **{(case, "body_words_equal"): _CONTACT_LINE for case in _CONTACT_CASES},
    **{(case, "null editor_note"): _CONTACT_IN_NOTE for case in _CONTACT_ONLY_NOTE_CASES},
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if not CHECK.is_file():
        pytest.skip(f"the dpa oracle is not available at {ORACLE}")
    report = tmp_path_factory.mktemp("oracle") / "scores.json"
    wirecli = f"{shlex.quote(sys.executable)} -m wirecli"
    finished = subprocess.run(
        [sys.executable, str(CHECK), wirecli, str(CASES), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "dpa-oracle:" in finished.stdout, finished.stderr
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def _failures(scores: dict[str, object]) -> dict[tuple[str, str], str]:
    failures: dict[tuple[str, str], str] = {}
    cases = scores["results"]
    assert isinstance(cases, dict)
    for name, case in cases.items():
        for result in case["results"]:
            if not result["pass"]:
                check = result["check"]
                category = check["op"] + (f" {check['field']}" if "field" in check else "")
                failures[(name, category)] = result["why"]
    return failures


def test_every_oracle_check_passes(scores: dict[str, object]) -> None:
    failures = _failures(scores)
    unexplained = {key: why for key, why in failures.items() if key not in WRONG_CHECKS}
    assert unexplained == {}, "\n".join(
        f"{name}: {category}: {why}" for (name, category), why in unexplained.items()
    )
    assert isinstance(scores["total"], int) and scores["total"] > 0


def test_listed_wrong_checks_still_fail(scores: dict[str, object]) -> None:
    # A check listed as wrong that passes now is stale: take it off the list.
    failures = _failures(scores)
    assert [key for key in WRONG_CHECKS if key not in failures] == []


def test_every_case_warns_only_of_what_it_lacks() -> None:
    """One iptc7901 story per case; its warnings name exactly the parts dpa's item did not have."""
    if not CASES.is_dir():
        pytest.skip(f"the dpa oracle is not available at {ORACLE}")
    cases = json.loads((CASES / "expected.json").read_text(encoding="utf-8"))["cases"]
    assert cases
    for name, case in cases.items():
        [story] = parse((CASES / name).read_bytes())
        truth = case["truth"]
        expected = set()
        if truth["closing_line"] is None:
            expected.add("missing-signoff")
        if truth["dateline"] is None:
            expected.add("missing-credit-dateline")
        if "@" in truth["body_text"]:
            expected.add("possible-private-text")  # see WRONG_CHECKS
        assert story.format == "iptc7901", name
        assert {d.code for d in story.diagnostics if d.severity.value != "info"} == expected, name
