"""The HTML pages: the list with its filters and pages, an event with its evidence marked inside
its source, a document's chain of custody, people, map and timeline, assets and headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from webdesk import TEXTS, Desk, Login

from khronika.web.assets import VENDOR
from khronika.web.config import WebSettings
from khronika.web.documents import content_disposition


@pytest.fixture
def viewer(client: TestClient, login: Login) -> TestClient:
    assert login("vera")
    return client


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<a href="/events/(cl_[0-9a-f]+)">', body)


def test_the_list_pages_and_keeps_its_filters(viewer: TestClient) -> None:
    first = viewer.get("/events")
    second = viewer.get("/events?page=2")
    filtered = viewer.get("/events?type=detention&q=&since=")

    assert "page 1 of 2" in first.text
    assert len(set(rows(first.text))) == 2 and len(set(rows(second.text))) == 2
    assert not set(rows(first.text)) & set(rows(second.text))
    assert "2 happenings" in filtered.text
    assert 'href="/api/export/csv?type=detention"' in filtered.text
    assert 'href="/map?type=detention"' in filtered.text


def test_the_list_shows_sources_and_disputes(viewer: TestClient) -> None:
    page = viewer.get("/events?type=detention&order=-sources")

    assert '<td class="num">2</td>' in page.text
    assert '<span class="tag disputed">counts.detained</span>' in page.text


def test_the_event_page_marks_the_evidence_inside_its_source(
    viewer: TestClient, desk: Desk
) -> None:
    page = viewer.get(f"/events/{desk.cluster_with('almaty-en.txt')}")

    assert page.status_code == 200
    assert '<mark id="evidence-0">Police detained 40 protesters in Almaty</mark>' in page.text
    assert '<mark id="evidence-1">полиция задержала 60 протестующих в Алматы</mark>' in page.text
    # The source text is escaped: markup in a document never reaches the page as markup.
    assert "&lt;b&gt;placards&lt;/b&gt;" in page.text
    assert "<b>placards</b>" not in page.text
    assert 'ALMATY, 5 January 2022. <mark id="evidence-0">' in page.text


def test_the_event_page_shows_claims_disputes_and_who_said_them(
    viewer: TestClient, desk: Desk
) -> None:
    page = viewer.get(f"/events/{desk.cluster_with('almaty-en.txt')}").text

    assert "<h3>counts.detained" in page and "disputed" in page
    assert "witnesses" in page and "МВД" in page
    assert 'href="/documents/almaty-ru.txt"' in page
    assert "Not reviewed yet." in page
    assert 'id="verify-form"' not in page  # a viewer gets no review forms


def test_an_analyst_gets_the_review_forms(client: TestClient, login: Login, desk: Desk) -> None:
    login("ana")
    page = client.get(f"/events/{desk.cluster_with('almaty-en.txt')}").text

    for form in ("verify-form", "edit-form", "merge-form", "split-form"):
        assert f'id="{form}"' in page
    # The edit form opens on the current values: Almaty's date, in a date box.
    assert 'name="date_start" value="2022-01-05"' in page


def test_a_missing_event_is_a_404_page(viewer: TestClient) -> None:
    page = viewer.get("/events/cl_missing00")

    assert page.status_code == 404
    assert "no such happening" in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_the_document_page_shows_the_chain_of_custody(viewer: TestClient) -> None:
    page = viewer.get("/documents/almaty-en.txt")
    text = page.text

    assert page.status_code == 200
    assert "the bytes kept match the recorded hash" in text
    assert "Test Wire" in text and "tester" in text and "https://example.org/almaty-en.txt" in text
    assert 'href="/originals/almaty-en.txt"' in text
    assert "&lt;b&gt;placards&lt;/b&gt;" in text


def test_the_download_is_the_original_bytes(viewer: TestClient) -> None:
    response = viewer.get("/originals/almaty-en.txt")

    assert response.content == TEXTS["almaty-en.txt"].encode("utf-8")
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"almaty-en.txt\"; filename*=UTF-8''almaty-en.txt"
    )


def test_a_download_name_survives_any_script() -> None:
    header = content_disposition('отчёты/Алматы "5".txt')

    assert header.startswith('attachment; filename="______ _5_.txt"')
    assert "filename*=UTF-8''%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B%20%225%22.txt" in header


def test_people_and_a_person(viewer: TestClient, desk: Desk) -> None:
    listing = viewer.get("/people?q=Zhaksylykov").text
    [person] = desk.store.find_entities("Nurlan Zhaksylykov")
    page = viewer.get(f"/people/{person.id}").text

    assert "Nurlan Zhaksylykov" in listing
    assert "Нурлан Жаксылыков" in page  # the other spelling
    assert "detained" in page
    assert 'href="/documents/almaty-ru.txt"' in page


def test_map_and_timeline_pages_load_only_local_assets(viewer: TestClient) -> None:
    for path in ("/map?type=detention", "/timeline?type=detention"):
        page = viewer.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert all(s.startswith(("/", "#", "?")) for s in sources), sources
    assert (
        'data-points="/api/events.geojson?type=detention"' in viewer.get("/map?type=detention").text
    )
    assert 'data-url="/api/timeline?type=detention"' in viewer.get("/timeline?type=detention").text


def test_vendor_assets_are_served_from_node_modules(client: TestClient) -> None:
    missing = [
        name for name, path in VENDOR.items() if not (WebSettings().node_modules / path).is_file()
    ]
    assert not missing, f"run `npm ci` at the repository root: {missing}"

    script = client.get("/vendor/leaflet/leaflet.js")
    outlines = client.get("/vendor/countries-110m.json")

    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert outlines.json()["type"] == "Topology"
    assert client.get("/vendor/leaflet/dist/leaflet-src.js").status_code == 404
    assert client.get("/vendor/../package.json").status_code == 404


def test_pages_carry_security_headers(viewer: TestClient) -> None:
    page = viewer.get("/events")

    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"


def test_a_stored_address_that_is_not_http_is_shown_but_never_linked(
    client: TestClient, login: Login, desk: Desk
) -> None:
    import dataclasses

    from webdesk import document

    hostile = dataclasses.replace(
        document("minsk-en.txt"), name="old.txt", address="javascript:alert(document.cookie)"
    )
    hostile = dataclasses.replace(hostile, text=hostile.text + " Old.", raw=b"old bytes")
    hostile = dataclasses.replace(hostile, sha256=type(hostile).hash_bytes(hostile.raw))
    desk.store.save_extraction(hostile, [], extractor="hand/1")
    login("vera")

    page = client.get("/documents/old.txt")
    linked = client.get("/documents/minsk-en.txt")

    assert page.status_code == 200 and "javascript:alert(document.cookie)" in page.text
    assert 'href="javascript:' not in page.text
    assert '<a href="https://example.org/minsk-en.txt"' in linked.text
