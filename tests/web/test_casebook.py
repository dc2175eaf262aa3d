"""People and cases: a case's page lists every step of one person's story in date order, undated
last, with sources; analysts record a person's attributes (audited, with a reason, checked), and
the case and the person's page show them."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from queuedesk import COURT, add_sentence
from webdesk import Desk, Login


@pytest.fixture
def csrf(client: TestClient, login: Login) -> str:
    token = login("ana")
    assert token
    return token


def steps(html: str) -> list[str]:
    table = html[html.index('id="case-steps"') :]
    return re.findall(r'<a href="/events/(cl_\w+)">', table)


def nurlan(desk: Desk) -> str:
    [entity] = [e for e in desk.store.entities("person") if e.name == "Nurlan Zhaksylykov"]
    return entity.id


def test_a_case_page_tells_one_persons_story_in_date_order(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    case = add_sentence(desk.store, desk.settings)
    detention, sentence = desk.cluster_with("almaty-en.txt"), desk.cluster_with(COURT)

    page = client.get(f"/cases/{case}")

    assert page.status_code == 200
    assert "<h1>Case of Nurlan Zhaksylykov</h1>" in page.text
    assert steps(page.text) == [detention, sentence]
    assert "2022-01-12" in page.text
    assert f'<a href="/documents/{COURT}">' in page.text
    assert f"/events?case={case}" in page.text
    # The list follows the case link: the two steps and nothing else.
    listed = client.get(f"/api/events?case={case}").json()
    assert sorted(i["id"] for i in listed["items"]) == sorted([detention, sentence])


def test_an_undated_step_comes_last(client: TestClient, csrf: str, desk: Desk) -> None:
    case = add_sentence(desk.store, desk.settings)
    detention, sentence = desk.cluster_with("almaty-en.txt"), desk.cluster_with(COURT)
    edited = client.post(
        f"/events/{detention}/review",
        data={
            "csrf_token": csrf,
            "action": "edit",
            "field": "date",
            "date_start": "",
            "date_end": "",
            "date_precision": "unknown",
            "reason": "the outlets disagree on the day",
        },
    )
    assert edited.status_code == 303, edited.text

    page = client.get(f"/cases/{case}")

    assert steps(page.text) == [sentence, detention]
    assert '<td class="nowrap">undated</td>' in page.text


def test_no_such_case_is_a_404(client: TestClient, csrf: str) -> None:
    assert client.get("/cases/case_nothing_here").status_code == 404


def test_an_analyst_records_a_persons_attributes_with_a_reason(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    person = nurlan(desk)

    done = client.post(
        f"/people/{person}/attributes",
        data={
            "csrf_token": csrf,
            "field": "detention_status",
            "value": "detained",
            "reason": "lawyer's statement",
        },
    )
    client.post(
        f"/people/{person}/attributes",
        data={"csrf_token": csrf, "field": "age", "value": "29", "reason": "court papers"},
    )

    assert done.status_code == 303
    page = client.get(f"/people/{person}")
    assert "detention status recorded" in client.get(done.headers["location"]).text
    attributes = page.text[page.text.index('id="person-attributes"') :]
    assert "detained" in attributes and "lawyer&#39;s statement" in attributes
    assert {f: a.value for f, a in desk.store.person_attributes(person).items()} == {
        "age": "29",
        "detention_status": "detained",
    }
    [entry, _] = desk.store.audit_log(account="ana", limit=2)
    assert entry.action == "person_attribute" and "age = 29" in entry.detail


def test_the_case_page_shows_what_monitors_recorded(
    client: TestClient, csrf: str, desk: Desk
) -> None:
    case = add_sentence(desk.store, desk.settings)
    desk.store.record_person_attribute(
        nurlan(desk), "occupation", "engineer", author="ana", reason="his employer"
    )

    page = client.get(f"/cases/{case}")

    assert '<span class="tag">occupation: engineer</span>' in page.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", "twenty", "age: a whole number of years from 0 to 120"),
        ("age", "340", "age: a whole number of years from 0 to 120"),
        ("detention_status", "jailed forever", "detention_status: one of at liberty"),
        ("religion", "any", "'religion' is not a person's attribute"),
    ],
)
def test_a_value_that_makes_no_sense_is_refused_and_nothing_recorded(
    client: TestClient, csrf: str, desk: Desk, field: str, value: str, message: str
) -> None:
    person = nurlan(desk)

    refused = client.post(
        f"/people/{person}/attributes",
        data={"csrf_token": csrf, "field": field, "value": value, "reason": "a source"},
    )

    assert refused.status_code == 422
    assert message in refused.text.replace("&#39;", "'")
    assert desk.store.person_attribute_history(person) == []


def test_viewers_see_attributes_but_cannot_record_them(
    client: TestClient, login: Login, desk: Desk
) -> None:
    token = login("vera")
    person = nurlan(desk)

    page = client.get(f"/people/{person}")
    refused = client.post(
        f"/people/{person}/attributes",
        data={"csrf_token": token, "field": "age", "value": "30", "reason": "x"},
    )

    assert 'id="person-attributes"' in page.text
    assert 'id="attribute-form"' not in page.text
    assert refused.status_code == 403
