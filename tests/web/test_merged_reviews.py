"""Reviews that survive a merge: a verified happening merged into another keeps its verdict and
its edits in the survivor, its old address redirects there (pages and API), and reverting the
merge gives each happening its id and its reviews back."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webdesk import Desk, Login


def review(client: TestClient, csrf: str, cluster: str, **form: str) -> None:
    response = client.post(f"/events/{cluster}/review", data={"csrf_token": csrf, **form})
    assert response.status_code == 303, response.text


def test_a_verified_happening_merged_away_keeps_its_review_and_its_address(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    kyiv, almaty = desk.cluster_with("kyiv-uk.txt"), desk.cluster_with("almaty-en.txt")
    review(client, csrf, kyiv, action="verify", reason="confirmed by the court record")
    review(client, csrf, almaty, action="merge", other=kyiv, reason="one wave of arrests")

    merged = desk.cluster_with("kyiv-uk.txt")
    retired = kyiv if merged == almaty else almaty
    assert desk.store.cluster(retired) is None

    # The old address leads to the survivor, on a page and in the API.
    page = client.get(f"/events/{retired}")
    api = client.get(f"/api/events/{retired}?x=1")
    assert page.status_code == 308 and page.headers["location"] == f"/events/{merged}"
    assert api.status_code == 308 and api.headers["location"] == f"/api/events/{merged}?x=1"
    # The verdict went with the happening, in its history and in the review filter.
    detail = client.get(f"/api/events/{merged}").json()
    assert detail["review"] == "verified"
    assert any(h["action"] == "verify" for h in detail["history"])
    assert merged in [e["id"] for e in client.get("/api/events?review=verified").json()["items"]]

    # Reverting the merge parts them again: each id back, the verdict with its happening.
    [merge] = [r for r in desk.store.reviews() if r.action == "merge"]
    client.post(f"/reviews/{merge.id}/revert", data={"csrf_token": csrf})
    assert desk.cluster_with("kyiv-uk.txt") == kyiv
    assert desk.store.cluster_redirect(kyiv) is None
    assert client.get(f"/api/events/{kyiv}").json()["review"] == "verified"
    assert client.get(f"/api/events/{almaty}").json()["review"] == "unreviewed"


def test_an_edit_follows_its_happening_into_a_merge(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    kyiv, almaty = desk.cluster_with("kyiv-uk.txt"), desk.cluster_with("almaty-en.txt")
    summary = "Police detained the activist Irina Volkova"
    edited = client.post(
        f"/api/events/{kyiv}/reviews",
        json={"action": "edit", "field": "summary", "value": summary, "reason": "her name"},
        headers={"X-CSRF-Token": csrf},
    )
    assert edited.status_code == 201
    review(client, csrf, kyiv, action="merge", other=almaty, reason="one wave of arrests")

    merged = desk.cluster_with("kyiv-uk.txt")
    assert client.get(f"/api/events/{merged}").json()["summary"] == summary
    assert [e["id"] for e in client.get("/api/events?q=Volkova").json()["items"]] == [merged]
