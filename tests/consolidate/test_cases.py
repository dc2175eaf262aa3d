"""Linked cases: the detentions at a protest, and the steps that follow for one person."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace

from khronika.consolidate.cases import link_cases
from khronika.model import Cluster, Event
from khronika.settings import ConsolidationSettings

MakeReport = Callable[..., Event]

DEFAULTS = ConsolidationSettings()
TULEGENOVA = (("Aigerim Tulegenova", "target"),)


def cluster(event: Event, name: str) -> Cluster:
    """A one-report cluster with a readable id."""
    return Cluster(event=replace(event, id=name), reports=(event.id,))


def linked(
    clusters: list[Cluster], settings: ConsolidationSettings = DEFAULTS
) -> dict[str, tuple[str, ...]]:
    return {c.id: c.linked for c in link_cases(clusters, settings)}


def test_a_detention_on_the_day_and_in_the_city_of_a_protest_happened_at_it(
    make_report: MakeReport,
) -> None:
    protest = cluster(make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"), "cl_1")
    detention = cluster(
        make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty"), "cl_2"
    )

    result = link_cases([protest, detention], DEFAULTS)

    assert [c.linked for c in result] == [("cl_2",), ("cl_1",)]
    assert result[0].case == result[1].case is not None


def test_the_case_id_is_made_from_its_smallest_cluster_id(make_report: MakeReport) -> None:
    protest = cluster(make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"), "cl_b")
    detention = cluster(
        make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty"), "cl_a"
    )

    [first, _] = link_cases([protest, detention], DEFAULTS)

    assert first.case == "case_" + hashlib.sha256(b"cl_a").hexdigest()[:16]


def test_a_detention_elsewhere_or_another_day_is_not_at_the_protest(
    make_report: MakeReport,
) -> None:
    protest = cluster(make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"), "cl_1")
    elsewhere = cluster(
        make_report("detention", doc="b.txt", day="2022-01-05", city="Astana"), "cl_2"
    )
    next_day = cluster(
        make_report("detention", doc="c.txt", day="2022-01-06", city="Almaty"), "cl_3"
    )
    in_the_month = cluster(
        make_report("detention", doc="d.txt", month="2022-01", city="Almaty"), "cl_4"
    )

    result = link_cases([protest, elsewhere, next_day, in_the_month], DEFAULTS)

    assert all(c.linked == () and c.case is None for c in result)


def test_a_trial_on_the_day_of_a_protest_is_not_at_it(make_report: MakeReport) -> None:
    protest = cluster(make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"), "cl_1")
    trial = cluster(
        make_report("legal_action", doc="b.txt", day="2022-01-05", city="Almaty"), "cl_2"
    )

    assert linked([protest, trial]) == {"cl_1": (), "cl_2": ()}


def test_the_steps_that_happen_to_one_person_follow_each_other(make_report: MakeReport) -> None:
    detained = cluster(
        make_report("detention", doc="a.txt", day="2022-01-05", people=TULEGENOVA, linked=True),
        "cl_1",
    )
    charged = cluster(
        make_report("legal_action", doc="b.txt", day="2022-01-20", people=TULEGENOVA, linked=True),
        "cl_2",
    )
    sentenced = cluster(
        make_report("legal_action", doc="c.txt", day="2022-06-01", people=TULEGENOVA, linked=True),
        "cl_3",
    )

    result = link_cases([sentenced, detained, charged], DEFAULTS)

    # Each step to the next, in date order: a chain, and one case.
    assert {c.id: c.linked for c in result} == {
        "cl_1": ("cl_2",),
        "cl_2": ("cl_1", "cl_3"),
        "cl_3": ("cl_2",),
    }
    assert len({c.case for c in result}) == 1
    assert [c.id for c in result] == ["cl_3", "cl_1", "cl_2"], "the order is kept"


def test_steps_further_apart_than_the_case_window_are_two_cases(make_report: MakeReport) -> None:
    detained = cluster(
        make_report("detention", doc="a.txt", day="2019-01-05", people=TULEGENOVA, linked=True),
        "cl_1",
    )
    detained_again = cluster(
        make_report("detention", doc="b.txt", day="2022-03-01", people=TULEGENOVA, linked=True),
        "cl_2",
    )

    assert linked([detained, detained_again]) == {"cl_1": (), "cl_2": ()}
    wide = ConsolidationSettings(case_window_days=2000)
    assert linked([detained, detained_again], wide) == {"cl_1": ("cl_2",), "cl_2": ("cl_1",)}


def test_an_undated_step_of_one_persons_story_is_linked(make_report: MakeReport) -> None:
    detained = cluster(
        make_report("detention", doc="a.txt", day="2022-01-05", people=TULEGENOVA, linked=True),
        "cl_1",
    )
    charged = cluster(
        make_report("legal_action", doc="b.txt", people=TULEGENOVA, linked=True), "cl_2"
    )

    assert linked([detained, charged]) == {"cl_1": ("cl_2",), "cl_2": ("cl_1",)}


def test_a_statement_after_a_detention_is_not_a_step_of_the_case(make_report: MakeReport) -> None:
    detained = cluster(
        make_report("detention", doc="a.txt", day="2022-01-05", people=TULEGENOVA, linked=True),
        "cl_1",
    )
    statement = cluster(
        make_report("statement", doc="b.txt", day="2022-01-06", people=TULEGENOVA, linked=True),
        "cl_2",
    )

    assert linked([detained, statement]) == {"cl_1": (), "cl_2": ()}


def test_the_author_of_two_statements_does_not_link_what_she_spoke_about(
    make_report: MakeReport,
) -> None:
    speaker = (("Dana Ospan", "speaker"),)
    one = cluster(
        make_report("detention", doc="a.txt", day="2022-01-05", people=speaker, linked=True),
        "cl_1",
    )
    other = cluster(
        make_report("detention", doc="b.txt", day="2022-03-05", people=speaker, linked=True),
        "cl_2",
    )

    assert linked([one, other]) == {"cl_1": (), "cl_2": ()}


def test_a_protest_its_detentions_and_the_trial_after_are_one_case(
    make_report: MakeReport,
) -> None:
    protest = cluster(make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"), "cl_1")
    detained = cluster(
        make_report(
            "detention",
            doc="b.txt",
            day="2022-01-05",
            city="Almaty",
            people=TULEGENOVA,
            linked=True,
        ),
        "cl_2",
    )
    tried = cluster(
        make_report("legal_action", doc="c.txt", day="2022-04-11", people=TULEGENOVA, linked=True),
        "cl_3",
    )
    unrelated = cluster(make_report("protest", doc="d.txt", day="2022-02-01", city="Minsk"), "cl_4")

    result = {c.id: c for c in link_cases([protest, detained, tried, unrelated], DEFAULTS)}

    assert result["cl_1"].case == result["cl_2"].case == result["cl_3"].case is not None
    assert result["cl_4"].case is None
    assert result["cl_1"].linked == ("cl_2",), "the trial is linked through the detention"
