"""The date and place trackers, seen through the extractor: which date and which place each
event of a short invented report gets, from its own sentence or from what came before.

Publication dates: 2022-03-10 is a Thursday, so "on Monday" is 2022-03-07.
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


def _one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, f"expected one {type_}, got {[e.to_dict() for e in events]}"
    return found[0]


def _day(event: Event) -> tuple[date | None, date | None, str]:
    return event.date.start, event.date.end, event.date.precision


# --- dates: from the event's own sentence ------------------------------------------------------


def test_date_weekday_counts_back_from_publication(extract_events: ExtractEvents) -> None:
    events = extract_events("Police detained Aigerim Tulegenova in Almaty on Monday.", THURSDAY)

    event = _one(events, "detention")
    assert _day(event) == (MONDAY, MONDAY, "day")
    assert event.date.text == "on Monday"


def test_date_last_week_is_the_monday_to_sunday_before(extract_events: ExtractEvents) -> None:
    events = extract_events("Police detained Aigerim Tulegenova in Almaty last week.", THURSDAY)

    assert _day(_one(events, "detention")) == (date(2022, 2, 28), date(2022, 3, 6), "day")


def test_date_month_without_publication_keeps_the_phrase_and_no_year(
    extract_events: ExtractEvents,
) -> None:
    events = extract_events("In March, police detained Aigerim Tulegenova in Almaty.")

    event = _one(events, "detention")
    assert _day(event) == (None, None, "unknown")
    assert event.date.text == "In March"


def test_date_month_with_publication_is_the_whole_month(extract_events: ExtractEvents) -> None:
    events = extract_events("In February, police detained Aigerim Tulegenova in Almaty.", THURSDAY)

    assert _day(_one(events, "detention")) == (date(2022, 2, 1), date(2022, 2, 28), "month")


def test_date_full_date_needs_no_publication(extract_events: ExtractEvents) -> None:
    events = extract_events("Police detained Aigerim Tulegenova in Almaty on 14 February 2021.")

    assert _day(_one(events, "detention")) == (date(2021, 2, 14), date(2021, 2, 14), "day")


def test_date_each_event_takes_the_phrase_nearest_in_its_sentence(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Police detained Aigerim Tulegenova on Monday, two days after she spoke at a rally "
        "on Saturday."
    )

    events = extract_events(text, THURSDAY)

    assert _day(_one(events, "detention")) == (MONDAY, MONDAY, "day")
    assert _day(_one(events, "protest")) == (date(2022, 3, 5), date(2022, 3, 5), "day")


def test_date_after_publication_dates_no_event(extract_events: ExtractEvents) -> None:
    text = "Police detained Marat Seitkali in Almaty, weeks before the vote on 20 May 2022."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


def test_date_without_any_phrase_is_unknown_and_empty(extract_events: ExtractEvents) -> None:
    event = _one(extract_events("Police detained Marat Seitkali in Almaty.", THURSDAY), "detention")

    assert (event.date.start, event.date.precision, event.date.text) == (None, "unknown", None)


def test_date_in_a_dateline_dates_no_event(extract_events: ExtractEvents) -> None:
    text = "Almaty, March 9, 2022 -- Police detained Marat Seitkali at a rally."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


def test_date_year_in_a_movement_name_is_no_date(extract_events: ExtractEvents) -> None:
    text = "Police detained members of the Free Steppe 2019 movement in Almaty."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


# --- dates: carried from what came before ------------------------------------------------------


def test_date_carried_within_the_paragraph_is_not_explicit(
    extract_events: ExtractEvents,
) -> None:
    text = "On Monday, Aigerim Tulegenova gave a speech in Almaty. Police detained her afterwards."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert _day(event) == (MONDAY, MONDAY, "day")
    assert event.date.text is None  # the words are in another sentence, not this event's


def test_date_is_not_carried_into_the_next_paragraph(extract_events: ExtractEvents) -> None:
    text = (
        "On Monday, Aigerim Tulegenova gave a speech in Almaty.\n\n"
        "Police detained Marat Seitkali in Shymkent."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


def test_date_same_day_leans_on_the_previous_date(extract_events: ExtractEvents) -> None:
    text = (
        "On Monday, Aigerim Tulegenova gave a speech in Almaty. "
        "On the same day, police detained Marat Seitkali."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert _day(event) == (MONDAY, MONDAY, "day")
    assert event.date.text == "On the same day"


def test_date_next_day_counts_from_the_previous_date(extract_events: ExtractEvents) -> None:
    text = (
        "On Monday, Aigerim Tulegenova gave a speech in Almaty. "
        "The next day, police detained Marat Seitkali."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert _day(event) == (date(2022, 3, 8), date(2022, 3, 8), "day")


def test_date_future_phrase_is_no_anchor(extract_events: ExtractEvents) -> None:
    text = (
        "The trial is set for 20 May 2022. "
        "On the same day, police detained Marat Seitkali in Almaty."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert event.date.precision == "unknown"


def test_date_same_day_after_an_event_with_a_date(extract_events: ExtractEvents) -> None:
    text = (
        "Police detained Aigerim Tulegenova in Almaty on Monday. "
        "On the same day, officers beat Marat Seitkali."
    )

    event = _one(extract_events(text, THURSDAY), "assault")

    assert _day(event) == (MONDAY, MONDAY, "day")


def test_date_carried_from_an_earlier_event_of_the_paragraph(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Police detained Aigerim Tulegenova in Almaty on Monday. "
        "Officers also searched her apartment."
    )

    event = _one(extract_events(text, THURSDAY), "harassment")

    assert _day(event) == (MONDAY, MONDAY, "day")


# --- places: from the event's own sentence -----------------------------------------------------


def test_place_city_in_the_sentence(extract_events: ExtractEvents) -> None:
    event = _one(extract_events("Police detained Marat Seitkali in Shymkent."), "detention")

    assert (event.location.name, event.location.country) == ("Shymkent", "KZ")
    assert (event.location.precision, event.location.text) == ("city", "Shymkent")
    assert event.location.lat is not None and event.location.lon is not None


def test_place_country_alone_is_country_precision(extract_events: ExtractEvents) -> None:
    event = _one(extract_events("Police detained Marat Seitkali in Kazakhstan."), "detention")

    assert (event.location.name, event.location.country) == (None, "KZ")
    assert (event.location.precision, event.location.text) == ("country", "Kazakhstan")


def test_place_origin_with_from_is_not_where_it_happened(extract_events: ExtractEvents) -> None:
    event = _one(extract_events("Activists from Almaty were detained in Shymkent."), "detention")

    assert event.location.name == "Shymkent"


def test_place_country_of_the_document_settles_a_shared_name(
    extract_events: ExtractEvents,
) -> None:
    events = extract_events("Lebanon's army deployed troops in Tripoli after the clashes.")

    event = _one(events, "deployment")
    assert (event.location.name, event.location.country) == ("Tripoli", "LB")


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            "Police detained Aigerim Tulegenova outside the akimat in Almaty.",
            "outside the akimat in Almaty",
        ),
        (
            "Police detained Aigerim Tulegenova in front of the court in Almaty.",
            "in front of the court in Almaty",
        ),
    ],
)
def test_place_named_site_keeps_the_city_as_name(
    extract_events: ExtractEvents, text: str, site: str
) -> None:
    event = _one(extract_events(text), "detention")

    assert (event.location.name, event.location.precision) == ("Almaty", "site")
    assert event.location.text == site


def test_place_site_without_a_city_in_the_sentence_takes_the_known_city(
    extract_events: ExtractEvents,
) -> None:
    text = "Aigerim Tulegenova lives in Almaty. Police detained her outside the akimat on Monday."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert (event.location.name, event.location.precision) == ("Almaty", "site")
    assert event.location.text == "outside the akimat"


# --- places: carried, or the country of the document -------------------------------------------


def test_place_city_of_the_paragraph_is_carried_without_text(
    extract_events: ExtractEvents,
) -> None:
    text = "Police detained Aigerim Tulegenova in Almaty. Officers also searched her apartment."

    event = _one(extract_events(text), "harassment")

    assert (event.location.name, event.location.precision) == ("Almaty", "city")
    assert event.location.text is None


def test_place_sole_city_of_the_text_reaches_another_paragraph(
    extract_events: ExtractEvents,
) -> None:
    text = "Aigerim Tulegenova lives in Almaty.\n\nPolice detained her on Monday."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert (event.location.name, event.location.text) == ("Almaty", None)


def test_place_with_two_cities_before_a_new_paragraph_is_the_country(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "Aigerim Tulegenova moved from Shymkent to Almaty.\n\n"
        "Police detained Marat Seitkali on Monday."
    )

    event = _one(extract_events(text, THURSDAY), "detention")

    assert (event.location.name, event.location.country) == (None, "KZ")
    assert event.location.precision == "country"


def test_place_dateline_alone_gives_only_the_country(extract_events: ExtractEvents) -> None:
    text = "ALMATY, Kazakhstan -- Police detained Marat Seitkali on Monday."

    event = _one(extract_events(text, THURSDAY), "detention")

    assert (event.location.name, event.location.country, event.location.precision) == (
        None,
        "KZ",
        "country",
    )


def test_place_unknown_when_the_text_names_none(extract_events: ExtractEvents) -> None:
    event = _one(extract_events("Police detained Marat Seitkali on Monday.", THURSDAY), "detention")

    assert (event.location.country, event.location.precision) == (None, "unknown")


# --- places of statements ----------------------------------------------------------------------


def test_place_statement_by_the_authorities_is_at_their_country(
    extract_events: ExtractEvents,
) -> None:
    text = (
        "The Interior Ministry of Kazakhstan said the rally in Almaty was illegal. "
        "Police detained 20 protesters."
    )

    statement = _one(extract_events(text), "statement")

    assert statement.subtype == "official_claim"
    # "in Almaty" is what the claim is about, not where it was made.
    assert (statement.location.name, statement.location.country) == (None, "KZ")
    assert statement.location.precision == "country"


def test_place_statement_by_an_ngo_abroad_has_no_place(extract_events: ExtractEvents) -> None:
    text = "Amnesty International condemned the detention of Aigerim Tulegenova in Almaty."

    statement = _one(extract_events(text), "statement")

    assert (statement.location.country, statement.location.precision) == (None, "unknown")


# --- coordinated cities ------------------------------------------------------------------------


def test_place_coordinated_cities_are_two_events(extract_events: ExtractEvents) -> None:
    events = extract_events("In Almaty and Shymkent, police detained dozens of protesters.")

    assert sorted(e.location.name or "" for e in events if e.type == "detention") == [
        "Almaty",
        "Shymkent",
    ]
