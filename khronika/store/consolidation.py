"""The consolidation of reports into clusters (happenings), saved whole with the entity registry
and the clusters' full-text index, and the reviewers' decisions consolidation must obey. The
filter columns and the index hold the reviewed view (reviewers' edits applied; see :mod:`.edits`).

Every save here replaces the previous consolidation entirely, all or nothing (an ingest's
incremental run replaces only the happenings it touched: :mod:`.incremental`, :mod:`.partial`);
decisions and reviews are the analysts' and outlive it. A save records which generation of reports it covered, so an
interrupted consolidation is seen (:meth:`ClusterRepository.consolidation_stale`) and redone. The entity registry is read through :mod:`.registry`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select

from khronika.errors import StoreError
from khronika.model import CandidatePair, Cluster, Decision, Entity, EntityMention
from khronika.store import rows, schema
from khronika.store.base import Database
from khronika.store.documents import read_state, set_state
from khronika.store.edits import apply_reviewed, index_clusters
from khronika.store.incremental import IncrementalRepository
from khronika.store.partial import write_keys
from khronika.store.queries import EventFilter, conditions, filtered, payload_by_id
from khronika.store.redirects import founders, record_redirects, redirected
from khronika.store.streamed import StreamedSave, check_mention, clear_consolidation

# Ids per IN (...) when reading payloads: under SQLite's default limit of bound parameters.
_BATCH = 500


class ClusterRepository(IncrementalRepository, StreamedSave, Database):
    """Clusters, the members and entities saved with them, and decisions (see
    :class:`ClusterStore` and :class:`DecisionStore` in :mod:`.interfaces`).
    """

    def save_consolidation(
        self,
        clusters: Sequence[Cluster],
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
        *,
        generation: int | None = None,
        candidates: Sequence[CandidatePair] = (),
        keys: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """Replace every cluster, cluster member, entity and mention with these, and the clusters'
        full-text index (on SQLite) with theirs, all or nothing.

        Decisions and reviews are left as they are. Two clusters or two entities with one id, a
        report in two clusters, or a mention of an entity or cluster not given is refused before
        anything is written, and so is a mention placed in another cluster than its report's. Exact
        duplicate mentions are stored once. ``generation`` is the report generation the
        consolidation read (:meth:`report_generation`); by default the current one.
        ``candidates`` are the possible duplicates, each naming two of these clusters.
        ``keys`` are (report, lookup key) of the named actors, what incremental consolidation
        finds stored people by; without them it is off until a consolidation gives them.
        """
        owner = check_consolidation(clusters, entities, mentions)
        candidate_rows = rows.checked_pair_rows(candidates, {cluster.id for cluster in clusters})
        now = rows.now()
        unique_mentions = list(dict.fromkeys(mentions))
        # What each cluster's reports called its linked entities, for the actor filter.
        names: dict[str, list[str]] = {}
        for mention in unique_mentions:
            cluster_id = mention.cluster or owner.get(mention.report)
            if cluster_id is not None:
                names.setdefault(cluster_id, []).append(mention.name)
        # Rows are built before the transaction: a bad cluster fails without touching the DB.
        cluster_rows = [rows.cluster_row(c, names.get(c.id, ()), now) for c in clusters]
        member_rows = [
            {"cluster_id": cluster.id, "report_id": report}
            for cluster in clusters
            for report in dict.fromkeys(cluster.reports)
        ]
        entity_rows = [rows.entity_row(entity) for entity in entities]
        mention_rows = [rows.mention_row(mention) for mention in unique_mentions]
        fts = self._fts
        with self._write("saving the consolidation") as connection:
            record_redirects(connection, owner, now)
            # The filter columns and the search index follow the reviewed view (see .edits).
            views = apply_reviewed(connection, clusters, cluster_rows, names)
            clear_consolidation(connection, fts=fts)
            for table, new_rows in (
                (schema.clusters, cluster_rows),
                (schema.cluster_members, member_rows),
                (schema.entities, entity_rows),
                (schema.entity_mentions, mention_rows),
                (schema.candidate_pairs, candidate_rows),
            ):
                if new_rows:
                    connection.execute(table.insert(), new_rows)
            if fts:
                index_clusters(connection, {c.id: views.get(c.id, c) for c in clusters})
            done = read_state(connection, "reports") if generation is None else generation
            set_state(connection, "consolidated", done)
            write_keys(connection, keys)

    def report_generation(self) -> int:
        """How many extractions have been saved: read before consolidating, saved with it."""
        with self._read("reading the store state") as connection:
            return read_state(connection, "reports")

    def consolidation_stale(self) -> bool:
        """Whether reports were saved since the last consolidation that completed."""
        with self._read("reading the store state") as connection:
            return read_state(connection, "consolidated") < read_state(connection, "reports")

    def clusters(self, filt: EventFilter | None = None) -> list[Cluster]:
        """Clusters matching ``filt`` (see :class:`EventFilter`), by date (unknown last), id.

        That is the default order; another ``filt.order`` sorts by its key first.
        """
        table = schema.clusters
        # Ids first, payloads after: a page far down the list skips index entries, not payloads.
        query = filtered(select(table.c.id), table, filt or EventFilter(), fts=self._fts)
        with self._read("reading clusters") as connection:
            ids = list(connection.scalars(query))
            payloads: dict[str, str] = {}
            for start in range(0, len(ids), _BATCH):
                batch = ids[start : start + _BATCH]
                found = select(table.c.id, table.c.payload).where(table.c.id.in_(batch))
                payloads.update({row.id: row.payload for row in connection.execute(found)})
        return [rows.cluster_from_payload(payloads[cluster_id]) for cluster_id in ids]

    def count_clusters(self, filt: EventFilter | None = None) -> int:
        """How many clusters match ``filt``, whatever its ``limit`` and ``offset``: for paging."""
        table = schema.clusters
        where = conditions(table, filt or EventFilter(), fts=self._fts)
        query = select(func.count()).select_from(table).where(*where)
        with self._read("counting clusters") as connection:
            return connection.scalar(query) or 0

    def cluster(self, cluster_id: str) -> Cluster | None:
        """The cluster with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{cluster_id}: reading the cluster") as connection:
            payload = payload_by_id(connection, schema.clusters, cluster_id, "cluster")
        return rows.cluster_from_payload(payload) if payload is not None else None

    def cluster_redirect(self, cluster_id: str) -> str | None:
        """Where a happening id retired by a merge went (the cluster holding its reports)."""
        with self._read(f"{cluster_id}: reading its redirect") as connection:
            return redirected(connection, cluster_id)

    def cluster_of(self, report_id: str) -> str | None:
        """The id of the cluster holding this report (an exact event id), if any."""
        table = schema.cluster_members
        query = select(table.c.cluster_id).where(table.c.report_id == report_id)
        with self._read(f"{report_id}: reading its cluster") as connection:
            return connection.scalar(query)

    def assignment(self) -> dict[str, str]:
        """Report id to cluster id, for every report of the last consolidation."""
        table = schema.cluster_members
        query = select(table.c.report_id, table.c.cluster_id).order_by(table.c.report_id)
        with self._read("reading cluster members") as connection:
            return {row.report_id: row.cluster_id for row in connection.execute(query)}

    def founders(self) -> dict[str, str]:
        """Cluster id to its founding report, for the ids in use and those a merge retired:
        what a consolidation gives ids back by (see :func:`.redirects.founders`).
        """
        with self._read("reading founding reports") as connection:
            return founders(connection)

    def candidate_pairs(self, cluster_id: str | None = None) -> list[CandidatePair]:
        """Possible duplicates, best first; only those involving ``cluster_id`` if given."""
        table = schema.candidate_pairs
        query = select(table).order_by(table.c.score.desc(), table.c.id)
        if cluster_id is not None:
            query = query.where(
                or_(table.c.cluster_a == cluster_id, table.c.cluster_b == cluster_id)
            )
        with self._read("reading possible duplicates") as connection:
            found = connection.execute(query).mappings().all()
        return [rows.pair_from_row(row) for row in found]

    def decisions(self, *, include_reverted: bool = False) -> list[Decision]:
        """Decisions in the order they were made; reverted ones only if asked for.

        They are recorded and reverted with their review (:meth:`ReviewRepository.add_review`).
        """
        table = schema.decisions
        query = select(table).order_by(table.c.id)
        if not include_reverted:
            query = query.where(table.c.reverted_at.is_(None))
        with self._read("reading decisions") as connection:
            found = connection.execute(query).mappings().all()
        return [rows.decision_from_row(row) for row in found]


def check_consolidation(
    clusters: Sequence[Cluster], entities: Sequence[Entity], mentions: Sequence[EntityMention]
) -> dict[str, str]:
    """Refuse an inconsistent consolidation; return the cluster id of every report."""
    cluster_ids = _unique("clusters", [cluster.id for cluster in clusters])
    entity_ids = _unique("entities", [entity.id for entity in entities])
    owner: dict[str, str] = {}
    for cluster in clusters:
        for report in cluster.reports:
            first = owner.setdefault(report, cluster.id)
            if first != cluster.id:
                raise StoreError(
                    f"cannot save the consolidation: report {report} is in two clusters"
                    f" ({first}, {cluster.id})"
                )
    for mention in mentions:
        check_mention(mention, entity_ids, cluster_ids, owner)
    return owner


def _unique(what: str, ids: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise StoreError(f"cannot save the consolidation: two {what} with id {identifier}")
        seen.add(identifier)
    return seen
