"""Stories of consolidation: reports from different documents become one happening, or stay apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from khronika.consolidate import consolidate, link_people
from khronika.model import Actor, Cluster, Count, Decision, Event

MakeReport = Callable[..., Event]

TULEGENOV = (("Marat Tulegenov", "target"),)


def test_two_reports_of_one_detention_become_one_cluster_with_two_sources(
    make_report: MakeReport,
) -> None:
    rferl = make_report("detention", doc="rferl.txt", day="2022-01-05", city="Almaty")
    ngo = make_report("detention", doc="ngo.html", day="2022-01-05", city="Almaty", at=40)

    result = consolidate([rferl, ngo])

    [cluster] = result.clusters
    assert cluster.event.sources == ("ngo.html", "rferl.txt")
    assert set(cluster.reports) == {rferl.id, ngo.id}
    assert len(cluster.event.evidence) == 2
    assert cluster.to_dict()["sources"] == ["ngo.html", "rferl.txt"]


def test_the_same_day_in_two_cities_is_two_happenings(make_report: MakeReport) -> None:
    almaty = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    astana = make_report("protest", doc="b.txt", day="2022-01-05", city="Astana")

    assert len(consolidate([almaty, astana]).clusters) == 2


def test_a_city_and_a_region_named_alike_stay_apart(make_report: MakeReport) -> None:
    city = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    region = make_report(
        "protest", doc="b.txt", day="2022-01-05", country="KZ", region="Almaty Region"
    )

    assert len(consolidate([city, region]).clusters) == 2


def test_a_city_joins_a_report_placed_at_its_region(make_report: MakeReport) -> None:
    town = make_report("protest", doc="a.txt", day="2022-01-02", city="Zhanaozen")
    region = make_report("protest", doc="b.txt", day="2022-01-02", country="KZ", region="Mangystau")

    [cluster] = consolidate([town, region]).clusters
    assert cluster.event.location.name == "Zhanaozen"  # the finer place wins the tie


def test_dates_a_day_apart_join_but_three_days_apart_do_not(make_report: MakeReport) -> None:
    # "Dozens" in both: overlapping figures corroborate the neighbouring day.
    dozens = {"detained": Count(24, 99, "dozens")}
    first = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty", counts=dozens)
    next_day = make_report("detention", doc="b.txt", day="2022-01-06", city="Almaty", counts=dozens)
    later = make_report("detention", doc="c.txt", day="2022-01-08", city="Almaty", counts=dozens)

    result = consolidate([first, next_day, later])

    assert sorted(len(c.reports) for c in result.clusters) == [1, 2]
    joined = next(c for c in result.clusters if len(c.reports) == 2)
    assert "date" in joined.disputed


def test_a_month_precise_report_joins_the_day_inside_it(make_report: MakeReport) -> None:
    exact = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    vague = make_report("protest", doc="b.txt", month="2022-01", city="Almaty")

    [cluster] = consolidate([vague, exact]).clusters
    assert cluster.event.date.precision == "day"
    assert cluster.disputed == ()


def test_a_disputed_count_keeps_both_claims_with_their_sources(make_report: MakeReport) -> None:
    ministry = make_report(
        "killing",
        doc="tass.txt",
        day="2022-01-06",
        city="Almaty",
        counts={"killed": Count(13, 13, "13", attributed_to="Ministry of Health")},
    )
    activists = make_report(
        "killing",
        doc="ngo.txt",
        day="2022-01-06",
        city="Almaty",
        counts={"killed": Count(24, 99, "dozens", attributed_to="activists")},
    )

    [cluster] = consolidate([ministry, activists]).clusters

    assert cluster.disputed == ("counts.killed",)
    assert cluster.event.counts["killed"].min == 13  # the most conservative figure
    claims = cluster.to_dict()["claims"]["counts"]["killed"]
    assert {(c["doc"], c["attributed_to"], c["value"]["max"]) for c in claims} == {
        ("tass.txt", "Ministry of Health", 13),
        ("ngo.txt", "activists", 99),
    }


def test_overlapping_counts_are_not_a_dispute(make_report: MakeReport) -> None:
    a = make_report(
        "detention",
        doc="a.txt",
        day="2022-01-06",
        city="Almaty",
        counts={"detained": Count(30, 30, "30")},
    )
    b = make_report(
        "detention",
        doc="b.txt",
        day="2022-01-06",
        city="Almaty",
        counts={"detained": Count(24, 99, "dozens")},
    )

    [cluster] = consolidate([a, b]).clusters
    assert cluster.disputed == ()


def test_a_spelling_variant_of_the_same_person_links_two_undated_reports(
    make_report: MakeReport,
) -> None:
    english = make_report(
        "assault", doc="a.txt", people=(("Dinara Ulpanbaeva", "target"),), country="KZ"
    )
    other = make_report(
        "assault",
        doc="b.txt",
        day="2019-05-01",
        city="Almaty",
        people=(("Dinara Ulpanbayeva", "target"),),
    )

    result = consolidate([english, other])

    [cluster] = result.clusters
    [person] = [a for a in cluster.event.actors if a.kind == "person"]
    assert person.entity is not None
    assert {m.report for m in result.mentions if m.entity == person.entity} == {
        english.id,
        other.id,
    }


def test_reports_naming_different_victims_stay_apart(make_report: MakeReport) -> None:
    one = make_report("assault", doc="a.txt", day="2022-01-05", city="Almaty", people=TULEGENOV)
    other = make_report(
        "assault",
        doc="b.txt",
        day="2022-01-05",
        city="Almaty",
        people=(("Irina Volkova", "target"),),
    )

    assert len(consolidate([one, other]).clusters) == 2


def test_an_undated_report_that_fits_two_happenings_joins_neither(make_report: MakeReport) -> None:
    january = make_report(
        "detention", doc="a.txt", day="2022-01-05", city="Almaty", people=TULEGENOV
    )
    may = make_report("detention", doc="b.txt", day="2022-05-01", city="Almaty", people=TULEGENOV)
    undated = make_report("detention", doc="c.txt", people=TULEGENOV)

    assert len(consolidate([january, may, undated]).clusters) == 3


def test_a_charge_and_a_trial_of_one_person_are_two_steps_of_one_case(
    make_report: MakeReport,
) -> None:
    protest = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    detained = make_report(
        "detention", doc="a.txt", day="2022-01-05", city="Almaty", people=TULEGENOV, at=30
    )
    charged = make_report(
        "legal_action",
        subtype="charge",
        doc="b.txt",
        day="2022-01-20",
        city="Almaty",
        people=TULEGENOV,
    )
    tried = make_report(
        "legal_action",
        subtype="trial",
        doc="c.txt",
        day="2022-01-20",
        city="Almaty",
        people=TULEGENOV,
    )

    result = consolidate([tried, charged, detained, protest])

    assert len(result.clusters) == 4
    assert len({c.case for c in result.clusters}) == 1
    assert None not in {c.case for c in result.clusters}
    by_type = {c.event.type + (c.event.subtype or ""): c for c in result.clusters}
    assert by_type["detention"].id in by_type["protest"].linked


def test_a_rerun_keeps_ids_and_a_new_document_joins_without_renaming(
    make_report: MakeReport,
) -> None:
    first = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")
    other = make_report("protest", doc="b.txt", day="2022-01-05", city="Astana", at=50)
    before = consolidate([first, other])
    again = consolidate([other, first])
    assert [c.id for c in before.clusters] == [c.id for c in again.clusters]

    newcomer = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    after = consolidate([first, other, newcomer], previous=before.assignment)

    assert after.assignment[newcomer.id] == before.assignment[first.id]
    assert {c.id for c in after.clusters} == {c.id for c in before.clusters}


def test_reviewers_rulings_override_the_comparison(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")
    c = make_report("detention", doc="c.txt", day="2022-01-05", city="Astana")

    split = Decision("split", a.id, b.id, author="ana")
    merged = Decision("merge", a.id, c.id, author="ana")
    result = consolidate([a, b, c], decisions=[split, merged])

    assert result.assignment[a.id] != result.assignment[b.id]
    assert result.assignment[a.id] == result.assignment[c.id]


def test_two_events_of_one_document_are_never_joined(make_report: MakeReport) -> None:
    # The extractor kept them apart knowing the whole text; consolidation does not overrule it.
    morning = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    evening = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty", at=80)

    assert len(consolidate([morning, evening]).clusters) == 2


def test_link_people_gives_named_people_an_entity_and_the_police_none(
    make_report: MakeReport,
) -> None:
    a = make_report("detention", doc="a.txt", people=(("Aigerim Tulegenova", "target"),))
    b = make_report("detention", doc="b.txt", people=(("Айгерим Тулегенова", "target"),))

    [linked_a, linked_b], entities = link_people([a, b])

    [person] = entities
    assert person.spellings == ("Aigerim Tulegenova", "Айгерим Тулегенова")
    for report in (linked_a, linked_b):
        police, named = report.actors
        assert police.entity is None
        assert named.entity == person.id


def test_happenings_come_in_date_order_with_undated_ones_last(make_report: MakeReport) -> None:
    undated = make_report("protest", doc="a.txt", city="Minsk")
    later = make_report("protest", doc="b.txt", day="2022-03-01", city="Astana")
    earlier = make_report("protest", doc="c.txt", day="2022-01-05", city="Almaty")

    result = consolidate([undated, later, earlier])

    assert [c.reports for c in result.clusters] == [(earlier.id,), (later.id,), (undated.id,)]


def test_every_mention_of_a_person_says_where_and_in_which_role(make_report: MakeReport) -> None:
    detained = make_report(
        "detention",
        doc="a.txt",
        day="2022-01-05",
        city="Almaty",
        people=(("Marat Seitkali", "target"),),
    )
    spoke = make_report(
        "statement", doc="b.txt", day="2022-01-06", people=(("Marat Seitkali", "speaker"),)
    )

    result = consolidate([detained, spoke])

    mentions = sorted((m.doc, m.role, m.name) for m in result.mentions)
    assert mentions == [
        ("a.txt", "target", "Marat Seitkali"),
        ("b.txt", "speaker", "Marat Seitkali"),
    ]
    assert {m.cluster for m in result.mentions} == {
        result.assignment[detained.id],
        result.assignment[spoke.id],
    }
    assert len({m.entity for m in result.mentions}) == 1


def test_a_place_the_reports_are_at_is_never_linked_as_a_person(make_report: MakeReport) -> None:
    # An extractor tagged the city as a person: the registry knows it is a place.
    a = make_report("protest", doc="a.txt", day="2022-01-05", city="Zhanaozen")
    b = make_report(
        "protest", doc="b.txt", day="2022-01-05", city="Almaty", people=(("Zhanaozen", "target"),)
    )

    [_, linked_b], entities = link_people([a, b])

    assert entities == ()
    assert all(actor.entity is None for actor in linked_b.actors)


def test_a_sink_receives_the_same_clusters_in_the_same_order_and_none_are_kept(
    make_report: MakeReport,
) -> None:
    # A protest, the detentions at it told by two outlets, and a trial of one of the detained:
    # clusters with joins, case links and registry people, as a store would receive them.
    people = (("Aigerim Tulegenova", "target"),)
    reports = [
        make_report("protest", doc="a.txt", day="2023-04-02", city="Almaty"),
        make_report("detention", doc="b.txt", day="2023-04-02", city="Almaty", people=people),
        make_report("detention", doc="c.txt", day="2023-04-02", city="Almaty", people=people),
        make_report("legal_action", doc="d.txt", day="2023-05-10", city="Almaty", people=people),
        make_report("protest", doc="e.txt", city="Astana"),
    ]
    kept = consolidate(reports)
    received: list[Cluster] = []

    streamed = consolidate(reports, sink=received.append)

    assert received == list(kept.clusters)
    assert streamed.clusters == ()
    assert streamed.cluster_count == kept.cluster_count == 4
    assert streamed.assignment == kept.assignment
    assert streamed.mentions == kept.mentions
    assert any(cluster.case for cluster in received), "the detention is linked to the protest"


def test_an_entity_a_report_carried_from_another_run_is_replaced_by_the_registry(
    make_report: MakeReport,
) -> None:
    report = make_report("detention", doc="a.txt", day="2023-04-02", city="Almaty")
    stale = replace(
        report,
        actors=(Actor("the police", "police", "perpetrator", entity="pe_from_elsewhere"),),
    )

    [linked], entities = link_people([stale])

    assert linked.actors[0].entity is None
    assert entities == ()
