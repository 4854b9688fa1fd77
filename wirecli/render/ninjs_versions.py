"""IPTC ninjs 1.6 and 2.1: the 3.1 item (``wirecli.render.ninjs``) in the shape of an older version.

Content systems built on ninjs 1.x read flat names (``headline``, ``body_html``, ``byline``,
``versioncreated``) and find nothing in a ninjs 3 item, so ``--ninjs-version`` picks the shape:

* **2.1** has the structure of 3.1 with all-lowercase names (``versioncreated``, ``altids``,
  ``infosources``, ``contenttype``, ``wordcount``): each key is renamed, nothing else changes.
* **1.6** is flat: the main headline is ``headline`` (others ``headline_<role>``), the bodies
  ``body_text`` and ``body_html``, the summary ``description_text`` and other descriptions
  ``description_<role>``; ``byline``, ``located``, ``ednote``, ``wordcount``, ``charcount`` at the
  top; ``altids`` an object; ``subject``, ``genre``, ``place`` and ``infosource`` as lists of
  ``{name, code, scheme, rel}``. Times are written in UTC (``Z``): 1.x readers such as Superdesk's
  accept no other offset.

``docs/ninjs.md`` tables the three versions side by side.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import orjson

from wirecli.model import Story
from wirecli.render.ninjs import IPTC_SUBJECT_CODES, ROLE_SUMMARY, to_ninjs

if TYPE_CHECKING:
    from wirecli.render import RenderOptions

SCHEMAS = {
    "1.6": "http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json#",
    "2.1": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#",
}
_TIMES = ("firstCreated", "versionCreated")


def render(story: Story, options: RenderOptions) -> bytes:
    """One story as an indented ninjs object of ``options.ninjs_version``, newline-terminated."""
    return orjson.dumps(
        to_version(story, options.ninjs_version), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    )


def to_version(story: Story, version: str) -> dict[str, object]:
    """The ninjs object of ``version`` (``1.6`` or ``2.1``) for one story."""
    if version not in SCHEMAS:
        raise ValueError(f"ninjs {version} is not written here; choose 1.6, 2.1 or 3.1")
    item = to_ninjs(story)
    item["standard"] = {"name": "ninjs", "version": version, "schema": SCHEMAS[version]}
    if version == "2.1":
        return _lowercase(item)  # type: ignore[return-value]
    return _flat(item)


def _lowercase(value: object) -> object:
    if isinstance(value, dict):
        return {key.lower(): _lowercase(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_lowercase(inner) for inner in value]
    return value


def _flat(item: dict[str, object]) -> dict[str, object]:
    """The 3.1 item rewritten in 1.6's names, key by key."""
    flat: dict[str, object] = {}
    for key, value in item.items():
        if key == "standard":
            flat["$standard"] = value
        elif key in _TIMES:
            flat[key.lower()] = _utc(str(value))
        elif key in {"pubStatus", "edNote"}:
            flat[key.lower()] = value
        elif key == "altIds":
            flat["altids"] = {entry["role"]: entry["value"] for entry in _entries(value)}
        elif key == "by":
            flat["byline"] = value
        elif key == "headlines":
            for entry in _entries(value):
                name = "headline" if entry["role"] == "main" else f"headline_{entry['role']}"
                flat[name] = entry["value"]
        elif key == "descriptions":
            for entry in _entries(value):
                # description_text is the summary in 1.x (Superdesk reads it as the abstract).
                name = "text" if entry["role"] == ROLE_SUMMARY else entry["role"]
                flat[f"description_{name}"] = entry["value"]
        elif key == "bodies":
            _put_bodies(flat, _entries(value))
        elif key == "infoSources":
            flat["infosource"] = [{"name": entry["name"], "rel": entry["role"]} for entry in _entries(value)]
        elif key == "subjects":
            flat["subject"] = [_coded(entry["uri"], entry["literal"]) for entry in _entries(value)]
        elif key == "genres":
            flat["genre"] = [{"name": entry["name"]} for entry in _entries(value)]
        elif key == "places":
            flat["place"] = [{"name": entry["literal"]} for entry in _entries(value)]
        else:  # uri, type, profile, urgency, language, slugline, located: the same in 1.6
            flat[key] = value
    return flat


def _entries(value: object) -> list[dict[str, str]]:
    return value  # type: ignore[return-value]


def _put_bodies(flat: dict[str, object], bodies: list[dict[str, str]]) -> None:
    for body in bodies:
        suffix = "html" if body["contentType"] == "text/html" else "text"
        flat[f"body_{suffix}"] = body["value"]
        flat["wordcount"] = body["wordCount"]
        flat["charcount"] = body["charCount"]


def _coded(uri: str, code: str) -> dict[str, str]:
    """A 1.6 subject: a scheme uri and a code in it (IPTC subject codes, or wirecli's own)."""
    if uri.startswith(IPTC_SUBJECT_CODES):
        return {"code": code, "scheme": IPTC_SUBJECT_CODES}
    return {"code": code, "scheme": uri[: -len(code)] if uri.endswith(code) else uri}


def _utc(stamp: str) -> str:
    moment = dt.datetime.fromisoformat(stamp).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
