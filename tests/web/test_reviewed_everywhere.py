"""One reviewed view everywhere: after an analyst edits a happening's type, date, place and
summary, the list's filters, full-text search, sorting, the map, the timeline, the API and the
exports all find it under the new values and no longer under the old ones. The machine's
reading is kept (the payload and every report still say what the source said)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webdesk import Desk, Login

ORSHA = {
    "name": "Orsha",
    "country": "BY",
    "admin1": None,
    "lat": 54.5,
    "lon": 30.4,
    "precision": "city",
    "text": "Orsha",
}


def edit(client: TestClient, csrf: str, cluster: str, field: str, value: Any) -> None:
    response = client.post(
        f"/api/events/{cluster}/reviews",
        json={"action": "edit", "field": field, "value": value, "reason": "the court record"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def fined(client: TestClient, login: Login, desk: Desk) -> str:
    """The Minsk fine, edited by Ana into an assault in Orsha on 20 December 2021."""
    csrf = login("ana")
    cluster = desk.cluster_with("minsk-en.txt")
    edit(client, csrf, cluster, "type", "assault")
    edit(client, csrf, cluster, "date", {"start": "2021-12-20", "end": "2021-12-20", "precision": "day", "text": None})  # fmt: skip
    edit(client, csrf, cluster, "location", ORSHA)
    edit(client, csrf, cluster, "summary", "Riot police beat the journalist Dana Ospan")
    return cluster


def ids(client: TestClient, query: str) -> list[str]:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_filters_and_search_read_the_reviewed_values(client: TestClient, fined: str) -> None:
    assert fined in ids(client, "type=assault")
    assert fined not in ids(client, "type=legal_action")
    assert fined in ids(client, "since=2021-12-01&until=2021-12-31")
    assert fined not in ids(client, "since=2022-01-10&until=2022-01-10")
    assert fined in ids(client, "place=Orsha")
    assert fined not in ids(client, "place=Minsk")
    # The edited summary is searched; the quotes stay searchable, being what the source said.
    assert fined in ids(client, "q=Ospan")


def test_sorting_by_date_uses_the_edited_date(client: TestClient, fined: str) -> None:
    # Edited back into 2021: now the earliest, where the machine's date made it the latest.
    assert ids(client, "order=date&limit=500")[0] == fined
    assert ids(client, "order=-date&limit=500")[-1] == fined


def test_the_map_timeline_and_exports_follow(client: TestClient, fined: str) -> None:
    features = client.get("/api/events.geojson?type=assault").json()["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [[30.4, 54.5]]
    timeline = json.dumps(client.get("/api/timeline?type=assault").json())
    assert "2021-12-20" in timeline and "2022-01-10" not in timeline

    exported = client.get("/api/export/csv?place=Orsha").text
    [row] = list(csv.DictReader(io.StringIO(exported)))
    assert (row["event_type"], row["event_date"], row["location"]) == (
        "assault",
        "2021-12-20",
        "Orsha",
    )
    assert client.get("/api/export/csv?place=Minsk").text.count("\n") == 1  # the header only


def test_the_machine_reading_is_kept(client: TestClient, desk: Desk, fined: str) -> None:
    machine = desk.store.cluster(fined)
    assert machine is not None and machine.event.type == "legal_action"
    assert machine.event.location.name == "Minsk"


def test_a_reverted_edit_gives_the_machine_value_back(
    client: TestClient, desk: Desk, fined: str
) -> None:
    [type_edit] = [r for r in desk.store.reviews(fined) if r.field == "type"]
    page = client.get(f"/events/{fined}")
    header = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    reverted = client.post(f"/api/reviews/{type_edit.id}/revert", headers={"X-CSRF-Token": header})
    assert reverted.status_code == 200, reverted.text
    assert fined in ids(client, "type=legal_action")
    assert fined not in ids(client, "type=assault")


def test_a_new_consolidation_keeps_the_reviewed_values(
    client: TestClient, desk: Desk, fined: str
) -> None:
    from khronika import pipeline

    pipeline.consolidate_store(desk.store, desk.settings)
    assert fined in ids(client, "type=assault&place=Orsha")
    assert fined not in ids(client, "type=legal_action")
