"""Review states after consolidation: a merge of opposite verdicts needs review, showing both;
a verified happening that gains a report or whose machine fields change is "changed" until
someone verifies it again; the clusters' review_status column follows, for the filters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from khronika.model import PartialDate, Review
from khronika.store import EventFilter, Store, schema
from khronika.store.desk import review_row
from khronika.store.engine import create_store_engine, parse_url
from khronika.store.migrations import MIGRATIONS, REVIEWS_0003, migrate
from khronika.store.rows import cluster_row
from khronika.store.verdicts import seen_of, verdict_of

from .happenings import (
    ALMATY,
    ENTITIES,
    KYIV,
    MENTIONS,
    REPORT_EN,
    REPORT_RU,
    REPORT_UK,
    almaty_cluster,
    kyiv_cluster,
)

CLUSTERS = (almaty_cluster(), kyiv_cluster())


def ids_under(store: Store, state: str) -> list[str]:
    return [c.id for c in store.clusters(EventFilter(review=state))]


def merge_kyiv_into_almaty(store: Store) -> None:
    """The consolidation a merge ruling brings: Kyiv's report joins Almaty, Kyiv's id retires."""
    merged = almaty_cluster()
    merged = replace(merged, reports=(*merged.reports, REPORT_UK.id))
    mentions = tuple(replace(m, cluster=ALMATY) if m.cluster == KYIV else m for m in MENTIONS)
    store.save_consolidation([merged], ENTITIES, mentions)


def verdict(store: Store, cluster_id: str, action: str, author: str) -> Review:
    """A verify or reject as the desk records it: with what the reviewer saw."""
    cluster = store.cluster(cluster_id)
    assert cluster is not None
    asked = Review(cluster_id, action, author, "checked", seen=seen_of(cluster, action))
    return store.add_review(asked)


def test_a_verified_and_a_rejected_happening_merged_need_review_with_both_shown(
    consolidated: Store,
) -> None:
    verified = verdict(consolidated, KYIV, "verify", "aigerim")
    rejected = verdict(consolidated, ALMATY, "reject", "marat")
    assert ids_under(consolidated, "verified") == [KYIV]

    merge_kyiv_into_almaty(consolidated)

    # Not the latest verdict: both, named, and the filter column says so.
    assert ids_under(consolidated, "needs_review") == [ALMATY]
    assert ids_under(consolidated, "rejected") == []
    merged = consolidated.cluster(ALMATY)
    assert merged is not None
    found = verdict_of(merged, consolidated.reviews(ALMATY))
    assert found.status == "needs_review"
    assert f"verified in review {verified.id} by aigerim" in found.notes[0]
    assert f"rejected in review {rejected.id} by marat" in found.notes[0]

    # Someone rules on the whole: that verdict stands alone.
    verdict(consolidated, ALMATY, "reject", "dana")
    assert ids_under(consolidated, "rejected") == [ALMATY]


def test_a_verified_happening_whose_machine_fields_change_is_changed_until_verified_again(
    consolidated: Store,
) -> None:
    verdict(consolidated, KYIV, "verify", "aigerim")
    later = kyiv_cluster()
    later = replace(later, event=replace(later.event, date=PartialDate(precision="unknown")))
    consolidated.save_consolidation([almaty_cluster(), later], ENTITIES, MENTIONS)

    assert ids_under(consolidated, "changed") == [KYIV]
    kyiv = consolidated.cluster(KYIV)
    assert kyiv is not None
    assert verdict_of(kyiv, consolidated.reviews(KYIV)).notes == (
        "changed since verified: the machine's date",
    )

    again = verdict(consolidated, KYIV, "verify", "aigerim")
    assert ids_under(consolidated, "verified") == [KYIV]
    assert again.id is not None
    consolidated.revert_review(again.id, "aigerim")
    assert ids_under(consolidated, "changed") == [KYIV]


def test_a_verified_happening_that_gains_a_report_is_changed() -> None:
    # The verifier saw the English report only; the Russian one joined since.
    almaty = almaty_cluster()
    seen = seen_of(replace(almaty, reports=(REPORT_EN.id,)), "verify")
    found = verdict_of(almaty, [Review(ALMATY, "verify", "aigerim", id=1, seen=seen)])
    assert found.status == "changed"
    assert found.notes == (f"changed since verified: 1 new report ({REPORT_RU.id})",)


def test_edits_of_one_field_that_disagree_after_a_merge_need_review(consolidated: Store) -> None:
    for cluster_id, summary in ((KYIV, "Police detained two"), (ALMATY, "Police detained forty")):
        cluster = consolidated.cluster(cluster_id)
        assert cluster is not None
        consolidated.add_review(
            Review(
                cluster_id,
                "edit",
                "irina",
                "as the sources say",
                field="summary",
                after=summary,
                seen=seen_of(cluster, "edit"),
            )
        )
    merge_kyiv_into_almaty(consolidated)
    merged = consolidated.cluster(ALMATY)
    assert merged is not None
    found = verdict_of(merged, consolidated.reviews(ALMATY))
    assert found.status == "needs_review"
    assert found.notes[0].startswith("summary was edited differently in review")


def test_reviews_recorded_before_seen_existed_keep_the_latest_verdict_rule() -> None:
    old = [Review(KYIV, "verify", "aigerim", id=1), Review(ALMATY, "reject", "marat", id=2)]
    assert verdict_of(kyiv_cluster(), old).status == "rejected"


def test_a_store_at_0008_gets_the_status_column_filled_by_the_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(parse_url(url))
    try:
        migrate(engine, MIGRATIONS[:8])
        # A consolidation and a rejection as an 0008 khronika wrote them (no status, no seen).
        with engine.begin() as connection:
            connection.execute(
                schema.clusters.insert(), [cluster_row(c, (), "2024-05-01") for c in CLUSTERS]
            )
            rejected = Review(KYIV, "reject", "marat", "a rumour")
            row = review_row(rejected, "2024-05-01T00:00:00+00:00")
            del row["seen"]
            connection.execute(REVIEWS_0003.insert(), [row])
    finally:
        engine.dispose()
    with Store.open(url) as upgraded:
        assert ids_under(upgraded, "rejected") == [KYIV]
        assert ids_under(upgraded, "unreviewed") == [ALMATY]
