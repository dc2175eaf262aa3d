"""The :class:`Store`: documents, their events, extraction outcomes and the consolidation of
those events (clusters, entities, reviewers' decisions) behind one small API.

Callers see :mod:`khronika.model` objects and :class:`~khronika.errors.StoreError` only; no
SQLAlchemy type or exception leaves this module. Each public write is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    RowMapping,
    Select,
    Table,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from khronika.errors import StoreError
from khronika.model import Cluster, Decision, Document, Entity, EntityMention, Event
from khronika.store import schema
from khronika.store.engine import create_store_engine, describe, parse_url, reading, writing
from khronika.store.migrations import migrate

# Shorter prefixes match too many ids to be worth a lookup ("ev_" alone matches all of them).
MIN_ID_PREFIX = 6

# Documents fetched per query by Store.documents: bounds memory, since each row carries raw bytes.
_DOCUMENT_BATCH = 64

_NOT_A_DATABASE = ("file is not a database", "file is encrypted")


@dataclass(frozen=True)
class EventFilter:
    """Which events :meth:`Store.events` (or clusters :meth:`Store.clusters`) returns; every
    field left ``None`` matches all.

    ``date_from``/``date_to`` keep events whose [start, end] overlaps the range; an event with
    no known date is left out whenever a bound is given. ``place`` matches the country code
    exactly, or a substring of the place name or of the place as written in the text; ``actor``
    is a substring of any actor's name; both ignore case. ``doc`` matches events extracted from
    that document or quoting it. ``person`` is an entity id: events that mention it, or
    clusters one of whose reports does. For clusters the fields are those of the canonical
    event, except that ``actor`` also matches any name the reports gave a linked entity,
    ``place`` any wording of the canonical place in the reports, and ``doc`` any source.
    """

    type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    actor: str | None = None
    doc: str | None = None
    person: str | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must not be negative: {self.limit}")


@dataclass(frozen=True)
class StoredDocumentStatus:
    """What the latest extraction run made of one document."""

    name: str
    extractor: str | None
    outcome: str
    message: str | None


class Store:
    """A database of documents and events; open with :meth:`open`, use as a context manager."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine_or_none: Engine | None = engine
        self._where = where

    # --- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating if needed) the store at ``url`` and bring its schema up to date."""
        try:
            parsed = parse_url(url)
            engine = create_store_engine(parsed)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(f"{url}: cannot open store ({_reason(error)})") from error
        where = describe(parsed)
        try:
            migrate(engine)
        except StoreError as error:
            engine.dispose()
            raise StoreError(f"{where}: {error}") from error
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(f"{where}: {_open_failure(error)}") from error
        return cls(engine, where)

    def close(self) -> None:
        if self._engine_or_none is not None:
            self._engine_or_none.dispose()
            self._engine_or_none = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- documents -----------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        query = select(schema.documents.c.name).where(schema.documents.c.sha256 == sha256)
        with self._read("looking up a document") as connection:
            return connection.scalar(query.limit(1)) is not None

    def add_document(self, document: Document) -> bool:
        """Store ``document``; ``False`` if these bytes are already stored (nothing changes)."""
        with self._write(f"{document.name}: storing the document") as connection:
            return _ensure_document(connection, document)

    def document(self, name: str) -> Document | None:
        query = select(schema.documents).where(schema.documents.c.name == name)
        with self._read(f"{name}: reading the document") as connection:
            row = connection.execute(query).mappings().first()
        return _document_from_row(row) if row is not None else None

    def documents(self) -> Iterator[Document]:
        """Every document, ordered by name, fetched a batch at a time."""
        after: str | None = None
        while True:
            batch = self._document_batch(after)
            yield from batch
            if len(batch) < _DOCUMENT_BATCH:
                return
            after = batch[-1].name

    def _document_batch(self, after: str | None) -> list[Document]:
        # Keyset paging, one short read per batch: no connection stays open while the caller
        # works on a document, so the caller is free to write to the store in between.
        query = select(schema.documents).order_by(schema.documents.c.name).limit(_DOCUMENT_BATCH)
        if after is not None:
            query = query.where(schema.documents.c.name > after)
        with self._read("reading documents") as connection:
            return [_document_from_row(row) for row in connection.execute(query).mappings()]

    # --- extraction results --------------------------------------------------------------------

    def save_extraction(
        self,
        document: Document,
        events: Sequence[Event],
        *,
        extractor: str,
        outcome: str = "ok",
        message: str | None = None,
    ) -> None:
        """Replace ``document``'s events with ``events`` and record the run, all or nothing."""
        if outcome not in schema.OUTCOMES:
            raise StoreError(f"{document.name}: unknown extraction outcome {outcome!r}")
        now = _now()
        # Rows are built before the transaction: a bad event fails without touching the DB.
        event_rows = [_event_row(document.name, event, now) for event in events]
        evidence_rows = [row for event in events for row in _evidence_rows(event)]
        status_row = {
            "doc": document.name,
            "extractor": extractor,
            "outcome": outcome,
            "message": message,
            "updated_at": now,
        }
        with self._write(f"{document.name}: saving extracted events") as connection:
            _ensure_document(connection, document)
            # The evidence of these events goes with them (ON DELETE CASCADE).
            connection.execute(delete(schema.events).where(schema.events.c.doc == document.name))
            if event_rows:
                connection.execute(schema.events.insert(), event_rows)
                connection.execute(schema.evidence.insert(), evidence_rows)
            _replace_status(connection, status_row)

    def events(self, filt: EventFilter | None = None) -> list[Event]:
        """Events matching ``filt``, by date (unknown last), document, position in the text."""
        table = schema.events
        query = _filtered(select(table.c.payload), table, filt or EventFilter())
        with self._read("reading events") as connection:
            return [_event_from_payload(payload) for payload in connection.scalars(query)]

    def reports(self) -> list[Event]:
        """Every per-document event (a "report" to consolidation), in the order of :meth:`events`."""
        return self.events()

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{event_id}: reading the event") as connection:
            payload = _payload_by_id(connection, schema.events, event_id, "event")
        return _event_from_payload(payload) if payload is not None else None

    def statuses(self) -> list[StoredDocumentStatus]:
        """The latest extraction outcome of every document that has one, by document name."""
        table = schema.document_status
        query = select(table.c.doc, table.c.extractor, table.c.outcome, table.c.message)
        with self._read("reading extraction statuses") as connection:
            rows = connection.execute(query.order_by(table.c.doc)).all()
        return [StoredDocumentStatus(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        with self._read("counting") as connection:
            return {
                "documents": _count(connection, schema.documents.c.name),
                "events": _count(connection, schema.events.c.id),
                "clusters": _count(connection, schema.clusters.c.id),
                "entities": _count(connection, schema.entities.c.id),
            }

    # --- consolidation -------------------------------------------------------------------------

    def save_consolidation(
        self,
        clusters: Sequence[Cluster],
        entities: Sequence[Entity],
        mentions: Sequence[EntityMention],
    ) -> None:
        """Replace every cluster, cluster member, entity and mention with these, all or nothing.

        Decisions are left as they are. Two clusters or two entities with one id, a report in
        two clusters, or a mention of an entity or cluster not given is refused before anything
        is written, and so is a mention placed in another cluster than its report's. Exact
        duplicate mentions are stored once.
        """
        owner = _check_consolidation(clusters, entities, mentions)
        now = _now()
        unique_mentions = list(dict.fromkeys(mentions))
        # What each cluster's reports called its linked entities, for the actor filter.
        names: dict[str, list[str]] = {}
        for mention in unique_mentions:
            cluster_id = mention.cluster or owner.get(mention.report)
            if cluster_id is not None:
                names.setdefault(cluster_id, []).append(mention.name)
        # Rows are built before the transaction: a bad cluster fails without touching the DB.
        cluster_rows = [_cluster_row(c, names.get(c.id, ()), now) for c in clusters]
        member_rows = [
            {"cluster_id": cluster.id, "report_id": report}
            for cluster in clusters
            for report in dict.fromkeys(cluster.reports)
        ]
        entity_rows = [_entity_row(entity) for entity in entities]
        mention_rows = [_mention_row(mention) for mention in unique_mentions]
        with self._write("saving the consolidation") as connection:
            # Children first: the foreign keys would refuse the other order.
            for table in (
                schema.entity_mentions,
                schema.cluster_members,
                schema.entities,
                schema.clusters,
            ):
                connection.execute(delete(table))
            for table, rows in (
                (schema.clusters, cluster_rows),
                (schema.cluster_members, member_rows),
                (schema.entities, entity_rows),
                (schema.entity_mentions, mention_rows),
            ):
                if rows:
                    connection.execute(table.insert(), rows)

    def clusters(self, filt: EventFilter | None = None) -> list[Cluster]:
        """Clusters matching ``filt`` (see :class:`EventFilter`), by date (unknown last), id."""
        table = schema.clusters
        query = _filtered(select(table.c.payload), table, filt or EventFilter())
        with self._read("reading clusters") as connection:
            return [_cluster_from_payload(payload) for payload in connection.scalars(query)]

    def cluster(self, cluster_id: str) -> Cluster | None:
        """The cluster with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{cluster_id}: reading the cluster") as connection:
            payload = _payload_by_id(connection, schema.clusters, cluster_id, "cluster")
        return _cluster_from_payload(payload) if payload is not None else None

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

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity (of ``kind``, if given), by name ignoring case, then id."""
        table = schema.entities
        query = select(table.c.payload)
        if kind is not None:
            query = query.where(table.c.kind == kind)
        with self._read("reading entities") as connection:
            found = [_entity_from_payload(payload) for payload in connection.scalars(query)]
        # Sorted here: SQLite's collation would not fold Cyrillic case.
        return sorted(found, key=lambda entity: (entity.name.casefold(), entity.id))

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{entity_id}: reading the entity") as connection:
            payload = _payload_by_id(connection, schema.entities, entity_id, "entity")
        return _entity_from_payload(payload) if payload is not None else None

    def find_entities(self, name: str) -> list[Entity]:
        """Entities with a spelling containing ``name``, ignoring case; exact spellings first."""
        folded = name.strip().casefold()
        if not folded:
            return []
        table = schema.entities
        query = select(table.c.payload).where(table.c.name_search.contains(folded, autoescape=True))
        with self._read(f"{name}: finding entities") as connection:
            found = [_entity_from_payload(payload) for payload in connection.scalars(query)]

        def rank(entity: Entity) -> tuple[bool, str, str]:
            spellings = {s.casefold() for s in (entity.name, *entity.spellings)}
            return (folded not in spellings, entity.name.casefold(), entity.id)

        return sorted(found, key=rank)

    def mentions_of(self, entity_id: str) -> list[EntityMention]:
        """Every mention of this entity (exact id), by document, report, then as saved."""
        table = schema.entity_mentions
        query = (
            select(
                table.c.entity_id,
                table.c.report_id,
                table.c.doc,
                table.c.name,
                table.c.role,
                table.c.cluster_id,
            )
            .where(table.c.entity_id == entity_id)
            .order_by(table.c.doc, table.c.report_id, table.c.id)
        )
        with self._read(f"{entity_id}: reading mentions") as connection:
            rows = connection.execute(query).all()
        return [EntityMention(*row) for row in rows]

    # --- review decisions ----------------------------------------------------------------------

    def add_decision(self, decision: Decision) -> Decision:
        """Record ``decision``; returns it with its new ``id`` and ``created_at`` (kept if set)."""
        if decision.id is not None:
            raise StoreError(f"decision {decision.id} is already recorded")
        created = decision.created_at or datetime.now(UTC).replace(microsecond=0)
        row = {
            "action": decision.action,
            "report_a": decision.report_a,
            "report_b": decision.report_b,
            "author": decision.author,
            "reason": decision.reason,
            "created_at": created.isoformat(),
        }
        with self._write("recording a decision") as connection:
            table = schema.decisions
            inserted = connection.execute(table.insert().values(row).returning(table.c.id))
            decision_id = int(inserted.scalar_one())
        return replace(decision, id=decision_id, created_at=created)

    def decisions(self, *, include_reverted: bool = False) -> list[Decision]:
        """Decisions in the order they were made; reverted ones only if asked for."""
        table = schema.decisions
        query = select(table).order_by(table.c.id)
        if not include_reverted:
            query = query.where(table.c.reverted_at.is_(None))
        with self._read("reading decisions") as connection:
            rows = connection.execute(query).mappings().all()
        return [_decision_from_row(row) for row in rows]

    def revert_decision(self, decision_id: int, author: str) -> None:
        """Mark a decision reverted by ``author``; the record itself is kept."""
        table = schema.decisions
        with self._write(f"decision {decision_id}: reverting") as connection:
            row = connection.execute(
                select(table.c.reverted_at, table.c.reverted_by).where(table.c.id == decision_id)
            ).first()
            if row is None:
                raise StoreError(f"decision {decision_id}: no such decision")
            if row.reverted_at is not None:
                raise StoreError(
                    f"decision {decision_id}: already reverted by {row.reverted_by}"
                    f" at {row.reverted_at}"
                )
            connection.execute(
                update(table)
                .where(table.c.id == decision_id)
                .values(reverted_at=_now(), reverted_by=author)
            )

    # --- plumbing ------------------------------------------------------------------------------

    @property
    def _engine(self) -> Engine:
        if self._engine_or_none is None:
            raise StoreError(f"{self._where}: the store is closed")
        return self._engine_or_none

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with self._translated(action), reading(self._engine) as connection:
            yield connection

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        with self._translated(action), writing(self._engine) as connection:
            yield connection

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(f"{self._where}: {action} failed ({_reason(error)})") from error


# --- documents ---------------------------------------------------------------------------------


def _ensure_document(connection: Connection, document: Document) -> bool:
    """Insert ``document`` unless its bytes are stored; a new text under a stored name is refused.

    Returns whether it was inserted.
    """
    table = schema.documents
    stored = connection.execute(
        select(table.c.name, table.c.sha256).where(
            or_(table.c.sha256 == document.sha256, table.c.name == document.name)
        )
    ).all()
    if any(row.sha256 == document.sha256 for row in stored):
        return False
    if stored:
        # Evidence offsets point into the stored text; replacing it would orphan every quote.
        raise StoreError(f"{document.name}: a different document with this name is already stored")
    connection.execute(table.insert().values(_document_row(document)))
    return True


def _document_row(document: Document) -> dict[str, Any]:
    ingested_at = document.ingested_at or datetime.now(UTC)
    return {
        "name": document.name,
        "sha256": document.sha256,
        "raw": document.raw,
        "text": document.text,
        "media_type": document.media_type,
        "title": document.title,
        "published": _iso(document.published),
        "language": document.language,
        "address": document.address,
        "outlet": document.outlet,
        "ingested_at": ingested_at.isoformat(),
    }


def _document_from_row(row: RowMapping) -> Document:
    published, ingested_at = row["published"], row["ingested_at"]
    return Document(
        name=row["name"],
        text=row["text"],
        sha256=row["sha256"],
        raw=bytes(row["raw"]),
        media_type=row["media_type"],
        title=row["title"],
        published=date.fromisoformat(published) if published else None,
        language=row["language"],
        address=row["address"],
        outlet=row["outlet"],
        ingested_at=datetime.fromisoformat(ingested_at) if ingested_at else None,
    )


# --- events ------------------------------------------------------------------------------------


def _event_row(doc: str, event: Event, now: str) -> dict[str, Any]:
    return {
        "id": event.id,
        "doc": doc,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "date_start": _iso(event.date.start),
        "date_end": _iso(event.date.end),
        "date_precision": event.date.precision,
        "place_name": event.location.name,
        "country": event.location.country,
        "first_start": event.evidence[0].start,
        "place_search": _search_text(event.location.name, event.location.text),
        "actor_search": _search_text(*(actor.name for actor in event.actors)),
        "payload": json.dumps(event.to_dict(), ensure_ascii=False),
        "confidence": event.confidence,
        "created_at": now,
    }


def _evidence_rows(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "event_id": event.id,
            "ordinal": ordinal,
            "doc": quote.doc,
            "start": quote.start,
            "end": quote.end,
            "text": quote.text,
        }
        for ordinal, quote in enumerate(event.evidence)
    ]


def _event_from_payload(payload: str) -> Event:
    return Event.from_dict(json.loads(payload))


def _search_text(*values: str | None) -> str:
    # Newline-separated so a substring cannot match across two names.
    return "\n".join(dict.fromkeys(value.casefold() for value in values if value))


def _payload_by_id(connection: Connection, table: Table, wanted: str, what: str) -> str | None:
    """``table``'s payload under id ``wanted``, or under a unique prefix of it (see MIN_ID_PREFIX)."""
    ids, payloads = table.c.id, table.c.payload
    payload: str | None = connection.scalar(select(payloads).where(ids == wanted))
    if payload is None and len(wanted) >= MIN_ID_PREFIX:
        prefixed = select(payloads).where(ids.startswith(wanted, autoescape=True))
        matches = connection.scalars(prefixed.limit(2)).all()
        if len(matches) > 1:
            raise StoreError(f"{wanted}: ambiguous {what} id prefix")
        payload = matches[0] if matches else None
    return payload


def _filtered(query: Select[Any], table: Table, filt: EventFilter) -> Select[Any]:
    """``query`` over ``table`` (events or clusters), restricted by ``filt``, in list order.

    Both list by date, unknown last; events then by document and position in it, clusters by id.
    """
    ties = (
        (table.c.doc, table.c.first_start, table.c.id) if table is schema.events else (table.c.id,)
    )
    query = query.where(*_conditions(table, filt)).order_by(
        # "IS NULL" first rather than NULLS LAST: same order on every SQLite and PostgreSQL.
        table.c.date_start.is_(None),
        table.c.date_start,
        *ties,
    )
    return query.limit(filt.limit) if filt.limit is not None else query


def _conditions(table: Table, filt: EventFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.type:
        conditions.append(table.c.type == filt.type)
    if filt.date_from or filt.date_to:
        conditions.append(table.c.date_start.is_not(None))
    if filt.date_from:
        # An event without an end lasted its start date (or month, or year) only.
        last_day = func.coalesce(table.c.date_end, table.c.date_start)
        conditions.append(last_day >= filt.date_from.isoformat())
    if filt.date_to:
        conditions.append(table.c.date_start <= filt.date_to.isoformat())
    if filt.place:
        conditions.append(
            or_(
                table.c.country == filt.place.strip().upper(),
                table.c.place_search.contains(filt.place.casefold(), autoescape=True),
            )
        )
    if filt.actor:
        conditions.append(table.c.actor_search.contains(filt.actor.casefold(), autoescape=True))
    if filt.doc:
        conditions.append(_from_doc(table, filt.doc))
    if filt.person:
        conditions.append(_mentioning(table, filt.person))
    return conditions


def _from_doc(table: Table, doc: str) -> ColumnElement[bool]:
    if table is schema.events:
        quoting = select(schema.evidence.c.event_id).where(schema.evidence.c.doc == doc)
        return or_(table.c.doc == doc, table.c.id.in_(quoting))
    members, events = schema.cluster_members, schema.events
    reported = (
        select(members.c.cluster_id)
        .join(events, events.c.id == members.c.report_id)
        .where(events.c.doc == doc)
    )
    return or_(table.c.sources.contains(f"\n{doc}\n", autoescape=True), table.c.id.in_(reported))


def _mentioning(table: Table, entity_id: str) -> ColumnElement[bool]:
    mentions = schema.entity_mentions
    reports = select(mentions.c.report_id).where(mentions.c.entity_id == entity_id)
    if table is schema.events:
        return table.c.id.in_(reports)
    members = schema.cluster_members
    via_reports = select(members.c.cluster_id).where(members.c.report_id.in_(reports))
    direct = select(mentions.c.cluster_id).where(
        mentions.c.entity_id == entity_id, mentions.c.cluster_id.is_not(None)
    )
    return or_(table.c.id.in_(via_reports), table.c.id.in_(direct))


# --- consolidation -----------------------------------------------------------------------------


def _check_consolidation(
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
        if mention.entity not in entity_ids:
            raise StoreError(
                f"cannot save the consolidation: {mention.report} mentions"
                f" unknown entity {mention.entity}"
            )
        if mention.cluster is None:
            continue
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
    return owner


def _unique(what: str, ids: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise StoreError(f"cannot save the consolidation: two {what} with id {identifier}")
        seen.add(identifier)
    return seen


def _cluster_row(cluster: Cluster, mention_names: Sequence[str], now: str) -> dict[str, Any]:
    event = cluster.event
    place = event.location
    # Other reports' wording of the same place ("У Києві" beside "in Kyiv") is searchable too.
    wordings = [
        claim.value.get("text")
        for claim in cluster.claims
        if claim.field == "location" and claim.value.get("name") == place.name
    ]
    return {
        "id": cluster.id,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "date_start": _iso(event.date.start),
        "date_end": _iso(event.date.end),
        "date_precision": event.date.precision,
        "place_name": place.name,
        "country": place.country,
        "place_search": _search_text(place.name, place.text, *wordings),
        "actor_search": _search_text(*(actor.name for actor in event.actors), *mention_names),
        "sources": "".join(f"\n{source}" for source in event.sources) + "\n",
        "confidence": event.confidence,
        "n_sources": len(event.sources),
        "n_reports": len(cluster.reports),
        "disputed": ",".join(cluster.disputed),
        "case_id": cluster.case,
        "payload": json.dumps(cluster.to_dict(), ensure_ascii=False),
        "updated_at": now,
    }


def _cluster_from_payload(payload: str) -> Cluster:
    return Cluster.from_dict(json.loads(payload))


def _entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "kind": entity.kind,
        "name": entity.name,
        "name_search": _search_text(entity.name, *entity.spellings),
        "payload": json.dumps(entity.to_dict(), ensure_ascii=False),
    }


def _entity_from_payload(payload: str) -> Entity:
    return Entity.from_dict(json.loads(payload))


def _mention_row(mention: EntityMention) -> dict[str, Any]:
    return {
        "entity_id": mention.entity,
        "report_id": mention.report,
        "doc": mention.doc,
        "name": mention.name,
        "role": mention.role,
        "cluster_id": mention.cluster,
    }


def _decision_from_row(row: RowMapping) -> Decision:
    return Decision(
        id=row["id"],
        action=row["action"],
        report_a=row["report_a"],
        report_b=row["report_b"],
        author=row["author"],
        reason=row["reason"],
        created_at=datetime.fromisoformat(row["created_at"]),
        reverted_at=datetime.fromisoformat(row["reverted_at"]) if row["reverted_at"] else None,
        reverted_by=row["reverted_by"],
    )


# --- status and small helpers ------------------------------------------------------------------


def _replace_status(connection: Connection, row: Mapping[str, Any]) -> None:
    # Delete-then-insert inside the caller's transaction: an upsert both backends spell alike.
    table = schema.document_status
    connection.execute(delete(table).where(table.c.doc == row["doc"]))
    connection.execute(table.insert().values(row))


def _count(connection: Connection, column: ColumnElement[Any]) -> int:
    return connection.scalar(select(func.count(column))) or 0


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _reason(error: BaseException) -> str:
    """The driver's own one-line message, without SQLAlchemy's SQL echo and links."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        error = error.orig
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _open_failure(error: SQLAlchemyError) -> str:
    reason = _reason(error)
    if any(marker in reason for marker in _NOT_A_DATABASE):
        return f"not a khronika database ({reason})"
    return f"cannot open store ({reason})"
