"""A full consolidation saved as it is made: clusters written in batches, inside one transaction.

:func:`khronika.consolidate.consolidate` hands each finished cluster to a sink; this writer
is that sink. The previous consolidation's rows are deleted when the transaction opens, each
batch of clusters (their rows, members, reviewed columns and search entries) is written as
it fills, and the entities, mentions, possible duplicates, redirects and lookup keys follow
once the run is done. Memory holds one batch of clusters, not all of them; the transaction
keeps the save all or nothing: an error or a killed process leaves the previous state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, delete, select

from khronika.errors import StoreError
from khronika.model import CandidatePair, Cluster, Entity, EntityMention
from khronika.store import rows, schema
from khronika.store.base import Database
from khronika.store.documents import set_state
from khronika.store.edits import apply_reviewed, index_clusters, refresh_reviewed
from khronika.store.partial import write_keys
from khronika.store.redirects import record_redirects

# Clusters per batch: a few megabytes of rows, and few enough round trips.
BATCH = 2000


def clear_consolidation(connection: Connection, *, fts: bool) -> None:
    """Delete every happening, member, entity, mention, possible duplicate and search entry."""
    if fts:
        connection.execute(delete(schema.cluster_search))
    # Children first: the foreign keys would refuse the other order.
    for table in (
        schema.candidate_pairs,
        schema.entity_mentions,
        schema.cluster_members,
        schema.entities,
        schema.clusters,
    ):
        connection.execute(delete(table))


class ConsolidationWriter:
    """The sink of a full consolidation being saved (see :meth:`StreamedSave.consolidation_writer`)."""

    def __init__(self, connection: Connection, *, fts: bool, batch: int = BATCH) -> None:
        """Delete the previous consolidation's rows in ``connection``'s transaction."""
        self._connection, self._fts, self._batch = connection, fts, batch
        self._now = rows.now()
        self._pending: list[tuple[Cluster, Sequence[str]]] = []
        self._owner: dict[str, str] = {}  # report -> cluster, for the checks and the redirects
        self._ids: set[str] = set()
        clear_consolidation(connection, fts=fts)

    def add(self, cluster: Cluster, names: Sequence[str] = ()) -> None:
        """Take one finished cluster (``names``: what its reports called linked entities)."""
        if cluster.id in self._ids:
            raise StoreError(f"cannot save the consolidation: two clusters are {cluster.id}")
        self._ids.add(cluster.id)
        for report in cluster.reports:
            first = self._owner.setdefault(report, cluster.id)
            if first != cluster.id:
                raise StoreError(
                    f"cannot save the consolidation: report {report} is in two clusters"
                    f" ({first}, {cluster.id})"
                )
        self._pending.append((cluster, names))
        if len(self._pending) >= self._batch:
            self._flush()

    def finish(
        self,
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
        candidates: Sequence[CandidatePair],
        *,
        before: Mapping[str, str],
        generation: int,
        keys: Sequence[tuple[str, str]] | None,
    ) -> None:
        """Write the rest once every cluster was added; ``before`` is each report's cluster in
        the consolidation replaced (for the redirects of the ids it retires).
        """
        self._flush()
        connection = self._connection
        old: dict[str, list[str]] = {}
        for report, cluster_id in before.items():
            old.setdefault(cluster_id, []).append(report)
        redirects = schema.cluster_redirects
        query = select(redirects.c.old_id, redirects.c.new_id)
        was = {tuple(row) for row in connection.execute(query)}
        record_redirects(connection, self._owner, self._now, old=old)
        # Clusters were written before the redirects of this run (they need its whole result):
        # a review counted for another id then is counted again below, once mentions are in.
        moved = was ^ {tuple(row) for row in connection.execute(query)}
        del old
        entity_ids = {entity.id for entity in entities}
        unique = list(dict.fromkeys(mentions))
        for mention in unique:
            check_mention(mention, entity_ids, self._ids, self._owner)
        for table, new_rows in (
            (schema.entities, [rows.entity_row(entity) for entity in entities]),
            (schema.entity_mentions, [rows.mention_row(mention) for mention in unique]),
            (schema.candidate_pairs, rows.checked_pair_rows(candidates, self._ids)),
        ):
            if new_rows:
                connection.execute(table.insert(), new_rows)
        for cluster_id in sorted({cid for pair in moved for cid in pair} & self._ids):
            refresh_reviewed(connection, cluster_id, fts=self._fts)
        set_state(connection, "consolidated", generation)
        write_keys(connection, keys)

    def _flush(self) -> None:
        if not self._pending:
            return
        clusters = [cluster for cluster, _names in self._pending]
        names = {cluster.id: names for cluster, names in self._pending}
        cluster_rows = [rows.cluster_row(c, names[c.id], self._now) for c in clusters]
        connection = self._connection
        # The filter columns and the search index follow the reviewed view (see .edits).
        views = apply_reviewed(connection, clusters, cluster_rows, names)
        connection.execute(schema.clusters.insert(), cluster_rows)
        members = [
            {"cluster_id": c.id, "report_id": report}
            for c in clusters
            for report in dict.fromkeys(c.reports)
        ]
        if members:
            connection.execute(schema.cluster_members.insert(), members)
        if self._fts:
            index_clusters(connection, {c.id: views.get(c.id, c) for c in clusters})
        self._pending = []


class StreamedSave(Database):
    """The store's streamed save of a full consolidation."""

    @contextmanager
    def consolidation_writer(self, *, batch: int | None = None) -> Iterator[ConsolidationWriter]:
        """A writer whose clusters, added as made, replace the stored consolidation when the
        block ends (after :meth:`ConsolidationWriter.finish`); nothing changes if it raises.
        ``batch`` clusters are written at a time (:data:`BATCH` by default).
        """
        with self._write("saving the consolidation") as connection:
            yield ConsolidationWriter(connection, fts=self._fts, batch=batch or BATCH)


def check_mention(
    mention: EntityMention, entity_ids: set[str], cluster_ids: set[str], owner: dict[str, str]
) -> None:
    """Refuse a mention of an entity or cluster not saved, or placed in another cluster than
    its report's (``owner``: report -> cluster).
    """
    if mention.entity not in entity_ids:
        raise StoreError(
            f"cannot save the consolidation: {mention.report} mentions"
            f" unknown entity {mention.entity}"
        )
    if mention.cluster is None:
        return
    if mention.cluster not in cluster_ids:
        raise StoreError(
            f"cannot save the consolidation: a mention in {mention.report} points to"
            f" unknown cluster {mention.cluster}"
        )
    placed = owner.get(mention.report, mention.cluster)
    if placed != mention.cluster:
        raise StoreError(
            f"cannot save the consolidation: a mention in {mention.report} points to"
            f" cluster {mention.cluster}, but the report is in {placed}"
        )


__all__ = [
    "BATCH",
    "ConsolidationWriter",
    "StreamedSave",
    "check_mention",
    "clear_consolidation",
]
