"""``--out-dir``: one file per story, and a manifest per input so that reruns are safe and cheap.

Layout of an output folder::

    out/
      dhaka-budget.json            a story (names: see wirecli.naming)
      feed-1.json  feed-2.json     the stories of a file that holds several
      .wirecli.lock                the batch lock (flock), when runs take one
      .wirecli/inputs/<key>.json   one manifest per input file converted here

A manifest names its input (absolute path; ``<key>`` is a hash of it), the settings that shape the
output, whether every story was written, whether the input failed, and its outputs relative to the
folder. It is written (atomically, durably) only after the input's outputs are on disk, so it is the
record that an input was converted completely. That is what ``--skip-existing`` reads: an input is
skipped when its manifest is complete, has the same settings, and every output it lists exists and
is not older than the input.

A story never replaces a file that is not its own. The name a story maps to is taken when:

* no story of this run has written that name already (else the story fails: two stories of one run
  never share a name, nothing is disambiguated behind the user's back), and
* the file does not exist, or the input's previous manifest lists it (a rerun replaces its own
  outputs), or it already holds exactly the bytes about to be written (a rerun after a crash that
  came before the manifest).

Otherwise the story fails with a message and the file is left alone. Outputs that the previous
manifest listed and a complete rerun no longer produces are removed. Every output folder must
resolve inside the output folder (symbolic links included) or the story fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from wirecli.files import (
    atomic_output,
    file_holds,
    make_folder,
    remove_stale_parts,
    sync_directory,
    write_atomically,
)
from wirecli.inputs import Input
from wirecli.naming import NameTemplate, safe_name, story_file_name
from wirecli.rendered import RenderedStory

MANIFEST_VERSION = 1
BOOKKEEPING = ".wirecli"
LOCK_NAME = ".wirecli.lock"


class RefusedError(Exception):
    """A story that cannot be written where its name points; the message says why."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an earlier run wrote for one input."""

    input: str
    settings: dict[str, Any]
    complete: bool
    """Every story was read and written."""
    failed: bool
    outputs: tuple[str, ...]
    """Relative to the output folder, with ``/`` separators."""


@dataclass(slots=True)
class Written:
    """The outcome of writing one input's stories."""

    outputs: list[str]
    complete: bool


class OutDir:
    """An output folder that receives one file per story."""

    def __init__(
        self,
        root: Path,
        *,
        template: NameTemplate | None,
        extension: str,
        keep_dirs: bool,
        settings: dict[str, Any],
    ) -> None:
        self.root = root
        self.template = template
        self.extension = extension
        self.keep_dirs = keep_dirs
        self.settings = settings
        self._manifests = root / BOOKKEEPING / "inputs"
        self._real_root = ""
        self._claims: dict[str, str] = {}
        self._ready: set[Path] = set()

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_NAME

    def create(self) -> None:
        """Create the folder and its bookkeeping folder; raises ``OSError``."""
        make_folder(self._manifests)
        self._real_root = os.path.realpath(self.root)

    def clean(self) -> None:
        """Remove temporary files that killed runs left at the top and among the manifests."""
        for folder in (self.root, self._manifests):
            remove_stale_parts(folder)
            self._ready.add(folder)

    @property
    def folders(self) -> set[Path]:
        """The folders this run has written to or prepared."""
        return set(self._ready)

    def path_of(self, relative: str) -> Path:
        return self.root / relative

    # Manifests

    def manifest_path(self, item: Input) -> Path:
        key = hashlib.sha256(os.fsencode(os.path.abspath(item.path))).hexdigest()[:32]
        return self._manifests / f"{key}.json"

    def read_manifest(self, item: Input) -> Manifest | None:
        """The manifest an earlier run left for ``item``; None when there is none or it is unreadable."""
        try:
            data = orjson.loads(self.manifest_path(item).read_bytes())
            manifest = Manifest(
                input=data["input"],
                settings=data["settings"],
                complete=data["complete"] is True,
                failed=data["failed"] is True,
                outputs=tuple(str(output) for output in data["outputs"] if _is_plain_relative(str(output))),
            )
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return None
        return manifest if manifest.input == os.path.abspath(item.path) else None

    def up_to_date(self, item: Input, manifest: Manifest | None) -> bool:
        """True when ``manifest`` shows a complete conversion with these settings, newer than the input."""
        if manifest is None or not manifest.complete or manifest.settings != self.settings:
            return False
        try:
            changed = os.stat(item.path).st_mtime_ns
            return all(os.stat(self.root / output).st_mtime_ns >= changed for output in manifest.outputs)
        except OSError:
            return False

    def finish(self, item: Input, written: Written, failed: bool, previous: Manifest | None) -> None:
        """Record ``item``'s outputs once they are durable, then drop outputs it no longer makes."""
        kept = set(written.outputs)
        stale = [
            output
            for output in (previous.outputs if previous else ())
            if output not in kept and output not in self._claims
        ]
        listed = written.outputs if written.complete else [*written.outputs, *stale]
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            "input": os.path.abspath(item.path),
            "settings": self.settings,
            "complete": written.complete,
            "failed": failed,
            "outputs": listed,
        }
        write_atomically(self.manifest_path(item), orjson.dumps(manifest, option=orjson.OPT_APPEND_NEWLINE))
        if written.complete:
            for output in stale:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.root / output)

    # Stories

    def write(
        self,
        item: Input,
        stories: Iterable[RenderedStory],
        previous: Manifest | None,
        problem: Callable[[str], None],
    ) -> Written:
        """Write each story to its own file as it comes; ``problem`` hears of each story not written."""
        owned = set(previous.outputs) if previous else set()
        written = Written([], complete=True)
        folders: set[Path] = set()
        for story, several in _with_several(stories):
            fields = story.fields
            assert fields is not None, "the job works out name fields for --out-dir"
            name = story_file_name(self.template, fields, several, self.extension)
            relative = PurePosixPath(*self._folders(item), name).as_posix()
            target = self.root / relative
            try:
                self._check(relative, target, story, owned)
                with atomic_output(target, sync_parent=False) as output:
                    output.write(story.document)
            except RefusedError as refusal:
                problem(f"{item.display}: story {fields.index} not written: {refusal}")
                written.complete = False
                continue
            except OSError as error:
                problem(f"cannot write {target}: {error.strerror or error}")
                written.complete = False
                continue
            self._claims[relative] = f"{item.display} (story {fields.index})"
            written.outputs.append(relative)
            folders.add(target.parent)
        for folder in folders:
            sync_directory(folder)
        return written

    def _folders(self, item: Input) -> tuple[str, ...]:
        return tuple(safe_name(folder) for folder in item.folders) if self.keep_dirs else ()

    def _check(self, relative: str, target: Path, story: RenderedStory, owned: set[str]) -> None:
        earlier = self._claims.get(relative)
        if earlier is not None:
            raise RefusedError(
                f"{target} was already written for {earlier} in this run; "
                "add {index} or {stem} to --name to tell the stories apart"
            )
        self._prepare_folder(target.parent)
        if relative in owned or not (target.exists() or target.is_symlink()):
            return
        if not file_holds(target, story.document):
            raise RefusedError(
                f"{target} already exists and was not written for this input; "
                "it is left alone (remove it, or choose another --name)"
            )

    def _prepare_folder(self, folder: Path) -> None:
        if folder in self._ready:
            return
        # Resolve before creating anything, so a link that leads out is not followed even by mkdir.
        self._check_inside(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RefusedError(f"cannot create {folder}: {error.strerror or error}") from None
        self._check_inside(folder)
        remove_stale_parts(folder)
        self._ready.add(folder)

    def _check_inside(self, folder: Path) -> None:
        real = os.path.realpath(folder)
        if os.path.commonpath([real, self._real_root]) != self._real_root:
            raise RefusedError(f"{folder} resolves to {real}, outside {self.root}")


def _with_several(stories: Iterable[RenderedStory]) -> Iterator[tuple[RenderedStory, bool]]:
    """Each story, and whether its input holds more than one: the first waits for the second."""
    iterator = iter(stories)
    first = next(iterator, None)
    if first is None:
        return
    second = next(iterator, None)
    yield first, second is not None
    if second is None:
        return
    yield second, True
    for story in iterator:
        yield story, True


def _is_plain_relative(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path
