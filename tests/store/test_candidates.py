"""Possible duplicates in the store: saved with the consolidation, read back per happening,
replaced by the next consolidation, refused when they name a happening not saved.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from khronika.errors import StoreError
from khronika.model import CandidatePair, Join
from khronika.store import Store

from .happenings import ALMATY, ENTITIES, KYIV, MENTIONS, almaty_cluster, kyiv_cluster

PAIR = CandidatePair(
    report_a="ev_one",
    report_b="ev_two",
    score=2.0,
    reason="below_threshold",
    points=(("same_city", 2.0),),
    cluster_a=ALMATY,
    cluster_b=KYIV,
)


def test_possible_duplicates_are_saved_and_read_back_per_happening(store: Store) -> None:
    store.save_consolidation(
        [almaty_cluster(), kyiv_cluster()], ENTITIES, MENTIONS, candidates=[PAIR]
    )

    assert store.candidate_pairs() == [PAIR]
    assert store.candidate_pairs(KYIV) == [PAIR]
    assert store.candidate_pairs("cl_elsewhere") == []


def test_the_next_consolidation_replaces_the_possible_duplicates(store: Store) -> None:
    store.save_consolidation(
        [almaty_cluster(), kyiv_cluster()], ENTITIES, MENTIONS, candidates=[PAIR]
    )
    store.save_consolidation([almaty_cluster(), kyiv_cluster()], ENTITIES, MENTIONS)

    assert store.candidate_pairs() == []


def test_a_possible_duplicate_of_a_happening_not_saved_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="possible duplicate ev_one/ev_two"):
        store.save_consolidation([almaty_cluster()], ENTITIES[:1], MENTIONS[:2], candidates=[PAIR])

    assert store.clusters() == []


def test_a_happening_keeps_why_its_reports_joined(store: Store) -> None:
    join = Join("ev_two", "ev_one", 4.0, (("same_day", 2.0), ("same_city", 2.0)))
    cluster = almaty_cluster()
    store.save_consolidation(
        [replace(cluster, joined_by=(join,)), kyiv_cluster()],
        ENTITIES,
        MENTIONS,
    )

    saved = store.cluster(ALMATY)

    assert saved is not None
    assert saved.joined_by == (join,)
    assert saved.to_dict()["joined_by"][0]["points"] == {"same_day": 2.0, "same_city": 2.0}
