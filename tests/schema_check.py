"""The story JSON Schema shipped in the package, as a validator for tests."""

from __future__ import annotations

import functools
import json
from importlib import resources

from jsonschema import Draft202012Validator


@functools.cache
def story_validator() -> Draft202012Validator:
    schema = json.loads(resources.files("wirecli").joinpath("schema/story.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)
