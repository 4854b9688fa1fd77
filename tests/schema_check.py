"""Validators for tests: the story JSON Schema shipped in the package, and IPTC ninjs 3.1."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from importlib import resources
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012


@functools.cache
def story_validator() -> Draft202012Validator:
    schema = json.loads(resources.files("wirecli").joinpath("schema/story.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


NINJS_SCHEMA = Path(__file__).resolve().parent.parent.parent / "shared" / "schemas" / "ninjs-schema_3.1.json"
# The ninjs schema points places[].geoJSON at the GeoJSON schema by remote URL. Tests never go online:
# this stand-in rejects every value, so a document that starts carrying geoJSON fails loudly instead.
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
_REJECT_ALL = {"$schema": "https://json-schema.org/draft/2020-12/schema", "not": {}}


@functools.cache
def ninjs_validator() -> Draft202012Validator | None:
    """The official IPTC ninjs 3.1 schema (CC BY 4.0, read from ../shared), or None when absent."""
    if not NINJS_SCHEMA.is_file():
        return None
    schema = json.loads(NINJS_SCHEMA.read_text())
    Draft202012Validator.check_schema(schema)
    registry: Registry[object] = Registry().with_resource(
        GEOJSON_URI, DRAFT202012.create_resource(_REJECT_ALL)
    )
    return Draft202012Validator(schema, registry=registry, format_checker=_ninjs_formats())


# jsonschema checks "uri" and "date-time" only when optional packages are installed; these two
# stand-ins keep the checks without them.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})+$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def _ninjs_formats() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(_URI.match(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return bool(_DATE_TIME.match(value)) and dt.datetime.fromisoformat(value).tzinfo is not None

    return checker
