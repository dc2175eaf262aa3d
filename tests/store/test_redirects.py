"""Retired happening ids: a consolidation that folds Kyiv into Almaty redirects the Kyiv id and
counts its reviews for Almaty; one that parts them again gives the id back."""

from __future__ import annotations

from dataclasses import replace

from khronika.model import Review
from khronika.store import EventFilter, Store

from .happenings import ALMATY, KYIV, REPORT_EN, REPORT_UK, almaty_cluster, kyiv_cluster


def merged(store: Store) -> None:
    whole = almaty_cluster()
    store.save_consolidation([replace(whole, reports=(*whole.reports, REPORT_UK.id))], [], [])


def test_a_retired_id_redirects_and_its_reviews_count_for_the_survivor(
    consolidated: Store,
) -> None:
    consolidated.add_review(Review(KYIV, "verify", "ana", "seen the court record"))

    merged(consolidated)

    assert consolidated.cluster_redirect(KYIV) == ALMATY
    assert [r.action for r in consolidated.reviews(ALMATY)] == ["verify"]
    assert [c.id for c in consolidated.clusters(EventFilter(review="verified"))] == [ALMATY]


def test_an_id_given_back_by_a_split_loses_its_redirect(consolidated: Store) -> None:
    merged(consolidated)
    consolidated.save_consolidation([almaty_cluster(), kyiv_cluster()], [], [])

    assert consolidated.cluster_redirect(KYIV) is None
    assert consolidated.cluster(KYIV) is not None


def test_every_id_keeps_its_founding_report_even_once_retired(consolidated: Store) -> None:
    # Almaty's reports came in English and Russian documents stored at one time: the English
    # one comes first in order of storage (its document's name breaks the tie).
    assert consolidated.founders() == {ALMATY: REPORT_EN.id, KYIV: REPORT_UK.id}

    merged(consolidated)

    # Kyiv is retired, and still knows the report that takes its id back on a split.
    assert consolidated.founders() == {ALMATY: REPORT_EN.id, KYIV: REPORT_UK.id}


def test_the_reviews_of_a_page_are_read_at_once_as_each_alone(consolidated: Store) -> None:
    consolidated.add_review(Review(KYIV, "verify", "ana", "seen the court record"))
    consolidated.add_review(Review(ALMATY, "reject", "ana", "not an event"))
    merged(consolidated)
    consolidated.add_review(Review(ALMATY, "verify", "ana", "after the merge"))

    at_once = consolidated.reviews_of([ALMATY, "cl_nothing", ALMATY])

    assert at_once == {ALMATY: consolidated.reviews(ALMATY), "cl_nothing": []}
    # The retired Kyiv id's verdict counts for Almaty, in the order recorded.
    assert [r.reason for r in at_once[ALMATY]] == [
        "seen the court record",
        "not an event",
        "after the merge",
    ]
