"""A possible duplicate's page: both happenings side by side with why consolidation left them
apart; "merge" joins them through the merge ruling, "not the same" keeps them apart for good;
and a happening's page says why its reports were joined."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from queuedesk import AKIMAT, add_near_duplicate
from webdesk import Desk, Login

from khronika.model import CandidatePair, Join


@pytest.fixture
def csrf(client: TestClient, login: Login) -> str:
    token = login("ana")
    assert token
    return token


@pytest.fixture
def pair(desk: Desk) -> CandidatePair:
    add_near_duplicate(desk.store, desk.settings)
    [found] = desk.store.candidate_pairs()
    return found


def href(pair: CandidatePair) -> str:
    return f"/duplicates/{pair.report_a}/{pair.report_b}"


def test_the_page_shows_both_happenings_and_why_they_were_not_joined(
    client: TestClient, csrf: str, desk: Desk, pair: CandidatePair
) -> None:
    page = client.get(href(pair))

    assert page.status_code == 200
    # The same city scored, but a day apart with no one in common the veto held.
    assert "kept apart by the rule “near day uncorroborated”" in page.text
    assert "same city" in page.text and "+2.0" in page.text
    assert "Police detained twelve people near the akimat" in page.text
    assert "Police detained 40 protesters in Almaty" in page.text
    assert "12 detained" in page.text
    # Either order of the two reports names the same pair.
    assert client.get(f"/duplicates/{pair.report_b}/{pair.report_a}").status_code == 200


def test_merge_joins_the_two_through_the_merge_ruling(
    client: TestClient, csrf: str, desk: Desk, pair: CandidatePair
) -> None:
    done = client.post(
        href(pair) + "/merge", data={"csrf_token": csrf, "reason": "same square, same night"}
    )

    assert done.status_code == 303
    merged = desk.cluster_with(AKIMAT)
    assert done.headers["location"].startswith(f"/events/{merged}")
    cluster = desk.store.cluster(merged)
    assert cluster is not None
    assert "almaty-en.txt" in cluster.event.sources
    assert [d.action for d in desk.store.decisions()] == ["merge"]
    assert desk.store.candidate_pairs() == []
    assert "merge recorded" in client.get(done.headers["location"]).text
    assert client.get(href(pair)).status_code == 404


def test_not_the_same_keeps_them_apart_and_leaves_the_queue(
    client: TestClient, csrf: str, desk: Desk, pair: CandidatePair
) -> None:
    done = client.post(
        href(pair) + "/apart", data={"csrf_token": csrf, "reason": "different squares"}
    )

    assert done.status_code == 303
    assert done.headers["location"].startswith("/queue?view=duplicates")
    [decision] = desk.store.decisions()
    assert (decision.action, decision.author) == ("split", "ana")
    assert {decision.report_a, decision.report_b} == {pair.report_a, pair.report_b}
    assert desk.store.candidate_pairs() == []
    assert desk.cluster_with(AKIMAT) != desk.cluster_with("almaty-en.txt")
    [entry] = desk.store.audit_log(account="ana", limit=1)
    assert "not the same" in entry.detail
    assert "1 pair" not in client.get(done.headers["location"]).text


def test_a_ruling_needs_a_reason_and_the_token(
    client: TestClient, csrf: str, desk: Desk, pair: CandidatePair
) -> None:
    blank = client.post(href(pair) + "/apart", data={"csrf_token": csrf, "reason": " "})
    forged = client.post(href(pair) + "/merge", data={"reason": "same"})

    assert blank.status_code == 422
    assert forged.status_code == 403
    assert desk.store.decisions() == []


def test_a_pair_that_is_not_stored_is_a_plain_404(client: TestClient, csrf: str) -> None:
    page = client.get("/duplicates/ev_nothing000/ev_neither0000")

    assert page.status_code == 404
    assert "not a possible duplicate now" in page.text


def test_a_happening_page_says_why_its_reports_were_joined(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    almaty = desk.cluster_with("almaty-en.txt")
    kyiv = desk.cluster_with("kyiv-uk.txt")

    joined = client.get(f"/events/{almaty}").text
    alone = client.get(f"/events/{kyiv}").text

    assert "Why these reports were joined" in joined
    assert "shared person +3.0" in joined
    assert "same day +2.0" in joined
    assert 'id="joined-by"' not in alone


def test_a_join_a_reviewer_made_names_the_veto_it_overrode(desk: Desk) -> None:
    almaty = desk.store.cluster(desk.cluster_with("almaty-en.txt"))
    assert almaty is not None
    ruled = Join("ev_b", "ev_a", 0.0, (), ("near_day_uncorroborated",), by="reviewer")
    block = desk.app.state.templates.get_template("_joined_by.html")

    html = block.render(cluster=replace(almaty, joined_by=(ruled,)))

    assert "overrode: near day uncorroborated" in html
    assert "a reviewer&#39;s merge" in html
