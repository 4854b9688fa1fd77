"""The XML outputs and --ninjs-version from the command line: stdout, stderr, exit status, --out-dir."""

from __future__ import annotations

from pathlib import Path

import orjson
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.schema_check import xml_parser
from wirecli.cli import app

runner = CliRunner()
SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
FEED = ROOT / "samples" / "bss" / "multi-story-feed.txt"
REF = ["--reference-date", "2026-11-28"]
G2 = "{http://iptc.org/std/nar/2006-10-01/}"


def test_newsml_on_stdout() -> None:
    result = runner.invoke(app, ["convert", "--to", "newsml", str(SEED), *REF])
    assert result.exit_code == 0, result.stderr
    root = etree.fromstring(result.stdout_bytes, xml_parser())
    assert root.tag == G2 + "newsItem" and root.get("guid") == "urn:wirecli:bss:2019-04-24:BFF-09"
    assert result.stderr == ""


def test_nitf_on_stdout() -> None:
    result = runner.invoke(app, ["convert", "--to", "nitf", str(SEED), *REF])
    assert result.exit_code == 0, result.stderr
    root = etree.fromstring(result.stdout_bytes, xml_parser())
    assert root.tag == "nitf" and root.findtext("body/body.head/hedline/hl1", "").startswith("N.Korea")
    assert result.stderr == ""


def test_nitf_refuses_a_stream_of_several_stories() -> None:
    result = runner.invoke(app, ["convert", "--to", "nitf", str(FEED), *REF])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "wirecli: NITF holds one story per document, and this output would hold several: use --out-dir for"
        " one file per story, or --to newsml for one message\n"
    )


def test_ninjs_version_from_the_command_line() -> None:
    result = runner.invoke(app, ["convert", "--to", "ninjs", "--ninjs-version", "1.6", str(SEED), *REF])
    assert result.exit_code == 0, result.stderr
    item = orjson.loads(result.stdout)
    assert item["headline"].startswith("N.Korea") and item["body_html"].startswith("<p>MOSCOW")
    assert item["versioncreated"] == "2019-04-24T02:26:00Z"
    assert result.stderr == ""


def test_ninjs_version_goes_with_ninjs_only() -> None:
    result = runner.invoke(app, ["convert", "--to", "md", "--ninjs-version", "2.1", str(SEED), *REF])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "wirecli: --ninjs-version goes with --to ninjs, not --to md\n"
    unknown = runner.invoke(app, ["convert", "--to", "ninjs", "--ninjs-version", "1.0", str(SEED)])
    assert unknown.exit_code == 2 and "1.0" in unknown.stderr


def test_out_dir_writes_one_file_per_story(tmp_path: Path) -> None:
    for to, extension in (("newsml", ".newsml.xml"), ("nitf", ".nitf.xml")):
        out = tmp_path / to
        result = runner.invoke(
            app, ["convert", "--to", to, str(FEED), str(SEED), "--out-dir", str(out), *REF]
        )
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        names = sorted(path.name for path in out.iterdir() if not path.name.startswith("."))
        assert names == [f"multi-story-feed-{number}{extension}" for number in (1, 2, 3)] + [
            f"russia-nkorea-summit{extension}"
        ]
        for name in names:
            etree.parse(str(out / name), xml_parser())


def test_out_dir_with_an_older_ninjs(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["convert", "--to", "ninjs", "--ninjs-version", "2.1", str(SEED), "--out-dir", str(tmp_path), *REF],
    )
    assert result.exit_code == 0, result.stderr
    item = orjson.loads((tmp_path / "russia-nkorea-summit.ninjs.json").read_bytes())
    assert item["standard"]["version"] == "2.1" and "versioncreated" in item
