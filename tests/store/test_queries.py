"""The query builders of the store, one at a time: each turns a filter (or an id) into SQL over
the events or the clusters table, run here straight on the database the story of
:mod:`happenings` was saved to, so that a builder is seen to keep exactly the rows it should.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, select

from khronika.errors import StoreError
from khronika.model import CandidatePair, Entity, Review
from khronika.store import EventFilter, Store, schema
from khronika.store.engine import create_store_engine, parse_url
from khronika.store.migrations import migrate
from khronika.store.queries import (
    MIN_ID_PREFIX,
    conditions,
    filtered,
    from_doc,
    matching,
    mentioning,
    ordering,
    payload_by_id,
    reviewed,
)
from khronika.store.rows import entity_row

from .happenings import (
    ALMATY,
    ENTITIES,
    KYIV,
    MENTIONS,
    REPORT_EN,
    REPORT_RU,
    REPORT_UK,
    SEITKALI,
    VOLYK,
    almaty_cluster,
    consolidate,
    kyiv_cluster,
)

EVENTS, CLUSTERS = schema.events, schema.clusters


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A database holding the three reports, the two happenings and the two people."""
    engine = create_store_engine(parse_url(f"sqlite:///{tmp_path / 'queries.db'}"))
    migrate(engine)
    consolidate(Store(engine, "queries.db"))
    yield engine
    engine.dispose()


def ids(engine: Engine, table: Table, *where: Any) -> list[str]:
    with engine.connect() as connection:
        query = select(table.c.id).where(*where).order_by(table.c.id)
        return list(connection.scalars(query))


def listed(engine: Engine, table: Table, filt: EventFilter, *, fts: bool = True) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(filtered(select(table.c.id), table, filt, fts=fts)))


# --- EventFilter -------------------------------------------------------------------------------


def test_an_empty_filter_matches_everything_by_date() -> None:
    assert conditions(EVENTS, EventFilter(), fts=False) == []
    assert conditions(CLUSTERS, EventFilter(), fts=True) == []
    assert EventFilter().order == "date"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"limit": -1}, "limit must not be negative: -1"),
        ({"offset": -2}, "offset must not be negative: -2"),
        ({"order": "alphabetical"}, "unknown order 'alphabetical'"),
        ({"status": "rumoured"}, "unknown status 'rumoured'"),
        ({"review": "approved"}, "unknown review status 'approved'"),
    ],
)
def test_a_filter_is_checked_when_it_is_made(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventFilter(**fields)


@pytest.mark.parametrize(
    ("filt", "how_many"),
    [
        (EventFilter(type="detention"), 1),
        (EventFilter(date_from=date(2022, 1, 4)), 2),  # known date, and the overlap
        (EventFilter(date_to=date(2022, 1, 4)), 2),
        (EventFilter(date_from=date(2022, 1, 1), date_to=date(2022, 1, 9)), 3),
        (EventFilter(place="kz", actor="police", doc="a.txt"), 3),
        (EventFilter(text="   "), 0),  # a blank text does not filter
        (EventFilter(text="police almaty"), 1),  # every word, as one condition
    ],
)
def test_each_field_given_adds_its_conditions(filt: EventFilter, how_many: int) -> None:
    assert len(conditions(EVENTS, filt, fts=False)) == how_many


# --- dates, places, actors ---------------------------------------------------------------------


def test_a_date_range_keeps_what_overlaps_it(engine: Engine) -> None:
    # Kyiv on 3 January, Almaty on 5 January; both single days.
    assert listed(engine, CLUSTERS, EventFilter(date_from=date(2022, 1, 4))) == [ALMATY]
    assert listed(engine, CLUSTERS, EventFilter(date_to=date(2022, 1, 4))) == [KYIV]
    both = EventFilter(date_from=date(2022, 1, 3), date_to=date(2022, 1, 5))
    assert listed(engine, CLUSTERS, both) == [KYIV, ALMATY]
    assert listed(engine, CLUSTERS, EventFilter(date_from=date(2022, 1, 6))) == []


@pytest.mark.parametrize(
    ("place", "clusters", "reports"),
    [
        ("ua", [KYIV], [REPORT_UK.id]),  # a country code, any case
        (" KZ ", [ALMATY], [REPORT_EN.id, REPORT_RU.id]),
        ("в алматы", [ALMATY], [REPORT_RU.id]),  # the Russian wording, on its report too
        ("lmat", [ALMATY], [REPORT_EN.id, REPORT_RU.id]),  # a part of the name
    ],
)
def test_a_place_is_a_country_code_or_part_of_a_name(
    engine: Engine, place: str, clusters: list[str], reports: list[str]
) -> None:
    assert listed(engine, CLUSTERS, EventFilter(place=place)) == clusters
    assert sorted(listed(engine, EVENTS, EventFilter(place=place))) == sorted(reports)


def test_an_actor_of_a_happening_includes_what_its_reports_called_them(engine: Engine) -> None:
    # The canonical actor is "Marat Seitkali"; the Russian report wrote "Марата Сейткали".
    assert listed(engine, CLUSTERS, EventFilter(actor="СЕЙТКАЛИ")) == [ALMATY]
    assert listed(engine, EVENTS, EventFilter(actor="СЕЙТКАЛИ")) == [REPORT_RU.id]
    assert listed(engine, EVENTS, EventFilter(actor="_")) == []  # a LIKE wildcard is literal


# --- documents and people ----------------------------------------------------------------------


def test_a_document_selects_what_it_reported_or_is_quoted_in(engine: Engine) -> None:
    assert ids(engine, CLUSTERS, from_doc(CLUSTERS, "almaty-ru.txt")) == [ALMATY]
    assert ids(engine, CLUSTERS, from_doc(CLUSTERS, "almaty")) == []  # whole names only
    assert ids(engine, EVENTS, from_doc(EVENTS, "kyiv-uk.txt")) == [REPORT_UK.id]
    assert ids(engine, EVENTS, from_doc(EVENTS, "elsewhere.txt")) == []


def test_a_person_selects_the_reports_naming_them_and_their_happenings(engine: Engine) -> None:
    assert ids(engine, CLUSTERS, mentioning(CLUSTERS, SEITKALI)) == [ALMATY]
    assert ids(engine, CLUSTERS, mentioning(CLUSTERS, VOLYK)) == [KYIV]
    assert ids(engine, EVENTS, mentioning(EVENTS, SEITKALI)) == sorted([REPORT_EN.id, REPORT_RU.id])
    assert ids(engine, EVENTS, mentioning(EVENTS, "ent_nobody")) == []


def test_any_of_several_people_or_places(engine: Engine) -> None:
    both = EventFilter(people=(SEITKALI, VOLYK))
    assert sorted(listed(engine, CLUSTERS, both)) == sorted([ALMATY, KYIV])
    assert listed(engine, CLUSTERS, EventFilter(people=())) == []  # nobody named: nothing
    assert sorted(listed(engine, CLUSTERS, EventFilter(places=("KZ", "Kyiv")))) == sorted(
        [ALMATY, KYIV]
    )
    assert listed(engine, CLUSTERS, EventFilter(places=())) == []
    # Each alternative is read as the single field is: with the other filters, all must hold.
    assert listed(engine, CLUSTERS, EventFilter(people=(SEITKALI, VOLYK), places=("UA",))) == [KYIV]


# --- full text ---------------------------------------------------------------------------------


def test_a_text_without_a_letter_or_digit_matches_nothing(engine: Engine) -> None:
    [nothing] = matching(CLUSTERS, "?! -- ...", fts=True)
    assert ids(engine, CLUSTERS, nothing) == []


def test_clusters_are_searched_in_their_index_and_reports_in_their_record() -> None:
    [indexed] = matching(CLUSTERS, "police almaty", fts=True)
    assert "cluster_search" in str(indexed)
    [unindexed] = matching(CLUSTERS, "police almaty", fts=False)
    assert "cluster_search" not in str(unindexed)
    [reports] = matching(EVENTS, "police almaty", fts=True)  # reports have no index
    assert str(reports).count("LIKE") == 2 and "cluster_search" not in str(reports)


def test_every_term_must_be_found(engine: Engine) -> None:
    assert listed(engine, CLUSTERS, EventFilter(text="протест алматы")) == [ALMATY]
    assert listed(engine, CLUSTERS, EventFilter(text="протест києві")) == []
    assert listed(engine, EVENTS, EventFilter(text="Сейткали"), fts=False) == [REPORT_RU.id]


# --- ordering and paging -----------------------------------------------------------------------


def test_the_date_order_puts_unknown_dates_last_then_breaks_ties() -> None:
    by_date = [str(key) for key in ordering(EVENTS, "date")]
    assert by_date == [
        "events.date_start IS NULL",
        "events.date_start",
        "events.doc",
        "events.first_start",
        "events.id",
    ]
    assert [str(key) for key in ordering(CLUSTERS, "-date")] == [
        "clusters.date_start IS NULL",
        "clusters.date_start DESC",
        "clusters.id",
    ]


def test_another_order_sorts_by_its_key_first_then_by_date() -> None:
    [first, *rest] = ordering(CLUSTERS, "-confidence")
    assert str(first) == "clusters.confidence DESC"
    assert [str(key) for key in rest] == [str(key) for key in ordering(CLUSTERS, "date")]
    assert str(ordering(CLUSTERS, "sources")[0]) == "clusters.n_sources ASC"
    # A report's sources are counted from its evidence: it has no column of its own.
    assert "count(DISTINCT evidence.doc)" in str(ordering(EVENTS, "-sources")[0])


def test_offset_and_limit_cut_the_ordered_list(engine: Engine) -> None:
    every = listed(engine, EVENTS, EventFilter())
    assert every == [REPORT_UK.id, REPORT_EN.id, REPORT_RU.id]  # 3 Jan, then 5 Jan by document
    assert listed(engine, EVENTS, EventFilter(offset=1)) == every[1:]
    assert listed(engine, EVENTS, EventFilter(offset=1, limit=1)) == every[1:2]
    assert listed(engine, EVENTS, EventFilter(limit=0)) == []


# --- ids and prefixes --------------------------------------------------------------------------


def test_a_payload_is_found_by_id_or_by_a_long_enough_unique_prefix(engine: Engine) -> None:
    with engine.connect() as connection:
        exact = payload_by_id(connection, schema.entities, VOLYK, "entity")
        prefixed = payload_by_id(connection, schema.entities, VOLYK[:MIN_ID_PREFIX], "entity")
        short = payload_by_id(connection, schema.entities, VOLYK[: MIN_ID_PREFIX - 1], "entity")
        wildcard = payload_by_id(connection, schema.entities, "ent_%%%", "entity")
    assert exact is not None and '"Oksana Volyk"' in exact
    assert prefixed == exact
    assert short is None  # "ent_v" would match too much to be a lookup
    assert wildcard is None  # a LIKE wildcard in a prefix is a literal character


def test_a_prefix_of_two_ids_is_ambiguous(engine: Engine) -> None:
    namesake = Entity("ent_seitkalieva", "person", "Aigerim Seitkalieva", ("Aigerim Seitkalieva",))
    with engine.begin() as connection:
        connection.execute(schema.entities.insert(), [entity_row(namesake)])
    with engine.connect() as connection:
        with pytest.raises(StoreError, match="ent_seitk: ambiguous person id prefix"):
            payload_by_id(connection, schema.entities, "ent_seitk", "person")
        # An exact id wins over being the prefix of another; a longer prefix is unique again.
        exact = payload_by_id(connection, schema.entities, SEITKALI, "person")
        longer = payload_by_id(connection, schema.entities, "ent_seitkalie", "person")
    assert exact is not None and '"Marat Seitkali"' in exact
    assert longer is not None and '"Aigerim Seitkalieva"' in longer


# --- review status -----------------------------------------------------------------------------


def test_the_verdict_in_force_is_the_latest_verify_or_reject_not_reverted(engine: Engine) -> None:
    store = Store(engine, "queries.db")
    store.add_review(Review(KYIV, "verify", "aigerim"))
    rejected = store.add_review(Review(KYIV, "reject", "oleh"))
    store.add_review(Review(KYIV, "edit", "oleh", field="summary", after="x"))  # not a verdict
    store.add_review(Review(ALMATY, "verify", "aigerim"))
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "rejected")) == [KYIV]
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "verified")) == [ALMATY]
    assert rejected.id is not None
    store.revert_review(rejected.id, "aigerim")
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "verified")) == sorted([ALMATY, KYIV])
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "rejected")) == []


def test_a_report_takes_the_review_status_of_its_happening(engine: Engine) -> None:
    Store(engine, "queries.db").add_review(Review(ALMATY, "reject", "oleh"))
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "rejected")) == [ALMATY]
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "unreviewed")) == [KYIV]
    assert ids(engine, CLUSTERS, reviewed(CLUSTERS, "verified")) == []
    assert ids(engine, EVENTS, reviewed(EVENTS, "rejected")) == sorted([REPORT_EN.id, REPORT_RU.id])
    assert ids(engine, EVENTS, reviewed(EVENTS, "unreviewed")) == [REPORT_UK.id]


# --- the review queue's filters ----------------------------------------------------------------


def test_disputed_keeps_happenings_whose_reports_disagree_and_their_reports(
    engine: Engine,
) -> None:
    # Almaty's reports say 40 and 60 detained; Kyiv has one report and nothing to dispute.
    assert listed(engine, CLUSTERS, EventFilter(disputed=True)) == [ALMATY]
    assert listed(engine, CLUSTERS, EventFilter(disputed=False)) == [KYIV]
    assert sorted(listed(engine, EVENTS, EventFilter(disputed=True))) == sorted(
        [REPORT_EN.id, REPORT_RU.id]
    )


def test_low_confidence_keeps_what_is_strictly_below_the_threshold(engine: Engine) -> None:
    # Every report and happening of the story was read with confidence 0.75.
    assert listed(engine, CLUSTERS, EventFilter(confidence_below=0.8)) == [KYIV, ALMATY]
    assert listed(engine, CLUSTERS, EventFilter(confidence_below=0.75)) == []
    assert len(listed(engine, EVENTS, EventFilter(confidence_below=0.8))) == 3


def test_paired_keeps_happenings_a_possible_duplicate_names(db_url: str) -> None:
    store = Store.open(db_url)
    consolidate(store)
    pair = CandidatePair(REPORT_UK.id, REPORT_EN.id, 2.0, "below_threshold", (), KYIV, ALMATY)
    store.save_consolidation([almaty_cluster(), kyiv_cluster()], ENTITIES, MENTIONS)
    assert store.clusters(EventFilter(paired=True)) == []

    store.save_consolidation(
        [almaty_cluster(), kyiv_cluster()], ENTITIES, MENTIONS, candidates=[pair]
    )

    assert {c.id for c in store.clusters(EventFilter(paired=True))} == {ALMATY, KYIV}
    assert store.count_clusters(EventFilter(paired=False)) == 0
    assert {e.id for e in store.events(EventFilter(paired=True))} == {
        REPORT_EN.id,
        REPORT_RU.id,
        REPORT_UK.id,
    }
    store.close()


def test_a_case_keeps_its_happenings_and_their_reports(engine: Engine) -> None:
    # The story's Almaty happening is filed under case_almaty; Kyiv under none.
    assert listed(engine, CLUSTERS, EventFilter(case="case_almaty")) == [ALMATY]
    assert sorted(listed(engine, EVENTS, EventFilter(case="case_almaty"))) == sorted(
        [REPORT_EN.id, REPORT_RU.id]
    )
    assert listed(engine, CLUSTERS, EventFilter(case="case_elsewhere")) == []
