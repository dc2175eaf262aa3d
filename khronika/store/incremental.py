"""What incremental consolidation reads and writes: the reports no happening holds yet, the
stored happenings a new report could join (through the indexed event columns and the entity
mentions), and a save that replaces only the touched happenings and leaves every other row as is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    or_,
    select,
)

from khronika.model import CandidatePair, Cluster, Entity, EntityMention, Event
from khronika.store import rows, schema
from khronika.store.base import Database
from khronika.store.documents import read_state
from khronika.store.partial import Consolidated, batches, write_partial

# How far around a new report's days (plus twice the day slack) a stored report is looked at:
# two reports sharing a week block are less than a fortnight apart.
_REACH_DAYS = 14


class IncrementalRepository(Database):
    """Reads and the partial save of incremental consolidation (see
    :mod:`khronika.consolidate.incremental`).
    """

    def reports_outside_clusters(self) -> list[Event]:
        """Stored reports that no happening holds (new since the last consolidation)."""
        events, members = schema.events, schema.cluster_members
        held = select(members.c.report_id).where(members.c.report_id == events.c.id)
        query = select(events.c.payload).where(~held.exists()).order_by(events.c.id)
        with self._read("reading new reports") as connection:
            return [rows.event_from_payload(payload) for payload in connection.scalars(query)]

    def lost_members(self) -> int:
        """How many clustered reports are no longer stored (a document extracted again)."""
        events, members = schema.events, schema.cluster_members
        stored = select(events.c.id).where(events.c.id == members.c.report_id)
        query = select(func.count()).select_from(members).where(~stored.exists())
        with self._read("reading cluster members") as connection:
            return connection.scalar(query) or 0

    def neighbour_clusters(self, reports: Iterable[Event], slack: int = 1) -> set[str]:
        """Happenings holding a stored report that shares a block with one of ``reports``: its
        type and country within a fortnight, or its city when either is undated or yearless,
        or (any type) its city and days, for case links.
        """
        events, members = schema.events, schema.cluster_members
        found: set[str] = set()
        with self._read("reading neighbouring happenings") as connection:
            for event in reports:
                where = _neighbour_conditions(event, slack)
                if where is None:
                    continue
                query = (
                    select(members.c.cluster_id)
                    .join(events, events.c.id == members.c.report_id)
                    .where(where)
                    .distinct()
                )
                found.update(connection.scalars(query))
        return found

    def keys_ready(self) -> bool:
        """Whether the last consolidation saved the lookup keys incremental runs need."""
        with self._read("reading the store state") as connection:
            return read_state(connection, "mention_keys") == 1

    def clusters_keyed(
        self, keys: Collection[str], types: Collection[str] | None = None
    ) -> set[str]:
        """Happenings holding a report whose named actors have one of these lookup keys (and,
        if given, of one of these types).
        """
        table, members, events = schema.mention_keys, schema.cluster_members, schema.events
        found: set[str] = set()
        with self._read("reading lookup keys") as connection:
            for batch in batches(sorted(keys)):
                query = (
                    select(members.c.cluster_id)
                    .join(table, table.c.report_id == members.c.report_id)
                    .where(table.c.key.in_(batch))
                    .distinct()
                )
                if types is not None:
                    query = query.join(events, events.c.id == table.c.report_id).where(
                        events.c.type.in_(sorted(types))
                    )
                found.update(connection.scalars(query))
        return found

    def clusters_holding(self, report_ids: Collection[str]) -> set[str]:
        """The happenings holding these reports."""
        table = schema.cluster_members
        found: set[str] = set()
        with self._read("reading cluster members") as connection:
            for batch in batches(sorted(report_ids)):
                query = select(table.c.cluster_id).where(table.c.report_id.in_(batch)).distinct()
                found.update(connection.scalars(query))
        return found

    def clusters_naming(
        self, entity_ids: Collection[str], types: Collection[str] | None = None
    ) -> set[str]:
        """Happenings whose reports name one of these entities (and, if given, of one of
        these types).
        """
        table, events = schema.entity_mentions, schema.events
        found: set[str] = set()
        with self._read("reading entity mentions") as connection:
            for batch in batches(sorted(entity_ids)):
                query = select(table.c.cluster_id).where(table.c.entity_id.in_(batch)).distinct()
                if types is not None:
                    query = query.join(events, events.c.id == table.c.report_id).where(
                        events.c.type.in_(sorted(types))
                    )
                found.update(cid for cid in connection.scalars(query) if cid is not None)
        return found

    def clusters_in_cases_of(self, cluster_ids: Collection[str]) -> set[str]:
        """Happenings in the same linked case as one of these."""
        table = schema.clusters
        found: set[str] = set()
        with self._read("reading linked cases") as connection:
            for batch in batches(sorted(cluster_ids)):
                cases = select(table.c.case_id).where(
                    table.c.id.in_(batch), table.c.case_id.is_not(None)
                )
                found.update(
                    connection.scalars(select(table.c.id).where(table.c.case_id.in_(cases)))
                )
        return found

    def pairs_from(self, report_ids: Collection[str]) -> list[CandidatePair]:
        """The stored possible duplicates whose first report is one of these."""
        table = schema.candidate_pairs
        found: list[CandidatePair] = []
        with self._read("reading possible duplicates") as connection:
            for batch in batches(sorted(report_ids)):
                query = select(table).where(table.c.report_a.in_(batch))
                found.extend(
                    rows.pair_from_row(row) for row in connection.execute(query).mappings()
                )
        return found

    def reports_of(self, cluster_ids: Collection[str]) -> dict[str, list[Event]]:
        """The stored reports of these happenings, by happening."""
        events, members = schema.events, schema.cluster_members
        found: dict[str, list[Event]] = {}
        with self._read("reading reports of happenings") as connection:
            for batch in batches(sorted(cluster_ids)):
                query = (
                    select(members.c.cluster_id, events.c.payload)
                    .join(members, events.c.id == members.c.report_id)
                    .where(members.c.cluster_id.in_(batch))
                )
                for row in connection.execute(query):
                    found.setdefault(row.cluster_id, []).append(
                        rows.event_from_payload(row.payload)
                    )
        return found

    def founders_of(self, clusters: Mapping[str, Sequence[str]]) -> dict[str, str]:
        """The founding report of each of these happenings (their reports given) and of every
        id a merge retired: :meth:`ClusterRepository.founders` for a part of the store.
        """
        events, documents, redirects = schema.events, schema.documents, schema.cluster_redirects
        wanted = sorted({report for reports in clusters.values() for report in reports})
        order: dict[str, tuple[str, str, int, str]] = {}
        with self._read("reading founding reports") as connection:
            for batch in batches(wanted):
                query = (
                    select(events.c.id, documents.c.ingested_at, events.c.doc, events.c.first_start)
                    .join(documents, documents.c.name == events.c.doc)
                    .where(events.c.id.in_(batch))
                )
                for row in connection.execute(query):
                    order[row.id] = (row.ingested_at, row.doc, row.first_start, row.id)
            retired = select(redirects.c.old_id, redirects.c.founder).where(
                redirects.c.founder.is_not(None)
            )
            gone = list(connection.execute(retired))
        unknown = ("\uffff", "", 0, "")
        found = {
            cluster_id: min(reports, key=lambda r: (order.get(r, unknown), r))
            for cluster_id, reports in clusters.items()
            if reports
        }
        for old_id, founder in gone:
            found.setdefault(old_id, founder)
        return found

    def stored_clusters(self, cluster_ids: Collection[str]) -> set[str]:
        """Which of these happening ids are stored."""
        table = schema.clusters
        found: set[str] = set()
        with self._read("reading clusters") as connection:
            for batch in batches(sorted(cluster_ids)):
                found.update(connection.scalars(select(table.c.id).where(table.c.id.in_(batch))))
        return found

    def mentions_in(self, report_ids: Collection[str]) -> list[EntityMention]:
        """The stored mentions of these reports, in the order they were saved."""
        table = schema.entity_mentions
        found: list[tuple[int, EntityMention]] = []
        with self._read("reading entity mentions") as connection:
            for batch in batches(sorted(report_ids)):
                query = select(table).where(table.c.report_id.in_(batch))
                found.extend(
                    (
                        row["id"],
                        EntityMention(
                            entity=row["entity_id"],
                            report=row["report_id"],
                            doc=row["doc"],
                            name=row["name"],
                            role=row["role"],
                            cluster=row["cluster_id"],
                        ),
                    )
                    for row in connection.execute(query).mappings()
                )
        return [mention for _id, mention in sorted(found, key=lambda pair: pair[0])]

    def entities_by_id(self, entity_ids: Collection[str]) -> list[Entity]:
        """The stored entities with these ids."""
        table = schema.entities
        found: list[Entity] = []
        with self._read("reading entities") as connection:
            for batch in batches(sorted(entity_ids)):
                query = select(table.c.payload).where(table.c.id.in_(batch))
                found.extend(rows.entity_from_payload(p) for p in connection.scalars(query))
        return found

    def spellings_outside(
        self, entity_ids: Collection[str], cluster_ids: Collection[str]
    ) -> dict[str, list[str]]:
        """Each entity's stored mention names outside these happenings (kept by a partial save)."""
        table = schema.entity_mentions
        skip = set(cluster_ids)
        found: dict[str, list[str]] = {}
        with self._read("reading entity mentions") as connection:
            for batch in batches(sorted(entity_ids)):
                query = select(table.c.entity_id, table.c.name, table.c.cluster_id).where(
                    table.c.entity_id.in_(batch)
                )
                for row in connection.execute(query):
                    if row.cluster_id not in skip:
                        found.setdefault(row.entity_id, []).append(row.name)
        return found

    def save_partial_consolidation(
        self,
        touched: Collection[str],
        clusters: Sequence[Cluster],
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
        candidates: Sequence[CandidatePair],
        *,
        dropped: Collection[str] = (),
        keys: Sequence[tuple[str, str]] = (),
        generation: int,
    ) -> set[str]:
        """Replace the happenings ``touched`` (and their members, mentions and possible
        duplicates) with ``clusters``, in one transaction; returns the ids rewritten.

        A happening that comes out exactly as stored is not rewritten, nor is any happening
        outside ``touched``. ``entities`` are those the mentions name, each with the spellings of
        all its mentions (stored elsewhere or new); ``dropped`` those no mention names any more.
        ``keys`` replace the lookup keys of the clusters' reports.
        """
        with self._write("saving the consolidation") as connection:
            return write_partial(
                connection,
                touched,
                Consolidated(clusters, entities, mentions, candidates, dropped, keys),
                generation=generation,
                fts=self._fts,
            )


def _neighbour_conditions(event: Event, slack: int) -> ColumnElement[bool] | None:
    events = schema.events
    country = event.location.country
    same_country = events.c.country == country if country else events.c.country.is_(None)
    city = event.location.name
    blocks = []
    start = event.date.start
    end = event.date.end or start
    if start is not None and end is not None:
        reach = timedelta(_REACH_DAYS + 2 * slack)
        low, high = _iso(start - reach), _iso(end + reach)
        blocks.append(
            and_(
                events.c.type == event.type,
                events.c.date_start <= high,
                func.coalesce(events.c.date_end, events.c.date_start) >= low,
            )
        )
    if city:
        in_city = events.c.place_name == city
        if start is None or end is None:
            blocks.append(and_(events.c.type == event.type, in_city))
        else:
            # Yearless and undated reports in the city, and (any type) its days, for cases.
            blocks.append(and_(events.c.type == event.type, in_city, events.c.date_start.is_(None)))
            days = events.c.date_start.between(_iso(start - timedelta(1)), _iso(end + timedelta(1)))
            blocks.append(and_(in_city, days))
    if not blocks:
        return None
    return and_(same_country, or_(*blocks))


def _iso(day: date) -> str:
    return day.isoformat()


__all__ = ["IncrementalRepository"]
