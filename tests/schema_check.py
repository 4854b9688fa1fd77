"""Validators for tests: the story JSON Schema in the package; IPTC ninjs, NewsML-G2 and NITF."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from importlib import resources
from pathlib import Path

from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker
from lxml import etree
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


SCHEMAS = NINJS_SCHEMA.parent
NINJS_SCHEMAS = {version: SCHEMAS / f"ninjs-schema_{version}.json" for version in ("1.6", "2.1", "3.1")}


@functools.cache
def ninjs_version_validator(version: str) -> Draft7Validator | Draft202012Validator | None:
    """The official schema of ninjs ``version`` (1.6 is draft-07, later ones 2020-12), or None."""
    if version == "3.1":
        return ninjs_validator()
    path = NINJS_SCHEMAS[version]
    if not path.is_file():
        return None
    schema = json.loads(path.read_text())
    if version == "1.6":
        Draft7Validator.check_schema(schema)
        return Draft7Validator(schema, format_checker=_ninjs_formats())
    Draft202012Validator.check_schema(schema)
    registry: Registry[object] = Registry().with_resource(
        GEOJSON_URI, DRAFT202012.create_resource(_REJECT_ALL)
    )
    return Draft202012Validator(schema, registry=registry, format_checker=_ninjs_formats())


NEWSML_XSD = SCHEMAS / "newsml-g2-2.35" / "NewsML-G2_2.35-spec-All-Power.xsd"
NITF_XSD = SCHEMAS / "nitf-3.6" / "nitf-3-6.xsd"
NITF_NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"


def xml_parser() -> etree.XMLParser:
    """A parser that never goes online and expands no entities: the schemas import xml.xsd locally."""
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


@functools.cache
def _xsd(path: Path) -> etree.XMLSchema | None:
    if not path.is_file():
        return None
    return etree.XMLSchema(etree.parse(str(path), xml_parser()))


def newsml_schema() -> etree.XMLSchema | None:
    """IPTC NewsML-G2 2.35 (all item types, power conformance) from ../shared, or None when absent."""
    return _xsd(NEWSML_XSD)


def nitf_schema() -> etree.XMLSchema | None:
    """IPTC NITF 3.6 from ../shared, or None when absent."""
    return _xsd(NITF_XSD)


def in_nitf_namespace(document: bytes) -> etree._Element:
    """A namespace-less NITF document with its elements moved into the XSD's target namespace."""
    root = etree.fromstring(document, xml_parser())
    for node in root.iter():
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = f"{{{NITF_NAMESPACE}}}{node.tag}"
    return root


def xsd_errors(schema: etree.XMLSchema, root: etree._Element) -> list[str]:
    """The schema's complaints about ``root``: empty when it validates."""
    if schema.validate(root):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]
