"""The model classes behave exactly as ``@dataclass(frozen=True)`` would make them.

wirecli.model writes their methods once instead of letting ``@dataclass`` compile them on every
start; each class here is checked against a twin that ``@dataclass`` itself builds from the same
fields, on real values parsed from a sample.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import pickle
from typing import Any

import orjson
import pytest

from tests.conftest import ROOT
from wirecli.model import (
    Block,
    BlockType,
    Dateline,
    Diagnostic,
    ParseOptions,
    Severity,
    Signoff,
    Source,
    Story,
    Subject,
    build_story,
    new_source,
)
from wirecli.pipeline import parse_bytes

MODEL = [Diagnostic, Source, Dateline, Block, Signoff, Subject, Story, ParseOptions]


def twin(cls: type) -> Any:
    """The class ``@dataclass(frozen=True)`` makes from the fields of ``cls``."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": cls.__module__}
    for field in dataclasses.fields(cls):
        namespace["__annotations__"][field.name] = field.type
        namespace[field.name] = dataclasses.field(default=field.default, kw_only=field.kw_only)
    made = type(cls.__name__, (), namespace)
    made.__qualname__ = cls.__qualname__
    return dataclasses.dataclass(frozen=True)(made)


def field_table(cls: type) -> list[tuple[Any, ...]]:
    return [
        (f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, f.kw_only)
        for f in dataclasses.fields(cls)
    ]


def story() -> Story:
    data = (ROOT / "samples" / "bss" / "russia-nkorea-summit.txt").read_bytes()
    (parsed,) = parse_bytes(data, ParseOptions(reference_date=dt.date(2026, 11, 28), path="a.txt"))
    return dataclasses.replace(parsed, subjects=(Subject("iptc", "11000000"),))


def examples() -> dict[type, Any]:
    parsed = story()
    assert parsed.dateline is not None and parsed.signoff is not None
    return {
        Diagnostic: Diagnostic(Severity.WARNING, "missing-signoff", "add one", 7, 3),
        Source: parsed.source,
        Dateline: parsed.dateline,
        Block: parsed.body[0],
        Signoff: parsed.signoff,
        Subject: parsed.subjects[0],
        Story: parsed,
        ParseOptions: ParseOptions(dt.date(2026, 11, 28), 2025, "cp1252", "bss", "a.txt"),
    }


def values(instance: object) -> dict[str, Any]:
    return {field.name: getattr(instance, field.name) for field in dataclasses.fields(instance)}  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", MODEL, ids=[cls.__name__ for cls in MODEL])
def test_class_is_what_dataclass_would_make(cls: type) -> None:
    reference = twin(cls)
    assert dataclasses.is_dataclass(cls)
    assert field_table(cls) == field_table(reference)
    assert inspect.signature(cls.__init__) == inspect.signature(reference.__init__)  # type: ignore[misc]
    assert cls.__match_args__ == reference.__match_args__  # type: ignore[attr-defined]
    # A __dict__ in field order, as orjson writes it (its fast path for dataclasses).
    assert list(vars(examples()[cls])) == [field.name for field in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", MODEL, ids=[cls.__name__ for cls in MODEL])
def test_instances_behave_as_dataclass_instances(cls: type) -> None:
    ours = examples()[cls]
    theirs = twin(cls)(**values(ours))
    same = cls(**values(ours))
    assert repr(ours) == repr(theirs)
    assert ours == same and ours is not same
    assert ours != theirs  # another class, as between two dataclasses
    assert (ours == 1) is False
    assert hash(ours) == hash(theirs) == hash(same)
    assert vars(ours) == vars(theirs)
    if cls is not ParseOptions:  # the JSON contract (options are never written)
        assert orjson.dumps(ours) == orjson.dumps(theirs)
    assert pickle.loads(pickle.dumps(ours)) == ours
    first = dataclasses.fields(ours)[0].name
    changed = dataclasses.replace(ours, **{first: None})
    assert getattr(changed, first) is None and values(changed) | {first: getattr(ours, first)} == values(ours)


@pytest.mark.parametrize("cls", MODEL, ids=[cls.__name__ for cls in MODEL])
def test_instances_are_frozen_like_dataclass_instances(cls: type) -> None:
    ours = examples()[cls]
    theirs = twin(cls)(**values(ours))
    for name in values(ours):
        for target in (ours, theirs):
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"^cannot assign to field '{name}'$"):
                setattr(target, name, None)
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"^cannot delete field '{name}'$"):
                delattr(target, name)
    assert values(ours) == values(theirs)
    # Other names too, as for a frozen dataclass.
    for target in (ours, theirs):
        with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot assign to field 'unknown'$"):
            target.unknown = None


def test_unequal_values_are_unequal() -> None:
    block = Block(BlockType.PARAGRAPH, "text")
    assert block != Block(BlockType.SUBHEAD, "text")
    assert block != Block(BlockType.PARAGRAPH, "other")
    assert Signoff("x") == Signoff("x", (), (), None)
    assert Dateline("DHAKA", "Dhaka", None, None) != Dateline("DHAKA", "Dhaka", dt.date(2026, 1, 1), None)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"headline": "Summit ends", "urgency": 3, "tabular": True},
        {
            name: value
            for name, value in values(story()).items()
            if name not in ("format", "source", "diagnostics")
        },
    ],
)
def test_build_story_makes_what_the_constructor_makes(fields: dict[str, Any]) -> None:
    source = new_source("a.txt", 1, 7, "utf-8")
    assert source == Source("a.txt", 1, 7, "utf-8")
    assert list(vars(source)) == list(vars(Source("a.txt", 1, 7, "utf-8")))
    diagnostics = (Diagnostic(Severity.WARNING, "missing-signoff", "add one", 7),)
    built = build_story("bss", source, diagnostics, fields)
    made = Story(format="bss", source=source, diagnostics=diagnostics, **fields)
    assert built == made
    assert list(vars(built).items()) == list(vars(made).items())
    assert orjson.dumps(built) == orjson.dumps(made)


def test_build_story_refuses_a_field_that_story_lacks() -> None:
    with pytest.raises(TypeError, match="colour"):
        build_story("bss", new_source(None, 0, 1, "utf-8"), (), {"colour": "red"})
