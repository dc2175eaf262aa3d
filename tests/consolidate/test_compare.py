"""Pair scores: what vetoes a pair of reports, and what each agreement is worth.

Every story compares two reports of different documents, built by hand; the points are the
named weights of ConsolidationSettings, so a story reads as the sum it expects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from khronika.consolidate.compare import Report, judge, pair_score
from khronika.model import Actor, Count, Event
from khronika.settings import ConsolidationSettings

MakeReport = Callable[..., Event]

DEFAULTS = ConsolidationSettings()
TULEGENOVA = (("Aigerim Tulegenova", "target"),)
SEITKALI = (("Marat Seitkali", "target"),)


def score(a: Event, b: Event, settings: ConsolidationSettings = DEFAULTS) -> float | None:
    return pair_score(Report.of(a), Report.of(b), settings)


# --- the facts a report is compared on -----------------------------------------------------------


def test_report_of_a_dated_city_event_keeps_its_day_place_and_region(
    make_report: MakeReport,
) -> None:
    report = Report.of(make_report("protest", doc="a.txt", day="2022-01-05", city="Zhanaozen"))

    assert (report.start, report.end, report.precision) == (
        date(2022, 1, 5),
        date(2022, 1, 5),
        "day",
    )
    assert (report.country, report.place, report.place_precision) == ("KZ", "zhanaozen", "city")
    assert report.region == "mangystau", "a city knows the region it lies in"
    assert report.site is None


def test_report_of_a_region_is_its_own_region(make_report: MakeReport) -> None:
    report = Report.of(make_report("protest", doc="a.txt", country="KZ", region="Mangystau"))

    assert (report.place, report.region, report.place_precision) == (
        "mangystau",
        "mangystau",
        "region",
    )


def test_report_of_an_undated_event_has_no_days(make_report: MakeReport) -> None:
    report = Report.of(make_report("detention", doc="a.txt", city="Almaty"))

    assert report.start is None and report.end is None
    assert report.precision == "unknown"
    assert report.date_range(1) is None


def test_a_day_is_widened_by_the_slack_but_a_month_is_not(make_report: MakeReport) -> None:
    day = Report.of(make_report("protest", doc="a.txt", day="2022-03-10"))
    month = Report.of(make_report("protest", doc="b.txt", month="2022-02"))

    assert day.date_range(1) == (date(2022, 3, 9), date(2022, 3, 11))
    assert month.date_range(1) == (date(2022, 2, 1), date(2022, 2, 28))


def test_report_of_reads_defining_people_targets_and_authors_apart(
    make_report: MakeReport,
) -> None:
    event = make_report(
        "statement",
        doc="a.txt",
        people=(
            ("Aigerim Tulegenova", "target"),
            ("Marat Seitkali", "organiser"),
            ("Dana Ospan", "speaker"),
            ("Irina Volkova", "signatory"),
        ),
        linked=True,
    )

    report = Report.of(event)

    assert report.entities == {"pe_aigerim_tulegenova", "pe_marat_seitkali"}
    assert report.targets == {"pe_aigerim_tulegenova"}
    assert report.authors == {"pe_dana_ospan", "pe_irina_volkova"}


def test_report_of_ignores_people_the_registry_has_not_linked(make_report: MakeReport) -> None:
    report = Report.of(make_report("detention", doc="a.txt", people=TULEGENOVA))

    assert report.entities == frozenset() and report.targets == frozenset()


# --- vetoes --------------------------------------------------------------------------------------


def test_two_reports_of_one_document_are_never_compared(make_report: MakeReport) -> None:
    first = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    second = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty", at=60)

    assert score(first, second) is None


def test_a_protest_and_a_detention_are_never_one_happening(make_report: MakeReport) -> None:
    protest = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    detention = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    assert score(protest, detention) is None


def test_an_announced_protest_is_not_the_protest_that_took_place(make_report: MakeReport) -> None:
    planned = make_report(
        "protest", doc="a.txt", day="2022-01-05", city="Almaty", status="announced"
    )
    held = make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty")

    assert score(planned, held) is None


def test_a_charge_and_a_trial_are_two_steps_however_alike(make_report: MakeReport) -> None:
    charge = make_report(
        "legal_action", subtype="charge", doc="a.txt", day="2022-02-01", city="Astana"
    )
    trial = make_report(
        "legal_action", subtype="trial", doc="b.txt", day="2022-02-01", city="Astana"
    )

    assert score(charge, trial) is None


def test_a_legal_step_without_a_subtype_may_be_either(make_report: MakeReport) -> None:
    charge = make_report(
        "legal_action", subtype="charge", doc="a.txt", day="2022-02-01", city="Astana"
    )
    unnamed = make_report("legal_action", doc="b.txt", day="2022-02-01", city="Astana")

    assert score(charge, unnamed) == DEFAULTS.same_day + DEFAULTS.same_city


def test_a_march_and_a_picket_may_be_one_protest_told_two_ways(make_report: MakeReport) -> None:
    march = make_report("protest", subtype="march", doc="a.txt", day="2022-01-05", city="Minsk")
    picket = make_report("protest", subtype="picket", doc="b.txt", day="2022-01-05", city="Minsk")

    assert score(march, picket) == DEFAULTS.same_day + DEFAULTS.same_city


def test_two_statements_by_different_authors_are_two_statements(
    make_report: MakeReport,
) -> None:
    one = make_report(
        "statement", doc="a.txt", day="2022-01-07", people=(("Dana Ospan", "speaker"),), linked=True
    )
    other = make_report(
        "statement",
        doc="b.txt",
        day="2022-01-07",
        people=(("Irina Volkova", "signatory"),),
        linked=True,
    )

    assert score(one, other) is None


def test_one_author_quoted_by_two_outlets_is_one_statement(make_report: MakeReport) -> None:
    speaker = (("Dana Ospan", "speaker"),)
    one = make_report("statement", doc="a.txt", day="2022-01-07", people=speaker, linked=True)
    other = make_report("statement", doc="b.txt", day="2022-01-07", people=speaker, linked=True)

    # The author is not a defining person: the shared name earns nothing, the day does.
    assert score(one, other) == DEFAULTS.same_day


def test_day_precise_dates_beyond_the_slack_contradict(make_report: MakeReport) -> None:
    twelve = {"detained": Count(12, 12, "12")}
    first = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty", counts=twelve)
    later = make_report("detention", doc="b.txt", day="2022-01-07", city="Almaty", counts=twelve)

    assert score(first, later) is None
    assert score(first, later, ConsolidationSettings(day_slack=2)) == (
        DEFAULTS.near_day + DEFAULTS.same_city
    )


def test_a_month_that_does_not_contain_the_day_contradicts(make_report: MakeReport) -> None:
    day = make_report("protest", doc="a.txt", day="2022-03-01", city="Almaty")
    month = make_report("protest", doc="b.txt", month="2022-02", city="Almaty")

    assert score(day, month) is None


def test_two_countries_contradict(make_report: MakeReport) -> None:
    minsk = make_report("protest", doc="a.txt", day="2022-01-05", city="Minsk")
    almaty = make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty")

    assert score(minsk, almaty) is None
    assert score(minsk, make_report("protest", doc="c.txt", day="2022-01-05", country="KZ")) is None


def test_two_cities_of_one_country_contradict(make_report: MakeReport) -> None:
    almaty = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    astana = make_report("protest", doc="b.txt", day="2022-01-05", city="Astana")

    assert score(almaty, astana) is None


def test_two_regions_of_one_country_contradict(make_report: MakeReport) -> None:
    west = make_report("protest", doc="a.txt", day="2022-01-05", country="KZ", region="Mangystau")
    south = make_report(
        "protest", doc="b.txt", day="2022-01-05", country="KZ", region="Almaty Region"
    )

    assert score(west, south) is None


def test_a_city_and_a_region_it_does_not_lie_in_contradict(make_report: MakeReport) -> None:
    city = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    region = make_report(
        "protest", doc="b.txt", day="2022-01-05", country="KZ", region="Almaty Region"
    )

    assert score(city, region) is None


# --- points of agreement -------------------------------------------------------------------------


def test_the_same_day_and_city_earn_the_day_and_the_city(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    assert score(a, b) == 2.0 + 2.0 == DEFAULTS.same_day + DEFAULTS.same_city


def test_a_day_apart_earns_less_than_the_same_day(make_report: MakeReport) -> None:
    twelve = {"detained": Count(12, 12, "12")}
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty", counts=twelve)
    b = make_report("detention", doc="b.txt", day="2022-01-06", city="Almaty", counts=twelve)

    assert score(a, b) == 1.5 + 2.0 == DEFAULTS.near_day + DEFAULTS.same_city


def test_a_month_containing_the_day_earns_the_least_of_dates(make_report: MakeReport) -> None:
    day = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    month = make_report("protest", doc="b.txt", month="2022-01", city="Almaty")

    assert score(day, month) == 1.0 + 2.0 == DEFAULTS.coarse_date + DEFAULTS.same_city


def test_an_undated_report_earns_nothing_for_the_date_and_loses_nothing(
    make_report: MakeReport,
) -> None:
    dated = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    undated = make_report("protest", doc="b.txt", city="Almaty")

    assert score(dated, undated) == DEFAULTS.same_city


def test_the_same_site_earns_more_than_the_same_city(make_report: MakeReport) -> None:
    square = make_report(
        "protest", doc="a.txt", day="2022-01-05", city="Almaty", site="Republic Square"
    )
    same = make_report(
        "protest", doc="b.txt", day="2022-01-05", city="Almaty", site="republic square"
    )
    other = make_report(
        "protest", doc="c.txt", day="2022-01-05", city="Almaty", site="the akimat building"
    )
    city = make_report("protest", doc="d.txt", day="2022-01-05", city="Almaty")

    assert score(square, same) == DEFAULTS.same_day + DEFAULTS.same_site == 4.5
    assert score(square, other) == DEFAULTS.same_day + DEFAULTS.same_city, "another site, one city"
    assert score(square, city) == DEFAULTS.same_day + DEFAULTS.same_city


def test_the_same_region_earns_a_point(make_report: MakeReport) -> None:
    a = make_report("protest", doc="a.txt", day="2022-01-05", country="KZ", region="Mangystau")
    b = make_report("protest", doc="b.txt", day="2022-01-05", country="KZ", region="Mangystau")

    assert score(a, b) == DEFAULTS.same_day + DEFAULTS.same_region == 3.0


def test_a_city_earns_the_region_point_with_the_region_it_lies_in(make_report: MakeReport) -> None:
    town = make_report("protest", doc="a.txt", day="2022-01-02", city="Zhanaozen")
    region = make_report("protest", doc="b.txt", day="2022-01-02", country="KZ", region="Mangystau")

    assert score(town, region) == score(region, town) == DEFAULTS.same_day + DEFAULTS.same_region


def test_a_report_known_only_to_the_country_earns_half_a_point(make_report: MakeReport) -> None:
    city = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    country = make_report("protest", doc="b.txt", day="2022-01-05", country="KZ")

    assert score(city, country) == DEFAULTS.same_day + DEFAULTS.same_country == 2.5
    assert score(city, country) < DEFAULTS.join_score, "a day in a country is not enough"


def test_a_report_with_no_place_earns_nothing_for_the_place(make_report: MakeReport) -> None:
    city = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    nowhere = make_report("protest", doc="b.txt", day="2022-01-05")

    assert score(city, nowhere) == DEFAULTS.same_day


def test_a_shared_named_person_earns_three_points(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", people=TULEGENOVA, linked=True, country="KZ")
    b = make_report("detention", doc="b.txt", people=TULEGENOVA, linked=True, country="KZ")

    assert score(a, b) == DEFAULTS.shared_person + DEFAULTS.same_country
    assert DEFAULTS.shared_person >= DEFAULTS.join_score, "a shared person alone is enough"


def test_an_organiser_shared_by_two_reports_is_a_shared_person(make_report: MakeReport) -> None:
    organiser = (("Marat Seitkali", "organiser"),)
    a = make_report("protest", doc="a.txt", day="2022-01-05", people=organiser, linked=True)
    b = make_report("protest", doc="b.txt", day="2022-01-05", people=organiser, linked=True)

    assert score(a, b) == DEFAULTS.same_day + DEFAULTS.shared_person


def test_different_named_victims_cost_a_point_and_a_half(make_report: MakeReport) -> None:
    a = make_report(
        "assault", doc="a.txt", day="2022-01-05", city="Almaty", people=TULEGENOVA, linked=True
    )
    b = make_report(
        "assault", doc="b.txt", day="2022-01-05", city="Almaty", people=SEITKALI, linked=True
    )

    expected = DEFAULTS.same_day + DEFAULTS.same_city + DEFAULTS.different_victims
    assert score(a, b) == expected == 2.5
    assert expected < DEFAULTS.join_score


def test_one_victim_named_on_one_side_only_costs_nothing(make_report: MakeReport) -> None:
    named = make_report(
        "assault", doc="a.txt", day="2022-01-05", city="Almaty", people=TULEGENOVA, linked=True
    )
    unnamed = make_report("assault", doc="b.txt", day="2022-01-05", city="Almaty")

    assert score(named, unnamed) == DEFAULTS.same_day + DEFAULTS.same_city


def test_the_score_is_symmetric(make_report: MakeReport) -> None:
    a = make_report("protest", doc="a.txt", day="2022-01-05", city="Zhanaozen", people=SEITKALI)
    b = make_report("protest", doc="b.txt", month="2022-01", country="KZ", region="Mangystau")

    assert score(a, b) == score(b, a)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ({"same_day": 5.0}, 7.0),
        ({"same_city": 0.0}, 2.0),
        ({"same_day": 0.0, "same_city": 0.0}, 0.0),
    ],
)
def test_the_weights_come_from_the_settings(
    make_report: MakeReport, weights: dict[str, float], expected: float
) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    assert score(a, b, ConsolidationSettings(**weights)) == expected


def test_a_heavier_penalty_for_different_victims_comes_from_the_settings(
    make_report: MakeReport,
) -> None:
    a = make_report("assault", doc="a.txt", people=TULEGENOVA, linked=True)
    b = make_report("assault", doc="b.txt", people=SEITKALI, linked=True)

    assert score(a, b, ConsolidationSettings(different_victims=-4.0)) == -4.0


def test_a_generic_actor_is_never_a_shared_person(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")
    police = Actor(name="police", kind="police", role="perpetrator")

    assert police in a.actors and police in b.actors
    assert score(a, b) == DEFAULTS.same_day + DEFAULTS.same_city


# --- partial dates ------------------------------------------------------------------------------


def test_a_yearless_month_day_agrees_with_the_same_day_of_a_dated_report(
    make_report: MakeReport,
) -> None:
    yearless = make_report(
        "detention", doc="a.txt", yearless=(5, 10), date_text="on May 10", city="Almaty"
    )
    dated = make_report("detention", doc="b.txt", day="2022-05-10", city="Almaty")

    assert score(yearless, dated) == DEFAULTS.same_month_day + DEFAULTS.same_city
    assert score(yearless, dated) >= DEFAULTS.join_score


def test_a_different_month_day_is_a_veto(make_report: MakeReport) -> None:
    yearless = make_report("detention", doc="a.txt", yearless=(5, 10), city="Almaty")
    dated = make_report("detention", doc="b.txt", day="2022-05-14", city="Almaty")
    other_yearless = make_report("detention", doc="c.txt", yearless=(6, 10), city="Almaty")

    assert score(yearless, dated) is None
    assert score(yearless, other_yearless) is None


def test_two_yearless_reports_of_one_month_day_agree(make_report: MakeReport) -> None:
    a = make_report("protest", doc="a.txt", yearless=(3, 8), city="Astana")
    b = make_report("protest", doc="b.txt", date_text="on 8 March", city="Astana")

    # The second keeps only the phrase, as reports stored before month and day were data do.
    assert Report.of(b).month_day == (3, 8)
    assert score(a, b) == DEFAULTS.same_month_day + DEFAULTS.same_city


def test_a_yearless_month_day_fits_a_month_precise_report_of_that_month_only(
    make_report: MakeReport,
) -> None:
    yearless = make_report("protest", doc="a.txt", yearless=(1, 5), city="Almaty")
    january = make_report("protest", doc="b.txt", month="2022-01", city="Almaty")
    february = make_report("protest", doc="c.txt", month="2022-02", city="Almaty")

    assert score(yearless, january) == DEFAULTS.coarse_date + DEFAULTS.same_city
    assert score(yearless, february) is None


# --- a neighbouring day needs corroboration -------------------------------------------------------


def test_a_neighbouring_day_alone_is_a_different_night(make_report: MakeReport) -> None:
    first = make_report("protest", doc="a.txt", day="2022-01-05", city="Zhanaozen")
    second = make_report("protest", doc="b.txt", day="2022-01-06", city="Zhanaozen")

    found = judge(Report.of(first), Report.of(second), DEFAULTS)

    assert found.vetoes == ("near_day_uncorroborated",)
    assert score(first, second) is None


@pytest.mark.parametrize(
    "corroboration",
    [
        {"people": (("Dana Ospan", "organiser"),), "linked": True},
        {"site": "Republic Square"},
        {"counts": {"participants": Count(200, 999, "hundreds")}},
        {"date_text": "overnight"},
    ],
    ids=["a shared organiser", "the same site", "overlapping counts", "a vague date phrase"],
)
def test_a_neighbouring_day_joins_with_corroboration(
    make_report: MakeReport, corroboration: dict[str, object]
) -> None:
    first = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty", **corroboration)
    other = dict(corroboration)
    other.pop("date_text", None)  # one vague phrase is enough
    second = make_report("protest", doc="b.txt", day="2022-01-06", city="Almaty", **other)

    result = score(first, second)

    assert result is not None
    assert result >= DEFAULTS.near_day + DEFAULTS.same_city


# --- negative evidence ----------------------------------------------------------------------------


def test_exact_counts_that_cannot_both_be_true_at_two_sites_are_two_happenings(
    make_report: MakeReport,
) -> None:
    square = make_report(
        "detention",
        doc="a.txt",
        day="2022-01-05",
        city="Almaty",
        site="Republic Square",
        counts={"detained": Count(12, 12, "12")},
    )
    station = make_report(
        "detention",
        doc="b.txt",
        day="2022-01-05",
        city="Almaty",
        site="the railway station",
        counts={"detained": Count(40, 40, "40")},
    )
    vaguer = make_report(
        "detention",
        doc="c.txt",
        day="2022-01-05",
        city="Almaty",
        site="the railway station",
        counts={"detained": Count(24, 99, "dozens")},
    )

    assert judge(Report.of(square), Report.of(station), DEFAULTS).vetoes == (
        "counts_at_different_sites",
    )
    # A vague figure can be true beside an exact one: no contradiction.
    assert score(square, vaguer) is not None


def test_two_charges_against_one_person_are_two_legal_steps(make_report: MakeReport) -> None:
    person = (("Marat Seitkali", "target"),)
    first = make_report(
        "legal_action",
        doc="a.txt",
        day="2022-03-01",
        city="Almaty",
        people=person,
        linked=True,
        charges=("organising an unsanctioned rally",),
    )
    second = make_report(
        "legal_action",
        doc="b.txt",
        day="2022-03-01",
        city="Almaty",
        people=person,
        linked=True,
        charges=("spreading false information",),
    )
    same = make_report(
        "legal_action",
        doc="c.txt",
        day="2022-03-01",
        city="Almaty",
        people=person,
        linked=True,
        charges=("organising an unauthorised rally",),
    )

    assert judge(Report.of(first), Report.of(second), DEFAULTS).vetoes == ("charges",)
    assert score(first, same) is not None


def test_different_articles_of_the_code_are_different_charges(make_report: MakeReport) -> None:
    first = make_report(
        "legal_action", doc="a.txt", day="2022-03-01", city="Almaty", charges=("Article 174",)
    )
    second = make_report(
        "legal_action", doc="b.txt", day="2022-03-01", city="Almaty", charges=("article 405",)
    )

    assert judge(Report.of(first), Report.of(second), DEFAULTS).vetoes == ("articles",)


def test_an_undated_legal_step_needs_more_than_a_name(make_report: MakeReport) -> None:
    person = (("Irina Volkova", "target"),)
    dated = make_report(
        "legal_action", doc="a.txt", day="2022-03-01", city="Minsk", people=person, linked=True
    )
    undated = make_report("legal_action", doc="b.txt", city="Minsk", people=person, linked=True)
    undated_same_charge = make_report(
        "legal_action",
        doc="c.txt",
        city="Minsk",
        people=person,
        linked=True,
        charges=("extremism",),
    )
    dated_same_charge = make_report(
        "legal_action",
        doc="d.txt",
        day="2022-03-01",
        city="Minsk",
        people=person,
        linked=True,
        charges=("extremism",),
    )

    assert score(dated, undated) == DEFAULTS.same_city  # the name earns nothing
    assert score(dated_same_charge, undated_same_charge) == (
        DEFAULTS.same_city + DEFAULTS.same_charge + DEFAULTS.shared_person
    )


def test_the_judgement_names_every_point(make_report: MakeReport) -> None:
    a = make_report(
        "detention", doc="a.txt", day="2022-01-05", city="Almaty", people=SEITKALI, linked=True
    )
    b = make_report(
        "detention", doc="b.txt", day="2022-01-05", city="Almaty", people=SEITKALI, linked=True
    )

    found = judge(Report.of(a), Report.of(b), DEFAULTS)

    assert dict(found.points) == {
        "same_city": DEFAULTS.same_city,
        "same_day": DEFAULTS.same_day,
        "shared_person": DEFAULTS.shared_person,
    }
    assert found.total == sum(dict(found.points).values())
    assert found.vetoes == ()
