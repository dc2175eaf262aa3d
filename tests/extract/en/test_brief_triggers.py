"""Words of short news briefs (triggers-en-v4, english-v4): armed fighting, what a rioting crowd
throws or burns, "left N dead", hearings and pleas, a crowd's road blockade, a rhetorical
accusation; each with a look-alike that names no such event.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ExtractEvents

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 3, 10)


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Troops fought rebels near the border town on Monday.", "clash"),
        ("Heavy fighting between the army and militants broke out near Taraz on Monday.", "clash"),
        ("Youths threw stones at police in Almaty on Monday.", "riot"),
        ("Rioters hurled rocks at the police and torched cars in Almaty on Monday.", "riot"),
        ("Protesters pelted officers with bottles in Almaty on Monday.", "riot"),
        ("A crowd stormed the prison in Almaty on Monday.", "riot"),
        ("A crowd ransacked the town hall in Almaty on Monday.", "riot"),
        ("The attack on the convoy left six soldiers dead on Monday.", "killing"),
        ("The court held a hearing in the case of Dana Ospan on Monday.", "legal_action"),
        ("Marat Seitkali pleaded not guilty to the charges on Monday.", "legal_action"),
        ("The prosecutors' indictment of Irina Volkova was read out on Monday.", "legal_action"),
        ("Hundreds of farmers blocked the highway in Almaty on Monday.", "protest"),
        ("Activists staged rallies in several towns against the new tax on Monday.", "protest"),
        ("Soldiers beat up detainees at the base on Monday.", "assault"),
    ],
)
def test_a_brief_names_its_event(extract_events: ExtractEvents, text: str, type_: str) -> None:
    assert type_ in {e.type for e in extract_events(text, PUBLISHED)}


@pytest.mark.parametrize(
    "text",
    [
        "The minister vowed to fight corruption on Monday.",
        "The pitcher threw the ball on Monday.",
        "The bakery burned the bread on Monday.",
        "The storm left the village without power on Monday.",
        "The senate committee held a hearing on the budget on Monday.",
        "She pleaded for calm on Monday.",
    ],
)
def test_a_look_alike_names_no_such_event(extract_events: ExtractEvents, text: str) -> None:
    assert extract_events(text, PUBLISHED) == []


def test_authorities_blocking_a_website_still_restrict(extract_events: ExtractEvents) -> None:
    events = extract_events("The authorities blocked the news website on Monday.", PUBLISHED)

    assert [e.type for e in events] == ["restriction"]


def test_an_accusation_by_a_rights_group_is_its_statement_not_a_charge(
    extract_events: ExtractEvents,
) -> None:
    rhetorical = extract_events(
        "Amnesty International accused the government of torturing detainees.", PUBLISHED
    )
    legal = extract_events(
        "Prosecutors accused Marat Seitkali of organising mass riots on Monday.", PUBLISHED
    )

    assert [(e.type, e.subtype) for e in rhetorical] == [("statement", "condemnation")]
    assert ("legal_action", "charge") in {(e.type, e.subtype) for e in legal}


def test_fighting_with_an_armed_group_stays_a_clash_without_a_firearm_word(
    extract_events: ExtractEvents,
) -> None:
    armed = extract_events("Police fought militants in Almaty on Monday.", PUBLISHED)
    unarmed = extract_events("Police clashed with protesters in Almaty on Monday.", PUBLISHED)

    assert "clash" in {e.type for e in armed}
    assert "clash" not in {e.type for e in unarmed}  # the contract: a clash is armed
