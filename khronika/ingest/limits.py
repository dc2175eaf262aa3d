"""Bounds on what a parser may be made to do by one file: unpacked PDF streams, pages, markup.

A PDF of a few MB can hold streams that inflate to many GB (a compression bomb); pdfminer would
inflate them in memory. Before the PDF is parsed, every Flate stream is inflated here in small
pieces, counting but not keeping the bytes, and the file is refused past :data:`MAX_PDF_UNPACKED`.
Time and memory stay linear in the limit, whatever the file claims.
"""

from __future__ import annotations

import re
import zlib

MAX_PDF_UNPACKED = 256 * 1024 * 1024
MAX_PDF_PAGES = 3_000
MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_HTML_DEPTH = 1_000
_CHUNK = 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]{0,30})[^<>]*?(/?)>")
# Elements that never hold others: they do not deepen the tree.
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())


class TooBig(ValueError):
    """A file that would make its parser exceed a bound; ``str(exc)`` says which."""


def check_pdf(raw: bytes) -> None:
    """Refuse a PDF whose streams unpack to more than :data:`MAX_PDF_UNPACKED` bytes."""
    total = 0
    for match in _STREAM.finditer(raw):
        end = raw.find(b"endstream", match.end())
        body = raw[match.end() : end if end != -1 else len(raw)]
        total += _inflated_size(body, MAX_PDF_UNPACKED - total + 1)
        if total > MAX_PDF_UNPACKED:
            raise TooBig(
                f"PDF streams unpack to more than {MAX_PDF_UNPACKED // (1024 * 1024)} MB "
                "(a compression bomb?)"
            )


def _inflated_size(body: bytes, budget: int) -> int:
    """How many bytes a Flate stream inflates to, counting no further than ``budget``."""
    inflater = zlib.decompressobj()
    size = 0
    data = body
    try:
        while data and size < budget:
            size += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
    except zlib.error:
        pass  # not Flate, or damaged: pdfminer decides what it is
    return size


def check_html(raw: bytes) -> None:
    """Refuse markup over :data:`MAX_HTML_BYTES` or nested deeper than :data:`MAX_HTML_DEPTH`."""
    if len(raw) > MAX_HTML_BYTES:
        raise TooBig(f"HTML page too large (over {MAX_HTML_BYTES // (1024 * 1024)} MB of markup)")
    depth = 0
    for closing, name, self_closing in _TAG.findall(raw):
        if self_closing or name.lower() in _VOID:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > MAX_HTML_DEPTH:
            raise TooBig(f"HTML nested more than {MAX_HTML_DEPTH} elements deep")
