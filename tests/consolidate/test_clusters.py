"""Grouping reports into happenings: blocking, greedy joining, ties, chains, rulings, stable ids."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from khronika.consolidate.blocking import _week_keys as _block_keys
from khronika.consolidate.clusters import Grouping, assign_ids, group_explained, group_reports
from khronika.consolidate.compare import Report
from khronika.model import Count, Decision, Event
from khronika.settings import ConsolidationSettings

MakeReport = Callable[..., Event]

DEFAULTS = ConsolidationSettings()
TULEGENOVA = (("Aigerim Tulegenova", "target"),)
SEITKALI = (("Marat Seitkali", "target"),)


def groups_of(
    events: Sequence[Event],
    decisions: Sequence[Decision] = (),
    settings: ConsolidationSettings = DEFAULTS,
) -> set[frozenset[str]]:
    """The groups as sets of report ids, whatever their order."""
    groups = group_reports([Report.of(e) for e in events], settings, decisions)
    return {frozenset(r.id for r in group) for group in groups}


def ids(*events: Event) -> frozenset[str]:
    return frozenset(e.id for e in events)


# --- blocking ------------------------------------------------------------------------------------


def test_a_report_is_filed_under_every_week_its_date_may_fall_in(make_report: MakeReport) -> None:
    saturday = Report.of(make_report("protest", doc="a.txt", day="2022-01-08", city="Almaty"))
    wednesday = Report.of(make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty"))
    january = Report.of(make_report("protest", doc="c.txt", month="2022-01", city="Almaty"))

    # A Saturday one day either side reaches into the next week; a Wednesday does not.
    assert len(list(_block_keys(saturday, 1, (None,)))) == 2
    assert len(list(_block_keys(wednesday, 1, (None,)))) == 1
    # January 2022 runs from a Saturday to a Monday: it touches six weeks.
    assert len(list(_block_keys(january, 1, (None,)))) == 6
    assert {key[1:3] for key in _block_keys(january, 1, (None,))} == {("protest", "KZ")}


def test_an_undated_report_is_filed_under_no_week(make_report: MakeReport) -> None:
    undated = Report.of(make_report("protest", doc="a.txt", city="Almaty"))

    assert list(_block_keys(undated, 1, (None,))) == []


def test_a_saturday_and_the_sunday_after_meet_across_the_week_boundary(
    make_report: MakeReport,
) -> None:
    # The same detainee corroborates the neighbouring day.
    saturday = make_report(
        "detention", doc="a.txt", day="2022-01-08", city="Almaty", people=SEITKALI, linked=True
    )
    sunday = make_report(
        "detention", doc="b.txt", day="2022-01-09", city="Almaty", people=SEITKALI, linked=True
    )

    assert groups_of([saturday, sunday]) == {ids(saturday, sunday)}


def test_undated_reports_meet_through_a_person_they_share(make_report: MakeReport) -> None:
    one = make_report("detention", doc="a.txt", people=TULEGENOVA, linked=True)
    other = make_report("detention", doc="b.txt", people=TULEGENOVA, linked=True)

    assert groups_of([one, other]) == {ids(one, other)}


def test_undated_reports_with_nothing_to_block_on_stay_apart(make_report: MakeReport) -> None:
    one = make_report("detention", doc="a.txt", city="Almaty")
    other = make_report("detention", doc="b.txt", city="Almaty")

    # They would score the city (2.0), below the join score anyway; they are not even compared.
    assert groups_of([one, other]) == {ids(one), ids(other)}


def test_a_shared_person_does_not_join_reports_of_two_types(make_report: MakeReport) -> None:
    detained = make_report("detention", doc="a.txt", people=TULEGENOVA, linked=True)
    beaten = make_report("assault", doc="b.txt", people=TULEGENOVA, linked=True)

    assert groups_of([detained, beaten]) == {ids(detained), ids(beaten)}


# --- greedy joining ------------------------------------------------------------------------------


def test_a_report_joins_the_group_it_scores_best_with(make_report: MakeReport) -> None:
    # Two beatings on one square the same day, of different victims: two happenings.
    first = make_report(
        "assault",
        doc="a.txt",
        day="2022-01-05",
        city="Almaty",
        site="Republic Square",
        people=TULEGENOVA,
        linked=True,
    )
    second = make_report(
        "assault", doc="b.txt", day="2022-01-05", city="Almaty", people=SEITKALI, linked=True
    )
    # A report of the next morning names no one, but the square: it is the first beating
    # (1.5 + 2.5 against 1.5 + 2.0).
    third = make_report(
        "assault", doc="c.txt", day="2022-01-06", city="Almaty", site="Republic Square"
    )

    assert groups_of([first, second, third]) == {ids(first, third), ids(second)}


def test_a_report_that_fits_two_groups_equally_joins_neither(make_report: MakeReport) -> None:
    first = make_report(
        "assault", doc="a.txt", day="2022-01-05", city="Almaty", people=TULEGENOVA, linked=True
    )
    second = make_report(
        "assault", doc="b.txt", day="2022-01-05", city="Almaty", people=SEITKALI, linked=True
    )
    # "A beating in Almaty in January", naming no one: either of the two, so neither.
    vague = make_report("assault", doc="c.txt", month="2022-01", city="Almaty")

    assert groups_of([first, second, vague]) == {ids(first), ids(second), ids(vague)}


def test_different_victims_are_a_penalty_not_a_veto(make_report: MakeReport) -> None:
    # Reports of one day are taken in id order. The unnamed report comes first, the first
    # victim's report joins it (4.0), and the second victim's report scores best with the
    # unnamed one (4.0) and comes along: only a veto stops a newcomer, a penalty only lowers
    # the score with one member.
    unnamed = replace(make_report("assault", doc="a.txt", day="2022-01-05", city="Almaty"), id="r1")
    first = make_report(
        "assault", doc="b.txt", day="2022-01-05", city="Almaty", people=TULEGENOVA, linked=True
    )
    second = make_report(
        "assault", doc="c.txt", day="2022-01-05", city="Almaty", people=SEITKALI, linked=True
    )
    first, second = replace(first, id="r2"), replace(second, id="r3")

    assert groups_of([second, first, unnamed]) == {ids(unnamed, first, second)}
    assert groups_of([first, second]) == {ids(first), ids(second)}, "without it, apart"


def test_a_chain_of_near_days_does_not_drag_two_happenings_together(
    make_report: MakeReport,
) -> None:
    # Twelve detained in each: the figure corroborates a neighbouring day.
    twelve = {"detained": Count(12, 12, "12")}
    monday = make_report("detention", doc="a.txt", day="2022-01-03", city="Almaty", counts=twelve)
    tuesday = make_report("detention", doc="b.txt", day="2022-01-04", city="Almaty", counts=twelve)
    wednesday = make_report(
        "detention", doc="c.txt", day="2022-01-05", city="Almaty", counts=twelve
    )

    # Wednesday is a day from Tuesday but two from Monday: every member must fit the newcomer.
    assert groups_of([monday, tuesday, wednesday]) == {ids(monday, tuesday), ids(wednesday)}


def test_a_vague_report_joins_the_group_precise_ones_have_formed(make_report: MakeReport) -> None:
    month = make_report("protest", doc="a.txt", month="2022-01", city="Almaty")
    day = make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty")
    same_day = make_report("protest", doc="c.txt", day="2022-01-05", city="Almaty")

    # The month report is given first, but taken last: precise reports form the group.
    assert groups_of([month, day, same_day]) == {ids(month, day, same_day)}


def test_the_groups_do_not_depend_on_the_order_reports_come_in(make_report: MakeReport) -> None:
    events = [
        make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty"),
        make_report("protest", doc="b.txt", day="2022-01-05", city="Almaty"),
        make_report("protest", doc="c.txt", day="2022-01-06", city="Astana"),
        make_report("protest", doc="d.txt", month="2022-01", city="Astana"),
        make_report("protest", doc="e.txt", day="2022-01-05", country="KZ"),
        make_report("detention", doc="f.txt", people=TULEGENOVA, linked=True),
        make_report("detention", doc="g.txt", day="2022-01-09", people=TULEGENOVA, linked=True),
    ]
    expected = groups_of(events)
    for seed in range(5):
        shuffled = list(events)
        random.Random(seed).shuffle(shuffled)
        assert groups_of(shuffled) == expected


def test_a_higher_join_score_keeps_the_same_day_and_city_apart(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    assert groups_of([a, b]) == {ids(a, b)}
    assert groups_of([a, b], settings=ConsolidationSettings(join_score=5.0)) == {ids(a), ids(b)}


# --- reviewers' rulings --------------------------------------------------------------------------


def test_a_split_ruling_keeps_two_matching_reports_apart(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    split = Decision("split", a.id, b.id, author="dana")

    assert groups_of([a, b], [split]) == {ids(a), ids(b)}


def test_a_report_never_joins_a_group_holding_the_report_it_was_split_from(
    make_report: MakeReport,
) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")
    c = make_report("detention", doc="c.txt", day="2022-01-05", city="Almaty")

    split = Decision("split", b.id, c.id, author="dana")
    result = groups_of([a, b, c], [split])

    assert not any(b.id in group and c.id in group for group in result)
    assert ids(a, b) in result or ids(a, c) in result


def test_a_merge_ruling_joins_reports_the_rules_keep_apart(make_report: MakeReport) -> None:
    almaty = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    astana = make_report("protest", doc="b.txt", day="2022-01-05", city="Astana")

    merge = Decision("merge", almaty.id, astana.id, author="dana")

    assert groups_of([almaty, astana], [merge]) == {ids(almaty, astana)}


def test_a_merge_that_would_undo_a_split_is_refused(make_report: MakeReport) -> None:
    a = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("protest", doc="b.txt", day="2022-01-05", city="Astana")
    c = make_report("protest", doc="c.txt", day="2022-01-05", city="Minsk")

    decisions = [
        Decision("split", a.id, b.id, author="dana"),
        Decision("merge", a.id, c.id, author="dana"),
        Decision("merge", c.id, b.id, author="irina"),
    ]

    assert groups_of([a, b, c], decisions) == {ids(a, c), ids(b)}


def test_a_reverted_ruling_is_not_obeyed(make_report: MakeReport) -> None:
    a = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    reverted = Decision("split", a.id, b.id, author="dana", reverted_at=datetime(2022, 2, 1))

    assert groups_of([a, b], [reverted]) == {ids(a, b)}


def test_a_merge_naming_a_report_no_longer_extracted_waits(make_report: MakeReport) -> None:
    a = make_report("protest", doc="a.txt", day="2022-01-05", city="Almaty")
    b = make_report("protest", doc="b.txt", day="2022-01-05", city="Astana")

    waiting = Decision("merge", a.id, "gone-report", author="dana")

    assert groups_of([a, b], [waiting]) == {ids(a), ids(b)}


# --- stable ids ----------------------------------------------------------------------------------


def _reports(make_report: MakeReport, *docs: str) -> list[Report]:
    return [
        Report.of(make_report("detention", doc=doc, day="2022-01-05", city="Almaty"))
        for doc in docs
    ]


def test_a_new_group_gets_an_id_made_from_its_smallest_report_id(make_report: MakeReport) -> None:
    a, b = _reports(make_report, "a.txt", "b.txt")

    [first] = assign_ids([[a, b]], {})

    assert re.fullmatch(r"cl_[0-9a-f]{16}", first)
    assert assign_ids([[b, a]], {}) == [first]
    smallest = min((a, b), key=lambda r: r.id)
    assert assign_ids([[smallest]], {}) == [first], "the id says which report it was made from"


def test_a_group_keeps_the_id_most_of_its_reports_had(make_report: MakeReport) -> None:
    a, b, c = _reports(make_report, "a.txt", "b.txt", "c.txt")
    previous = {a.id: "cl_old", b.id: "cl_old", c.id: "cl_other"}

    assert assign_ids([[a, b, c]], previous) == ["cl_old"]


def test_an_old_id_goes_to_one_group_only(make_report: MakeReport) -> None:
    a, b, c = _reports(make_report, "a.txt", "b.txt", "c.txt")
    previous = {a.id: "cl_old", b.id: "cl_old", c.id: "cl_old"}

    # A reviewer split the cluster: the larger part keeps the id, the other gets a new one.
    kept, fresh = assign_ids([[a, b], [c]], previous)

    assert kept == "cl_old"
    assert fresh != "cl_old" and fresh.startswith("cl_")


def test_new_reports_joining_a_group_do_not_rename_it(make_report: MakeReport) -> None:
    a, b, c = _reports(make_report, "a.txt", "b.txt", "c.txt")

    assert assign_ids([[a, b, c]], {a.id: "cl_kept"}) == ["cl_kept"]


def test_a_split_leaves_the_id_with_its_founding_report_not_the_larger_part(
    make_report: MakeReport,
) -> None:
    a, b, c = _reports(make_report, "a.txt", "b.txt", "c.txt")
    previous = {a.id: "cl_old", b.id: "cl_old", c.id: "cl_old"}

    # c was stored first: the id is c's happening's, wherever the majority goes.
    larger, founded = assign_ids([[a, b], [c]], previous, {"cl_old": c.id})

    assert founded == "cl_old"
    assert larger != "cl_old"


def test_a_retired_id_comes_back_to_the_group_holding_its_founding_report(
    make_report: MakeReport,
) -> None:
    a, b, c = _reports(make_report, "a.txt", "b.txt", "c.txt")
    # A merge folded cl_alone (founded by c) into cl_pair: every report is now cl_pair's.
    previous = {a.id: "cl_pair", b.id: "cl_pair", c.id: "cl_pair"}
    founders = {"cl_pair": a.id, "cl_alone": c.id}

    # While merged, the survivor keeps its id; once undone, each id is back with its founder.
    assert assign_ids([[a, b, c]], previous, founders) == ["cl_pair"]
    assert assign_ids([[c], [a, b]], previous, founders) == ["cl_alone", "cl_pair"]


def test_when_two_founders_meet_the_id_most_reports_had_wins(make_report: MakeReport) -> None:
    a, b, c = _reports(make_report, "a.txt", "b.txt", "c.txt")
    previous = {a.id: "cl_one", b.id: "cl_two", c.id: "cl_two"}
    founders = {"cl_one": a.id, "cl_two": b.id}

    assert assign_ids([[a, b, c]], previous, founders) == ["cl_two"]


def test_every_group_gets_its_own_id(make_report: MakeReport) -> None:
    reports = _reports(make_report, "a.txt", "b.txt", "c.txt", "d.txt")

    assigned = assign_ids([[r] for r in reports], {})

    assert len(set(assigned)) == 4


# --- partial dates, undated reports, explanations --------------------------------------------------


def explained(events: Sequence[Event], decisions: Sequence[Decision] = ()) -> Grouping:
    return group_explained([Report.of(e) for e in events], DEFAULTS, decisions)


def test_a_yearless_report_meets_the_dated_reports_of_its_month_day(
    make_report: MakeReport,
) -> None:
    dated = make_report("detention", doc="a.txt", day="2022-05-10", city="Almaty")
    yearless = make_report(
        "detention", doc="b.txt", yearless=(5, 10), date_text="on May 10", city="Almaty"
    )

    assert groups_of([yearless, dated]) == {ids(yearless, dated)}


def test_a_yearless_report_between_two_years_of_one_month_day_joins_neither(
    make_report: MakeReport,
) -> None:
    earlier = make_report("detention", doc="a.txt", day="2022-05-10", city="Almaty")
    later = make_report("detention", doc="b.txt", day="2023-05-10", city="Almaty")
    yearless = make_report("detention", doc="c.txt", yearless=(5, 10), city="Almaty")

    grouping = explained([earlier, later, yearless])

    assert {frozenset(r.id for r in g) for g in grouping.groups} == {
        ids(earlier),
        ids(later),
        ids(yearless),
    }
    assert {(p.report_b, p.reason) for p in grouping.candidates} == {
        (earlier.id, "tie"),
        (later.id, "tie"),
    }


def test_an_undated_report_of_the_same_city_is_a_possible_duplicate_not_a_join(
    make_report: MakeReport,
) -> None:
    dated = make_report("protest", doc="a.txt", day="2022-01-05", city="Zhanaozen")
    undated = make_report("protest", doc="b.txt", city="Zhanaozen")

    grouping = explained([dated, undated])

    assert len(grouping.groups) == 2
    [pair] = grouping.candidates
    assert (pair.report_a, pair.report_b, pair.reason) == (undated.id, dated.id, "undated")
    assert dict(pair.points) == {"same_city": DEFAULTS.same_city}


def test_a_neighbouring_day_without_corroboration_is_left_for_review(
    make_report: MakeReport,
) -> None:
    first = make_report("protest", doc="a.txt", day="2022-01-05", city="Zhanaozen")
    second = make_report("protest", doc="b.txt", day="2022-01-06", city="Zhanaozen")

    grouping = explained([first, second])

    assert len(grouping.groups) == 2
    assert [p.reason for p in grouping.candidates] == ["near_day_uncorroborated"]


def test_every_join_says_with_whom_and_why(make_report: MakeReport) -> None:
    first = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    second = make_report("detention", doc="b.txt", day="2022-01-05", city="Almaty")

    grouping = explained([first, second])

    [join] = grouping.joins.values()
    assert {join.report, join.joined} == {first.id, second.id}
    assert dict(join.points) == {"same_city": 2.0, "same_day": 2.0}
    assert join.score == 4.0 and join.by == "score"


def test_a_reviewers_merge_is_explained_as_the_reviewers(make_report: MakeReport) -> None:
    almaty = make_report("detention", doc="a.txt", day="2022-01-05", city="Almaty")
    astana = make_report("detention", doc="b.txt", day="2022-01-05", city="Astana")
    merge = Decision("merge", almaty.id, astana.id, author="ana")

    grouping = explained([almaty, astana], [merge])

    assert len(grouping.groups) == 1
    assert grouping.joins[astana.id].by == "reviewer"
