"""Reads that hand out unpublished material are audited: a document's page and its JSON, the
original bytes, every export (with its format, size and filters)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webdesk import Desk, Login


def accesses(desk: Desk) -> list[tuple[str, str]]:
    wanted = {"document_viewed", "original_downloaded", "exported"}
    entries = reversed(desk.store.audit_log(limit=None, account="vera"))
    return [(e.action, e.detail) for e in entries if e.action in wanted]


def test_document_views_downloads_and_exports_are_audited(
    client: TestClient, login: Login, desk: Desk
) -> None:
    assert login("vera") != ""

    assert client.get("/documents/minsk-en.txt").status_code == 200
    assert client.get("/api/documents/minsk-en.txt").status_code == 200
    assert client.get("/originals/kyiv-uk.txt").status_code == 200
    assert client.get("/api/originals/kyiv-uk.txt").status_code == 200
    assert client.get("/api/export/csv?type=detention").status_code == 200

    assert accesses(desk) == [
        ("document_viewed", "minsk-en.txt"),
        ("document_viewed", "minsk-en.txt"),
        ("original_downloaded", "kyiv-uk.txt"),
        ("original_downloaded", "kyiv-uk.txt"),
        ("exported", "csv: 2 happenings; filters {'type': 'detention'}"),
    ]
    entry = desk.store.audit_log(limit=1)[0]
    assert entry.account == "vera" and entry.address == "testclient"


def test_an_unknown_document_is_not_audited_as_viewed(
    client: TestClient, login: Login, desk: Desk
) -> None:
    assert login("vera") != ""
    assert client.get("/documents/nothing.txt").status_code == 404
    assert accesses(desk) == []
