"""Search on the desk: phrases and boolean operators in the list's ``q``, the same in the API,
and a query that cannot be read answered with a plain message (422), never an error page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webdesk import Desk, Login


@pytest.fixture
def viewer(client: TestClient, login: Login) -> TestClient:
    assert login("vera")
    return client


def ids(client: TestClient, q: str) -> set[str]:
    answer = client.get("/api/events", params={"q": q})
    assert answer.status_code == 200, answer.text
    return {item["id"] for item in answer.json()["items"]}


def test_a_phrase_an_or_and_a_not(viewer: TestClient, desk: Desk) -> None:
    almaty, kyiv = desk.cluster_with("almaty-en.txt"), desk.cluster_with("kyiv-uk.txt")
    minsk = desk.cluster_with("minsk-en.txt")

    assert ids(viewer, '"detained 40 protesters"') == {almaty}
    assert ids(viewer, '"protesters detained 40"') == set()
    assert ids(viewer, "protesters OR Києві") == {almaty, kyiv}
    assert ids(viewer, "detained NOT protesters") == {kyiv}
    assert ids(viewer, "(fined OR затримала) NOT Minsk") == {kyiv}
    assert minsk in ids(viewer, "fined")


@pytest.mark.parametrize(
    ("q", "message"),
    [('"detained 40', "a quote is not closed"), ("Almaty OR", "needs words after it")],
)
def test_a_query_that_cannot_be_read_is_a_plain_message(
    viewer: TestClient, q: str, message: str
) -> None:
    page = viewer.get("/events", params={"q": q})
    api = viewer.get("/api/events", params={"q": q})

    assert page.status_code == 422
    assert message in page.text
    assert api.status_code == 422
    assert message in api.text


def test_the_list_shows_counts_and_main_actors(viewer: TestClient, desk: Desk) -> None:
    page = viewer.get("/events", params={"q": "Zhaksylykov"})

    row = page.text[page.text.index('id="events"') :]
    assert "<th>Counts</th>" in row and "<th>Main actors</th>" in row
    assert "40 detained" in row
    assert "Nurlan Zhaksylykov" in row


def test_the_api_rows_carry_the_counts_and_main_actors(viewer: TestClient, desk: Desk) -> None:
    [row] = viewer.get("/api/events", params={"q": "Zhaksylykov"}).json()["items"]

    assert row["counts"]["detained"]["min"] == 40
    assert row["main_actors"][0] == "Nurlan Zhaksylykov"
