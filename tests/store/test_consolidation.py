"""Consolidation in the store, told as small stories: clusters of reports saved whole, filtered
like events, replaced by the next consolidation, and the reviewers' decisions that outlive every
re-run of consolidation and extraction. The story itself is in :mod:`happenings`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from khronika.errors import StoreError
from khronika.model import Cluster, Decision, Entity, EntityMention, PartialDate
from khronika.store import EventFilter, Store
from khronika.store.engine import create_store_engine, parse_url
from khronika.store.migrations import DOCUMENTS_0001, MIGRATIONS, migrate

from .happenings import (
    ALMATY,
    EN,
    ENTITIES,
    KYIV,
    MENTIONS,
    REPORT_EN,
    REPORT_RU,
    REPORT_UK,
    REPORTS,
    RU,
    SEITKALI,
    UK,
    VOLYK,
    almaty_cluster,
    decide,
    kyiv_cluster,
)


def ids(clusters: list[Cluster]) -> list[str]:
    return [cluster.id for cluster in clusters]


# --- saving and reading back -------------------------------------------------------------------


def test_a_new_store_has_no_consolidation(store: Store) -> None:
    assert store.clusters() == []
    assert store.entities() == []
    assert store.decisions() == []
    assert store.assignment() == {}
    assert store.counts() == {"documents": 0, "events": 0, "clusters": 0, "entities": 0}


def test_a_consolidation_reads_back_as_it_was_saved(consolidated: Store) -> None:
    almaty, kyiv = almaty_cluster(), kyiv_cluster()
    assert Cluster.from_dict(almaty.to_dict()) == almaty  # the payload loses nothing
    # By date: Kyiv on the 3rd, Almaty on the 5th.
    assert consolidated.clusters() == [kyiv, almaty]
    stored = consolidated.cluster(ALMATY)
    assert stored == almaty
    assert stored is not None and stored.disputed == ("counts.detained",)
    assert stored.event.sources == ("almaty-en.txt", "almaty-ru.txt")
    assert consolidated.counts() == {"documents": 3, "events": 3, "clusters": 2, "entities": 2}


def test_reports_are_assigned_to_their_clusters(consolidated: Store) -> None:
    assert consolidated.assignment() == {
        REPORT_EN.id: ALMATY,
        REPORT_RU.id: ALMATY,
        REPORT_UK.id: KYIV,
    }
    assert consolidated.cluster_of(REPORT_RU.id) == ALMATY
    assert consolidated.cluster_of("ev_unknown") is None
    assert consolidated.reports() == consolidated.events()
    assert {report.id for report in consolidated.reports()} == {r.id for r in REPORTS}


# --- filters -----------------------------------------------------------------------------------


def test_clusters_filter_like_events(consolidated: Store) -> None:
    assert ids(consolidated.clusters(EventFilter(type="detention"))) == [KYIV, ALMATY]
    assert consolidated.clusters(EventFilter(type="protest")) == []
    assert ids(consolidated.clusters(EventFilter(date_from=date(2022, 1, 4)))) == [ALMATY]
    assert ids(consolidated.clusters(EventFilter(date_to=date(2022, 1, 4)))) == [KYIV]
    assert ids(consolidated.clusters(EventFilter(limit=1))) == [KYIV]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("kz", [ALMATY]),  # country code
        ("almaty", [ALMATY]),  # gazetteer name
        ("АЛМАТЫ", [ALMATY]),  # another report's wording of the same place
        ("києві", [KYIV]),
        ("Paris", []),
    ],
)
def test_clusters_filter_by_place(consolidated: Store, place: str, expected: list[str]) -> None:
    assert ids(consolidated.clusters(EventFilter(place=place))) == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("seitkali", [ALMATY]),  # the canonical actor
        ("сейткали", [ALMATY]),  # the name one report gave the same person
        ("волик", [KYIV]),
        ("court", []),
    ],
)
def test_clusters_filter_by_actor(consolidated: Store, actor: str, expected: list[str]) -> None:
    assert ids(consolidated.clusters(EventFilter(actor=actor))) == expected


def test_a_person_filter_finds_clusters_and_reports_mentioning_the_entity(
    consolidated: Store,
) -> None:
    assert ids(consolidated.clusters(EventFilter(person=SEITKALI))) == [ALMATY]
    assert ids(consolidated.clusters(EventFilter(person=VOLYK))) == [KYIV]
    assert consolidated.clusters(EventFilter(person="ent_nobody")) == []
    mentioning = consolidated.events(EventFilter(person=SEITKALI))
    assert {event.id for event in mentioning} == {REPORT_EN.id, REPORT_RU.id}
    both = EventFilter(person=SEITKALI, place="KZ", type="detention")
    assert ids(consolidated.clusters(both)) == [ALMATY]


def test_mentions_without_a_cluster_count_for_their_reports_cluster(store: Store) -> None:
    store.save_extraction(UK, [REPORT_UK], extractor="rules/1")
    unplaced = replace(MENTIONS[2], name="Oksana Volyk", cluster=None)
    store.save_consolidation([kyiv_cluster()], ENTITIES[1:], [unplaced])
    assert ids(store.clusters(EventFilter(person=VOLYK))) == [KYIV]
    assert ids(store.clusters(EventFilter(actor="oksana"))) == [KYIV]


def test_clusters_filter_by_document(consolidated: Store) -> None:
    assert ids(consolidated.clusters(EventFilter(doc="almaty-ru.txt"))) == [ALMATY]
    assert ids(consolidated.clusters(EventFilter(doc="kyiv-uk.txt"))) == [KYIV]
    assert consolidated.clusters(EventFilter(doc="almaty")) == []  # whole names only


# --- re-running consolidation ------------------------------------------------------------------


def test_a_second_consolidation_replaces_the_first_entirely(consolidated: Store) -> None:
    # Reviewed again: the Russian report now stands alone, undated, and nobody is linked.
    alone = Cluster(
        event=replace(REPORT_RU, id="cl_russian001", date=PartialDate()), reports=(REPORT_RU.id,)
    )
    consolidated.save_consolidation([kyiv_cluster(), alone], [], [])
    assert ids(consolidated.clusters()) == [KYIV, "cl_russian001"]  # undated last
    assert consolidated.cluster(ALMATY) is None
    assert consolidated.assignment() == {REPORT_UK.id: KYIV, REPORT_RU.id: "cl_russian001"}
    assert consolidated.cluster_of(REPORT_EN.id) is None
    assert consolidated.entities() == []
    assert consolidated.mentions_of(SEITKALI) == []
    assert consolidated.clusters(EventFilter(person=VOLYK)) == []
    assert consolidated.counts()["clusters"] == 2
    consolidated.save_consolidation([], [], [])
    assert consolidated.counts() == {"documents": 3, "events": 3, "clusters": 0, "entities": 0}


@pytest.mark.parametrize(
    ("clusters", "entities", "mentions", "reason"),
    [
        (
            [almaty_cluster(), replace(kyiv_cluster(), reports=(REPORT_UK.id, REPORT_EN.id))],
            ENTITIES,
            MENTIONS,
            "is in two clusters",
        ),
        ([almaty_cluster(), almaty_cluster()], ENTITIES, (), f"two clusters with id {ALMATY}"),
        ([], ENTITIES + ENTITIES[:1], (), f"two entities with id {SEITKALI}"),
        ([almaty_cluster()], ENTITIES[1:], MENTIONS[:1], f"unknown entity {SEITKALI}"),
        ([almaty_cluster()], ENTITIES, MENTIONS, f"unknown cluster {KYIV}"),
        (
            [almaty_cluster(), kyiv_cluster()],
            ENTITIES,
            [replace(MENTIONS[0], cluster=KYIV)],
            f"points to cluster {KYIV}, but the report is in {ALMATY}",
        ),
    ],
)
def test_an_inconsistent_consolidation_is_refused_and_changes_nothing(
    consolidated: Store,
    clusters: list[Cluster],
    entities: tuple[Entity, ...],
    mentions: tuple[EntityMention, ...],
    reason: str,
) -> None:
    before = consolidated.clusters(), consolidated.entities(), consolidated.assignment()
    with pytest.raises(StoreError, match=f"cannot save the consolidation: .*{reason}"):
        consolidated.save_consolidation(clusters, entities, mentions)
    assert (consolidated.clusters(), consolidated.entities(), consolidated.assignment()) == before


def test_a_failing_insert_rolls_the_whole_consolidation_back(consolidated: Store) -> None:
    before = consolidated.clusters()
    # Passes the checks, breaks a NOT NULL column: json would not stop it, the database does.
    broken = replace(MENTIONS[0], doc=None, cluster=None)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="saving the consolidation failed"):
        consolidated.save_consolidation([kyiv_cluster()], ENTITIES, [broken])
    assert consolidated.clusters() == before
    assert consolidated.mentions_of(SEITKALI) == list(MENTIONS[:2])


def test_a_cluster_is_found_by_unique_prefix(consolidated: Store) -> None:
    assert consolidated.cluster("cl_alm") == almaty_cluster()
    assert consolidated.cluster("cl_al") is None  # too short to look up by prefix
    assert consolidated.cluster("cl_nowhere") is None
    twins = [
        replace(kyiv_cluster(), event=replace(kyiv_cluster().event, id="cl_twin1")),
        replace(almaty_cluster(), event=replace(almaty_cluster().event, id="cl_twin2")),
    ]
    consolidated.save_consolidation(twins, [], [])
    with pytest.raises(StoreError, match="cl_twin: ambiguous cluster id prefix"):
        consolidated.cluster("cl_twin")
    assert consolidated.entity("ent_vo") is None  # entities went with the last save


# --- decisions ---------------------------------------------------------------------------------


def test_a_decision_gets_an_id_and_a_time(store: Store) -> None:
    _, merge = decide(store, Decision("merge", REPORT_EN.id, REPORT_RU.id, "aigerim", "same day"))
    assert merge.id is not None and merge.created_at is not None
    assert merge.created_at.tzinfo is not None
    when = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    split = Decision("split", REPORT_EN.id, REPORT_UK.id, "oleh", created_at=when)
    _, split = decide(store, split, cluster=KYIV)
    assert split.id is not None and split.id > merge.id
    assert split.created_at == when
    assert store.decisions() == [merge, split]


def test_decisions_survive_consolidation_and_extraction(consolidated: Store) -> None:
    _, merge = decide(consolidated, Decision("merge", REPORT_EN.id, REPORT_UK.id, "aigerim"))
    consolidated.save_consolidation([], [], [])
    consolidated.save_extraction(EN, [], extractor="rules/2")  # the reports it names are gone
    assert consolidated.decisions() == [merge]


def test_a_reverted_decision_is_kept_but_no_longer_in_force(store: Store) -> None:
    review, first = decide(store, Decision("merge", REPORT_EN.id, REPORT_RU.id, "aigerim"))
    _, second = decide(store, Decision("split", REPORT_RU.id, REPORT_UK.id, "oleh"), cluster=KYIV)
    assert review.id is not None
    store.revert_review(review.id, "oleh")
    assert store.decisions() == [second]
    [reverted, kept] = store.decisions(include_reverted=True)
    assert (reverted.id, reverted.reverted_by, kept) == (first.id, "oleh", second)
    assert reverted.reverted_at is not None


def test_decision_ids_are_never_reused(store: Store) -> None:
    review, first = decide(store, Decision("merge", REPORT_EN.id, REPORT_RU.id, "aigerim"))
    assert review.id is not None and first.id is not None
    store.revert_review(review.id, "aigerim")
    _, again = decide(store, Decision("merge", REPORT_EN.id, REPORT_RU.id, "aigerim"))
    assert again.id == first.id + 1


# --- upgrading ---------------------------------------------------------------------------------


def test_a_database_at_0001_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(parse_url(url))
    assert migrate(engine, MIGRATIONS[:1]) == ["0001_initial"]
    # The documents as 0001 stored them; today's Store would write a column 0001 lacks. Finding
    # them stored, save_extraction below writes only the events, whose table is unchanged.
    with engine.begin() as connection:
        connection.execute(
            DOCUMENTS_0001.insert(),
            [
                {
                    "name": document.name,
                    "sha256": document.sha256,
                    "raw": document.raw,
                    "text": document.text,
                    "media_type": document.media_type,
                    "ingested_at": "2022-01-08T10:00:00+00:00",
                }
                for document in (EN, RU)
            ],
        )
    with Store(engine, "old.db") as old:
        old.save_extraction(EN, [REPORT_EN], extractor="rules/1")
        old.save_extraction(RU, [REPORT_RU], extractor="rules/1")
    with Store.open(url) as upgraded:
        assert upgraded.events() == [REPORT_EN, REPORT_RU]
        assert upgraded.document(EN.name) is not None
        assert upgraded.counts() == {"documents": 2, "events": 2, "clusters": 0, "entities": 0}
        upgraded.save_consolidation([almaty_cluster()], ENTITIES[:1], MENTIONS[:2])
        decide(upgraded, Decision("merge", REPORT_EN.id, REPORT_RU.id, "aigerim"))
        assert upgraded.clusters(EventFilter(person=SEITKALI)) == [almaty_cluster()]
    with Store.open(url) as reopened:
        assert reopened.cluster_of(REPORT_EN.id) == ALMATY
        assert len(reopened.decisions()) == 1
