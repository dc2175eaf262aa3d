"""The list's extra columns: figures as short phrases, and the main actors, targets first."""

from __future__ import annotations

from dataclasses import replace

from webdesk import REPORTS

from khronika.model import Actor, Count
from khronika.web.columns import MAX_ACTORS, actors_column, count_text, counts_column


def test_a_figure_reads_as_a_number_a_range_or_its_words() -> None:
    assert count_text(Count(40, 40, "40")) == "40"
    assert count_text(Count(40, 60, "40-60")) == "40–60"
    assert count_text(Count(None, 99, "under a hundred")) == "≤99"
    assert count_text(Count(None, None, "dozens")) == "dozens"


def test_the_counts_column_names_each_figure_in_the_contracts_order() -> None:
    [report] = REPORTS["almaty-en.txt"]

    assert counts_column(report) == ["40 detained"]


def test_the_main_actors_put_the_people_it_happened_to_first() -> None:
    [report] = REPORTS["almaty-en.txt"]

    names, more = actors_column(report)

    assert names == ["Nurlan Zhaksylykov", "police"]
    assert more == 0


def test_past_a_few_names_the_rest_are_counted() -> None:
    [report] = REPORTS["kyiv-uk.txt"]
    crowd = tuple(Actor(f"Person {i}", "person", "target") for i in range(MAX_ACTORS + 2))

    names, more = actors_column(replace(report, actors=crowd))

    assert len(names) == MAX_ACTORS
    assert more == 2
