"""Documents, the events extracted from them (the reports of consolidation), and the outcome
of the latest extraction run of each document.

A document's text is never replaced under its name: evidence offsets point into it. Its identity
is the hash of its bytes: the same bytes under a second name are an alias, recorded, never a
second copy. Saving an extraction replaces that document's events and status in one transaction,
and only under the name its bytes are stored as. Every save counts one more generation of
reports, which the next completed consolidation catches up with (:mod:`.consolidation`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, inspect, or_, select, update

from khronika.errors import StoreError
from khronika.model import Document, Event
from khronika.store import checks, rows, schema
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

    def name_of(self, sha256: str) -> str | None:
        """The name the document with these bytes is stored under, if it is stored."""
        query = select(schema.documents.c.name).where(schema.documents.c.sha256 == sha256)
        with self._read("looking up a document") as connection:
            return connection.scalar(query.limit(1))

    def extracted_hashes(self) -> set[str]:
        """The SHA-256 of every document whose latest extraction ended well: the texts a
        second batch over the same files need not extract again (ingest leaves them alone).
        """
        documents, status = schema.documents, schema.document_status
        query = (
            select(documents.c.sha256)
            .join(status, status.c.doc == documents.c.name)
            .where(status.c.outcome == "ok")
        )
        with self._read("reading the extracted documents") as connection:
            return set(connection.scalars(query))

    def add_alias(self, doc: str, alias: str) -> bool:
        """Record ``alias`` as another name of the stored document ``doc``; ``False`` if known."""
        table = schema.document_aliases
        with self._write(f"{alias}: recording an alias of {doc}") as connection:
            if connection.scalar(select(table.c.doc).where(table.c.alias == alias)) is not None:
                return False
            connection.execute(table.insert().values(alias=alias, doc=doc, recorded_at=rows.now()))
        return True

    def aliases(self) -> dict[str, str]:
        """Every recorded alias and the name of the document it stands for."""
        table = schema.document_aliases
        with self._read("reading aliases") as connection:
            return {row.alias: row.doc for row in connection.execute(select(table))}

    def update_metadata(self, document: Document) -> list[tuple[str, str | None, str | None]]:
        """Give the stored ``document`` the metadata of this one; return (field, before, after).

        Only metadata changes, never the text: each change is recorded in ``metadata_changes``.
        """
        stored = self.document(document.name)
        if stored is None or stored.sha256 != document.sha256:
            raise StoreError(f"{document.name}: no stored document with these bytes")
        changes = _metadata_changes(stored, document)
        if not changes:
            return []
        now = rows.now()
        table = schema.documents
        values = {name: after for name, _, after in changes}
        with self._write(f"{document.name}: updating its metadata") as connection:
            connection.execute(update(table).where(table.c.name == document.name).values(values))
            connection.execute(
                schema.metadata_changes.insert(),
                [
                    {"doc": document.name, "field": f, "before": b, "after": a, "changed_at": now}
                    for f, b, a in changes
                ],
            )
        return changes

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
        keeps_state = self._keeps_state()
        with self._write(f"{document.name}: saving extracted events") as connection:
            ensure_document(connection, document)
            _check_owner(connection, document)
            # The evidence of these events goes with them (ON DELETE CASCADE).
            connection.execute(delete(schema.events).where(schema.events.c.doc == document.name))
            if event_rows:
                connection.execute(schema.events.insert(), event_rows)
                connection.execute(schema.evidence.insert(), evidence_rows)
            replace_status(connection, status_row)
            if keeps_state:
                bump_state(connection, "reports")

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

    # --- verification (khronika check) ----------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What the logical checks of :mod:`.checks` find (and SQLite's own), one line each."""
        with self._read("checking integrity") as connection:
            return checks.problems(connection)

    def unclustered_reports(self) -> list[str]:
        """Ids of the stored reports that are in no happening."""
        members = select(schema.cluster_members.c.report_id)
        query = select(schema.events.c.id).where(schema.events.c.id.not_in(members))
        with self._read("finding reports outside every happening") as connection:
            return list(connection.scalars(query.order_by(schema.events.c.id)))

    def misquoted_documents(self) -> dict[str, int]:
        """Documents with evidence that is not the text at its offsets, and how many quotes."""
        found: dict[str, int] = {}
        evidence = schema.evidence
        for document in self.documents():
            query = select(evidence.c.start, evidence.c.end, evidence.c.text).where(
                evidence.c.doc == document.name
            )
            with self._read(f"{document.name}: reading its evidence") as connection:
                quotes = connection.execute(query).all()
            bad = sum(1 for start, end, quote in quotes if document.text[start:end] != quote)
            if bad:
                found[document.name] = bad
        return found

    def _keeps_state(self) -> bool:
        # A Store opened without migrating (tests of old databases) may predate store_state.
        known = self.__dict__.get("_state_table")
        if known is None:
            with self._read("reading the schema") as connection:
                known = inspect(connection).has_table(schema.store_state.name)
            self.__dict__["_state_table"] = known
        return bool(known)

    def state(self, key: str) -> int:
        """One of the store's bookkeeping counters (0 when never set)."""
        with self._read("reading the store state") as connection:
            return read_state(connection, key)


def read_state(connection: Connection, key: str) -> int:
    """A bookkeeping counter, in the caller's transaction."""
    table = schema.store_state
    return connection.scalar(select(table.c.value).where(table.c.key == key)) or 0


def set_state(connection: Connection, key: str, value: int) -> None:
    """Set a bookkeeping counter, in the caller's transaction."""
    table = schema.store_state
    connection.execute(delete(table).where(table.c.key == key))
    connection.execute(table.insert().values(key=key, value=value))


def bump_state(connection: Connection, key: str) -> None:
    """Add one to a bookkeeping counter, in the caller's transaction."""
    set_state(connection, key, read_state(connection, key) + 1)


_METADATA_FIELDS = ("title", "published", "language", "address", "outlet")


def _metadata_changes(
    stored: Document, given: Document
) -> list[tuple[str, str | None, str | None]]:
    before, after = rows.document_row(stored), rows.document_row(given)
    return [(f, before[f], after[f]) for f in _METADATA_FIELDS if before[f] != after[f]]


def _check_owner(connection: Connection, document: Document) -> None:
    """Refuse to write events under a name whose stored text is another file's."""
    table = schema.documents
    stored = connection.scalar(select(table.c.sha256).where(table.c.name == document.name))
    if stored != document.sha256:
        owner = connection.scalar(select(table.c.name).where(table.c.sha256 == document.sha256))
        raise StoreError(
            f"{document.name}: these bytes are stored as {owner!r}; its events stay as they are"
        )


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
