"""Wire archives on Dask: many files, or an object-store glob, parsed and written on a cluster.

Needs the optional extra: ``pip install 'wirecli[dask]'`` (the rest of wirecli never imports this
module, nor Dask). docs/scale.md shows a whole run and what it measured.

* :func:`read_wire` lists the files (local paths, globs, or any fsspec URL such as
  ``s3://bucket/wire/2019/*.txt`` with the matching fsspec package installed) and gives a
  ``dask.bag.Bag`` of :class:`~wirecli.model.Story`, every story of every file in file order. Each
  worker streams its files through :func:`wirecli.iter_stories`, so a file is never read whole.
* :func:`to_ndjson` writes a bag of stories as NDJSON, one file per partition, each line the bytes
  ``wirecli convert --to ndjson`` writes for that story.

The settings are those of :func:`wirecli.parse`. ``reference_date`` is fixed when the bag is built
(today, unless given), so every worker resolves year-less datelines the same way.
"""

# This module is wirecli.dask; ``import dask`` below is the Dask package (imports are absolute).
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import dask.bag
import fsspec

from wirecli.api import iter_stories, parse, render_stories
from wirecli.model import Story

__all__ = ["read_wire", "to_ndjson"]

FILES_PER_PARTITION = 100
"""Files parsed by one task: enough to keep the scheduler's share small for files of one story."""


def read_wire(
    urlpath: str | Sequence[str],
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    storage_options: dict[str, Any] | None = None,
    format: str | None = None,
    encoding: str | None = None,
    year: int | None = None,
    reference_date: dt.date | None = None,
) -> dask.bag.Bag:
    """A bag of every story in the files ``urlpath`` names, in the order of the sorted file names.

    ``source.path`` of a story is the file's path as fsspec gives it: an absolute path for a local
    file, ``bucket/key``-style with the protocol (``s3://bucket/key``) for any other. Raises
    ``ValueError`` for a bad setting and ``FileNotFoundError`` when nothing matches, at once.
    """
    if files_per_partition < 1:
        raise ValueError(f"files_per_partition must be 1 or more, not {files_per_partition}")
    settings: dict[str, Any] = {
        "format": format,
        "encoding": encoding,
        "year": year,
        "reference_date": dt.date.today() if reference_date is None else reference_date,
    }
    parse(b"", **settings)  # checks the settings here, once, rather than in every task
    files = fsspec.open_files(urlpath, mode="rb", **(storage_options or {}))
    if not files:
        raise FileNotFoundError(f"no file matches {urlpath!r}")
    batches = [
        list(files[start : start + files_per_partition])
        for start in range(0, len(files), files_per_partition)
    ]
    batched: dask.bag.Bag = dask.bag.from_sequence(batches, npartitions=len(batches))
    stories: dask.bag.Bag = batched.map_partitions(_parse_batches, settings)
    return stories


def to_ndjson(
    stories: dask.bag.Bag,
    urlpath: str | Sequence[str],
    *,
    storage_options: dict[str, Any] | None = None,
    compute: bool = True,
) -> Any:
    """Write ``stories`` as NDJSON, one file per partition (``*`` in ``urlpath``: its number).

    Concatenated in partition order, the files hold exactly what ``wirecli convert --to ndjson``
    writes for the same inputs. Returns what ``Bag.to_textfiles`` returns: the file names, or
    delayed writes when ``compute`` is false.
    """
    # One element per partition, its whole NDJSON: to_textfiles puts a newline between elements,
    # and would write a blank line for a partition without stories if each story were one.
    documents = stories.map_partitions(_ndjson_document)
    return documents.to_textfiles(
        urlpath, encoding=None, storage_options=storage_options, compute=compute, last_endline=False
    )


def _parse_batches(batches: Iterable[list[Any]], settings: dict[str, Any]) -> list[Story]:
    stories: list[Story] = []
    for batch in batches:
        for opened in batch:
            with opened as stream:
                stories.extend(iter_stories(stream, path=_name(opened), **settings))
    return stories


def _name(opened: Any) -> str:
    protocol = opened.fs.protocol
    local = {"file", "local"} & set((protocol,) if isinstance(protocol, str) else protocol)
    return str(opened.path) if local else str(opened.fs.unstrip_protocol(opened.path))


def _ndjson_document(stories: Iterable[Story]) -> list[bytes]:
    return [render_stories(stories, to="ndjson")]
