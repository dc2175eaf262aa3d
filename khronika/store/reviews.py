"""Reviews of happenings: an analyst's verify, reject, edit, merge or split, kept beside the
machine's reading and never overwriting it. A merge or split review records the decisions
consolidation must obey, in the same transaction; reverting the review reverts them too.

A review names its cluster by id and outlives every consolidation, as decisions do. A review, or
its revert, rewrites the cluster's reviewed columns and review status in the same transaction
(see :mod:`.edits` and :mod:`.verdicts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select, update

from khronika.errors import StoreError
from khronika.model import Decision, Review
from khronika.store import rows, schema
from khronika.store.base import Database, insert_returning_id
from khronika.store.desk import join_ids, now_stamp, review_from_row, review_row, split_ids, stamp
from khronika.store.edits import refresh_reviewed
from khronika.store.redirects import ids_of, redirected, survivor_of

# Happenings whose reviews one query reads: a list page is 50, an API page at most 500.
_BATCH = 500


class ReviewRepository(Database):
    """Reviews and the decisions they record (see :class:`ReviewStore` in :mod:`.interfaces`)."""

    def add_review(self, review: Review, decisions: Sequence[Decision] = ()) -> Review:
        """Record ``review`` with the ``decisions`` (merge or split rulings) it makes, all or
        nothing; returns it with its ``id``, ``created_at`` (kept if set) and ``decisions`` ids.

        The decisions must be new and of the review's own action (a merge review records merge
        decisions); a review that already names decisions is refused.
        """
        check_new_review(review, decisions)
        # As stored (UTC, to the second), so what is returned is what a later read gives.
        created = datetime.fromisoformat(stamp(review.created_at or datetime.now(UTC)))
        row = review_row(review, created.isoformat())
        decision_rows = [rows.decision_row(d, d.created_at or created) for d in decisions]
        with self._write(f"review of {review.cluster}: recording") as connection:
            decision_ids = tuple(
                insert_returning_id(connection, schema.decisions, decision_row)
                for decision_row in decision_rows
            )
            row["decision_ids"] = join_ids(decision_ids)
            review_id = insert_returning_id(connection, schema.reviews, row)
            # The status and the edited columns follow every review at once; a merge or split
            # changes the clusters themselves, at the consolidation it asks for.
            survivor = redirected(connection, review.cluster) or review.cluster
            # Only an edit changes what full-text search finds.
            refresh_reviewed(connection, survivor, fts=self._fts and review.action == "edit")
        return replace(review, id=review_id, created_at=created, decisions=decision_ids)

    def reviews(self, cluster_id: str | None = None) -> list[Review]:
        """Every review (of ``cluster_id`` and of the ids a merge retired into it, if given),
        reverted ones included, oldest first.

        Without ``cluster_id``, each review names the happening it now counts for (a retired
        id's reviews name its survivor), so that grouping them by ``cluster`` applies every
        review where the desk's page and the filter columns apply it.
        """
        table = schema.reviews
        query = select(table).order_by(table.c.id)
        with self._read("reading reviews") as connection:
            if cluster_id is not None:
                # Reviews made under an id a merge retired count for the survivor.
                query = query.where(table.c.cluster_id.in_(ids_of(connection, cluster_id)))
                found = connection.execute(query).mappings().all()
                return [review_from_row(row) for row in found]
            survivor = survivor_of(table.c.cluster_id).label("survivor")
            found = connection.execute(query.add_columns(survivor)).mappings().all()
        return [replace(review_from_row(row), cluster=row["survivor"]) for row in found]

    def reviews_of(self, cluster_ids: Sequence[str]) -> dict[str, list[Review]]:
        """The reviews of each of ``cluster_ids`` (and of the ids a merge retired into it), as
        :meth:`reviews` gives them for one, read in two queries for all (a page's worth).
        """
        wanted = list(dict.fromkeys(cluster_ids))
        table, redirects = schema.reviews, schema.cluster_redirects
        found: dict[str, list[Review]] = {cluster_id: [] for cluster_id in wanted}
        with self._read("reading reviews") as connection:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                retired = select(redirects.c.old_id, redirects.c.new_id).where(
                    redirects.c.new_id.in_(batch)
                )
                owner = {old: new for old, new in connection.execute(retired)}
                owner.update({cluster_id: cluster_id for cluster_id in batch})
                query = select(table).where(table.c.cluster_id.in_(owner)).order_by(table.c.id)
                for row in connection.execute(query).mappings():
                    found[owner[row["cluster_id"]]].append(review_from_row(row))
        return found

    def review(self, review_id: int) -> Review | None:
        """The review with this id, reverted or not, if any."""
        table = schema.reviews
        with self._read(f"review {review_id}: reading") as connection:
            row = (
                connection.execute(select(table).where(table.c.id == review_id)).mappings().first()
            )
        return review_from_row(row) if row is not None else None

    def revert_review(self, review_id: int, author: str) -> Review:
        """Mark a review reverted by ``author``, and with it the decisions it recorded (those
        not reverted already), all or nothing; returns the review as it now is.
        """
        reviews, decisions = schema.reviews, schema.decisions
        now = now_stamp()
        with self._write(f"review {review_id}: reverting") as connection:
            row = (
                connection.execute(select(reviews).where(reviews.c.id == review_id))
                .mappings()
                .first()
            )
            if row is None:
                raise StoreError(f"review {review_id}: no such review")
            if row["reverted_at"] is not None:
                raise StoreError(
                    f"review {review_id}: already reverted by {row['reverted_by']}"
                    f" at {row['reverted_at']}"
                )
            connection.execute(
                update(reviews)
                .where(reviews.c.id == review_id)
                .values(reverted_at=now, reverted_by=author)
            )
            decision_ids = split_ids(row["decision_ids"])
            if decision_ids:
                connection.execute(
                    update(decisions)
                    .where(decisions.c.id.in_(decision_ids), decisions.c.reverted_at.is_(None))
                    .values(reverted_at=now, reverted_by=author)
                )
            survivor = redirected(connection, row["cluster_id"]) or row["cluster_id"]
            refresh_reviewed(connection, survivor, fts=self._fts and row["action"] == "edit")
        return replace(
            review_from_row(row), reverted_at=datetime.fromisoformat(now), reverted_by=author
        )


def check_new_review(review: Review, decisions: Sequence[Decision]) -> None:
    """Refuse a review already recorded, or decisions it cannot record (see ``add_review``)."""
    if review.id is not None:
        raise StoreError(f"review {review.id} is already recorded")
    if review.decisions:
        raise StoreError(
            f"review of {review.cluster}: its decisions are recorded with it, not named"
        )
    for decision in decisions:
        if decision.id is not None:
            raise StoreError(f"decision {decision.id} is already recorded")
        if decision.action != review.action:
            raise StoreError(
                f"review of {review.cluster}: a {review.action} review cannot record"
                f" a {decision.action} decision"
            )
