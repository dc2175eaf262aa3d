"""Capture: a web address fetched once, its bytes kept as served, hashed at capture.

The Berkeley Protocol asks for an unaltered copy, a hash taken at capture and the time of
capture; :class:`Captured` holds the three, and the bytes are then ingested like a file, so
the stored document's SHA-256 is the capture's. The rest of khronika is offline: this is the
one place that opens a connection, only when an analyst asks, with a time limit
(``settings.capture_timeout``) and a size cap (``settings.max_bytes``). Without network
access a capture fails with one line saying so.

Local and private addresses (the desk's own machine, the office network, a cloud's metadata
service) are refused unless ``settings.capture_private_addresses`` allows them: a desk on a
shared server must not fetch its neighbours for whoever holds an analyst's login. Every
redirect is checked again. (The check resolves the name before urllib3 does: a name that
resolves differently the second time is not caught.)
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NameResolutionError,
    NewConnectionError,
)

from khronika.errors import IngestError
from khronika.settings import Settings

_MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_HEADERS = {
    "User-Agent": "Mozilla/5.0 (compatible; khronika capture)",
    "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.1",
    # Ask for the bytes themselves, not a compressed coding of them.
    "Accept-Encoding": "identity",
}
_SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Captured:
    """A page fetched once: its bytes as served, their SHA-256, when, and from where."""

    address: str
    final_address: str
    raw: bytes = field(repr=False)
    sha256: str
    media_type: str
    suffix: str
    captured_at: datetime


def capture(address: str, settings: Settings) -> Captured:
    """Fetch ``address`` once; IngestError(address, one-line reason) when it cannot be."""
    deadline = time.monotonic() + settings.capture_timeout
    current = address
    with urllib3.PoolManager(retries=False) as pool:
        for _ in range(_MAX_REDIRECTS + 1):
            _check_target(address, current, settings)
            response = _request(pool, address, current, deadline)
            try:
                if response.status in _REDIRECTS and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                if response.status != 200:
                    reason = f"the server answered {response.status} {response.reason or ''}"
                    raise IngestError(address, f"not captured: {reason.strip()}")
                raw = _read(response, address, settings.max_bytes, deadline)
            finally:
                response.release_conn()
            captured_at = datetime.now(UTC)
            media_type = _media_type(response.headers.get("Content-Type"), raw)
            return Captured(
                address=address,
                final_address=current,
                raw=raw,
                sha256=hashlib.sha256(raw).hexdigest(),
                media_type=media_type,
                suffix=_suffix(address, media_type),
                captured_at=captured_at,
            )
    raise IngestError(address, f"not captured: more than {_MAX_REDIRECTS} redirects")


def _check_target(address: str, url: str, settings: Settings) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IngestError(address, f"not captured: {url!r} is not an http:// or https:// address")
    if settings.capture_private_addresses:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise IngestError(address, _offline(f"the name does not resolve: {exc}")) from None
    for *_rest, sockaddr in found:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not ip.is_global:
            raise IngestError(
                address,
                f"not captured: {parts.hostname} is a local or private address ({ip}); "
                "settings.capture_private_addresses allows it",
            )


def _request(
    pool: urllib3.PoolManager, address: str, url: str, deadline: float
) -> urllib3.BaseHTTPResponse:
    left = max(0.1, deadline - time.monotonic())
    try:
        return pool.request(
            "GET",
            url,
            headers=_HEADERS,
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=left, read=left),
        )
    except NameResolutionError:
        raise IngestError(address, _offline("the name does not resolve")) from None
    except NewConnectionError as exc:
        raise IngestError(address, _offline(_why(exc))) from None
    except ConnectTimeoutError:
        raise IngestError(address, _offline("timed out connecting")) from None
    except HTTPError as exc:
        raise IngestError(address, f"not captured: {_why(exc)}") from None


def _offline(why: str) -> str:
    return f"not captured: no network access, or the host cannot be reached ({why})"


def _why(exc: Exception) -> str:
    # urllib3 wraps the socket's error; its last part is the one a person can act on.
    text = str(exc).strip() or type(exc).__name__
    return text.rsplit(": ", 1)[-1] if "Errno" in text else text


def _read(response: urllib3.BaseHTTPResponse, address: str, cap: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise IngestError(
            address, f"not captured: the page is {int(declared):,} bytes (limit {cap:,})"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(_CHUNK):
            size += len(chunk)
            if size > cap:
                raise IngestError(address, f"not captured: the page is over {cap:,} bytes")
            if time.monotonic() > deadline:
                raise IngestError(address, "not captured: the page took too long to arrive")
            chunks.append(chunk)
    except HTTPError as exc:
        raise IngestError(address, f"not captured: reading the page failed: {_why(exc)}") from None
    if not chunks:
        raise IngestError(address, "not captured: the server sent no bytes")
    return b"".join(chunks)


def _media_type(header: str | None, raw: bytes) -> str:
    declared = (header or "").split(";")[0].strip().lower()
    if declared in _SUFFIXES:
        return declared
    start = raw[:1024].lstrip().lower()
    if start.startswith(b"%pdf-"):
        return "application/pdf"
    if start.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return declared or "application/octet-stream"


def _suffix(address: str, media_type: str) -> str:
    if media_type not in _SUFFIXES:
        raise IngestError(
            address,
            f"not captured: unsupported media type {media_type!r} (expected HTML, PDF or text)",
        )
    return _SUFFIXES[media_type]
