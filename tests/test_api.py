"""The library API: docs/api.md runs, outputs equal the CLI's, inputs are streamed, values pickle."""

from __future__ import annotations

import datetime as dt
import doctest
import io
import pickle
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

import wirecli
from tests.conftest import REFERENCE_DATE, ROOT
from tests.golden_tool import golden_path, sample_paths
from tests.stories import story
from wirecli.cli import app

SEED = ROOT / "samples" / "bss" / "russia-nkorea-summit.txt"
FEED = ROOT / "samples" / "bss" / "multi-story-feed.txt"
SAMPLES = sample_paths()
SAMPLE_IDS = [str(path.relative_to(ROOT)) for path in SAMPLES]
API_DOC = ROOT / "docs" / "api.md"


def test_the_examples_in_docs_api_md_run_as_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    text = API_DOC.read_text()
    blocks = re.findall(r"^```pycon\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 6
    monkeypatch.chdir(ROOT)  # the examples name samples/ relative to the repository
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "docs/api.md", str(API_DOC), 0)
    assert len(test.examples) >= 30
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


def test_the_seed_headline_from_the_bytes_of_the_seed() -> None:
    [seed] = wirecli.parse(SEED.read_bytes())
    assert seed.headline == "N.Korea’s Kim, Putin to hold first talks in Russia’s Far East"
    assert seed.source.path is None


def test_a_str_is_parsed_as_utf8_and_takes_no_encoding() -> None:
    text = SEED.read_text()
    assert wirecli.parse(text, path="x") == wirecli.parse(text.encode(), path="x")
    with pytest.raises(ValueError, match="str data is decoded already"):
        wirecli.parse(text, encoding="cp1252")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"format": "reuters"}, "unknown format 'reuters'; known formats: anpa1312, iptc7901,"),
        ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
        ({"year": 0}, "year must be from 1 to 9999, not 0"),
    ],
)
def test_a_bad_setting_is_a_value_error(settings: dict[str, object], message: str) -> None:
    for call in (
        lambda: wirecli.parse(b"", **settings),  # type: ignore[arg-type]
        lambda: wirecli.parse_file(SEED, **settings),  # type: ignore[arg-type]
        lambda: wirecli.iter_stories(io.BytesIO(b""), **settings),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValueError, match=re.escape(message)):
            call()


def test_settings_reach_the_parser() -> None:
    data = (ROOT / "samples" / "bss" / "no-year-dateline.txt").read_bytes()
    [guessed] = wirecli.parse(data, reference_date=dt.date(2027, 1, 5))
    [given] = wirecli.parse(data, year=2020, format="bss", encoding="utf-8", path="in.txt")
    assert guessed.dateline is not None and guessed.dateline.date == dt.date(2026, 11, 3)
    assert given.dateline is not None and given.dateline.date == dt.date(2020, 11, 3)
    assert (given.source.path, given.source.encoding) == ("in.txt", "utf-8")


def test_bad_input_is_diagnostics_and_nothing_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    [broken] = wirecli.parse_file(ROOT / "samples" / "bss" / "broken-story.txt")
    [binary] = wirecli.parse((ROOT / "tests" / "bad" / "png-header.png").read_bytes())
    assert [d.code for d in broken.diagnostics][:2] == ["missing-headline", "missing-dateline"]
    assert [d.code for d in binary.diagnostics] == ["binary-data"]
    assert capsys.readouterr() == ("", "")


def test_parse_file_records_the_path_and_raises_os_errors(tmp_path: Path) -> None:
    [seed] = wirecli.parse_file(SEED)
    assert seed.source.path == str(SEED)
    [named] = wirecli.parse_file(str(SEED), path="wire/seed.txt")
    assert named.source.path == "wire/seed.txt"
    with pytest.raises(FileNotFoundError):
        wirecli.parse_file(tmp_path / "missing.txt")
    with pytest.raises(IsADirectoryError):
        wirecli.iter_stories(tmp_path)  # at once, not at the first story


def test_a_file_named_dash_is_a_file_not_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "-").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    [seed] = wirecli.parse_file("-")
    assert seed.code == "BFF-09"


class _EndlessFeed(io.RawIOBase):
    """A feed that never ends: story after story, for as long as anyone reads."""

    def __init__(self) -> None:
        self.served = 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self.pending:
            self.pending = story(self.served)
            self.served += 1
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def test_iter_stories_yields_each_story_before_the_feed_ends() -> None:
    endless = _EndlessFeed()
    stories = wirecli.iter_stories(endless, reference_date=REFERENCE_DATE, chunk_size=256)
    first, second = next(stories), next(stories)
    assert (first.code, second.code) == ("BSS-0", "BSS-1")
    assert endless.served < 5
    assert not endless.closed


class _Feed(io.RawIOBase):
    """``count`` stories read as a stream; their codes repeat, so nothing grows with the count."""

    def __init__(self, count: int) -> None:
        self.left = count
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self.pending and self.left:
            self.left -= 1
            self.pending = story(self.left % 10)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def _peak_memory(count: int) -> int:
    tracemalloc.start()
    try:
        stories = wirecli.iter_stories(_Feed(count), reference_date=REFERENCE_DATE, chunk_size=4096)
        assert sum(1 for _ in stories) == count
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_iter_stories_reads_a_long_feed_in_constant_memory() -> None:
    count = 5000  # about 2 MB of wire copy, read 4 KB at a time
    size = count * len(story(0))
    peak = _peak_memory(count)
    # Caches warm up in the first few hundred stories (about 100 KB); holding the input would
    # take its whole size.
    assert peak < size / 5, f"peak {peak} bytes for a {size}-byte feed"


def test_iter_stories_wants_bytes() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        wirecli.iter_stories(io.StringIO("ZCZC"))


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_to_dict_is_the_json_contract(sample: Path) -> None:
    relative = sample.relative_to(ROOT).as_posix()
    stories = wirecli.parse_file(sample, path=relative, reference_date=REFERENCE_DATE)
    for parsed in stories:
        assert orjson.dumps(parsed.to_dict()) == orjson.dumps(parsed)
    golden = orjson.loads(golden_path(sample, ".json").read_bytes())
    assert [parsed.to_dict() for parsed in stories] == (golden if isinstance(golden, list) else [golden])


runner = CliRunner()


@pytest.mark.parametrize("output", ["json", "ndjson", "ninjs", "newsml", "nitf", "md", "text"])
@pytest.mark.parametrize("sample", [SEED, FEED], ids=["one story", "three stories"])
def test_render_stories_gives_the_bytes_of_the_cli(output: str, sample: Path) -> None:
    cli = runner.invoke(app, ["convert", str(sample), "--to", output, "--width", "60", *_REF])
    stories = wirecli.parse_file(sample, reference_date=REFERENCE_DATE)
    if cli.exit_code == 2:  # NITF holds one story: what the CLI refuses, the API refuses too
        with pytest.raises(ValueError, match=re.escape(cli.stderr.removeprefix("wirecli: ").strip())):
            wirecli.render_stories(stories, to=output)  # type: ignore[arg-type]
        return
    assert cli.exit_code == 0, cli.stderr
    assert wirecli.render_stories(stories, to=output, width=60) == cli.stdout_bytes  # type: ignore[arg-type]


_REF = ["--reference-date", REFERENCE_DATE.isoformat()]


def test_render_stories_of_no_story_is_what_the_cli_writes_for_an_empty_input() -> None:
    assert wirecli.render_stories([], to="json") == b"[]\n"
    assert wirecli.render_stories(iter(()), to="ndjson") == b""
    with pytest.raises(ValueError, match="width must be 0 or more"):
        wirecli.render_stories([], width=-1)


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_stories_and_their_parts_pickle(sample: Path) -> None:
    stories = wirecli.parse_file(sample, reference_date=REFERENCE_DATE)
    for parsed in stories:
        copy = pickle.loads(pickle.dumps(parsed))
        assert copy == parsed
        assert copy.to_dict() == parsed.to_dict()
        for part in (parsed.source, parsed.dateline, parsed.signoff, *parsed.body, *parsed.diagnostics):
            assert pickle.loads(pickle.dumps(part)) == part


def test_format_listing_matches_the_cli_and_pickles() -> None:
    listing = wirecli.list_formats()
    cli = runner.invoke(app, ["formats", "--json"])
    assert orjson.loads(cli.stdout) == [
        {"name": wire.name, "description": wire.description, "fields": list(wire.fields)} for wire in listing
    ]
    assert pickle.loads(pickle.dumps(listing)) == listing


def test_schema_is_the_shipped_file_and_a_fresh_dict_each_call() -> None:
    shipped = orjson.loads((ROOT / "wirecli" / "schema" / "story.schema.json").read_bytes())
    first = wirecli.schema()
    assert first == shipped
    first["title"] = "changed"
    assert wirecli.schema() == shipped


def test_schema_id_is_a_stable_name() -> None:
    assert wirecli.schema()["$id"] == "urn:wirecli:schema:story:1"


def test_the_package_lists_its_api_and_refuses_other_names() -> None:
    assert {"parse", "parse_file", "iter_stories", "render_stories", "Story"} <= set(dir(wirecli))
    assert wirecli.Story is wirecli.parse(SEED.read_bytes())[0].__class__
    with pytest.raises(AttributeError, match="no attribute 'parsed'"):
        wirecli.parsed  # noqa: B018


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"import sys\n{code}\n"
        "heavy = {'dask', 'distributed', 'rich', 'dateutil', 'typer', 'wirecli.api', 'wirecli.formats'}\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return [name for name in result.stdout.strip().split(",") if name]


def test_importing_wirecli_loads_nothing_else() -> None:
    assert _loaded_after("import wirecli") == []


def test_using_the_api_loads_neither_dask_nor_rich_nor_dateutil() -> None:
    code = (
        "import wirecli\n"
        "stories = wirecli.parse_file('samples/bss/russia-nkorea-summit.txt')\n"
        "wirecli.render_stories(stories, to='md'); wirecli.schema(); wirecli.list_formats()\n"
    )
    assert _loaded_after(code) == ["wirecli.api", "wirecli.formats"]


def test_iter_stories_reads_a_file_object_it_does_not_close() -> None:
    with open(FEED, "rb") as feed:
        codes = [parsed.code for parsed in wirecli.iter_stories(feed)]
        assert not feed.closed
    assert codes == ["BSS-52", "BSP-07", "BFF-31"]


def test_small_chunks_give_the_stories_of_one_read() -> None:
    data = FEED.read_bytes()
    whole = wirecli.parse(data, reference_date=REFERENCE_DATE)
    streamed = list(wirecli.iter_stories(io.BytesIO(data), reference_date=REFERENCE_DATE, chunk_size=7))
    assert streamed == whole


def test_the_readme_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use from Python\n", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert capsys.readouterr().out.startswith("N.Korea’s Kim, Putin to hold first talks")
    assert isinstance(namespace["ndjson"], bytes) and namespace["record"]["code"] == "BFF-09"  # type: ignore[index]


def test_render_stories_writes_the_ninjs_version_asked_for() -> None:
    stories = wirecli.parse_file(SEED, reference_date=REFERENCE_DATE)
    cli = runner.invoke(app, ["convert", str(SEED), "--to", "ninjs", "--ninjs-version", "1.6", *_REF])
    assert wirecli.render_stories(stories, to="ninjs", ninjs_version="1.6") == cli.stdout_bytes
    with pytest.raises(ValueError, match=re.escape("unknown ninjs version '4.0'")):
        wirecli.render_stories(stories, to="ninjs", ninjs_version="4.0")


def test_the_subpackages_are_callable_as_the_spec_names_them() -> None:
    code = (
        "import wirecli\n"
        "stories = wirecli.parse(open('samples/bss/russia-nkorea-summit.txt', 'rb').read())\n"
        "assert wirecli.render(stories, to='ndjson') == wirecli.render_stories(stories, to='ndjson')\n"
        "assert wirecli.formats() == wirecli.list_formats()\n"
        "import wirecli.formats, wirecli.render\n"
        "assert 'bss' in wirecli.formats.REGISTRY and 'json' in wirecli.render.OUTPUTS\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")
