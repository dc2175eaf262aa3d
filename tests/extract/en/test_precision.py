"""Acts that are asked for, denied or told in another sense are no events of their own."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ExtractEvents

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 3, 10)


def _types(extract_events: ExtractEvents, text: str) -> list[str]:
    return sorted(e.type for e in extract_events(text, PUBLISHED))


# --- asked for, denied, done to nobody -----------------------------------------------------------


def test_a_release_asked_for_is_an_appeal_not_a_release(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained the journalist Marat Seitkali in Almaty on Monday. "
        "Amnesty International urged the authorities to release him immediately."
    )

    events = extract_events(text, PUBLISHED)

    assert sorted(e.type for e in events) == ["detention", "statement"]
    assert next(e for e in events if e.type == "statement").subtype == "appeal"


def test_nobody_detained_is_no_detention(extract_events: ExtractEvents) -> None:
    assert _types(extract_events, "No one was detained in Almaty on Monday, police said.") == []


def test_a_denied_beating_is_no_assault(extract_events: ExtractEvents) -> None:
    text = "Police denied beating Aigerim Tulegenova at the station in Almaty."

    assert "assault" not in _types(extract_events, text)


def test_the_act_a_person_is_convicted_of_is_no_new_event(extract_events: ExtractEvents) -> None:
    text = "A court in Almaty convicted Marat Seitkali of injuring a police officer."

    assert _types(extract_events, text) == ["legal_action"]


# --- other senses --------------------------------------------------------------------------------


def test_a_cardiac_arrest_is_no_detention(extract_events: ExtractEvents) -> None:
    text = (
        "Footballer Dana Ospan Returns To Training After Cardiac Arrest\n\nShe trained on Monday."
    )

    assert _types(extract_events, text) == []


def test_a_title_of_two_words_is_no_event(extract_events: ExtractEvents) -> None:
    assert _types(extract_events, "Arrested Youth\n\nThe series returns for a new season.") == []


def test_a_boxer_beating_his_opponent_is_no_assault(extract_events: ExtractEvents) -> None:
    text = "Marat Seitkali beat his opponent in the third round to keep his world title."

    assert _types(extract_events, text) == []


def test_showing_a_product_is_no_demonstration(extract_events: ExtractEvents) -> None:
    text = "The company demonstrated its new phone to reporters in Almaty on Monday."

    assert _types(extract_events, text) == []


def test_a_released_video_is_no_release(extract_events: ExtractEvents) -> None:
    text = "The band released a new video in Almaty on Monday."

    assert _types(extract_events, text) == []


def test_an_old_mans_death_is_no_killing(extract_events: ExtractEvents) -> None:
    text = "The writer Irina Volkova died in Almaty on Tuesday at the age of 91."

    assert _types(extract_events, text) == []


def test_people_hurt_in_a_crash_are_no_assault(extract_events: ExtractEvents) -> None:
    text = "Twelve people were injured when a bus overturned near Karaganda on Monday."

    assert _types(extract_events, text) == []


def test_a_road_closed_for_snow_is_no_restriction(extract_events: ExtractEvents) -> None:
    text = "The mountain road was closed due to snow on Monday."

    assert _types(extract_events, text) == []


def test_protesters_hurt_by_police_are_an_assault(extract_events: ExtractEvents) -> None:
    text = "Police injured dozens of protesters with batons in Almaty on Monday."

    assert "assault" in _types(extract_events, text)


def test_residents_gathering_to_discuss_a_fire_hold_no_protest(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Firefighters fought a blaze near the town on Monday. "
        "Hundreds of residents gathered at the school on Tuesday to discuss the fire."
    )

    assert _types(extract_events, text) == []
