"""Material in from the browser: an analyst uploads files or pastes text, the desk runs the
CLI's own ingest as a background batch, and the batch's page and JSON status tell what became
of each file, bad ones in the CLI's one line."""

from __future__ import annotations

import hashlib
import html
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from intakedesk import PASTED, REPORTS, wait_for
from webdesk import csrf_of, log_in

from khronika.cli import desk_intake
from khronika.settings import Settings
from khronika.store import Store
from khronika.web import create_app
from tests.conftest import build_pdf


@dataclass
class Intake:
    client: TestClient
    store: Store
    csrf: str


@contextmanager
def open_desk(tmp_path: Path, seeded_db: Path, settings: Settings) -> Iterator[Intake]:
    shutil.copyfile(seeded_db, settings.db)
    app = create_app(settings, intake=desk_intake(settings))
    with (
        TestClient(app, follow_redirects=False) as client,
        Store.open(settings.database_url) as store,
    ):
        yield Intake(client=client, store=store, csrf=log_in(client, "ana"))


@pytest.fixture
def material_desk(tmp_path: Path, seeded_db: Path) -> Iterator[Intake]:
    with open_desk(tmp_path, seeded_db, Settings(db=tmp_path / "desk.db")) as opened:
        yield opened


def upload(desk: Intake, files: dict[str, bytes], **meta: str) -> str:
    """Post the upload form; the batch's status URL."""
    response = desk.client.post(
        "/intake/upload",
        data={"csrf_token": desk.csrf, **meta},
        files=[("files", (name, body, "application/octet-stream")) for name, body in files.items()],
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/intake/jobs/")
    return "/api" + location


@pytest.mark.model
def test_two_uploaded_reports_are_read_like_the_cli_reads_them(material_desk: Intake) -> None:
    desk = material_desk
    files = {name: text.encode("utf-8") for name, text in REPORTS.items()}
    status = wait_for(
        desk.client,
        upload(
            desk, files, outlet="Birch Wire", language="en", address="https://birch.example/may"
        ),
    )

    assert status["state"] == "done"
    assert status["errors"] == []
    assert sorted(status["ingested"]) == sorted(REPORTS)
    assert status["done"] == status["total"] == 2
    assert status["events"] >= 2
    summaries = " ".join(h["summary"] for h in status["happenings"])
    assert "Dana Ospan" in summaries or "Pavlodar" in summaries
    assert {h["type"] for h in status["happenings"]} >= {"detention", "legal_action"}

    stored = desk.store.document("pavlodar-picket.txt")
    assert stored is not None
    assert stored.raw == files["pavlodar-picket.txt"]
    assert stored.ingested_by == "ana"
    assert (stored.outlet, stored.address, stored.language) == (
        "Birch Wire",
        "https://birch.example/may",
        "en",
    )
    [line] = [e for e in desk.store.audit_log() if e.action == "upload"]
    assert line.account == "ana"
    assert "karaganda-court.md" in line.detail and "pavlodar-picket.txt" in line.detail

    # The batch's page lists the happenings it brought, linked.
    page = desk.client.get(f"/intake/jobs/{status['id']}")
    assert f"/events/{status['happenings'][0]['id']}" in page.text


@pytest.mark.model
def test_pasted_text_is_stored_under_its_title_and_extracted(material_desk: Intake) -> None:
    desk = material_desk
    response = desk.client.post(
        "/intake/paste",
        data={
            "csrf_token": desk.csrf,
            "text": PASTED,
            "title": "Activist detained in Kostanay",
            "published": "2025-06-03",
        },
    )
    assert response.status_code == 303
    status = wait_for(desk.client, "/api" + response.headers["location"])

    [name] = status["ingested"]
    assert name.startswith("activist-detained-in-kostanay-") and name.endswith(".txt")
    stored = desk.store.document(name)
    assert stored is not None
    assert stored.text.startswith("Police detain activist Saule Nurgaliyeva")
    assert stored.title == "Activist detained in Kostanay"
    assert stored.published is not None and stored.published.isoformat() == "2025-06-03"
    assert any(h["type"] == "detention" for h in status["happenings"])
    assert desk.store.audit_log()[0].action == "paste"


def test_bad_files_get_the_cli_line_and_the_batch_goes_on(material_desk: Intake) -> None:
    desk = material_desk
    status = wait_for(
        desk.client,
        upload(desk, {"empty.txt": b"", "minutes.docx": b"PK\x03\x04", "notes.jsonl": b"{}"}),
    )

    assert status["state"] == "failed"
    assert status["ingested"] == []
    assert sorted(status["errors"]) == [
        "empty.txt: empty file",
        "minutes.docx: unsupported file type '.docx' (expected .txt, .md, .html, .pdf)",
        "notes.jsonl: unsupported file type '.jsonl' (expected .txt, .md, .html, .pdf)",
    ]
    # No line names the desk's temporary folder.
    assert not any("khronika-intake" in line for line in status["errors"] + status["notes"])


def test_a_name_from_the_client_never_chooses_the_path(material_desk: Intake) -> None:
    desk = material_desk
    status = wait_for(desk.client, upload(desk, {"../../etc/.hidden report?.txt": b""}))

    assert status["files"] == ["hidden-report.txt"]
    assert status["errors"] == ["hidden-report.txt: empty file"]


def test_metadata_is_checked_like_a_meta_line(material_desk: Intake) -> None:
    desk = material_desk
    for field, value, said in (
        ("published", "2025-13-01", "published: '2025-13-01' is not a day (YYYY-MM-DD)"),
        ("address", "ftp://birch.example/x", "is not an http:// or https:// web address"),
        ("language", "english", "is not a language code"),
    ):
        response = desk.client.post(
            "/intake/paste", data={"csrf_token": desk.csrf, "text": PASTED, field: value}
        )
        assert response.status_code == 422
        assert said in html.unescape(response.text)
    assert desk.client.get("/api/intake/jobs/1").status_code == 404


def test_only_an_analyst_with_the_form_token_sends_material(
    tmp_path: Path, seeded_db: Path
) -> None:
    settings = Settings(db=tmp_path / "desk.db")
    shutil.copyfile(seeded_db, settings.db)
    app = create_app(settings, intake=desk_intake(settings))
    with TestClient(app, follow_redirects=False) as client:
        log_in(client, "vera")  # a viewer
        assert client.get("/intake").status_code == 403
        refused = client.post("/intake/paste", data={"csrf_token": "x", "text": PASTED})
        assert refused.status_code == 403
        client.cookies.clear()
        log_in(client, "ana")
        page = client.get("/intake")
        assert page.status_code == 200 and 'action="/intake/upload"' in page.text
        assert 'href="/intake"' in page.text  # the navigation link
        refused = client.post("/intake/paste", data={"csrf_token": "stale", "text": PASTED})
        assert refused.status_code == 403
        assert "CSRF" in refused.text
        assert csrf_of(page.text)


def test_a_form_larger_than_a_document_may_be_is_refused_unread(
    tmp_path: Path, seeded_db: Path
) -> None:
    settings = Settings(db=tmp_path / "desk.db", max_bytes=1000)
    with open_desk(tmp_path, seeded_db, settings) as desk:
        response = desk.client.post(
            "/intake/upload",
            data={"csrf_token": desk.csrf},
            files=[("files", ("big.txt", b"a" * 400_000, "text/plain"))],
        )
        assert response.status_code == 413
        assert "settings.max_bytes" in response.text
        assert desk.store.audit_log()[0].action != "upload"


def test_a_desk_without_intake_says_so(client: TestClient, login: object) -> None:
    csrf = log_in(client, "ana")
    page = client.get("/intake")
    assert "This desk takes no material" in page.text
    refused = client.post("/intake/paste", data={"csrf_token": csrf, "text": PASTED})
    assert refused.status_code == 503


@pytest.mark.model
def test_a_captured_page_keeps_its_bytes_hash_and_time(tmp_path: Path, seeded_db: Path) -> None:
    page = (
        "<!doctype html><html><head><title>Teacher detained in Pavlodar</title></head><body>"
        "<article><p>" + REPORTS["pavlodar-picket.txt"].replace("\n", " ") + "</p></article>"
        "</body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/news/pavlodar-picket"
    settings = Settings(db=tmp_path / "desk.db", capture_private_addresses=True)
    try:
        with open_desk(tmp_path, seeded_db, settings) as desk:
            response = desk.client.post(
                "/intake/capture",
                data={"csrf_token": desk.csrf, "address": address, "outlet": "Birch Wire"},
            )
            status = wait_for(desk.client, "/api" + response.headers["location"])

            assert status["state"] == "done", status
            capture = status["capture"]
            assert capture["sha256"] == hashlib.sha256(page).hexdigest()
            assert capture["address"] == address
            [name] = status["ingested"]
            assert name == capture["document"]
            assert name.startswith("127.0.0.1-news-pavlodar-picket-") and name.endswith(".html")
            stored = desk.store.document(name)
            assert stored is not None
            assert (stored.raw, stored.sha256) == (page, capture["sha256"])
            assert (stored.address, stored.outlet, stored.ingested_by) == (
                address,
                "Birch Wire",
                "ana",
            )
            assert any(h["type"] == "detention" for h in status["happenings"])
            audit = [e for e in desk.store.audit_log() if e.action == "capture"]
            assert any(
                capture["sha256"] in e.detail and capture["captured_at"] in e.detail for e in audit
            )
    finally:
        server.shutdown()
        server.server_close()


def test_offline_a_capture_says_so_in_one_line(tmp_path: Path, seeded_db: Path) -> None:
    settings = Settings(db=tmp_path / "desk.db", capture_private_addresses=True, capture_timeout=1)
    with open_desk(tmp_path, seeded_db, settings) as desk:
        response = desk.client.post(
            "/intake/capture", data={"csrf_token": desk.csrf, "address": "http://[100::1]/report"}
        )
        status = wait_for(desk.client, "/api" + response.headers["location"])

        assert status["state"] == "failed"
        [line] = status["errors"]
        assert line.startswith("http://[100::1]/report: not captured: no network access")
        assert status["capture"] is None and status["ingested"] == []
        assert desk.store.audit_log()[0].action == "capture failed"
        page = desk.client.get(f"/intake/jobs/{status['id']}")
        assert "no network access" in page.text


@pytest.mark.model
def test_a_pdf_is_read_in_its_worker_from_the_desks_batch(material_desk: Intake) -> None:
    desk = material_desk
    report = build_pdf([["Police detained the activist Dana Ospan in Taraz on 2 April 2025."]])
    status = wait_for(
        desk.client, upload(desk, {"taraz-report.pdf": report, "torn.pdf": report[:200]})
    )

    assert status["ingested"] == ["taraz-report.pdf"]
    [line] = status["errors"]
    assert line.startswith("torn.pdf: ") and "PDF" in line
    stored = desk.store.document("taraz-report.pdf")
    assert stored is not None and stored.raw == report
    assert stored.media_type == "application/pdf"
