"""Editing by form, not JSON: a date by its start, end and precision, a place by name from the
gazetteer, a count by its figures, actors from the closed lists; a bad value brings the page
back with what the analyst typed and one plain line."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import FormData
from webdesk import Desk, Login

from khronika.model import Event, Evidence
from khronika.web.edit_form import FormProblem, edit_value, inputs_of

TEXT = "Police detained Dana Ospan in Almaty."
EVENT = Event(
    type="detention",
    evidence=(Evidence.from_text("a.txt", TEXT, 0, len(TEXT)),),
    summary="Police detained Dana Ospan.",
)


def value(field: str, *pairs: tuple[str, str]) -> Any:
    return edit_value(field, FormData([("field", field), *pairs]), EVENT, None)


def edit(client: TestClient, csrf: str, cluster: str, **form: str) -> Any:
    return client.post(
        f"/events/{cluster}/review",
        data={"csrf_token": csrf, "action": "edit", "reason": "the court record", **form},
    )


def test_a_month_given_by_its_first_day_ends_on_its_last() -> None:
    found = value("date", ("date_start", "2022-02-01"), ("date_precision", "month"))
    assert found == {"start": "2022-02-01", "end": "2022-02-28", "precision": "month", "text": None}


@pytest.mark.parametrize(
    ("field", "pairs", "message"),
    [
        ("date", [("date_start", "5 Jan"), ("date_precision", "day")], "write it as YYYY-MM-DD"),
        (
            "date",
            [("date_start", "2022-01-05"), ("date_end", "2022-01-01"), ("date_precision", "day")],
            "the end 2022-01-01 is before the start 2022-01-05",
        ),
        ("counts.detained", [("min.detained", "forty")], "must be a whole number"),
        ("counts.detained", [("min.detained", "9"), ("max.detained", "3")], "below the least"),
        ("subtype", [("subtype", "strike")], "a detention can be one of: none"),
        ("location", [("place", "Almaty")], "no gazetteer"),
    ],
)
def test_a_bad_value_is_one_plain_line_naming_the_field(
    field: str, pairs: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(FormProblem, match=message) as refused:
        value(field, *pairs)
    assert str(refused.value).startswith(field.split(".")[0])


def test_a_count_given_once_is_its_least_and_its_most_and_cleared_is_none() -> None:
    assert value("counts.detained", ("max.detained", "12")) == {
        "min": 12,
        "max": 12,
        "text": "12",
        "attributed_to": None,
    }
    assert value("counts.detained", ("min.detained", ""), ("max.detained", "")) is None


def test_the_form_opens_on_the_current_values_with_spare_actor_rows() -> None:
    shown = inputs_of(EVENT)
    assert (shown["type"], shown["summary"], shown["date_precision"]) == (
        "detention",
        "Police detained Dana Ospan.",
        "unknown",
    )
    assert shown["actors"] == [("", "person", "target")] * 2


def test_type_date_and_place_edited_by_form_are_what_the_api_and_filters_read(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    cluster = desk.cluster_with("minsk-en.txt")
    page = client.get(f"/events/{cluster}").text
    assert 'name="date_start"' in page and 'id="edit-value"' not in page  # no JSON box

    for form in (
        {"field": "type", "type": "assault"},
        {"field": "date", "date_start": "2021-03-02", "date_precision": "day"},
        {"field": "location", "place": "almaty"},
    ):
        assert edit(client, csrf, cluster, **form).status_code == 303

    shown = client.get(f"/api/events/{cluster}").json()
    assert shown["type"] == "assault"
    assert shown["date"]["start"] == shown["date"]["end"] == "2021-03-02"
    assert (shown["location"]["name"], shown["location"]["country"]) == ("Almaty", "KZ")
    assert shown["location"]["lat"] is not None
    found = client.get("/api/events?type=assault&place=KZ&since=2021-03-01&until=2021-03-03")
    assert [e["id"] for e in found.json()["items"]] == [cluster]


def test_an_unknown_place_comes_back_with_the_input_and_a_plain_message(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    cluster = desk.cluster_with("minsk-en.txt")

    refused = edit(client, csrf, cluster, field="location", place="Xqzzyville")

    assert refused.status_code == 422
    assert "location: &#39;Xqzzyville&#39; is not in the gazetteer" in refused.text
    assert 'value="Xqzzyville"' in refused.text  # the analyst's input, kept
    assert '<option value="location" selected>' in refused.text
    assert "the court record</textarea>" in refused.text
    assert desk.store.reviews(cluster_id=cluster) == []


def test_actors_are_rows_of_the_closed_lists(client: TestClient, login: Login, desk: Desk) -> None:
    csrf = login("ana")
    cluster = desk.cluster_with("minsk-en.txt")
    rows = [("Irina Volkova", "person", "target"), ("riot police", "police", "perpetrator")]
    form = [
        ("csrf_token", csrf),
        ("action", "edit"),
        ("field", "actors"),
        ("reason", "both named in the report"),
    ]
    for name, kind, role in [*rows, ("", "person", "target")]:
        form += [("actor_name", name), ("actor_kind", kind), ("actor_role", role)]

    done = client.post(
        f"/events/{cluster}/review",
        content="&".join(f"{k}={v}" for k, v in form).replace(" ", "+"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 303
    actors = client.get(f"/api/events/{cluster}").json()["actors"]
    assert [(a["name"], a["kind"], a["role"]) for a in actors] == rows

    wrong = edit(
        client,
        csrf,
        cluster,
        field="actors",
        actor_name="Marat Seitkali",
        actor_kind="wizard",
        actor_role="target",
    )
    assert wrong.status_code == 422
    assert "actors, row 1 kind: choose one of person, police" in wrong.text
