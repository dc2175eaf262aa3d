"""The Datasette-ready SQLite file, written with sqlite-utils.

Six tables: ``events`` (one row per happening), ``actors``, ``counts``, ``evidence`` and
``claims`` (each row pointing at its happening), and ``sources`` (the documents cited). Foreign
keys tie them together, so Datasette links a row to its happening and its source; full-text
search on the happenings and the quotes gives Datasette its search box.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from khronika.model import Document
from khronika.publish.record import Happening, Redacting

# The columns of each table, in order, with their Python types (sqlite-utils maps them to
# TEXT, INTEGER and REAL) and the ones that may not be NULL.
_EVENTS: dict[str, type] = {
    "id": str,
    "type": str,
    "subtype": str,
    "status": str,
    "review_status": str,
    "date_start": str,
    "date_end": str,
    "date_precision": str,
    "place": str,
    "country": str,
    "admin1": str,
    "lat": float,
    "lon": float,
    "place_precision": str,
    "summary": str,
    "charges": str,
    "demands": str,
    "n_sources": int,
    "disputed": str,
    "edited": str,
    "sources": str,
    "confidence": float,
    "case_id": str,
}
_EVENTS_NOT_NULL = {
    "type",
    "status",
    "review_status",
    "date_precision",
    "place_precision",
    "summary",
    "charges",
    "demands",
    "n_sources",
    "disputed",
    "edited",
    "sources",
    "confidence",
}
_SOURCES: dict[str, type] = {
    "doc": str,
    "title": str,
    "outlet": str,
    "address": str,
    "published": str,
    "language": str,
    "sha256": str,
    "n_events": int,
}
_ACTORS: dict[str, type] = {
    "id": int,
    "event_id": str,
    "name": str,
    "kind": str,
    "role": str,
    "entity": str,
}
_COUNTS: dict[str, type] = {
    "event_id": str,
    "key": str,
    "min": int,
    "max": int,
    "text": str,
    "attributed_to": str,
}
_EVIDENCE: dict[str, type] = {
    "id": int,
    "event_id": str,
    "doc": str,
    "start": int,
    "end": int,
    "quote": str,
}
_CLAIMS: dict[str, type] = {
    "id": int,
    "event_id": str,
    "field": str,
    "doc": str,
    "value": str,
    "attributed_to": str,
}
_OF_EVENT = ("event_id", "events", "id")
_OF_SOURCE = ("doc", "sources", "doc")
_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "events_type": ("events", ("type", "subtype")),
    "events_date": ("events", ("date_start", "date_end")),
    "events_country": ("events", ("country", "admin1")),
    "actors_event": ("actors", ("event_id",)),
    "actors_name": ("actors", ("name",)),
    "evidence_event": ("evidence", ("event_id",)),
    "evidence_doc": ("evidence", ("doc",)),
    "claims_event": ("claims", ("event_id",)),
    "claims_doc": ("claims", ("doc",)),
}
# Datasette offers a search box on a table with an FTS table whose content= names it.
_SEARCHABLE = {"events": ("summary", "place"), "evidence": ("quote",)}


def write_sqlite(
    path: Path,
    happenings: Sequence[Happening],
    redacting: Redacting,
    documents: Callable[[str], Document | None] | None,
) -> None:
    """Write ``happenings`` and the documents they cite to a new SQLite file at ``path``."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        # A scratch file until the rename: no journal and no syncing while it is built (a
        # failure discards it), one fsync once it is whole.
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        connection.execute("PRAGMA foreign_keys = ON")
        db = Database(connection)
        _create_tables(db)
        # Parents first: the foreign keys are enforced row by row.
        db.table("sources").insert_all(_source_rows(happenings, redacting, documents))
        db.table("events").insert_all(_event_row(h) for h in happenings)
        for name, rows in _child_rows(happenings):
            db.table(name).insert_all(rows)
        _enable_search(db)
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise sqlite3.IntegrityError(f"foreign key check failed: {problems[:3]}")
        connection.commit()
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _create_tables(db: Database) -> None:
    db.table("sources").create(_SOURCES, pk="doc", not_null={"n_events"})
    db.table("events").create(_EVENTS, pk="id", not_null=_EVENTS_NOT_NULL)
    db.table("actors").create(
        _ACTORS,
        pk="id",
        foreign_keys=[_OF_EVENT],
        not_null={"event_id", "name", "kind", "role"},
    )
    db.table("counts").create(
        _COUNTS,
        pk=("event_id", "key"),
        foreign_keys=[_OF_EVENT],
        not_null={"event_id", "key", "text"},
    )
    db.table("evidence").create(
        _EVIDENCE,
        pk="id",
        foreign_keys=[_OF_EVENT, _OF_SOURCE],
        not_null={"event_id", "doc", "start", "end", "quote"},
    )
    db.table("claims").create(
        _CLAIMS,
        pk="id",
        foreign_keys=[_OF_EVENT, _OF_SOURCE],
        not_null={"event_id", "field", "doc", "value"},
    )
    for index, (table, columns) in _INDEXES.items():
        db.table(table).create_index(columns, index_name=index)


def _enable_search(db: Database) -> None:
    for table, columns in _SEARCHABLE.items():
        with contextlib.suppress(sqlite3.OperationalError):  # an SQLite built without FTS5
            db.table(table).enable_fts(columns, fts_version="FTS5")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _source_rows(
    happenings: Sequence[Happening],
    redacting: Redacting,
    documents: Callable[[str], Document | None] | None,
) -> list[dict[str, Any]]:
    """One row per document the happenings cite (by quote or claim), with how many cite it."""
    redact = redacting.redactor
    cited: dict[str, int] = {}
    for happening in happenings:
        docs = {q.doc for q in happening.quotes} | {c.doc for c in happening.cluster.claims}
        for doc in docs:
            cited[doc] = cited.get(doc, 0) + 1
    published_to_original = {v: k for k, v in redacting.doc_names.items()}
    rows = []
    for doc in sorted(cited):
        found = documents(published_to_original[doc]) if documents else None
        rows.append(
            {
                "doc": doc,
                "title": redact.optional(found.title) if found else None,
                "outlet": redact.optional(found.outlet) if found else None,
                "address": redact.optional(found.address) if found else None,
                "published": found.published.isoformat() if found and found.published else None,
                "language": found.language if found else None,
                "sha256": found.sha256 if found else None,
                "n_events": cited[doc],
            }
        )
    return rows


def _event_row(happening: Happening) -> dict[str, Any]:
    cluster = happening.cluster
    event = cluster.event
    place = event.location
    return {
        "id": event.id,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "review_status": happening.status,
        "date_start": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "date_precision": event.date.precision,
        "place": place.name or place.text,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "place_precision": place.precision,
        "summary": event.summary,
        "charges": _json(list(event.charges)),
        "demands": _json(list(event.demands)),
        "n_sources": len(event.sources),
        "disputed": _json(list(cluster.disputed)),
        "edited": _json(list(happening.edited)),
        "sources": _json(list(event.sources)),
        "confidence": round(event.confidence, 3),
        "case_id": cluster.case,
    }


def _child_rows(happenings: Sequence[Happening]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The rows of actors, counts, evidence and claims, happening after happening."""
    actors: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for happening in happenings:
        event = happening.cluster.event
        actors += (
            dict(event_id=event.id, name=a.name, kind=a.kind, role=a.role, entity=a.entity)
            for a in event.actors
        )
        counts += (
            dict(
                event_id=event.id,
                key=key,
                min=c.min,
                max=c.max,
                text=c.text,
                attributed_to=c.attributed_to,
            )
            for key, c in event.counts.items()
        )
        evidence += (
            dict(event_id=event.id, doc=q.doc, start=q.start, end=q.end, quote=q.quote)
            for q in happening.quotes
        )
        claims += (
            dict(
                event_id=event.id,
                field=c.field,
                doc=c.doc,
                value=_json(dict(c.value)),
                attributed_to=c.attributed_to,
            )
            for c in happening.cluster.claims
        )
    yield from (("actors", actors), ("counts", counts), ("evidence", evidence), ("claims", claims))
