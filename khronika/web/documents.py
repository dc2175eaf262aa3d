"""A source document as evidence: its chain of custody and its original bytes.

Split from :mod:`pages` because the download must be byte-exact and safe to serve: the
original's own media type, always as an attachment (never rendered by the browser, so a stored
HTML page cannot run script in the desk's origin), with a file name that survives any script.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from fastapi import Response

from khronika.model import Document
from khronika.web.errors import NotFound

_UNSAFE_IN_QUOTES = re.compile(r"[^A-Za-z0-9._ -]")


def original_response(document: Document) -> Response:
    """The original bytes of ``document`` as a download with its media type."""
    if not document.raw:
        raise NotFound(f"{document.name}: the original bytes were not kept")
    return Response(
        content=document.raw,
        media_type=document.media_type or "application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(document.name),
            "X-Content-SHA256": document.sha256,
        },
    )


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name (RFC 6266, RFC 5987)."""
    base = PurePosixPath(name.replace("\\", "/")).name or "document"
    fallback = _UNSAFE_IN_QUOTES.sub("_", base)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(base, safe='')}"


def custody(document: Document) -> list[tuple[str, str]]:
    """The chain of custody as label/value pairs, in the order a reader checks them."""
    return [
        ("Name", document.name),
        ("SHA-256 of the original bytes", document.sha256),
        ("Bytes kept", f"{len(document.raw):,}" if document.raw else "not kept"),
        ("Hash check", hash_check(document)),
        ("Media type", document.media_type),
        ("Source address", document.address or "—"),
        ("Outlet", document.outlet or "—"),
        ("Title", document.title or "—"),
        ("Published", document.published.isoformat() if document.published else "—"),
        ("Language", document.language or "—"),
        (
            "Ingested",
            document.ingested_at.isoformat(timespec="seconds") if document.ingested_at else "—",
        ),
        ("Ingested by", document.ingested_by or "—"),
    ]


def hash_check(document: Document) -> str:
    """Whether the kept bytes still hash to the recorded SHA-256 (checked on every view)."""
    if not document.raw:
        return "nothing to check: the original bytes were not kept"
    if Document.hash_bytes(document.raw) == document.sha256:
        return "the bytes kept match the recorded hash"
    return "MISMATCH: the bytes kept do not match the recorded hash"


def linkable(address: str | None) -> bool:
    """Whether a source address may be a link: http(s) only, whatever an older store holds."""
    if not address:
        return False
    scheme, colon, rest = address.partition(":")
    return bool(colon) and scheme.lower() in ("http", "https") and rest.startswith("//")
