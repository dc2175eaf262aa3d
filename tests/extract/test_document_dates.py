"""Dates a whole report gives its events: the anchor chain, what is carried to the next
sentence and what is not, seen through the English extractor on short invented reports.

Publication date 2022-03-10 is a Thursday, so "on Monday" is 2022-03-07.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from khronika.model import Event

pytestmark = pytest.mark.model

ExtractEvents = Callable[..., list[Event]]
THURSDAY = date(2022, 3, 10)
MONDAY = date(2022, 3, 7)
TUESDAY = date(2022, 3, 8)


def _one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, f"expected one {type_}, got {[e.to_dict() for e in events]}"
    return found[0]


def _day(event: Event) -> tuple[date | None, date | None, str]:
    return event.date.start, event.date.end, event.date.precision


# --- the anchor chain --------------------------------------------------------------------------


def test_an_events_own_date_anchors_the_next_day(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Aigerim Tulegenova in Almaty on Monday. "
        "The next day, a court sentenced her to ten days in jail."
    )

    event = _one(extract_events(text, THURSDAY), "legal_action")

    assert _day(event) == (TUESDAY, TUESDAY, "day")


def test_a_later_phrase_in_the_same_sentence_leans_on_the_earlier_one(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Police detained Marat Seitkali on Monday, and a court sentenced him to ten days in "
        "jail the next day."
    )

    event = _one(extract_events(text, THURSDAY), "legal_action")

    assert _day(event) == (TUESDAY, TUESDAY, "day")


# --- what is carried to the next sentence ------------------------------------------------------


def test_a_date_inside_a_noun_phrase_is_not_carried(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Marat Seitkali in Almaty on Monday. "
        "He had spoken at the demonstrations of January 2022. "
        "Officers also searched his apartment."
    )

    event = _one(extract_events(text, THURSDAY), "harassment")

    assert _day(event) == (MONDAY, MONDAY, "day")


def test_a_date_inside_a_noun_phrase_dates_only_its_noun(extract_events: ExtractEvents) -> None:
    text = (
        "A court in Almaty sentenced Dana Ospan, who was arrested for her part in the "
        "2021 protests, to two years in prison."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


def test_a_period_since_a_date_is_not_carried(extract_events: ExtractEvents) -> None:
    text = (
        "Aigerim Tulegenova has been on hunger strike since 3 February 2022. "
        "Police detained her husband in Almaty."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


def test_a_year_is_not_carried(extract_events: ExtractEvents) -> None:
    text = "Marat Seitkali founded the party in 2019. Police detained him in Almaty."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


# --- the date line ------------------------------------------------------------------------------


def test_a_date_line_dates_the_report_when_the_metadata_does_not(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Activists detained in Almaty\n\n10 Mar 2022 14:05\n\n"
        "Police detained Marat Seitkali in Almaty on Monday."
    )

    event = _one(extract_events(text), "detention")

    assert _day(event) == (MONDAY, MONDAY, "day")


def test_the_date_line_is_the_bound_no_event_passes(extract_events: ExtractEvents) -> None:
    text = (
        "Activists detained in Almaty\n\n10 Mar 2022 14:05\n\n"
        "Police detained Marat Seitkali in Almaty on 20 May 2022."
    )

    event = _one(extract_events(text), "detention")

    assert event.date.precision == "unknown"


# --- a weekday the text states in full elsewhere -----------------------------------------------


def test_a_weekday_is_the_day_the_text_states_for_it(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Marat Seitkali in Almaty on Thursday. "
        "The strike began on Thursday, 3 March 2022, at the city's bus depots."
    )

    event = _one(extract_events(text), "detention")

    assert _day(event) == (date(2022, 3, 3), date(2022, 3, 3), "day")


def test_a_weekday_without_its_full_date_stays_unknown(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Marat Seitkali in Almaty on Tuesday. "
        "The strike began on Thursday, 3 March 2022, at the city's bus depots."
    )

    event = _one(extract_events(text), "detention")

    assert (event.date.precision, event.date.text) == ("unknown", "on Tuesday")


# --- a date of another clause ------------------------------------------------------------------


def test_the_day_of_a_report_is_no_date_of_the_act_it_reports(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "The court's press office announced on Tuesday that Dana Ospan had been sentenced "
        "to five years in prison."
    )

    event = _one(extract_events(text, THURSDAY), "legal_action")

    assert event.date.precision == "unknown"


def test_a_reported_act_runs_from_the_story_date_to_the_report(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Hundreds of people rallied in Almaty on Monday against rising fuel prices. "
        "On Wednesday the Interior Ministry said that officers had detained 40 of them."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert _day(event) == (MONDAY, date(2022, 3, 9), "day")


def test_a_report_of_what_is_going_on_is_dated_by_the_report(
    extract_events: ExtractEvents,
) -> None:
    text = "On Tuesday, local media reported that a protest is under way outside the akimat."

    event = _one(extract_events(text, THURSDAY), "protest")

    assert _day(event) == (TUESDAY, TUESDAY, "day")


# --- counted from another event ----------------------------------------------------------------


def test_days_after_an_earlier_event_count_from_its_date(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Marat Seitkali in Almaty on Monday. "
        "Two days after his arrest, a court sentenced him to ten days in jail."
    )

    events = extract_events(text, THURSDAY)

    assert _day(_one(events, "legal_action")) == (date(2022, 3, 9), date(2022, 3, 9), "day")
    assert _day(_one(events, "detention")) == (MONDAY, MONDAY, "day")


def test_the_event_a_phrase_counts_from_is_dated_backwards(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Twelve activists were set free on Wednesday, 9 March 2022, three days after being "
        "arrested at a rally in Almaty."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert _day(event) == (date(2022, 3, 6), date(2022, 3, 6), "day")


def test_counting_backwards_needs_a_known_day(extract_events: ExtractEvents) -> None:
    text = (
        "Twelve activists were set free on Wednesday, three days after being arrested at a "
        "rally in Almaty."
    )

    event = _one(extract_events(text), "detention")

    assert event.date.precision == "unknown"


def test_a_relative_clause_on_the_event_noun_dates_the_event(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Protests that erupted in Almaty on Monday represent the biggest challenge to the "
        "government since it came to power in 2019."
    )

    event = _one(extract_events(text, THURSDAY), "protest")

    assert _day(event) == (MONDAY, MONDAY, "day")
