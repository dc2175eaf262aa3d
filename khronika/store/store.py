"""The :class:`Store`: documents, their events and extraction outcomes behind one small API.

Callers see :mod:`khronika.model` objects and :class:`~khronika.errors.StoreError` only; no
SQLAlchemy type or exception leaves this module. Each public write is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    RowMapping,
    Select,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from khronika.errors import StoreError
from khronika.model import Document, Event
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
    """Which events :meth:`Store.events` returns; every field left ``None`` matches all.

    ``date_from``/``date_to`` keep events whose [start, end] overlaps the range; an event with
    no known date is left out whenever a bound is given. ``place`` matches the country code
    exactly, or a substring of the place name or of the place as written in the text; ``actor``
    is a substring of any actor's name; both ignore case. ``doc`` matches events extracted from
    that document or quoting it.
    """

    type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    actor: str | None = None
    doc: str | None = None
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
        query = _filtered(select(schema.events.c.payload), filt or EventFilter())
        with self._read("reading events") as connection:
            return [_event_from_payload(payload) for payload in connection.scalars(query)]

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or with this unique id prefix of at least 6 characters."""
        ids = schema.events.c.id
        with self._read(f"{event_id}: reading the event") as connection:
            payload = connection.scalar(select(schema.events.c.payload).where(ids == event_id))
            if payload is None and len(event_id) >= MIN_ID_PREFIX:
                prefixed = select(schema.events.c.payload).where(
                    ids.startswith(event_id, autoescape=True)
                )
                matches = connection.scalars(prefixed.limit(2)).all()
                if len(matches) > 1:
                    raise StoreError(f"{event_id}: ambiguous event id prefix")
                payload = matches[0] if matches else None
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
            }

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
    return "\n".join(value.casefold() for value in values if value)


def _filtered(query: Select[Any], filt: EventFilter) -> Select[Any]:
    """``query`` over events, restricted by ``filt`` and put in the order of :meth:`events`."""
    table = schema.events
    query = query.where(*_conditions(filt)).order_by(
        # "IS NULL" first rather than NULLS LAST: same order on every SQLite and PostgreSQL.
        table.c.date_start.is_(None),
        table.c.date_start,
        table.c.doc,
        table.c.first_start,
        table.c.id,
    )
    return query.limit(filt.limit) if filt.limit is not None else query


def _conditions(filt: EventFilter) -> list[ColumnElement[bool]]:
    table = schema.events
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
        quoting = select(schema.evidence.c.event_id).where(schema.evidence.c.doc == filt.doc)
        conditions.append(or_(table.c.doc == filt.doc, table.c.id.in_(quoting)))
    return conditions


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
