"""The reviewed view of a happening: the machine's reading with every review in force on top.

Reviews are records, never overwrites (see :class:`~khronika.model.Review`): this module only
reads them. The verdicts in force set the review status (:mod:`khronika.store.verdicts`: a
verdict, or "needs_review" when a merge brought opposite ones together, or "changed" when a
verified happening changed since); each edit in force replaces one field, the latest edit of a
field winning. A reverted review is history only.
Shared by the web desk, the API and ``khronika publish``: :func:`reviewed` applies reviews one
has in hand; :func:`reviewed_one` and :func:`reviewed_all` read them from the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from khronika.model import (
    COUNT_KEYS,
    EDITABLE_FIELDS,
    Cluster,
    Event,
    Review,
)
from khronika.store.edits import apply_edit as store_apply_edit
from khronika.store.verdicts import REVIEW_STATES as REVIEW_STATES
from khronika.store.verdicts import ReviewStatus as ReviewStatus
from khronika.store.verdicts import seen_of as seen_of
from khronika.store.verdicts import verdict_of

if TYPE_CHECKING:
    from khronika.store import ReviewStore


# What an edit may name: "counts" whole is not one (apply_edit takes one count at a time,
# "counts.detained"), each count key is.
EDIT_FIELDS: tuple[str, ...] = tuple(f for f in EDITABLE_FIELDS if f != "counts") + tuple(
    f"counts.{key}" for key in COUNT_KEYS
)


@dataclass(frozen=True)
class Reviewed:
    """A happening as reviewers left it, with its status and the whole history of reviews."""

    cluster: Cluster
    status: ReviewStatus
    history: tuple[Review, ...]
    # Why the status is "needs_review" or "changed", in plain words (both verdicts, what changed).
    notes: tuple[str, ...] = ()

    @property
    def edited_fields(self) -> tuple[str, ...]:
        """The fields an edit in force has changed, each once, in the order first edited."""
        in_force = (r for r in self.history if r.action == "edit" and r.reverted_at is None)
        return tuple(dict.fromkeys(r.field for r in in_force if r.field))


def reviewed(cluster: Cluster, reviews: Iterable[Review]) -> Reviewed:
    """``cluster`` with ``reviews`` (of this cluster, in any order) applied."""
    history = tuple(sorted(reviews, key=lambda r: r.id or 0))
    event = cluster.event
    for review in history:
        if review.reverted_at is None and review.action == "edit" and review.field:
            event = apply_edit(event, review.field, review.after)
    verdict = verdict_of(cluster, history)
    return Reviewed(
        cluster=replace(cluster, event=event),
        status=verdict.status,
        history=history,
        notes=verdict.notes,
    )


def group_reviews(reviews: Iterable[Review]) -> dict[str, list[Review]]:
    """Reviews by the id of the happening they are about."""
    grouped: dict[str, list[Review]] = {}
    for review in reviews:
        grouped.setdefault(review.cluster, []).append(review)
    return grouped


def reviewed_one(store: ReviewStore, cluster: Cluster) -> Reviewed:
    """``cluster`` with its reviews, read from ``store``, applied."""
    return reviewed(cluster, store.reviews(cluster_id=cluster.id))


def reviewed_many(store: ReviewStore, clusters: Iterable[Cluster]) -> list[Reviewed]:
    """Each cluster with its reviews applied, the reviews of all read at once (a page's worth)."""
    listed = list(clusters)
    by_cluster = store.reviews_of([cluster.id for cluster in listed])
    return [reviewed(cluster, by_cluster.get(cluster.id, ())) for cluster in listed]


def reviewed_all(store: ReviewStore, clusters: Iterable[Cluster]) -> list[Reviewed]:
    """For exports: every review read once, then grouped, instead of a query per cluster."""
    by_cluster = group_reviews(store.reviews())
    return [reviewed(cluster, by_cluster.get(cluster.id, ())) for cluster in clusters]


def current_value(event: Event, field: str) -> Any:
    """A field of ``event`` as JSON, the shape a review's ``before`` and ``after`` take."""
    data = event.to_dict()
    if field.startswith("counts."):
        return data["counts"].get(field.split(".", 1)[1])
    return data[field]


def apply_edit(event: Event, field: str, value: Any) -> Event:
    """``event`` with one field replaced by ``value`` (JSON, as in the contract); the store's
    rule (:func:`khronika.store.edits.apply_edit`), so filters and display agree.
    """
    return store_apply_edit(event, field, value)
