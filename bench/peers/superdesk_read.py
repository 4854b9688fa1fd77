"""Reads wirecli's outputs with Superdesk's own feed parsers; runs inside the superdesk environment.

Run by ``bench/peers/interop.py`` with the Python of ``bench/peers/.venv-superdesk`` (Python 3.8,
superdesk-core 2.5.3): a JSON list of ``{"kind": "newsml" | "nitf" | "ninjs", "path": ...}`` on
stdin, a JSON list of what Superdesk made of each file on stdout (one entry per item, or an
``error``). Superdesk's parsers expect a Flask app with ``SERVER_DOMAIN`` and city locators; a
bare app with no known cities and no vocabularies stands in for a fresh installation.
"""

import json
import sys
import traceback

import superdesk
from flask import Flask
from lxml import etree
from superdesk.io.feed_parsers.newsml_2_0 import NewsMLTwoFeedParser
from superdesk.io.feed_parsers.ninjs import NINJSFeedParser
from superdesk.io.feed_parsers.nitf import NITFFeedParser
from superdesk.io.iptc import subject_codes

FIELDS = ("headline", "byline", "urgency", "slugline", "body_html", "ednote")


class NoCities:
    """A locator service of a fresh installation: it knows no city."""

    def find_cities(self, *args, **kwargs):
        return []


class NoVocabulary:
    """The vocabularies service of a fresh installation: it holds none."""

    def find_one(self, *args, **kwargs):
        return None


def make_app():
    app = Flask("wirecli-interop")
    app.config["SERVER_DOMAIN"] = "localhost"
    app.locators = NoCities()
    app.subjects = subject_codes
    # NITF asks the vocabularies service for the genre; outside a deployment there is none.
    superdesk.get_resource_service = lambda name: NoVocabulary()
    return app


def parse(kind, path):
    if kind == "ninjs":
        return NINJSFeedParser().parse(path)
    with open(path, "rb") as handle:
        root = etree.fromstring(handle.read())
    parser = NewsMLTwoFeedParser() if kind == "newsml" else NITFFeedParser()
    if not parser.can_parse(root):
        raise ValueError("the parser does not take this document")
    items = parser.parse(root)
    return items if isinstance(items, list) else [items]


def summary(item):
    found = {field: item.get(field) for field in FIELDS}
    located = (item.get("dateline") or {}).get("located") or {}
    found["dateline_city"] = located.get("city")
    return found


def main():
    requests = json.load(sys.stdin)
    results = []
    with make_app().app_context():
        for request in requests:
            try:
                items = [summary(item) for item in parse(request["kind"], request["path"])]
                results.append({"items": items})
            except Exception:  # every failure is a result to report, not a reason to stop
                results.append({"error": traceback.format_exc(limit=3)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
