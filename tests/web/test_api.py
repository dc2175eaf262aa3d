"""The JSON API: the list's filters, full-text search and paging, exports, map and timeline
data, documents, people, the docs page, and one error shape for every refusal."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webdesk import TEXTS, Desk, Login


@pytest.fixture
def api(client: TestClient, login: Login) -> TestClient:
    assert login("vera")
    return client


def ids(api: TestClient, query: str) -> list[str]:
    response = api.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def types(api: TestClient, query: str) -> list[str]:
    return [item["type"] for item in api.get(f"/api/events?{query}&limit=50").json()["items"]]


def test_the_list_filters_by_type_date_place_and_status(api: TestClient) -> None:
    assert types(api, "type=detention") == ["detention", "detention"]
    assert types(api, "since=2022-01-05&until=2022-01-06") == ["detention", "statement"]
    assert sorted(types(api, "place=KZ")) == ["detention", "statement"]
    assert types(api, "place=minsk") == ["legal_action"]
    assert types(api, "status=announced") == []


def test_full_text_search(api: TestClient, desk: Desk) -> None:
    assert types(api, "q=Hrynkevich") == ["legal_action"]
    assert types(api, "q=amnesty") == ["statement"]
    assert ids(api, "q=Гайдамак") == [desk.cluster_with("kyiv-uk.txt")]
    assert types(api, "q=nothing+like+this") == []


def test_paging_and_order(api: TestClient, desk: Desk) -> None:
    first = api.get("/api/events?limit=2").json()
    second = api.get("/api/events?limit=2&offset=2").json()

    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert [i["date"]["start"] for i in first["items"]] == ["2022-01-03", "2022-01-05"]
    assert ids(api, "order=-sources&limit=1") == [desk.cluster_with("almaty-en.txt")]
    assert ids(api, "order=-date&limit=1") == [desk.cluster_with("minsk-en.txt")]
    assert api.get("/api/events?offset=4").json()["items"] == []


def test_a_row_carries_sources_disputes_and_review(api: TestClient, desk: Desk) -> None:
    [row] = [i for i in api.get("/api/events").json()["items"] if i["n_sources"] == 2]

    assert row["id"] == desk.cluster_with("almaty-ru.txt")
    assert row["disputed"] == ["counts.detained"]
    assert row["review"] == "unreviewed"


def test_the_person_filter(api: TestClient, desk: Desk) -> None:
    [person] = desk.store.find_entities("Ales Hrynkevich")

    assert types(api, f"person={person.id}") == ["legal_action"]


@pytest.mark.parametrize(
    "typed", ["Zhaksylykov", "Жаксылыков", "Zhaksylikov", "Jaksylykov", "nurlan zhaks"]
)
def test_a_person_by_name_in_any_script_or_spelling(
    api: TestClient, desk: Desk, typed: str
) -> None:
    # Nurlan Zhaksylykov was named in English and in Russian in the Almaty detention.
    assert ids(api, f"person={typed}") == [desk.cluster_with("almaty-en.txt")]


def test_a_name_nobody_has_finds_nothing(api: TestClient) -> None:
    assert types(api, "person=Tulegenova") == []


@pytest.mark.parametrize("typed", ["KZ", "kz", "Kazakhstan", "Казахстан", "KAZ"])
def test_a_country_by_name_or_code_in_any_script_gives_the_same(
    api: TestClient, typed: str
) -> None:
    assert sorted(types(api, f"place={typed}")) == ["detention", "statement"]


def test_a_city_typed_in_cyrillic_finds_its_latin_name(api: TestClient) -> None:
    # The Minsk report is English only; «Минск» reads "Minsk" in Latin letters.
    assert types(api, "place=Минск") == ["legal_action"]


def test_one_happening_in_full(api: TestClient, desk: Desk) -> None:
    cluster = desk.cluster_with("almaty-en.txt")

    data = api.get(f"/api/events/{cluster}").json()

    assert data["id"] == cluster
    assert data["sources"] == ["almaty-en.txt", "almaty-ru.txt"]
    claims = data["claims"]["counts"]["detained"]
    assert {c["attributed_to"] for c in claims} == {"witnesses", "МВД"}
    assert data["review"] == "unreviewed" and data["history"] == []


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/events/cl_nothing_here", 404, "not_found"),
        ("/api/no/such/route", 404, "not_found"),
        ("/api/events?since=yesterday", 422, "invalid"),
        ("/api/events?type=picnic", 422, "invalid"),
        ("/api/events?order=random", 422, "invalid"),
        ("/api/events?limit=0", 422, "invalid"),
        ("/api/export/xlsx", 422, "invalid"),
        ("/api/documents/missing.txt", 404, "not_found"),
        ("/api/people/pe_nobody", 404, "not_found"),
    ],
)
def test_every_error_has_one_shape(api: TestClient, path: str, status: int, code: str) -> None:
    response = api.get(path)

    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_a_wrong_method_has_the_error_shape_too(api: TestClient) -> None:
    response = api.delete("/api/events")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_an_invalid_review_body_has_the_error_shape(client: TestClient, login: Login) -> None:
    csrf = login("ana")
    response = client.post(
        "/api/events/anything/reviews", json={"action": "bless"}, headers={"X-CSRF-Token": csrf}
    )

    assert response.status_code == 422
    assert "action" in response.json()["error"]["message"]


def test_exports_follow_the_filters(api: TestClient) -> None:
    jsonl = api.get("/api/export/jsonl?type=detention")
    table = api.get("/api/export/csv?place=KZ")
    geo = api.get("/api/export/geojson")

    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in jsonl.headers["content-disposition"]
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [line["type"] for line in lines] == ["detention", "detention"]
    assert len(list(csv.DictReader(io.StringIO(table.text)))) == 2
    assert len(geo.json()["features"]) == 4


def test_map_points_are_small_and_filtered(api: TestClient) -> None:
    collection = api.get("/api/events.geojson?type=detention").json()

    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    point = collection["features"][0]
    assert point["geometry"]["type"] == "Point"
    assert set(point["properties"]) >= {"id", "type", "date", "place", "n_sources", "review"}
    assert "evidence" not in point["properties"]


def test_the_map_accounts_for_every_happening(api: TestClient) -> None:
    collection = api.get("/api/events.geojson").json()

    # All four are placed in cities: points, nothing shaded, nothing left out.
    assert collection["total"] == 4
    assert len(collection["features"]) == 4
    assert collection["countries"] == []
    assert collection["unplaced"] == 0
    assert {f["properties"]["precision"] for f in collection["features"]} == {"city"}


def test_the_timeline_gives_each_happening_its_span(api: TestClient) -> None:
    data = api.get("/api/timeline?type=legal_action").json()

    [fine] = data["happenings"]
    assert (fine["start"], fine["stop"], fine["precision"]) == ("2022-01-10", "2022-01-11", "day")
    assert data["undated"] == 0


def test_timeline_counts_per_day_by_type(api: TestClient) -> None:
    data = api.get("/api/timeline").json()

    assert data["days"] == ["2022-01-03", "2022-01-05", "2022-01-06", "2022-01-10"]
    series: dict[str, Any] = {s["type"]: s["counts"] for s in data["series"]}
    assert series["detention"] == [1, 1, 0, 0]
    assert series["legal_action"] == [0, 0, 0, 1]
    assert data["undated"] == 0


def test_a_document_and_its_original_bytes(api: TestClient) -> None:
    document = api.get("/api/documents/almaty-ru.txt").json()
    original = api.get("/api/originals/almaty-ru.txt")

    assert document["text"] == TEXTS["almaty-ru.txt"]
    assert document["outlet"] == "Test Wire"
    assert document["ingested_by"] == "tester"
    assert original.content == TEXTS["almaty-ru.txt"].encode("utf-8")
    assert original.headers["content-type"].startswith("text/plain")
    assert original.headers["content-disposition"].startswith("attachment;")
    assert original.headers["x-content-sha256"] == document["sha256"]


def test_people_and_a_timeline(api: TestClient) -> None:
    found = api.get("/api/people?q=Hrynkevich").json()
    [person] = found["items"]
    story = api.get(f"/api/people/{person['id']}").json()

    assert person["happenings"] == 1
    assert [step["roles"] for step in story["timeline"]] == [["fined"]]


def test_the_api_docs_need_a_login_and_fetch_nothing_outside(
    client: TestClient, login: Login
) -> None:
    assert client.get("/api/docs").headers["location"] == "/login?next=%2Fapi%2Fdocs"
    assert client.get("/api/openapi.json").status_code == 401
    login("vera")

    page = client.get("/api/docs")
    schema = client.get("/api/openapi.json").json()

    assert page.status_code == 200
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "http" not in "".join(
        line for line in page.text.splitlines() if "<script" in line or "stylesheet" in line
    )
    assert "/api/events" in schema["paths"]
    assert set(schema["components"]["schemas"]["ErrorBody"]["properties"]) == {"error"}
    assert "/events" not in schema["paths"]
