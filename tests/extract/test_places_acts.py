"""Where a coder places an act: a statement by a speaker from abroad stays unplaced unless the
text places it; one event per named city. Invented reports, run through the whole extractor."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from khronika.model import Event

ExtractEvents = Callable[..., list[Event]]

pytestmark = pytest.mark.model


def _of_type(events: list[Event], type_: str) -> list[Event]:
    return [e for e in events if e.type == type_]


def test_a_foreign_delegation_speaks_from_nowhere_the_text_names(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Police detained Dana Ospan in Almaty on Monday. "
        "The US delegation to the OSCE condemned the detention of Dana Ospan."
    )

    statements = _of_type(extract_events(text), "statement")

    assert statements
    assert all(s.location.country is None for s in statements)


def test_a_foreign_speaker_the_text_places_is_placed(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Dana Ospan in Almaty on Monday. "
        "Speaking in Vienna, the US delegation condemned the detention."
    )

    statements = _of_type(extract_events(text), "statement")

    assert [s.location.name for s in statements] == ["Vienna"]


def test_the_authorities_of_the_country_speak_from_it(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Dana Ospan in Almaty on Monday. "
        "Kazakhstan's Interior Ministry said the detention was lawful."
    )

    statements = _of_type(extract_events(text), "statement")

    assert [(s.location.country, s.location.precision) for s in statements] == [("KZ", "country")]


def test_a_case_is_where_the_court_sits_not_the_town_it_is_over(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "On Monday a court in Shymkent opened a criminal case over the protest in Zhanatas "
        "against the activist Dana Ospan."
    )

    cases = _of_type(extract_events(text), "legal_action")

    assert [c.location.name for c in cases] == ["Shymkent"]


def test_the_town_stays_the_place_after_its_region_is_named(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Hundreds of protesters gathered in Zhanaozen on Monday. "
        "They demanded the resignation of the Mangystau governor. "
        "Police detained dozens of them."
    )

    detentions = _of_type(extract_events(text), "detention")

    assert [d.location.name for d in detentions] == ["Zhanaozen"]


def test_both_cities_are_one_event_each(extract_events: ExtractEvents) -> None:
    text = (
        "Protests were held in Taraz and Shymkent on Sunday. "
        "Police detained dozens of people in both cities."
    )

    detentions = _of_type(extract_events(text), "detention")

    assert sorted(d.location.name or "" for d in detentions) == ["Shymkent", "Taraz"]


def test_both_cities_needs_two_named_before(extract_events: ExtractEvents) -> None:
    text = "Protests were held in Taraz on Sunday. Police detained dozens of people in both cities."

    detentions = _of_type(extract_events(text), "detention")

    assert [d.location.name for d in detentions] == ["Taraz"]
