"""Triggers as news is written: event nouns, light verbs, idioms and both spellings (en-v2)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ExtractEvents

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 3, 10)


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Police fired tear gas at protesters in Almaty on Monday.", "assault"),
        ("Soldiers shot at the crowd in Almaty on Monday.", "assault"),
        ("The junta choked the internet across the country on Monday.", "restriction"),
        ("Police stationed officers at every corner of the square on Monday.", "deployment"),
        ("Police made dozens of arrests in Almaty on Monday.", "detention"),
        ("Security agents abducted the activist Marat Seitkali in Almaty on Monday.", "detention"),
        ("Police carried out raids on the homes of activists in Almaty on Monday.", "harassment"),
        ("Teachers went on strike over unpaid wages in Almaty on Monday.", "protest"),
        ("Miners staged a general strike in Karaganda on Monday.", "protest"),
        ("Thousands took to the streets of Almaty on Monday.", "protest"),
        ("Rioters torched the town hall in Almaty on Monday.", "riot"),
        ("Troops and gunmen fought a gun battle in Almaty on Monday.", "clash"),
        ("The release of Aigerim Tulegenova came on Monday in Almaty.", "legal_action"),
    ],
)
def test_a_news_phrase_names_its_event(
    extract_events: ExtractEvents, text: str, type_: str
) -> None:
    assert type_ in {e.type for e in extract_events(text, PUBLISHED)}


@pytest.mark.parametrize(
    "text",
    [
        "An air strike hit the village on Monday.",
        "The striker scored twice in the cup match on Monday.",
        "The company issued a press release on Monday.",
        "The family held a small gathering at home on Monday.",
        "The documentary was shot in Almaty in 2022.",
    ],
)
def test_a_look_alike_names_no_event(extract_events: ExtractEvents, text: str) -> None:
    assert extract_events(text, PUBLISHED) == []


def test_british_and_american_spellings_make_the_same_statement(
    extract_events: ExtractEvents,
) -> None:
    british = extract_events("Amnesty International criticised the arrests.", PUBLISHED)
    american = extract_events("Amnesty International criticized the arrests.", PUBLISHED)

    assert [(e.type, e.subtype) for e in british] == [(e.type, e.subtype) for e in american]
    assert ("statement", "condemnation") in [(e.type, e.subtype) for e in british]


def test_people_stopped_and_searched_by_police_are_harassed(extract_events: ExtractEvents) -> None:
    text = "Several activists were stopped and searched by police in Almaty on Monday."

    assert "harassment" in {e.type for e in extract_events(text, PUBLISHED)}
