"""Documents, the events extracted from them (the reports of consolidation), and the outcome
of the latest extraction run of each document.

A document's text is never replaced under its name: evidence offsets point into it. Saving an
extraction replaces that document's events and status in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, or_, select

from khronika.errors import StoreError
from khronika.model import Document, Event
from khronika.store import rows, schema
from khronika.store.base import Database, count
from khronika.store.queries import EventFilter, filtered, payload_by_id

# Documents fetched per query by documents(): bounds memory, since each row carries raw bytes.
_DOCUMENT_BATCH = 64


@dataclass(frozen=True)
class StoredDocumentStatus:
    """What the latest extraction run made of one document."""

    name: str
    extractor: str | None
    outcome: str
    message: str | None


class DocumentRepository(Database):
    """Documents, their events and extraction outcomes (see :class:`DocumentStore` and
    :class:`ReportStore` in :mod:`.interfaces`).
    """

    # --- documents -----------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        """Whether a document with these bytes is stored, under whatever name."""
        query = select(schema.documents.c.name).where(schema.documents.c.sha256 == sha256)
        with self._read("looking up a document") as connection:
            return connection.scalar(query.limit(1)) is not None

    def add_document(self, document: Document) -> bool:
        """Store ``document``; ``False`` if these bytes are already stored (nothing changes)."""
        with self._write(f"{document.name}: storing the document") as connection:
            return ensure_document(connection, document)

    def document(self, name: str) -> Document | None:
        """The document stored under ``name``, if any."""
        query = select(schema.documents).where(schema.documents.c.name == name)
        with self._read(f"{name}: reading the document") as connection:
            row = connection.execute(query).mappings().first()
        return rows.document_from_row(row) if row is not None else None

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
            return [rows.document_from_row(row) for row in connection.execute(query).mappings()]

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
        now = rows.now()
        # Rows are built before the transaction: a bad event fails without touching the DB.
        event_rows = [rows.event_row(document.name, event, now) for event in events]
        evidence_rows = [row for event in events for row in rows.evidence_rows(event)]
        status_row = {
            "doc": document.name,
            "extractor": extractor,
            "outcome": outcome,
            "message": message,
            "updated_at": now,
        }
        with self._write(f"{document.name}: saving extracted events") as connection:
            ensure_document(connection, document)
            # The evidence of these events goes with them (ON DELETE CASCADE).
            connection.execute(delete(schema.events).where(schema.events.c.doc == document.name))
            if event_rows:
                connection.execute(schema.events.insert(), event_rows)
                connection.execute(schema.evidence.insert(), evidence_rows)
            replace_status(connection, status_row)

    def events(self, filt: EventFilter | None = None) -> list[Event]:
        """Events matching ``filt``, by date (unknown last), document, position in the text.

        That is the default order; another ``filt.order`` sorts by its key first.
        """
        table = schema.events
        query = filtered(select(table.c.payload), table, filt or EventFilter(), fts=False)
        with self._read("reading events") as connection:
            return [rows.event_from_payload(payload) for payload in connection.scalars(query)]

    def reports(self) -> list[Event]:
        """Every per-document event (a "report" to consolidation), in the order of :meth:`events`."""
        return self.events()

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or with this unique id prefix of at least 6 characters."""
        with self._read(f"{event_id}: reading the event") as connection:
            payload = payload_by_id(connection, schema.events, event_id, "event")
        return rows.event_from_payload(payload) if payload is not None else None

    def statuses(self) -> list[StoredDocumentStatus]:
        """The latest extraction outcome of every document that has one, by document name."""
        table = schema.document_status
        query = select(table.c.doc, table.c.extractor, table.c.outcome, table.c.message)
        with self._read("reading extraction statuses") as connection:
            found = connection.execute(query.order_by(table.c.doc)).all()
        return [StoredDocumentStatus(*row) for row in found]

    def counts(self) -> dict[str, int]:
        """How many documents, events, clusters and entities are stored."""
        with self._read("counting") as connection:
            return {
                "documents": count(connection, schema.documents.c.name),
                "events": count(connection, schema.events.c.id),
                "clusters": count(connection, schema.clusters.c.id),
                "entities": count(connection, schema.entities.c.id),
            }


def ensure_document(connection: Connection, document: Document) -> bool:
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
    connection.execute(table.insert().values(rows.document_row(document)))
    return True


def replace_status(connection: Connection, row: Mapping[str, Any]) -> None:
    """Make ``row`` the document's only extraction status, in the caller's transaction."""
    # Delete-then-insert: an upsert both backends spell alike.
    table = schema.document_status
    connection.execute(delete(table).where(table.c.doc == row["doc"]))
    connection.execute(table.insert().values(row))
