"""Capturing a web address: the bytes as served, their SHA-256 and the time, from a page served
by a small HTTP server inside the test (no test touches the network); what cannot be captured
gets one line, an unreachable address says there is no network."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from khronika.errors import IngestError
from khronika.ingest.capture import capture
from khronika.settings import Settings

PAGE = (
    b"<!doctype html><html><head><title>Teacher detained in Pavlodar</title></head><body>"
    b"<article><p>Police detained the schoolteacher Dana Ospan in Pavlodar on 12 May 2025.</p>"
    b"</article></body></html>"
)
PDF_START = b"%PDF-1.4\n% not a whole PDF, only its start\n"

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/news/pavlodar": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    "/moved": (302, {"Location": "/news/pavlodar"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/gone": (404, {"Content-Type": "text/plain"}, b"no such page"),
    "/photo": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
    "/unlabelled.pdf": (200, {"Content-Type": "application/octet-stream"}, PDF_START),
    "/big": (200, {"Content-Type": "text/plain"}, b"x" * 5000),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


LOCAL = Settings(capture_private_addresses=True, capture_timeout=5)


def test_a_page_is_kept_as_served_with_its_hash_and_time(site: str) -> None:
    before = datetime.now(UTC)
    page = capture(f"{site}/news/pavlodar", LOCAL)

    assert page.raw == PAGE
    assert page.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert before <= page.captured_at <= datetime.now(UTC)
    assert (page.media_type, page.suffix) == ("text/html", ".html")
    assert page.final_address == page.address == f"{site}/news/pavlodar"


def test_a_redirect_is_followed_and_both_addresses_kept(site: str) -> None:
    page = capture(f"{site}/moved", LOCAL)
    assert page.address == f"{site}/moved"
    assert page.final_address == f"{site}/news/pavlodar"
    assert page.raw == PAGE


def test_a_pdf_is_recognised_by_its_bytes(site: str) -> None:
    page = capture(f"{site}/unlabelled.pdf", LOCAL)
    assert (page.media_type, page.suffix) == ("application/pdf", ".pdf")


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/gone", "not captured: the server answered 404 Not Found"),
        ("/photo", "not captured: unsupported media type 'image/png' (expected HTML, PDF or text)"),
        ("/loop", "not captured: more than 5 redirects"),
        ("/big", "not captured: the page is 5,000 bytes (limit 1,000)"),
    ],
)
def test_what_cannot_be_captured_gets_one_line(site: str, path: str, said: str) -> None:
    settings = Settings(capture_private_addresses=True, capture_timeout=5, max_bytes=1000)
    with pytest.raises(IngestError) as caught:
        capture(f"{site}{path}", settings)
    assert str(caught.value) == f"{site}{path}: {said}"
    assert "\n" not in str(caught.value)


def test_a_local_address_is_refused_unless_allowed(site: str) -> None:
    with pytest.raises(IngestError) as caught:
        capture(f"{site}/news/pavlodar", Settings())
    assert "127.0.0.1 is a local or private address" in str(caught.value)
    assert "settings.capture_private_addresses" in str(caught.value)


def test_a_name_that_resolves_to_this_machine_is_refused() -> None:
    with pytest.raises(IngestError) as caught:
        capture("http://localhost:9/", Settings())
    assert "localhost is a local or private address" in str(caught.value)


def test_a_name_that_does_not_resolve_says_there_may_be_no_network() -> None:
    # .invalid never resolves (RFC 6761), online or not.
    with pytest.raises(IngestError) as caught:
        capture("https://birch-wire.invalid/news", Settings())
    assert str(caught.value).startswith(
        "https://birch-wire.invalid/news: not captured: no network access, or the host cannot "
        "be reached (the name does not resolve"
    )


def test_offline_it_says_so_in_one_line() -> None:
    # 100::/64 is the IPv6 discard prefix: nothing answers there, on any network.
    settings = Settings(capture_private_addresses=True, capture_timeout=1)
    with pytest.raises(IngestError) as caught:
        capture("http://[100::1]/report", settings)
    line = str(caught.value)
    assert line.startswith(
        "http://[100::1]/report: not captured: no network access, or the host cannot be reached ("
    )
    assert "\n" not in line
