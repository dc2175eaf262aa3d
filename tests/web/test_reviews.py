"""Reviews from the desk: verify and reject set the status, an edit changes the reviewed view
(never the machine's reading), the history keeps everything, a revert undoes, and merges and
splits change the happenings at once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from webdesk import Desk, Login


@pytest.fixture
def csrf(client: TestClient, login: Login) -> str:
    token = login("ana")
    assert token
    return token


def review(client: TestClient, csrf: str, cluster: str, **form: str) -> Any:
    response = client.post(f"/events/{cluster}/review", data={"csrf_token": csrf, **form})
    assert response.status_code == 303, response.text
    return response


def test_verify_shows_in_the_status_the_history_and_the_filter(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    cluster = desk.cluster_with("kyiv-uk.txt")

    done = review(client, csrf, cluster, action="verify", reason="confirmed by a second outlet")
    page = client.get(done.headers["location"])

    assert "verified" in page.text
    assert "confirmed by a second outlet" in page.text
    verified = client.get("/api/events?review=verified").json()["items"]
    assert [i["id"] for i in verified] == [cluster]
    assert client.get("/api/events?review=unreviewed").json()["total"] == 3
    [entry] = desk.store.audit_log(account="ana", limit=1)
    assert entry.action == "review"


def test_the_list_offers_every_review_status_as_a_filter(client: TestClient, csrf: str) -> None:
    page = client.get("/events?review=changed")

    assert page.status_code == 200
    for status, label in (("needs_review", "needs review"), ("changed", "changed")):
        assert f'<option value="{status}"' in page.text
        assert f">{label}</option>" in page.text
    assert '<option value="changed" selected>' in page.text


def test_a_review_needs_a_reason(client: TestClient, csrf: str, desk: Desk) -> None:
    cluster = desk.cluster_with("kyiv-uk.txt")

    response = client.post(
        f"/events/{cluster}/review", data={"csrf_token": csrf, "action": "reject", "reason": " "}
    )

    assert response.status_code == 422
    assert desk.store.reviews(cluster_id=cluster) == []


def test_an_edit_changes_the_reviewed_view_and_a_revert_restores_it(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    cluster = desk.cluster_with("almaty-en.txt")
    machine = desk.store.cluster(cluster)
    assert machine is not None

    review(
        client,
        csrf,
        cluster,
        action="edit",
        field="counts.detained",
        **{"min.detained": "60", "max.detained": "60", "attributed_to.detained": "МВД"},
        reason="the ministry's figure is the official count",
    )
    edited = client.get(f"/api/events/{cluster}").json()
    [entry] = edited["history"]

    assert edited["counts"]["detained"]["min"] == 60
    assert edited["edited"] == ["counts.detained"]
    assert entry["before"]["text"] == machine.event.counts["detained"].text
    assert entry["after"]["min"] == 60
    # The machine's reading is untouched: the edit is a record beside it.
    assert desk.store.cluster(cluster) == machine

    client.post(f"/reviews/{entry['id']}/revert", data={"csrf_token": csrf})
    reverted = client.get(f"/api/events/{cluster}").json()

    assert reverted["counts"]["detained"] == machine.event.to_dict()["counts"]["detained"]
    assert reverted["history"][0]["reverted_by"] == "ana"
    assert reverted["edited"] == []


def test_an_edit_in_plain_text_and_a_refused_value(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    cluster = desk.cluster_with("minsk-en.txt")

    review(client, csrf, cluster, action="edit", field="summary", summary="Fined", reason="shorter")
    bad = client.post(
        f"/events/{cluster}/review",
        data={
            "csrf_token": csrf,
            "action": "edit",
            "field": "type",
            "type": "picnic",
            "reason": "no",
        },
    )

    assert client.get(f"/api/events/{cluster}").json()["summary"] == "Fined"
    # The page comes back with a plain message, not a bare error.
    assert bad.status_code == 422
    assert "type: choose one of protest, riot" in bad.text and 'id="edit-form"' in bad.text
    assert len(desk.store.reviews(cluster_id=cluster)) == 1


def test_the_api_records_a_review_too(client: TestClient, csrf: str, desk: Desk) -> None:
    cluster = desk.cluster_with("statement-en.txt")

    response = client.post(
        f"/api/events/{cluster}/reviews",
        json={"action": "edit", "field": "status", "value": "announced", "reason": "a plan"},
        headers={"X-CSRF-Token": csrf},
    )

    assert response.status_code == 201
    assert response.json()["review"]["before"] == "occurred"
    # Filters read the reviewed view: the edited happening is announced now, not occurred.
    assert client.get("/api/events?status=occurred").json()["total"] == 3
    assert [e["id"] for e in client.get("/api/events?status=announced").json()["items"]] == [
        cluster
    ]
    assert client.get(f"/api/events/{cluster}").json()["status"] == "announced"


def test_merge_joins_two_happenings_and_its_revert_parts_them(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    almaty = desk.cluster_with("almaty-en.txt")
    kyiv = desk.cluster_with("kyiv-uk.txt")

    done = review(client, csrf, almaty, action="merge", other=kyiv, reason="one wave of arrests")

    assert desk.store.count_clusters() == 3
    merged = desk.cluster_with("kyiv-uk.txt")
    assert desk.cluster_with("almaty-en.txt") == merged
    assert done.headers["location"].startswith(f"/events/{merged}")
    [entry] = [r for r in desk.store.reviews() if r.action == "merge"]
    assert len(entry.decisions) == 1

    client.post(f"/reviews/{entry.id}/revert", data={"csrf_token": csrf})

    assert desk.store.count_clusters() == 4
    assert desk.cluster_with("almaty-en.txt") != desk.cluster_with("kyiv-uk.txt")


def test_split_takes_a_report_out(client: TestClient, csrf: str, desk: Desk) -> None:
    almaty = desk.cluster_with("almaty-en.txt")
    cluster = desk.store.cluster(almaty)
    assert cluster is not None
    russian = next(
        r for r in cluster.reports if desk.store.cluster_of(r) == almaty and r != cluster.reports[0]
    )

    review(client, csrf, almaty, action="split", report=russian, reason="a different day")

    assert desk.store.count_clusters() == 5
    assert desk.cluster_with("almaty-en.txt") != desk.cluster_with("almaty-ru.txt")
    assert client.get("/api/events?type=detention").json()["total"] == 3


def test_merging_a_happening_with_itself_is_refused(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    almaty = desk.cluster_with("almaty-en.txt")

    response = client.post(
        f"/events/{almaty}/review",
        data={"csrf_token": csrf, "action": "merge", "other": almaty, "reason": "same"},
    )

    assert response.status_code == 422
    assert desk.store.reviews() == []


def test_a_review_of_a_missing_happening_is_not_found(client: TestClient, csrf: str) -> None:
    response = client.post(
        "/api/events/cl_missing00/reviews",
        json={"action": "verify", "reason": "x"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_reverting_twice_is_a_conflict(client: TestClient, csrf: str, desk: Desk) -> None:
    cluster = desk.cluster_with("kyiv-uk.txt")
    review(client, csrf, cluster, action="reject", reason="a rumour")
    [entry] = desk.store.reviews(cluster_id=cluster)
    headers = {"X-CSRF-Token": csrf}

    first = client.post(f"/api/reviews/{entry.id}/revert", headers=headers)
    second = client.post(f"/api/reviews/{entry.id}/revert", headers=headers)

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
