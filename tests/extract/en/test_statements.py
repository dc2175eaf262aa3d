"""Statements from any speaker: reported speech of authorities, NGOs, lawyers and parties."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.model import Event
from tests.conftest import ExtractEvents

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 3, 10)


def _statements(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type == "statement"]


def _speakers(event: Event) -> list[tuple[str, str]]:
    return [(a.name, a.kind) for a in event.actors if a.role in ("speaker", "signatory")]


def test_a_lawyer_calling_charges_fabricated_is_a_condemnation(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Police detained the blogger Aigerim Tulegenova in Almaty on Monday. "
        "Her lawyer, Dana Ospan, said the charges against her were fabricated."
    )

    (statement,) = _statements(extract_events(text, PUBLISHED))

    assert statement.subtype == "condemnation"
    assert ("Dana Ospan", "person") in _speakers(statement)


def test_an_ngo_reporting_a_beating_condemns_it(extract_events: ExtractEvents) -> None:
    text = (
        "Police dispersed a rally in Almaty on Monday. "
        "The Helsinki Committee said officers beat several protesters."
    )

    (statement,) = _statements(extract_events(text, PUBLISHED))

    assert statement.subtype == "condemnation"


def test_a_party_urging_people_to_rally_is_an_appeal(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained 12 activists in Almaty on Monday. "
        "The opposition party urged citizens to join a rally on Sunday."
    )

    (statement,) = _statements(extract_events(text, PUBLISHED))

    assert statement.subtype == "appeal"


def test_an_authority_describing_a_protest_makes_an_official_claim(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Police detained 12 activists in Almaty on Monday. "
        "The Interior Ministry described the gathering as an illegal provocation."
    )

    (statement,) = _statements(extract_events(text, PUBLISHED))

    assert statement.subtype == "official_claim"


def test_an_authority_saying_it_detained_people_reports_the_detention_only(
    extract_events: ExtractEvents,
) -> None:
    events = extract_events("Police said they detained 30 people in Almaty on Monday.", PUBLISHED)

    assert _statements(events) == []
    assert [e.type for e in events] == ["detention"]


def test_a_bystanders_remark_is_no_statement(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained 12 activists in Almaty on Monday. "
        "A shopkeeper said the street was quiet by the evening."
    )

    assert _statements(extract_events(text, PUBLISHED)) == []


def test_a_speaker_with_nothing_about_the_events_is_no_statement(
    extract_events: ExtractEvents,
) -> None:
    text = "The Agriculture Ministry said the grain harvest would exceed last year's."

    assert extract_events(text, PUBLISHED) == []


def test_protesters_demanding_something_carry_the_protests_demand(
    extract_events: ExtractEvents,
) -> None:
    text = "About 200 miners rallied in Karaganda on Monday to demand higher wages."

    events = extract_events(text, PUBLISHED)

    assert _statements(events) == []
    assert [e.type for e in events] == ["protest"]


def test_two_remarks_of_one_speaker_are_one_statement(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained the journalist Marat Seitkali in Almaty on Monday. "
        "Amnesty International condemned the detention. "
        "Amnesty International also said the charges were politically motivated."
    )

    assert len(_statements(extract_events(text, PUBLISHED))) == 1


def test_a_former_official_accusing_the_state_condemns_it(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained 20 activists in Almaty on Monday. "
        "Former deputy minister Marat Seitkali claimed a secret police unit was behind the "
        "abductions."
    )

    (statement,) = _statements(extract_events(text, PUBLISHED))

    assert (statement.subtype, _speakers(statement)) == (
        "condemnation",
        [("Marat Seitkali", "person")],
    )


def test_a_governments_denial_is_its_claim(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained 20 activists in Almaty on Monday. "
        "Despite government denials, rights groups said the activists had been beaten."
    )

    claims = [e for e in _statements(extract_events(text, PUBLISHED)) if e.subtype]

    assert ("official_claim", [("government", "government")]) in [
        (e.subtype, _speakers(e)) for e in claims
    ]


def test_two_speakers_in_one_sentence_make_two_statements(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained 20 activists in Almaty on Monday. "
        "Despite government denials, the Helsinki Committee called on citizens to join a rally."
    )

    statements = _statements(extract_events(text, PUBLISHED))

    assert sorted((e.subtype or "") for e in statements) == ["appeal", "official_claim"]


def test_a_lawyer_who_only_tells_the_facts_is_the_reports_source(
    extract_events: ExtractEvents,
) -> None:
    text = "Police detained 12 students in Almaty on Monday, their lawyer said."

    assert [e.type for e in extract_events(text, PUBLISHED)] == ["detention"]
