"""An analyst's review of a happening, recorded the same way from a form and from the API.

Each action is one :class:`~khronika.model.Review` (who, what, before, after, why), never an
overwrite. A merge or split also records the :class:`~khronika.model.Decision` rows that
consolidation obeys, in the same transaction, and then has the store consolidated again so the
lists show the change at once. The web package does not import the pipeline (the read side
knows only the base and the store), so that step is the ``reconsolidate`` callable the app was
given; without one the decision waits for the next ``khronika consolidate``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from khronika.errors import InvalidEventError
from khronika.model import Cluster, Decision, Review
from khronika.read import EDIT_FIELDS, apply_edit, current_value, reviewed_one, seen_of
from khronika.store import Store
from khronika.web.errors import Invalid, NotFound, WebError
from khronika.web.views import cluster_or_404

log = logging.getLogger(__name__)

Reconsolidate = Callable[[Store], None]
Action = Literal["verify", "reject", "edit", "merge", "split"]


class ReviewRequest(BaseModel):
    """A review as asked for: ``value`` (JSON) for an edit, ``other`` (a cluster id) for a
    merge, ``report`` (a report id of this happening) for a split; a reason always (checked by
    :func:`record_review`, so a form and the API get the same message).
    """

    model_config = ConfigDict(extra="forbid")

    action: Action
    reason: str = Field(default="", max_length=4000)
    field: str | None = None
    value: Any = None
    other: str | None = None
    report: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A review recorded, and where the happening is after it."""

    review: Review
    # Where the happening is after the review: a merge may fold it into the other cluster.
    cluster_id: str
    note: str = ""


def record_review(
    store: Store,
    reconsolidate: Reconsolidate | None,
    cluster_id: str,
    asked: ReviewRequest,
    author: str,
    address: str | None,
) -> Outcome:
    """Check and record a review of ``cluster_id`` (merges and splits re-consolidate)."""
    cluster = cluster_or_404(store, cluster_id)
    reason = asked.reason.strip()
    if not reason:
        raise Invalid("say why: a review needs a reason")
    decisions: list[Decision] = []
    if asked.action in ("verify", "reject"):
        review = Review(cluster=cluster.id, action=asked.action, author=author, reason=reason)
    elif asked.action == "edit":
        review = _edit(store, cluster, asked, author, reason)
    elif asked.action == "merge":
        other = store.cluster(asked.other or "") if asked.other else None
        if other is None:
            raise Invalid(f"{asked.other or '(none given)'}: no such happening to merge with")
        if other.id == cluster.id:
            raise Invalid("a happening cannot be merged with itself")
        decisions = [Decision("merge", cluster.reports[0], other.reports[0], author, reason)]
        review = Review(
            cluster=cluster.id, action="merge", author=author, reason=reason, after=other.id
        )
    else:
        if asked.report not in cluster.reports:
            raise Invalid(f"{asked.report or '(none given)'}: not a report of this happening")
        others = [r for r in cluster.reports if r != asked.report]
        if not others:
            raise Invalid("a happening of one report has nothing to split from")
        decisions = [Decision("split", asked.report, other, author, reason) for other in others]
        review = Review(
            cluster=cluster.id, action="split", author=author, reason=reason, after=asked.report
        )
    # What the reviewer saw, so a later merge or change of this happening can be told apart.
    review = replace(review, seen=seen_of(cluster, review.action))
    saved = store.add_review(review, decisions)
    store.audit("review", account=author, detail=_describe(saved), address=address)
    if not decisions:
        return Outcome(saved, cluster.id)
    note = _reconsolidate(store, reconsolidate)
    # The happening's first report tells where it went: into the merged cluster, or it stays.
    moved_to = store.cluster_of(cluster.reports[0]) or cluster.id
    return Outcome(saved, moved_to, note)


def _edit(store: Store, cluster: Cluster, asked: ReviewRequest, author: str, reason: str) -> Review:
    if asked.field not in EDIT_FIELDS:
        raise Invalid(f"{asked.field!r} is not a field a reviewer can edit; one of {EDIT_FIELDS}")
    event = reviewed_one(store, cluster).cluster.event
    before = current_value(event, asked.field)
    try:
        # Built once here so a value the contract refuses never becomes a review.
        after = apply_edit(event, asked.field, asked.value)
    except (InvalidEventError, ValueError, TypeError, AttributeError, KeyError) as exc:
        raise Invalid(f"{asked.field}: not a valid value ({exc})") from exc
    if current_value(after, asked.field) == before:
        raise Invalid(f"{asked.field}: the new value is the same as the current one")
    return Review(
        cluster=cluster.id,
        action="edit",
        author=author,
        reason=reason,
        field=asked.field,
        before=before,
        after=asked.value,
    )


def revert_review(
    store: Store,
    reconsolidate: Reconsolidate | None,
    review_id: int,
    author: str,
    address: str | None,
) -> Outcome:
    """Revert a review: it stays in the history, marked reverted."""
    review = store.review(review_id)
    if review is None:
        raise NotFound(f"review {review_id}: no such review")
    if review.reverted_at is not None:
        raise WebError(409, f"review {review_id} was already reverted by {review.reverted_by}")
    store.revert_review(review_id, author)
    store.audit(
        "review_reverted", account=author, detail=f"reverted {_describe(review)}", address=address
    )
    note = _reconsolidate(store, reconsolidate) if review.decisions else ""
    reverted = store.review(review_id) or review
    # After undoing a merge the happening may live under another id again: "" sends the
    # reviewer back to the list rather than to a page that is gone.
    still_there = store.cluster(review.cluster) is not None
    return Outcome(reverted, review.cluster if still_there else "", note)


def _reconsolidate(store: Store, reconsolidate: Reconsolidate | None) -> str:
    if reconsolidate is None:
        return "recorded; the happenings change at the next `khronika consolidate`"
    reconsolidate(store)
    return ""


def _describe(review: Review) -> str:
    what = f"review {review.id}: {review.action} {review.cluster}"
    if review.field:
        what += f" {review.field}"
    return f"{what} ({review.reason})"
