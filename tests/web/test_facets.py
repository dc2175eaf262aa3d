"""Facet counts beside the list: the Taraz detention (verified, two sources, 2023), a Kyiv
detention (2022), a strike announced in Kazakhstan, and a picket nobody dated or placed, each
counted under its type, country, status, year and sources; each value a link that adds itself
to the filters, and a chosen value a link that takes itself off."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from webdesk import Desk, Login

from khronika.model import Cluster, Event, Evidence, PartialDate, Place, Review
from khronika.read import Reviewed, reviewed
from khronika.web.facets import FACET_SIZE, Facet, facet_counts
from khronika.web.views import EventQuery

TEXT = "Police detained Dana Ospan. Police detained Irina Volkova. Teachers will strike. A picket."


def _cluster(cid: str, words: str, kind: str, sources: tuple[str, ...], **fields: Any) -> Cluster:
    start = TEXT.index(words)
    quotes = tuple(Evidence.from_text(doc, TEXT, start, start + len(words)) for doc in sources)
    return Cluster(event=Event(type=kind, evidence=quotes, id=cid, **fields), reports=(cid,))


def _world() -> list[Reviewed]:
    taraz = _cluster(
        "cl_taraz",
        "Police detained Dana Ospan",
        "detention",
        ("wire.txt", "ngo.txt"),
        location=Place("Taraz", "KZ", precision="city"),
        date=PartialDate(date(2023, 3, 5), date(2023, 3, 5), "day"),
    )
    kyiv = _cluster(
        "cl_kyiv",
        "Police detained Irina Volkova",
        "detention",
        ("wire.txt",),
        location=Place("Kyiv", "UA", precision="city"),
        date=PartialDate(date(2022, 1, 3), date(2022, 1, 3), "day"),
    )
    strike = _cluster(
        "cl_strike",
        "Teachers will strike",
        "protest",
        ("ngo.txt",),
        status="announced",
        location=Place("Kazakhstan", "KZ", precision="country"),
        date=PartialDate(date(2023, 4, 1), date(2023, 4, 30), "month"),
    )
    picket = _cluster("cl_picket", "A picket", "protest", ("blog.txt",))
    verify = Review(cluster="cl_taraz", action="verify", author="ana", id=1)
    return [
        reviewed(taraz, [verify]),
        reviewed(kyiv, []),
        reviewed(strike, []),
        reviewed(picket, []),
    ]


def counts(facet: Facet) -> dict[str, int]:
    return {value.label: value.count for value in facet.values}


def test_each_facet_counts_the_matching_happenings() -> None:
    facets = {facet.name: facet for facet in facet_counts(_world(), EventQuery())}

    assert list(facets) == ["type", "country", "status", "year", "source"]
    assert counts(facets["type"]) == {"detention": 2, "protest": 2}
    assert counts(facets["country"]) == {"KZ": 2, "UA": 1}
    assert facets["country"].missing == 1  # the picket has no place
    assert counts(facets["status"]) == {"occurred": 3, "announced": 1}
    assert counts(facets["year"]) == {"2023": 2, "2022": 1}
    assert facets["year"].missing == 1  # nor a date
    # A happening counts once under each of its sources.
    assert counts(facets["source"]) == {"ngo.txt": 2, "wire.txt": 2, "blog.txt": 1}


def test_most_frequent_first_then_by_name() -> None:
    [kinds, *_] = facet_counts(_world(), EventQuery())
    assert [value.label for value in kinds.values] == ["detention", "protest"]


def test_a_value_links_to_the_list_with_it_added_to_the_filters() -> None:
    query = EventQuery(type="detention", q="Ospan")
    facets = {facet.name: facet for facet in facet_counts(_world(), query)}

    [kz] = [v for v in facets["country"].values if v.label == "KZ"]
    assert parse_qs(urlsplit(kz.href).query) == {
        "type": ["detention"],
        "q": ["Ospan"],
        "place": ["KZ"],
    }
    [year] = [v for v in facets["year"].values if v.label == "2023"]
    assert parse_qs(urlsplit(year.href).query)["since"] == ["2023-01-01"]
    assert parse_qs(urlsplit(year.href).query)["until"] == ["2023-12-31"]


def test_a_chosen_value_is_marked_and_its_link_takes_it_off() -> None:
    query = EventQuery(type="detention", since=date(2023, 1, 1), until=date(2023, 12, 31))
    facets = {facet.name: facet for facet in facet_counts(_world(), query)}

    [chosen] = [v for v in facets["type"].values if v.selected]
    assert chosen.label == "detention"
    assert "type=" not in chosen.href
    [year] = [v for v in facets["year"].values if v.selected]
    assert year.label == "2023"
    assert "since=" not in year.href and "until=" not in year.href


def test_a_long_facet_shows_the_most_frequent_and_counts_the_others() -> None:
    many = [
        reviewed(_cluster(f"cl_{n}", "A picket", "protest", (f"doc-{n}.txt",)), [])
        for n in range(FACET_SIZE + 3)
    ]
    source = facet_counts(many, EventQuery())[-1]
    assert len(source.values) == FACET_SIZE
    assert source.others == 3


# --- on the desk ---------------------------------------------------------------------------------


def test_the_list_page_shows_facets_that_follow_its_filters(
    client: TestClient, login: Login
) -> None:
    assert login("vera")
    page = client.get("/events?type=detention").text

    assert 'id="facets"' in page
    assert 'id="facet-country"' in page
    assert "place=KZ" in page and "place=UA" in page
    # A country reads by its name, its code kept beside it.
    assert "Kazakhstan (KZ)</a>" in page and "Ukraine (UA)</a>" in page


def test_the_api_gives_the_facets(client: TestClient, login: Login, desk: Desk) -> None:
    assert login("vera")
    data = client.get("/api/facets?place=KZ").json()

    assert data["type"]["values"] == [
        {"value": "detention", "count": 1},
        {"value": "statement", "count": 1},
    ]
    assert data["country"] == {"values": [{"value": "KZ", "count": 2}], "others": 0, "missing": 0}
    assert {v["value"] for v in data["source"]["values"]} == {
        "almaty-en.txt",
        "almaty-ru.txt",
        "statement-en.txt",
    }
    # A source is a filter too.
    doc = client.get("/api/events?doc=statement-en.txt").json()
    assert [item["type"] for item in doc["items"]] == ["statement"]
