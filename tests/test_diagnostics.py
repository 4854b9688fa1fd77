"""The diagnostics catalogue, the code that emits it and docs/diagnostics.md stay in step."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from wirecli.diagnostics import CATALOGUE, diagnose
from wirecli.formats import REGISTRY
from wirecli.inputs import Input, InputKind
from wirecli.model import Diagnostic, ParseOptions, Severity
from wirecli.pipeline import parse_bytes
from wirecli.tally import InputRecord
from wirecli.validate import Finding, check_inputs

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "wirecli"
DOCS = ROOT / "docs" / "diagnostics.md"
OPTIONS = ParseOptions(reference_date=dt.date(2026, 11, 28))

# A complete, clean story: every input below changes one thing about it.
CLEAN = (
    b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) \xe2\x80\x93 Text.\n\nBSS/AB/1200 hrs\n"
)

# code -> (minimal input, line of the diagnostic, parse options that differ from OPTIONS)
TRIGGERS: dict[str, tuple[bytes, int, dict[str, object]]] = {
    "missing-framing": (
        b"BSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        1,
        {"format": "bss"},
    ),
    "unknown-format": (b"ZCZC\nWEATHER BULLETIN NO. 4\nShowers, winds south-west 20 knots.\nNNNN\n", 1, {}),
    "missing-code": (
        b"ZCZC\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        3,
        {"format": "bss"},
    ),
    "missing-keyword": (
        b"ZCZC\n\nBSS-1\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        5,
        {},
    ),
    "missing-headline": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        7,
        {},
    ),
    "missing-dateline": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nText without a dateline.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "missing-signoff": (b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n", 9, {}),
    "empty-body": (b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nBSS/AB/1200 hrs\n", 9, {}),
    "cut-short": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - The minister said\n",
        9,
        {},
    ),
    "trailing-text": (CLEAN + b"NNNN\nstray line\n", 13, {}),
    "unparseable-date": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, Someday 5 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "impossible-date": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, February 30, 2024 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "future-date": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2027 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "dateline-year-assumed": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1 (BSS) - Text.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "impossible-signoff-time": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AB/2561 hrs\n",
        11,
        {},
    ),
    "timezone-assumed": (CLEAN, 11, {}),
    "preamble-mismatch": (b"BSS-2 Headline\n" + CLEAN, 1, {}),
    "signoff-agency-mismatch": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\nBSS/AFP/AB/1200 hrs\n",
        11,
        {},
    ),
    "duplicate-code": (CLEAN + CLEAN, 12, {}),
    "control-characters": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text\x1b[2J.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "encoding-fallback": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text\x92s.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "decode-error": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Caf\xe9.\n\nBSS/AB/1200 hrs\n",
        9,
        {"encoding": "ascii"},
    ),
    "mojibake": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\n"
        b"DHAKA, May 1, 2024 (BSS) - Russia\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s text.\n\nBSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "long-line": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text" + b" text" * 12 + b".\n\n"
        b"BSS/AB/1200 hrs\n",
        9,
        {},
    ),
    "hyphen-join": (
        b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - A well-\nknown text.\n\n"
        b"BSS/AB/1200 hrs\n",
        9,
        {},
    ),
}

# Codes only some wire formats emit: checked on those formats' samples once they are registered.
TRIGGERS.update(
    {
        "garbled-header": (
            b"\x01eca062 urgent\r\n\nGermany-politics/\r\n\x02Coalition talks could fail =\r\n\n"
            b"Berlin (dpa) - Talks could fail, a member warned.\r\n\ndpa wsz jln\r\n\r\n"
            b"\x03131137 GMT Nov 13\r\n\x7f\n\x7f\x04",
            1,
            {"format": "iptc7901"},
        ),
        "headline-guessed": (
            b"\x01eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\n"
            b"\x02Coalition talks between conservatives and Social Democrats could\n"
            b"fail, a member warns =\r\n\n"
            b"Berlin (dpa) - Talks could fail, a member warned.\r\n\ndpa wsz jln\r\n\r\n"
            b"\x03131137 GMT Nov 13\r\n\x7f\n\x7f\x04",
            4,
            {},
        ),
        "dateline-after-teaser": (
            b"\x01eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\n\x02Coalition talks could fail =\r\n\n"
            b"The coalition may not last the winter.\r\n\n"
            b"Berlin (dpa) - Talks could fail, a member warned.\r\n\ndpa wsz jln\r\n\r\n"
            b"\x03131137 GMT Nov 13\r\n\x7f\n\x7f\x04",
            8,
            {},
        ),
        "stripped-framing": (
            b"eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\nCoalition talks could fail =\r\n\n"
            b"Berlin (dpa) - Talks could fail, a member warned.\r\n\ndpa wsz jln\r\n\r\n"
            b"131137 GMT Nov 13\r\n",
            1,
            {},
        ),
        "not-for-publication": (
            b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\n"
            b"Not for publication: call Rahim on 01711 000000.\n\nBSS/AB/1200 hrs\n",
            11,
            {},
        ),
        "possible-private-text": (
            b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\nDHAKA, May 1, 2024 (BSS) - Text.\n\n"
            b"Desk: rahim@bss.example\n\nBSS/AB/1200 hrs\n",
            11,
            {},
        ),
        "unterminated-heading": (
            b"\x01eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\n\x02EXTRA\nTalks could fail\r\n\n"
            b"Berlin (dpa) - Talks could fail, a member warned.\r\n\ndpa wsz jln\r\n\r\n"
            b"\x03131137 GMT Nov 13\r\n\x7f\n\x7f\x04",
            5,
            {},
        ),
        "missing-credit-dateline": (
            b"\x01eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\n\x02Coalition talks could fail =\r\n"
            b"\nChancellor Example said the talks would go on.\r\n\ndpa wsz jln\r\n\r\n"
            b"\x03131137 GMT Nov 13\r\n\x7f\n\x7f\x04",
            6,
            {},
        ),
        "unparseable-trailer": (
            b"\x01eca062 4 i 211  dpa 061\r\n\nGermany-politics/\r\n\x02Coalition talks could fail =\r\n"
            b"\nBerlin (dpa) - Talks could fail, a member warned.\r\n\ndpa wsz jln\r\n\r\n\x03soon\r\n"
            b"\x7f\n\x7f\x04",
            10,
            {},
        ),
        "headline-from-body": (
            b"\x16\x16\x01V0001\x1f-----\nb a\x13\x11 APNewsAlert        11-13 0012\r\n"
            b"\x02\t   HONOLULU (AP) _ A strong earthquake shook Hawaii on Monday.\r\n"
            b"\t   \x03AP-WF-11-13-13 1509GMT<\r\n\x0c\n\x04",
            3,
            {},
        ),
        "tabular-mismatch": (
            b"\x16\x16\x01j0001\x1f-----\nr i\x14\x12 Japan-Rates        11-13 0030\r\n"
            b"\x02^Japan-Rates,30<\r\n^Bank of Japan keeps rates on hold<\r\n"
            b"\t   TOKYO (Kyodo) -- The Bank of Japan kept its policy rate unchanged on Wednesday.\r\n"
            b"\t   \x0311-13-13 1509GMT<\r\n\x0c\n\x04",
            2,
            {},
        ),
        "dateline-year-inferred": (
            b"ZCZC AAP\r\n$T\r\n:Motor V8\r\n^MOTOR: Results\r\n*X\r\n\r\n"
            b"SYDNEY, May 4 AAP - Results of the race.\r\n   AAP\r\nNNNN\r\n",
            7,
            {},
        ),
        "unrecognised-header": (
            b"zczc\r\nAN#123\r\nZZ#odd\r\nTI#Company wins contract\r\nTX#\r\nThe company won a contract.\r\n",
            3,
            {},
        ),
    }
)

# Damaged and hostile input, judged before or while decoding.
TRIGGERS.update(
    {
        "transcoded-input": (
            "ZCZC\r\n\r\nBSS-1\r\n\r\nSLUG\r\n\r\nHeadline\r\n".encode("utf-16"),
            1,
            {},
        ),
        "invalid-utf8": (
            b"ZCZC\n\nBSS-1\n\nSLUG\n\nHeadline\n\n"
            b"DHAKA, May 1, 2024 (BSS) \xe2\x80\x93 Caf\xc3\xa9 owners\x92 text.\n\nBSS/AB/1200 hrs\n",
            9,
            {},
        ),
        "binary-data": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", 1, {}),
    }
)
# Codes about a whole input rather than a story: checked through validate's check_inputs.
INPUT_TRIGGERS: dict[str, bytes] = {"no-story": b" \n\t\r\n"}

EMITTED_BY_FORMATS: dict[str, tuple[str, ...]] = {
    "markers-stripped": ("anpa1312", "iptc7901", "zczc"),
}


def parse(data: bytes, overrides: dict[str, object]) -> list[Diagnostic]:
    options = dataclasses.replace(OPTIONS, **overrides)  # type: ignore[arg-type]
    return [diagnostic for story in parse_bytes(data, options) for diagnostic in story.diagnostics]


# --- (a) every code the source can emit is catalogued ----------------------------------------


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _code_argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for argument in call.keywords:
        if argument.arg == keyword:
            return argument.value
    return call.args[position] if len(call.args) > position else None


def _parameters(function: ast.FunctionDef) -> list[str]:
    names = [argument.arg for argument in (*function.args.posonlyargs, *function.args.args)]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _strings(node: ast.expr) -> list[str] | None:
    """The string constants an argument can evaluate to, or ``None`` when they cannot be told."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def emitted_codes() -> tuple[set[str], list[str]]:
    """Codes passed as literals to ``diagnose`` or to any function that forwards its code to it.

    A wrapper such as ``_report(self, code, line, message)`` is found by its call
    ``diagnose(code, ...)`` with one of its own parameters; wrappers of wrappers follow. Returns
    the codes and the call sites whose code is neither a literal nor a forwarded parameter.
    """
    functions = [
        node
        for path in sorted(SOURCE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.FunctionDef)
    ]
    wrappers: dict[str, tuple[int, str]] = {"diagnose": (0, "code")}  # name -> code position, keyword
    changed = True
    while changed:
        changed = False
        for function in functions:
            if function.name in wrappers:
                continue
            parameters = _parameters(function)
            for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
                callee = _callee(call)
                if callee not in wrappers:
                    continue
                argument = _code_argument(call, *wrappers[callee])
                if isinstance(argument, ast.Name) and argument.id in parameters:
                    wrappers[function.name] = (parameters.index(argument.id), argument.id)
                    changed = True
                    break
    codes: set[str] = set()
    unresolved: list[str] = []
    for function in functions:
        forwarded = set(_parameters(function)) if function.name in wrappers else set()
        for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
            callee = _callee(call)
            if callee not in wrappers:
                continue
            argument = _code_argument(call, *wrappers[callee])
            strings = _strings(argument) if argument is not None else None
            if strings is not None:
                codes.update(strings)
            elif not (isinstance(argument, ast.Name) and argument.id in forwarded):
                unresolved.append(f"{function.name}: {callee}(...) line {call.lineno}")
    return codes, unresolved


def test_every_emitted_code_is_catalogued() -> None:
    codes, unresolved = emitted_codes()
    assert unresolved == [], "pass diagnostic codes as string literals so they can be checked"
    assert codes - set(CATALOGUE) == set()


def test_the_source_scan_finds_codes_passed_through_wrappers() -> None:
    codes, _ = emitted_codes()
    # missing-code reaches diagnose through _take_single and _report in the BSS parser.
    assert {"missing-code", "missing-keyword", "cut-short", "mojibake", "trailing-text"} <= codes


def test_unknown_code_is_a_bug() -> None:
    with pytest.raises(KeyError):
        diagnose("no-such-code", 1, "message")


def test_catalogue_entries_are_well_formed() -> None:
    for code, kind in CATALOGUE.items():
        assert kind.code == code
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code), code
        assert kind.name and kind.hint and kind.severity in Severity


# --- (b) every catalogued code is emitted by some input ---------------------------------------


def test_clean_story_gives_only_the_timezone_note() -> None:
    assert [(d.code, d.line) for d in parse(CLEAN, {})] == [("timezone-assumed", 11)]


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_input_triggers_code(code: str) -> None:
    data, line, overrides = TRIGGERS[code]
    found = [(diagnostic.code, diagnostic.line) for diagnostic in parse(data, overrides)]
    assert (code, line) in found


@pytest.mark.parametrize("code", sorted(EMITTED_BY_FORMATS))
def test_code_emitted_by_a_format_sample(code: str) -> None:
    formats = [name for name in EMITTED_BY_FORMATS[code] if name in REGISTRY]
    if not formats:
        pytest.skip(f"emitted by format {' or '.join(EMITTED_BY_FORMATS[code])}, not registered here")
    samples = [path for name in formats for path in sorted((ROOT / "samples" / name).glob("*.txt"))]
    emitted = {d.code for path in samples for d in parse(path.read_bytes(), {})}
    assert code in emitted, f"no sample of {', '.join(formats)} emits {code}"


@pytest.mark.parametrize("code", sorted(INPUT_TRIGGERS))
def test_input_level_code(code: str) -> None:
    records: list[InputRecord] = []
    story = [Input("story.txt", InputKind.FILE)]
    findings = list(check_inputs(story, OPTIONS, lambda path: [INPUT_TRIGGERS[code]], records))
    assert [(f.story, f.diagnostic.code, f.diagnostic.line) for f in findings if isinstance(f, Finding)] == [
        (None, code, None)
    ]


def test_every_catalogued_code_has_a_trigger() -> None:
    assert set(TRIGGERS) | set(EMITTED_BY_FORMATS) | set(INPUT_TRIGGERS) == set(CATALOGUE)
    assert set(TRIGGERS) & set(EMITTED_BY_FORMATS) == set()


def test_mojibake_message_suggests_the_repair() -> None:
    data, _, overrides = TRIGGERS["mojibake"]
    (found,) = [d for d in parse(data, overrides) if d.code == "mojibake"]
    assert found.message == (
        "text looks double-encoded (UTF-8 read as Windows-1252): 'Russiaâ€™s' should read 'Russia’s'"
    )
    assert found.column == 34


def test_signoff_time_2561_is_impossible() -> None:
    data, _, overrides = TRIGGERS["impossible-signoff-time"]
    (found,) = [d for d in parse(data, overrides) if d.code == "impossible-signoff-time"]
    assert found.message == "signoff time '2561 hrs' does not exist"


# --- (c) docs/diagnostics.md lists exactly the catalogue --------------------------------------

_SECTION = re.compile(r"^### `([a-z0-9-]+)`\n(.*?)(?=^### |\Z)", re.MULTILINE | re.DOTALL)


def documented_sections() -> dict[str, str]:
    return {match.group(1): match.group(2) for match in _SECTION.finditer(DOCS.read_text())}


def test_docs_list_exactly_the_catalogue_in_order() -> None:
    assert list(documented_sections()) == list(CATALOGUE)


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_docs_give_name_severity_hint_and_example(code: str) -> None:
    section = documented_sections()[code]
    kind = CATALOGUE[code]
    assert f"**{kind.severity.value}**: {kind.name}" in section
    assert f"Hint: {kind.hint}" in section
    assert "```" in section, "each code needs a minimal example"


# --- no false alarms on real copy ------------------------------------------------------------

CORPUS = ROOT.parent / "shared" / "corpus"


def test_real_copy_raises_no_pipeline_alarm() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not present")
    files = sorted(path for path in CORPUS.glob("*/*") if path.suffix in {".txt", ".tst"})
    assert files
    for path in files:
        codes = {d.code for d in parse(path.read_bytes(), {})}
        assert codes & {"mojibake", "trailing-text", "duplicate-code"} == set(), path.name
