"""Hostile sizes: huge page numbers, review ids and offsets, and very long searches are refused
with the one JSON error shape (or the error page), never a bare 500, and every error carries the
same security headers as every page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webdesk import Desk, Login

HUGE = "9" * 40
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control")


@pytest.fixture
def reader(client: TestClient, login: Login) -> TestClient:
    assert login("ana") != ""
    return client


@pytest.mark.parametrize(
    "path",
    [
        f"/api/events?offset={HUGE}",
        f"/api/events?limit={HUGE}",
        f"/api/events?offset={2**63}",
        f"/api/reviews/{HUGE}/revert",
        "/api/people?q=" + "a" * 60_000,
        "/api/events?q=" + "a" * 60_000,
        "/api/events?place=" + "b" * 60_000,
        "/api/events/" + "c" * 5_000,
    ],
)
def test_hostile_sizes_get_a_json_4xx_with_the_usual_headers(reader: TestClient, path: str) -> None:
    method = reader.post if path.endswith("/revert") else reader.get
    response = method(path, headers={"X-CSRF-Token": "x"} if method == reader.post else None)

    assert 400 <= response.status_code < 500, response.text[:200]
    assert set(response.json()) == {"error"}
    for header in HEADERS:
        assert header in response.headers


@pytest.mark.parametrize("path", [f"/events?page={HUGE}", f"/people?page={HUGE}"])
def test_a_huge_page_number_is_a_page_error_not_a_crash(reader: TestClient, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    for header in HEADERS:
        assert header in response.headers


def test_an_unexpected_failure_is_a_500_in_the_one_shape_with_the_headers(
    reader: TestClient, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(desk.app.state.store, "clusters", broken)
    with TestClient(desk.app, raise_server_exceptions=False, cookies=reader.cookies) as client:
        response = client.get("/api/events.geojson")

    assert response.status_code == 500
    assert response.json() == {"error": {"code": "internal", "message": "internal error"}}
    for header in HEADERS:
        assert header in response.headers
