"""Acts a sentence names but does not report as done: lacking, put off, aimed at, trending,
found by a court, or waited for.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ExtractEvents

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 3, 10)


def _types(extract_events: ExtractEvents, text: str) -> list[str]:
    return sorted(e.type for e in extract_events(text, PUBLISHED))


def test_an_investigation_that_is_lacking_is_no_legal_action(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Hundreds rallied in Karaganda on Monday over the lack of an investigation "
        "into the death of Marat Seitkali."
    )

    assert "legal_action" not in _types(extract_events, text)


def test_a_postponed_sentencing_is_no_sentence(extract_events: ExtractEvents) -> None:
    text = (
        "The sentencing of Marat Seitkali in Karaganda was originally scheduled for Monday "
        "but was postponed."
    )

    assert "legal_action" not in _types(extract_events, text)


def test_a_sentencing_that_was_held_is_still_a_sentence(extract_events: ExtractEvents) -> None:
    text = "A court in Karaganda sentenced Marat Seitkali to five years in prison on Monday."

    assert _types(extract_events, text) == ["legal_action"]


def test_trials_designed_to_intimidate_are_no_harassment(extract_events: ExtractEvents) -> None:
    text = (
        "Amnesty International said the authorities in Karaganda were staging sham trials "
        "designed to intimidate protesters."
    )

    assert "harassment" not in _types(extract_events, text)


def test_arrests_that_have_multiplied_are_a_trend_not_an_arrest(
    extract_events: ExtractEvents,
) -> None:
    text = "Arrests and detentions of journalists have multiplied in Kazakhstan since 2020."

    assert _types(extract_events, text) == []


def test_counted_arrests_that_happened_are_still_arrests(extract_events: ExtractEvents) -> None:
    text = "Police in Karaganda detained twelve activists on Monday."

    assert _types(extract_events, text) == ["detention"]


def test_an_act_a_court_convicted_someone_of_is_no_new_event(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "A court in Karaganda convicted Marat Seitkali of injuring a guard "
        "and blocking a road in the city."
    )

    assert _types(extract_events, text) == ["legal_action"]


def test_a_release_waited_for_is_no_release(extract_events: ExtractEvents) -> None:
    text = (
        "Supporters of Dana Ospan rallied in Karaganda on Monday and vowed to continue "
        "their protests until she is released."
    )

    assert "legal_action" not in _types(extract_events, text)
    assert "protest" in _types(extract_events, text)


def test_a_protest_someone_is_found_guilty_of_did_take_place(
    extract_events: ExtractEvents,
) -> None:
    text = "A court in Karaganda found Marat Seitkali guilty of protesting in 2021."

    assert "protest" in _types(extract_events, text)


def test_gatherings_a_rule_is_about_are_no_protest(extract_events: ExtractEvents) -> None:
    text = (
        "Marat Seitkali is serving a 10-day jail term in Karaganda for violating "
        "the regulations for public gatherings."
    )

    assert "protest" not in _types(extract_events, text)


def test_a_law_on_rallies_is_no_rally(extract_events: ExtractEvents) -> None:
    text = "Parliament in Astana debated amendments to the law on peaceful rallies on Monday."

    assert "protest" not in _types(extract_events, text)


def test_a_release_refused_is_no_release(extract_events: ExtractEvents) -> None:
    text = "The authorities in Almaty refused to release Dana Ospan on Monday."

    assert "legal_action" not in _types(extract_events, text)


def test_a_deployment_in_a_rejected_appeal_is_no_deployment(extract_events: ExtractEvents) -> None:
    text = "The government rejected an appeal for deploying troops in Almaty on Monday."

    assert "deployment" not in _types(extract_events, text)


def test_a_rejected_ban_was_still_imposed(extract_events: ExtractEvents) -> None:
    text = "The opposition rejected the ban on rallies in Almaty on Monday."

    assert "restriction" in _types(extract_events, text)


def test_a_trial_awaited_has_not_happened(extract_events: ExtractEvents) -> None:
    text = "Marat Seitkali is in a prison in Almaty awaiting trial."

    assert "legal_action" not in _types(extract_events, text)


@pytest.mark.parametrize(
    "text",
    [
        "Wildfires killed twelve people near Almaty on Monday.",
        "The earthquake killed eight people in Almaty on Monday.",
        "Twelve people were killed by the flood in Almaty on Monday.",
    ],
)
def test_a_death_by_fire_or_disease_is_nobodys_killing(
    extract_events: ExtractEvents, text: str
) -> None:
    assert "killing" not in _types(extract_events, text)


def test_a_killing_by_police_or_a_death_in_custody_is_still_a_killing(
    extract_events: ExtractEvents,
) -> None:
    by_police = "Police killed two protesters in Almaty on Monday."
    in_custody = "Marat Seitkali died of pneumonia in police custody in Almaty on Monday."

    assert "killing" in _types(extract_events, by_police)
    assert "killing" in _types(extract_events, in_custody)


def test_a_strike_called_off_was_not_held(extract_events: ExtractEvents) -> None:
    called_off = "The teachers' union in Almaty called off the strike on Monday."
    held = "The teachers' union in Almaty held a strike on Monday."

    assert "protest" not in _types(extract_events, called_off)
    assert "protest" in _types(extract_events, held)


@pytest.mark.parametrize(
    "text",
    [
        "The government lifted the state of emergency in Almaty on Monday.",
        "The authorities eased the curfew in Almaty on Monday.",
        "The curfew in Almaty was lifted on Monday.",
    ],
)
def test_a_restriction_lifted_is_a_concession_not_a_new_restriction(
    extract_events: ExtractEvents, text: str
) -> None:
    assert _types(extract_events, text) == ["concession"]


def test_what_is_ended_besides_a_restriction_did_happen(extract_events: ExtractEvents) -> None:
    assert "protest" in _types(extract_events, "Police ended the protest in Almaty on Monday.")
    assert _types(extract_events, "The weightlifter lifted 200 kilograms on Monday.") == []
