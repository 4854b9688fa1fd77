"""wirecli: convert news-agency wire stories to structured data.

The library API (docs/api.md) is loaded on first use of one of its names, not by ``import wirecli``:
every run of the command line imports this package first, and its start-up time is a feature.
"""

# Not typing.TYPE_CHECKING: importing typing costs more than the rest of this module (type
# checkers read any constant of this name the same way).
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = [
    "Block",
    "BlockType",
    "Dateline",
    "Diagnostic",
    "FormatInfo",
    "OutputName",
    "Severity",
    "Signoff",
    "Source",
    "Story",
    "Subject",
    "__version__",
    "iter_stories",
    "list_formats",
    "parse",
    "parse_file",
    "render_stories",
    "schema",
]

if TYPE_CHECKING:
    from wirecli.api import (
        FormatInfo,
        OutputName,
        iter_stories,
        list_formats,
        parse,
        parse_file,
        render_stories,
        schema,
    )
    from wirecli.model import (
        Block,
        BlockType,
        Dateline,
        Diagnostic,
        Severity,
        Signoff,
        Source,
        Story,
        Subject,
    )

_CALLABLE_SUBPACKAGES = {"formats", "render"}
_MODEL = {"Block", "BlockType", "Dateline", "Diagnostic", "Severity", "Signoff", "Source", "Story", "Subject"}


def __getattr__(name: str) -> object:
    if name in _CALLABLE_SUBPACKAGES:  # wirecli.formats() and wirecli.render(...): see wirecli/_callable.py
        from importlib import import_module

        return import_module(f"wirecli.{name}")
    if name in _MODEL:
        from wirecli import model

        return getattr(model, name)
    if name in __all__:
        from wirecli import api

        return getattr(api, name)
    raise AttributeError(f"module 'wirecli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
