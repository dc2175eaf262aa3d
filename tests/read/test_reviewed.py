"""The reviewed view: the machine's reading with every review in force applied on top."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from readworld import DETENTION, FINE

from khronika.model import Review
from khronika.read import (
    EDIT_FIELDS,
    apply_edit,
    current_value,
    group_reviews,
    reviewed,
    reviewed_all,
    reviewed_many,
    reviewed_one,
)
from khronika.store import Store

REVERTED = datetime(2022, 2, 1, tzinfo=UTC)


def review(number: int, action: str, field: str | None = None, after: Any = None) -> Review:
    return Review(
        cluster="cl_fine", action=action, author="ana", id=number, field=field, after=after
    )


def test_without_reviews_a_happening_is_unreviewed_and_unchanged() -> None:
    view = reviewed(FINE, [])
    assert (view.status, view.cluster, view.history, view.edited_fields) == (
        "unreviewed",
        FINE,
        (),
        (),
    )


def test_the_latest_verdict_in_force_wins_in_id_order_not_list_order() -> None:
    reviews = [review(2, "reject"), review(1, "verify")]
    assert reviewed(FINE, reviews).status == "rejected"
    assert [r.id for r in reviewed(FINE, reviews).history] == [1, 2]


def test_a_reverted_review_is_history_only() -> None:
    undone = Review(cluster="cl_fine", action="reject", author="ana", id=2, reverted_at=REVERTED)
    view = reviewed(FINE, [review(1, "verify"), undone])
    assert view.status == "verified"
    assert len(view.history) == 2


def test_the_latest_edit_of_a_field_wins_and_is_listed_once() -> None:
    view = reviewed(
        FINE,
        [
            review(1, "edit", "summary", "A court fined an activist."),
            review(2, "edit", "summary", "A court in Almaty fined an activist."),
            review(3, "edit", "status", "announced"),
        ],
    )
    assert view.cluster.event.summary == "A court in Almaty fined an activist."
    assert view.cluster.event.status == "announced"
    assert view.edited_fields == ("summary", "status")
    assert view.status == "unreviewed"  # an edit is not a verdict
    assert FINE.event.summary == "A court fined Dana Ospanova."  # the reading is untouched


def test_a_reverted_edit_no_longer_applies() -> None:
    undone = Review(
        cluster="cl_fine",
        action="edit",
        author="ana",
        id=1,
        field="summary",
        after="Wrong.",
        reverted_at=REVERTED,
    )
    view = reviewed(FINE, [undone])
    assert view.cluster.event.summary == FINE.event.summary
    assert view.edited_fields == ()


def test_a_new_type_drops_the_old_subtype() -> None:
    edited = apply_edit(FINE.event, "type", "harassment")
    assert (edited.type, edited.subtype) == ("harassment", None)
    assert current_value(edited, "type") == "harassment"
    assert apply_edit(FINE.event, "subtype", "").subtype is None  # a blank box clears it


def test_an_edited_date_reads_back_as_the_contract_writes_it() -> None:
    value = {"start": "2022-01-10", "end": "2022-01-10", "precision": "day", "text": None}
    edited = apply_edit(FINE.event, "date", value)
    assert edited.date.start is not None and edited.date.start.day == 10
    assert current_value(edited, "date")["start"] == "2022-01-10"


def test_editing_actors_and_removing_a_count() -> None:
    with_count = apply_edit(
        FINE.event, "counts.detained", {"min": 2, "max": 3, "text": "two or three"}
    )
    removed = apply_edit(with_count, "counts.detained", None)
    assert current_value(with_count, "counts.detained")["max"] == 3
    assert current_value(removed, "counts.detained") is None
    actors = apply_edit(
        FINE.event, "actors", [{"name": "Dana Ospanova", "kind": "person", "role": "target"}]
    )
    assert [a.name for a in actors.actors] == ["Dana Ospanova"]


def test_a_field_no_reviewer_may_edit_is_refused() -> None:
    with pytest.raises(ValueError, match="evidence"):
        apply_edit(FINE.event, "evidence", [])


def test_group_reviews_by_happening() -> None:
    grouped = group_reviews([review(1, "verify"), review(2, "verify")])
    assert list(grouped) == ["cl_fine"] and len(grouped["cl_fine"]) == 2


def test_the_store_readers_apply_the_stored_reviews(store: Store) -> None:
    store.add_review(Review(cluster="cl_fine", action="verify", author="ana", reason="seen"))
    store.add_review(
        Review(
            cluster="cl_detention",
            action="edit",
            author="ana",
            reason="typo",
            field="summary",
            after="Police detained an activist.",
        )
    )
    one = reviewed_one(store, FINE)
    many = reviewed_many(store, [FINE, DETENTION])
    every = reviewed_all(store, [FINE, DETENTION])
    assert one.status == "verified"
    assert [(v.status, v.cluster.event.summary) for v in many] == [
        (v.status, v.cluster.event.summary) for v in every
    ]
    assert every[1].cluster.event.summary == "Police detained an activist."


@pytest.mark.parametrize("field", EDIT_FIELDS)
def test_every_editable_field_takes_back_its_own_value(field: str) -> None:
    value = current_value(FINE.event, field)
    assert current_value(apply_edit(FINE.event, field, value), field) == value


def test_counts_are_edited_one_key_at_a_time() -> None:
    assert "counts" not in EDIT_FIELDS
    assert {"counts.detained", "counts.killed", "summary", "date"} <= set(EDIT_FIELDS)


class ReviewsOnly:
    """Just the reviews: all the reviewed view asks of a store (its ``ReviewStore`` part)."""

    def __init__(self, *reviews: Review) -> None:
        self._reviews = list(reviews)

    def reviews(self, cluster_id: str | None = None) -> list[Review]:
        return [r for r in self._reviews if cluster_id in (None, r.cluster)]


def test_the_reviewed_view_needs_only_the_reviews_of_a_store() -> None:
    store = ReviewsOnly(review(1, "verify"))
    assert reviewed_one(store, FINE).status == "verified"  # type: ignore[arg-type]
    assert [v.status for v in reviewed_all(store, [FINE, DETENTION])] == [  # type: ignore[arg-type]
        "verified",
        "unreviewed",
    ]
