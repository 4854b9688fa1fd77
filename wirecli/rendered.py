"""A story as written: the rendered document and what naming and reporting need to know of it.

Its own module so that the converter (:mod:`wirecli.jobs`) and the writers of its results
(:mod:`wirecli.sinks`, :mod:`wirecli.outdir`) share it without importing one another.
"""

# No ``from __future__ import annotations``: typing.NamedTuple compiles every string annotation
# of its fields at import, which every start of wirecli paid for.
from typing import TYPE_CHECKING, NamedTuple

from wirecli.model import Diagnostic

if TYPE_CHECKING:
    from wirecli.naming import NameFields


class RenderedStory(NamedTuple):
    """One story as its output document, with what naming and reporting need to know of it.

    A named tuple: one is made per story, and workers send them back to the parent by the batch.
    """

    document: bytes
    fields: "NameFields | None"
    """What ``--name`` can use; only worked out when stories are written to files of their own."""
    diagnostics: tuple[Diagnostic, ...]
    """The story's diagnostics; info ones only when the job keeps them (they are shown with -v)."""
