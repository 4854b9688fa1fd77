"""Is this input a wire story at all? Recognise images, archives and other binary files.

Framing splits a binary file at every byte that happens to be SOH or EOT, so a photo given by
mistake would become hundreds of junk stories. Instead the pipeline looks at the first KiB once:
a known file signature, or NUL bytes without any start-of-message marker, make the whole input
one story record with a ``binary-data`` error. NUL bytes are a tenth of the bytes, not just
present: old feeds pad with the odd NUL, and those stories still parse (their NULs are removed
as control characters). Text in UTF-16 without a byte order mark has a NUL in every other byte;
the message then names the ``--encoding`` to pass.
"""

from __future__ import annotations

from wirecli.formats.framing import has_start_marker

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


def binary_problem(head: bytes) -> str | None:
    """Why the input that starts with ``head`` is not a wire story, or ``None`` when it may be one."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return f"the input looks like {kind}, not a wire story: {_ADVICE.get(kind, 'nothing was read')}"
    nuls = head.count(0)
    if not nuls or nuls * 10 < len(head) or has_start_marker(head):
        return None
    half = len(head) // 2
    for order, zeros, others in (("le", head[1::2], head[0::2]), ("be", head[0::2], head[1::2])):
        if others.count(0) == 0 and zeros.count(0) * 3 >= half:
            return f"the input looks like UTF-16 without a byte order mark: pass --encoding utf-16-{order}"
    return f"the input is binary data, not a wire story ({nuls} of the first {len(head)} bytes are NUL)"
