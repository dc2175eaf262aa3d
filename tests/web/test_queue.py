"""The review queue: each filter with its count, the rows behind it, bulk verify and reject of
the checked rows with one reason (each recorded and audited as a single review), and the keys'
script served by the desk itself."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from queuedesk import add_near_duplicate
from webdesk import Desk, Login

from khronika.store import EventFilter
from khronika.web.queue import QUEUE, store_filter


@pytest.fixture
def csrf(client: TestClient, login: Login) -> str:
    token = login("ana")
    assert token
    return token


def counts(html: str) -> dict[str, int]:
    """Each queue filter's count, as its tab shows it."""
    found = re.findall(r'data-view="(\w+)">[^<]*<span class="count">(\d+)</span>', html)
    return {name: int(count) for name, count in found}


def listed(html: str) -> list[str]:
    return re.findall(r'name="ids" value="([^"]+)"', html)


def test_the_queue_counts_each_filter_and_opens_on_the_unreviewed(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    page = client.get("/queue")

    assert page.status_code == 200
    # Four happenings, none reviewed; Almaty's reports disagree on the detained; the Minsk fine
    # (0.6) and the statement (0.55) are below the 0.65 the desk calls low.
    assert counts(page.text) == {
        "unreviewed": 4,
        "needs_review": 0,
        "changed": 0,
        "disputed": 1,
        "low_confidence": 2,
        "duplicates": 0,
    }
    assert len(listed(page.text)) == 2  # pages of two rows in the tests
    disputed = client.get("/queue?view=disputed")
    assert listed(disputed.text) == [desk.cluster_with("almaty-en.txt")]
    assert "<td>40 detained</td>" in disputed.text
    assert "Nurlan Zhaksylykov" in disputed.text


def test_a_review_status_the_store_does_not_know_yet_counts_nothing() -> None:
    entry = next(e for e in QUEUE if e.name == "changed")
    made = store_filter(entry, 0.65)

    # Until the review work adds "changed" the store refuses it, and the queue shows 0.
    assert made is None or made.review == "changed"
    assert store_filter(next(e for e in QUEUE if e.name == "disputed"), 0.65) == EventFilter(
        disputed=True
    )


def test_the_queue_is_for_analysts(client: TestClient, login: Login) -> None:
    assert login("vera")

    assert client.get("/queue").status_code == 403


def test_bulk_verify_records_one_review_each_with_the_one_reason(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    kyiv, minsk = desk.cluster_with("kyiv-uk.txt"), desk.cluster_with("minsk-en.txt")

    done = client.post(
        "/queue/bulk",
        data={
            "csrf_token": csrf,
            "action": "verify",
            "reason": "checked against the court register",
            "ids": [kyiv, minsk],
            "view": "unreviewed",
        },
    )

    assert done.status_code == 303
    assert done.headers["location"].startswith("/queue?view=unreviewed")
    for cluster in (kyiv, minsk):
        [review] = desk.store.reviews(cluster_id=cluster)
        assert (review.action, review.author) == ("verify", "ana")
        assert review.reason == "checked against the court register"
    assert [e.action for e in desk.store.audit_log(account="ana", limit=2)] == ["review"] * 2
    page = client.get(done.headers["location"])
    assert "verify recorded for 2 happenings" in page.text
    assert counts(page.text)["unreviewed"] == 2


def test_bulk_reject_with_no_reason_or_a_stale_row_records_nothing(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    kyiv = desk.cluster_with("kyiv-uk.txt")
    form = {"csrf_token": csrf, "action": "reject", "ids": [kyiv]}

    no_reason = client.post("/queue/bulk", data={**form, "reason": "  "})
    stale = client.post(
        "/queue/bulk", data={**form, "reason": "not an event", "ids": [kyiv, "cl_gone000000"]}
    )
    nothing = client.post("/queue/bulk", data={**form, "reason": "not an event", "ids": []})

    assert no_reason.status_code == 422
    assert "needs a reason" in no_reason.text
    assert stale.status_code == 422
    assert "cl_gone000000: no such happening" in stale.text
    assert nothing.status_code == 422
    assert desk.store.reviews(cluster_id=kyiv) == []


def test_bulk_review_needs_the_session_token(client: TestClient, csrf: str, desk: Desk) -> None:
    kyiv = desk.cluster_with("kyiv-uk.txt")

    forged = client.post(
        "/queue/bulk", data={"action": "verify", "reason": "looks right", "ids": [kyiv]}
    )

    assert forged.status_code == 403
    assert desk.store.reviews(cluster_id=kyiv) == []


def test_possible_duplicates_are_listed_as_pairs_with_why_they_were_not_joined(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    akimat = add_near_duplicate(desk.store, desk.settings)

    page = client.get("/queue?view=duplicates")

    assert counts(page.text)["duplicates"] == 2  # both happenings of the one pair
    assert "1 pair" in page.text
    assert "near day uncorroborated" in page.text
    assert f"/events/{akimat}" in page.text
    assert f"/events/{desk.cluster_with('almaty-en.txt')}" in page.text
    [href] = re.findall(r'href="(/duplicates/[^"]+)"', page.text)[:1]
    assert href.count("/") == 3


def test_the_keys_script_is_served_by_the_desk(client: TestClient, csrf: str) -> None:
    page = client.get("/queue")
    script = client.get("/static/queue.js")

    assert '<script src="/static/queue.js"></script>' in page.text
    assert script.status_code == 200
    assert 'key === "j"' in script.text
