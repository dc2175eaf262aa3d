"""Blocks: which earlier groups a report is compared with."""

from __future__ import annotations

from collections.abc import Callable

from khronika.consolidate.blocking import Blocks
from khronika.consolidate.compare import Report
from khronika.model import Event

MakeReport = Callable[..., Event]


def blocks(limit: int = 200) -> Blocks:
    return Blocks(slack=1, undated_limit=limit)


def test_a_yearless_report_meets_a_dated_one_of_its_city_and_month_day(
    make_report: MakeReport,
) -> None:
    index = blocks()
    index.file(Report.of(make_report("protest", doc="a.txt", day="2021-03-08", city="Almaty")), 0)
    index.file(Report.of(make_report("protest", doc="b.txt", day="2021-03-12", city="Almaty")), 1)
    index.file(Report.of(make_report("protest", doc="c.txt", day="2021-03-08", city="Astana")), 2)

    yearless = Report.of(make_report("protest", doc="d.txt", yearless=(3, 8), city="Almaty"))

    assert index.candidates(yearless) == {0}


def test_a_yearless_report_meets_the_neighbouring_days_for_corroboration(
    make_report: MakeReport,
) -> None:
    index = blocks()
    index.file(Report.of(make_report("protest", doc="a.txt", day="2021-03-07", city="Almaty")), 0)
    index.file(Report.of(make_report("protest", doc="b.txt", day="2021-03-10", city="Almaty")), 1)

    yearless = Report.of(make_report("protest", doc="c.txt", yearless=(3, 8), city="Almaty"))

    assert index.candidates(yearless) == {0}


def test_a_yearless_report_placed_only_at_its_country_has_no_month_day_block(
    make_report: MakeReport,
) -> None:
    index = blocks()
    index.file(Report.of(make_report("protest", doc="a.txt", day="2021-03-08", city="Almaty")), 0)

    yearless = Report.of(make_report("protest", doc="b.txt", yearless=(3, 8), country="KZ"))

    assert index.candidates(yearless) == set()


def test_an_undated_report_looks_at_the_latest_groups_of_its_city_only(
    make_report: MakeReport,
) -> None:
    index = blocks(limit=2)
    for group, day in enumerate(("2021-03-01", "2021-04-01", "2021-05-01")):
        dated = make_report("protest", doc=f"{group}.txt", day=day, city="Almaty")
        index.file(Report.of(dated), group)
    index.file(Report.of(make_report("protest", doc="x.txt", day="2021-05-01", city="Astana")), 3)

    undated = Report.of(make_report("protest", doc="u.txt", city="Almaty"))

    assert index.candidates(undated) == set()
    assert index.undated_candidates(undated) == [1, 2]


def test_a_city_report_looks_at_its_city_and_coarse_places_of_its_week_not_other_cities(
    make_report: MakeReport,
) -> None:
    index = blocks()
    index.file(Report.of(make_report("protest", doc="a.txt", day="2021-03-08", city="Almaty")), 0)
    index.file(Report.of(make_report("protest", doc="b.txt", day="2021-03-08", city="Astana")), 1)
    index.file(Report.of(make_report("protest", doc="c.txt", day="2021-03-08", country="KZ")), 2)

    in_almaty = Report.of(make_report("protest", doc="d.txt", day="2021-03-09", city="Almaty"))
    in_the_country = Report.of(make_report("protest", doc="e.txt", day="2021-03-09", country="KZ"))

    assert index.candidates(in_almaty) == {0, 2}
    assert index.candidates(in_the_country) == {0, 1, 2}


def test_a_group_filed_again_in_its_city_counts_once_for_an_undated_report(
    make_report: MakeReport,
) -> None:
    index = blocks(limit=2)
    for group, day in ((0, "2021-03-01"), (1, "2021-04-01"), (0, "2021-05-01")):
        dated = make_report("protest", doc=f"{day}.txt", day=day, city="Almaty")
        index.file(Report.of(dated), group)

    undated = Report.of(make_report("protest", doc="u.txt", city="Almaty"))

    # Group 0 was filed, then 1, then 0 again (a later member): two distinct groups, latest last.
    assert index.undated_candidates(undated) == [1, 0]
