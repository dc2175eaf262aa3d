"""A cluster's canonical view and claims: what most reports say, the conservative figure, and
the fields where reports cannot all be right."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from khronika.consolidate.claims import build_cluster
from khronika.consolidate.compare import Report
from khronika.model import Actor, Cluster, Count, Entity, Event

MakeReport = Callable[..., Event]

TULEGENOVA = Entity(
    id="pe_aigerim_tulegenova",
    kind="person",
    name="Aigerim Tulegenova",
    spellings=("Aigerim Tulegenova", "Айгерим Тулегенова"),
)


def cluster_of(events: Sequence[Event], entities: Sequence[Entity] = ()) -> Cluster:
    return build_cluster(
        "cl_test", [Report.of(e) for e in events], {entity.id: entity for entity in entities}
    )


# --- the canonical view --------------------------------------------------------------------------


def test_the_canonical_view_takes_the_cluster_id_and_every_report(make_report: MakeReport) -> None:
    a = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty", at=12)

    cluster = cluster_of([a, b])

    assert cluster.id == cluster.event.id == "cl_test"
    assert cluster.reports == (b.id, a.id), "in reading order: document, then offset"
    assert cluster.event.sources == ("a.txt", "b.txt")
    assert len(cluster.event.evidence) == 2


def test_the_date_most_reports_give_wins(make_report: MakeReport) -> None:
    events = [
        make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"),
        make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty"),
        make_report("protest", doc="c.txt", day="2022-01-06", city="Almaty"),
    ]

    assert cluster_of(events).event.date.start == date(2022, 1, 5)


def test_a_tie_between_dates_goes_to_the_more_precise(make_report: MakeReport) -> None:
    month = make_report("protest", doc="a.txt", month="2022-01", city="Almaty")
    day = make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty")

    assert cluster_of([month, day]).event.date.precision == "day"


def test_an_undated_cluster_keeps_an_unknown_date(make_report: MakeReport) -> None:
    cluster = cluster_of([make_report("protest", doc="a.txt", city="Almaty")])

    assert cluster.event.date.precision == "unknown"
    assert [c.field for c in cluster.claims] == ["location"]


def test_a_tie_between_places_goes_to_the_finer(make_report: MakeReport) -> None:
    country = make_report("protest", doc="a.txt", day="2022-01-05", country="KZ")
    city = make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty")

    assert cluster_of([country, city]).event.location.name == "Almaty"


def test_the_place_most_reports_give_beats_a_finer_one(make_report: MakeReport) -> None:
    events = [
        make_report("protest", doc="a.txt", day="2022-01-05", country="KZ", region="Mangystau"),
        make_report("protest", doc="b.txt", day="2022-01-05", country="KZ", region="Mangystau"),
        make_report("protest", doc="c.txt", day="2022-01-05", city="Zhanaozen"),
    ]

    assert cluster_of(events).event.location.precision == "region"


def test_the_subtype_most_reports_name_wins_and_a_missing_one_does_not_vote(
    make_report: MakeReport,
) -> None:
    events = [
        make_report("protest", subtype="march", doc="a.txt", day="2022-01-05"),
        make_report("protest", subtype="picket", doc="b.txt", day="2022-01-05"),
        make_report("protest", subtype="picket", doc="c.txt", day="2022-01-05"),
        make_report("protest", doc="d.txt", day="2022-01-05"),
        make_report("protest", doc="e.txt", day="2022-01-05"),
    ]

    assert cluster_of(events).event.subtype == "picket"


def test_the_summary_is_the_most_confident_reports(make_report: MakeReport) -> None:
    doubtful = make_report("protest", doc="a.txt", sentence="Some gathered.", confidence=0.55)
    sure = make_report("protest", doc="b.txt", sentence="Hundreds marched.", confidence=0.9)

    assert cluster_of([doubtful, sure]).event.summary == "Hundreds marched."


def test_charges_are_every_reports_once_whatever_their_case(make_report: MakeReport) -> None:
    a = make_report("legal_action", doc="a.txt", charges=("Extremism",))
    b = make_report("legal_action", doc="b.txt", charges=("extremism", "mass riots"))

    assert cluster_of([a, b]).event.charges == ("Extremism", "mass riots")


# --- people --------------------------------------------------------------------------------------


def test_one_person_in_two_spellings_is_one_actor_named_as_the_registry_names_her(
    make_report: MakeReport,
) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05")
    b = make_report("detention", doc="b.txt", day="2022-01-05")
    a = replace(a, actors=(Actor("Айгерим Тулегенова", "person", "target", TULEGENOVA.id),))
    b = replace(b, actors=(Actor("A. Tulegenova", "person", "target", TULEGENOVA.id),))

    [actor] = cluster_of([a, b], [TULEGENOVA]).event.actors

    assert actor == Actor("Aigerim Tulegenova", "person", "target", TULEGENOVA.id)


def test_one_person_in_two_roles_stays_twice(make_report: MakeReport) -> None:
    a = make_report("protest", doc="a.txt", day="2022-01-05")
    b = make_report("protest", doc="b.txt", day="2022-01-05")
    a = replace(a, actors=(Actor("Aigerim Tulegenova", "person", "organiser", TULEGENOVA.id),))
    b = replace(b, actors=(Actor("Aigerim Tulegenova", "person", "participant", TULEGENOVA.id),))

    roles = [actor.role for actor in cluster_of([a, b], [TULEGENOVA]).event.actors]

    assert roles == ["organiser", "participant"]


def test_generic_actors_named_alike_are_one_actor(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05")
    b = make_report("detention", doc="b.txt", day="2022-01-05")
    b = replace(b, actors=(Actor("Police", "police", "perpetrator"),))

    assert cluster_of([a, b]).event.actors == (Actor("police", "police", "perpetrator"),)


# --- counts --------------------------------------------------------------------------------------


def test_the_canonical_figure_is_the_most_conservative(make_report: MakeReport) -> None:
    ministry = make_report(
        "detention", doc="a.txt", counts={"detained": Count(40, 40, "40", "the ministry")}
    )
    monitors = make_report(
        "detention", doc="b.txt", counts={"detained": Count(120, 120, "120", "monitors")}
    )
    vague = make_report("detention", doc="c.txt", counts={"detained": Count(24, 99, "dozens")})

    assert cluster_of([ministry, monitors, vague]).event.counts["detained"].min == 24


def test_a_figure_with_only_an_upper_bound_counts_from_that_bound(make_report: MakeReport) -> None:
    at_most = make_report(
        "detention", doc="a.txt", counts={"detained": Count(None, 10, "up to 10")}
    )
    twelve = make_report("detention", doc="b.txt", counts={"detained": Count(12, 12, "12")})

    assert cluster_of([at_most, twelve]).event.counts["detained"].text == "up to 10"


def test_every_figure_stays_a_claim_with_its_document_and_source(make_report: MakeReport) -> None:
    a = make_report(
        "killing",
        doc="a.txt",
        day="2022-01-06",
        city="Almaty",
        counts={
            "killed": Count(3, 3, "3", "the health ministry"),
            "injured": Count(20, 20, "20"),
        },
    )
    b = make_report(
        "killing", doc="b.txt", day="2022-01-06", counts={"killed": Count(5, 5, "5", "relatives")}
    )

    cluster = cluster_of([a, b])
    claims = [(c.field, c.doc, c.attributed_to) for c in cluster.claims]

    assert claims == [
        ("date", "a.txt", None),
        ("date", "b.txt", None),
        ("location", "a.txt", None),
        ("counts.injured", "a.txt", None),
        ("counts.killed", "a.txt", "the health ministry"),
        ("counts.killed", "b.txt", "relatives"),
    ]
    assert Cluster.from_dict(cluster.to_dict()).claims == cluster.claims


# --- disputes ------------------------------------------------------------------------------------


def test_two_days_are_a_disputed_date_but_a_day_inside_a_month_is_not(
    make_report: MakeReport,
) -> None:
    fifth = make_report("protest", doc="a.txt", day="2022-01-05")
    sixth = make_report("protest", doc="b.txt", day="2022-01-06")
    january = make_report("protest", doc="c.txt", month="2022-01")

    assert cluster_of([fifth, sixth]).disputed == ("date",)
    assert cluster_of([fifth, january]).disputed == ()


def test_two_cities_are_a_disputed_place_but_a_city_and_its_country_are_not(
    make_report: MakeReport,
) -> None:
    almaty = make_report("protest", doc="a.txt", city="Almaty")
    astana = make_report("protest", doc="b.txt", city="Astana")
    kazakhstan = make_report("protest", doc="c.txt", country="KZ")

    assert cluster_of([almaty, astana]).disputed == ("location",)
    assert cluster_of([almaty, kazakhstan]).disputed == ()


def test_figures_that_cannot_both_be_true_are_disputed(make_report: MakeReport) -> None:
    ten = make_report("detention", doc="a.txt", counts={"detained": Count(10, 10, "10")})
    dozens = make_report("detention", doc="b.txt", counts={"detained": Count(24, 99, "dozens")})
    thirty = make_report("detention", doc="c.txt", counts={"detained": Count(30, 30, "30")})

    assert cluster_of([ten, dozens]).disputed == ("counts.detained",)
    assert cluster_of([dozens, thirty]).disputed == ()


def test_an_open_figure_overlaps_every_figure_above_its_floor(make_report: MakeReport) -> None:
    more_than = make_report(
        "detention", doc="a.txt", counts={"detained": Count(100, None, "more than 100")}
    )
    three_hundred = make_report(
        "detention", doc="b.txt", counts={"detained": Count(300, 300, "300")}
    )
    fifty = make_report("detention", doc="c.txt", counts={"detained": Count(50, 50, "50")})

    assert cluster_of([more_than, three_hundred]).disputed == ()
    assert cluster_of([more_than, fifty]).disputed == ("counts.detained",)


def test_every_disputed_field_is_named_in_a_fixed_order(make_report: MakeReport) -> None:
    a = make_report(
        "clash",
        doc="a.txt",
        day="2022-01-05",
        city="Almaty",
        counts={"injured": Count(5, 5, "5"), "detained": Count(2, 2, "2")},
    )
    b = make_report(
        "clash",
        doc="b.txt",
        day="2022-01-06",
        city="Astana",
        counts={"injured": Count(50, 50, "50"), "detained": Count(20, 20, "20")},
    )

    assert cluster_of([a, b]).disputed == ("date", "location", "counts.detained", "counts.injured")


# --- confidence ----------------------------------------------------------------------------------


def test_independent_sources_make_a_happening_likelier(make_report: MakeReport) -> None:
    one = make_report("protest", doc="a.txt", confidence=0.7)
    two = make_report("protest", doc="b.txt", confidence=0.7)

    assert cluster_of([one]).event.confidence == 0.7
    assert cluster_of([one, two]).event.confidence == 0.91  # 1 - 0.3 * 0.3


def test_a_document_counts_once_with_its_most_confident_report(make_report: MakeReport) -> None:
    weak = make_report("protest", doc="a.txt", confidence=0.5)
    strong = make_report("protest", doc="a.txt", confidence=0.8, at=40)

    assert cluster_of([weak, strong]).event.confidence == 0.8


def test_confidence_never_reaches_certainty(make_report: MakeReport) -> None:
    sure = [make_report("protest", doc=f"{n}.txt", confidence=0.95) for n in range(4)]

    assert cluster_of(sure).event.confidence == 0.99
