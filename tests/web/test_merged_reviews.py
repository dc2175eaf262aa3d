"""Reviews that survive a merge: a verified happening merged into another keeps its verdict and
its edits in the survivor, its old address redirects there (pages and API), and reverting the
merge gives each happening its id and its reviews back. A verified and a rejected happening
merged need review, both verdicts shown."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webdesk import Desk, Login

from khronika.store import EventFilter


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
    # The verdict went with the happening, in its history; having gained a report since it was
    # verified, it is "changed since verified" (in the review filter too) until verified again.
    detail = client.get(f"/api/events/{merged}").json()
    assert detail["review"] == "changed"
    assert detail["review_notes"][0].startswith("changed since verified: 2 new reports")
    assert any(h["action"] == "verify" for h in detail["history"])
    assert merged in [e["id"] for e in client.get("/api/events?review=changed").json()["items"]]
    assert client.get("/api/events?review=verified").json()["items"] == []

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


def test_a_verified_happening_merged_into_a_rejected_one_needs_review_with_both_shown(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    kyiv, almaty = desk.cluster_with("kyiv-uk.txt"), desk.cluster_with("almaty-en.txt")
    review(client, csrf, kyiv, action="verify", reason="the court record confirms it")
    review(client, csrf, almaty, action="reject", reason="a rumour")
    review(client, csrf, kyiv, action="merge", other=almaty, reason="one wave of arrests")

    merged = desk.cluster_with("kyiv-uk.txt")
    detail = client.get(f"/api/events/{merged}").json()
    assert detail["review"] == "needs_review"
    [note] = detail["review_notes"]
    assert "verified in review" in note and "rejected in review" in note
    page = client.get(f"/events/{merged}").text
    assert 'id="review-status">needs review<' in page and "rejected in review" in page
    listed = client.get("/api/events?review=needs_review").json()["items"]
    assert [e["id"] for e in listed] == [merged]

    # Reverting the merge gives each its own verdict back.
    [merge] = [r for r in desk.store.reviews() if r.action == "merge"]
    client.post(f"/reviews/{merge.id}/revert", data={"csrf_token": csrf})
    assert client.get(f"/api/events/{kyiv}").json()["review"] == "verified"
    assert client.get(f"/api/events/{almaty}").json()["review"] == "rejected"


def test_splitting_the_founding_report_out_gives_the_retired_id_back(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    kyiv, almaty = desk.cluster_with("kyiv-uk.txt"), desk.cluster_with("almaty-en.txt")
    review(client, csrf, kyiv, action="verify", reason="the court record confirms it")
    review(client, csrf, almaty, action="reject", reason="a rumour")
    review(client, csrf, kyiv, action="merge", other=almaty, reason="one wave of arrests")
    # Almaty holds more reports: it survives, Kyiv's id retires.
    merged, retired = desk.cluster_with("kyiv-uk.txt"), kyiv
    assert merged == almaty
    [merge] = [r for r in desk.store.reviews() if r.action == "merge"]

    # The merged page shows the absorbed verdict and the merge as a ruling, with its revert.
    page = client.get(f"/events/{merged}").text
    assert f"absorbed from <code>{retired}</code>" in page
    assert 'class="tag ruling"' in page
    assert f'action="/reviews/{merge.id}/revert"' in page

    # Split the retired happening's founding report out (not a revert): its id comes back.
    [founder] = [r.id for r in desk.store.events(EventFilter(doc="kyiv-uk.txt"))]
    review(client, csrf, merged, action="split", report=founder, reason="two arrests after all")
    assert desk.store.cluster_of(founder) == retired
    assert desk.store.cluster_redirect(retired) is None
    assert client.get(f"/api/events/{kyiv}").json()["review"] == "verified"
    assert client.get(f"/api/events/{almaty}").json()["review"] == "rejected"
