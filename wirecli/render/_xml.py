"""XML text for the NewsML-G2 and NITF renderers: escaping, and only characters XML 1.0 allows.

Story text can hold anything a wire (or a library caller) put there. XML 1.0 forbids most C0 control
characters, U+FFFE, U+FFFF and lone surrogates even when escaped as character references, so they are
dropped rather than written: a document holding one is not XML at all and every reader rejects it.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape, quoteattr

# Tab, LF and CR stay; everything else XML 1.0 has no place for goes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A CR would come back as LF from any XML reader (line-end normalisation), so write it as a reference.
_ATTRIBUTE_EXTRAS = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def text(value: str) -> str:
    """Element content: ``&``, ``<`` and ``>`` escaped (``>`` too, so ``]]>`` never appears)."""
    return escape(clean(value)).replace("\r", "&#13;")


def attribute(value: str) -> str:
    """A quoted attribute value; line ends and tabs as references, since readers would fold them."""
    return quoteattr(clean(value), _ATTRIBUTE_EXTRAS)


def element(name: str, value: str, attributes: str = "") -> str:
    """``<name attributes>value</name>`` with ``value`` escaped; ``attributes`` come ready-quoted."""
    return f"<{name}{attributes}>{text(value)}</{name}>"


def timestamp(moment: dt.datetime) -> str:
    """ISO 8601 with seconds and an offset (``Z`` for UTC), as xs:dateTime wants."""
    stamp = moment.replace(microsecond=0).isoformat()
    return stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp
