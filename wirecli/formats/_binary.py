"""Is this input a wire story at all? Recognise images, archives and other binary files.

Framing splits a binary file at every byte that happens to be SOH or EOT, so a photo given by
mistake would become hundreds of junk stories. Instead the pipeline checks an input twice, in ways
that do not depend on how it is cut into chunks (and that never hold back a story on a live feed):

* its first bytes, against known file signatures (:func:`signature_problem`);
* its first message (up to its first KiB): NUL bytes without any start-of-message marker
  (:func:`nul_problem`). NULs must be a tenth of the bytes, not just present: old feeds pad with
  the odd NUL, and those stories still parse (their NULs are removed as control characters).
  Text in UTF-16 without a byte order mark has a NUL in every other byte; the message then names
  the ``--encoding`` to pass.

Either makes the whole input one story record with a ``binary-data`` error.
"""

from __future__ import annotations

from wirecli.formats.framing import has_start_marker

SIGNATURE_BYTES = 8
"""Bytes of input that every signature below fits in."""
HEAD_BYTES = 1024
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "a program"),
)
_ADVICE = {"gzip-compressed data": "decompress it first (gunzip)"}
# The bytes the signatures open with: wire copy opens with none of them, and one test says so.
_FIRST_BYTES = frozenset(signature[0] for signature, _ in _SIGNATURES)


def signature_problem(head: bytes) -> str | None:
    """Why an input that starts with ``head`` is not a wire story, judged by its file signature."""
    if not head or head[0] not in _FIRST_BYTES:
        return None
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return f"the input looks like {kind}, not a wire story: {_ADVICE.get(kind, 'nothing was read')}"
    return None


def nul_problem(message: bytes) -> str | None:
    """Why an input whose first message is ``message`` is not a wire story, judged by its NULs."""
    if message.find(0, 0, HEAD_BYTES) < 0:  # most input: one memchr
        return None
    head = message[:HEAD_BYTES]
    nuls = head.count(0)
    if nuls * 10 < len(head) or has_start_marker(head):
        return None
    half = len(head) // 2
    for order, zeros, others in (("le", head[1::2], head[0::2]), ("be", head[0::2], head[1::2])):
        if others.count(0) == 0 and zeros.count(0) * 3 >= half:
            return f"the input looks like UTF-16 without a byte order mark: pass --encoding utf-16-{order}"
    return f"the input is binary data, not a wire story ({nuls} of the first {len(head)} bytes are NUL)"
