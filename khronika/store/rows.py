"""Model records to table rows and back: documents, events and their evidence, clusters,
entities, mentions and reviewers' decisions (the desk's records have theirs in :mod:`.desk`).

Events, clusters and entities are stored whole as JSON payloads, read back with ``from_dict``;
the other columns of their rows are copies made for filtering and ordering in SQL. Search
columns hold case-folded values, one per line, so that a substring cannot match across two.
Rows are built before a transaction starts, so a record that cannot be stored fails early.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from khronika.errors import StoreError
from khronika.model import (
    CandidatePair,
    Cluster,
    Decision,
    Document,
    Entity,
    EntityMention,
    Event,
)

# --- documents ---------------------------------------------------------------------------------


def document_row(document: Document) -> dict[str, Any]:
    """The row of ``document``; one without an ingestion time is ingested now."""
    ingested_at = document.ingested_at or datetime.now(UTC)
    return {
        "name": document.name,
        "sha256": document.sha256,
        "raw": document.raw,
        "text": document.text,
        "media_type": document.media_type,
        "title": document.title,
        "published": iso(document.published),
        "language": document.language,
        "address": document.address,
        "outlet": document.outlet,
        "ingested_at": ingested_at.isoformat(),
        "ingested_by": document.ingested_by,
    }


def document_from_row(row: Mapping[Any, Any]) -> Document:
    """The document a row of the documents table holds."""
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
        ingested_by=row["ingested_by"],
    )


# --- events ------------------------------------------------------------------------------------


def event_row(doc: str, event: Event, now: str) -> dict[str, Any]:
    """The row of an event extracted from ``doc``, stored at ``now``."""
    return {
        "id": event.id,
        "doc": doc,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "date_start": iso(event.date.start),
        "date_end": iso(event.date.end),
        "date_precision": event.date.precision,
        "place_name": event.location.name,
        "country": event.location.country,
        "first_start": event.evidence[0].start,
        "place_search": search_text(event.location.name, event.location.text),
        "actor_search": search_text(*(actor.name for actor in event.actors)),
        "payload": json.dumps(event.to_dict(), ensure_ascii=False),
        "confidence": event.confidence,
        "created_at": now,
    }


def evidence_rows(event: Event) -> list[dict[str, Any]]:
    """One row per quote of ``event``, numbered in the event's order."""
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


def event_from_payload(payload: str) -> Event:
    """The event an events row's payload holds."""
    return Event.from_dict(json.loads(payload))


# --- consolidation -----------------------------------------------------------------------------


def cluster_row(cluster: Cluster, mention_names: Sequence[str], now: str) -> dict[str, Any]:
    """The row of ``cluster``; ``mention_names`` are what its reports called linked entities."""
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
        "date_start": iso(event.date.start),
        "date_end": iso(event.date.end),
        "date_precision": event.date.precision,
        "place_name": place.name,
        "country": place.country,
        "place_search": search_text(place.name, place.text, *wordings),
        # The spellings sorted: the same row whatever order the mentions were read in.
        "actor_search": search_text(
            *(actor.name for actor in event.actors), *sorted(mention_names)
        ),
        # Each source between newlines, so that a filter matches whole names only.
        "sources": "".join(f"\n{source}" for source in event.sources) + "\n",
        "confidence": event.confidence,
        "n_sources": len(event.sources),
        "n_reports": len(cluster.reports),
        "disputed": ",".join(cluster.disputed),
        "case_id": cluster.case,
        "payload": json.dumps(cluster.to_dict(), ensure_ascii=False),
        "updated_at": now,
    }


def cluster_from_payload(payload: str) -> Cluster:
    """The cluster a clusters row's payload holds."""
    return Cluster.from_dict(json.loads(payload))


def entity_row(entity: Entity) -> dict[str, Any]:
    """The row of ``entity``, searchable by its name and every spelling."""
    return {
        "id": entity.id,
        "kind": entity.kind,
        "name": entity.name,
        "name_search": search_text(entity.name, *entity.spellings),
        "payload": json.dumps(entity.to_dict(), ensure_ascii=False),
    }


def entity_from_payload(payload: str) -> Entity:
    """The entity an entities row's payload holds."""
    return Entity.from_dict(json.loads(payload))


def mention_row(mention: EntityMention) -> dict[str, Any]:
    """The row of one mention of an entity in a report."""
    return {
        "entity_id": mention.entity,
        "report_id": mention.report,
        "doc": mention.doc,
        "name": mention.name,
        "role": mention.role,
        "cluster_id": mention.cluster,
    }


def pair_row(pair: CandidatePair) -> dict[str, Any]:
    """The row of a possible duplicate: both reports, their clusters, score, reason, points."""
    return {
        "report_a": pair.report_a,
        "report_b": pair.report_b,
        "cluster_a": pair.cluster_a,
        "cluster_b": pair.cluster_b,
        "score": pair.score,
        "reason": pair.reason,
        "points": json.dumps(dict(pair.points)),
    }


def checked_pair_rows(
    candidates: Sequence[CandidatePair], cluster_ids: set[str]
) -> list[dict[str, Any]]:
    """The rows of ``candidates``; a pair naming a cluster that is not saved is refused."""
    for pair in candidates:
        if pair.cluster_a not in cluster_ids or pair.cluster_b not in cluster_ids:
            raise StoreError(
                f"cannot save the consolidation: possible duplicate {pair.report_a}/"
                f"{pair.report_b} names a cluster not saved"
            )
    return [pair_row(pair) for pair in candidates]


def pair_from_row(row: Mapping[Any, Any]) -> CandidatePair:
    """The possible duplicate stored in ``row``."""
    return CandidatePair(
        report_a=row["report_a"],
        report_b=row["report_b"],
        score=row["score"],
        reason=row["reason"],
        points=tuple(json.loads(row["points"]).items()),
        cluster_a=row["cluster_a"],
        cluster_b=row["cluster_b"],
    )


def decision_row(decision: Decision, created: datetime) -> dict[str, Any]:
    """The row of a new decision made at ``created``; its id is the database's to give."""
    return {
        "action": decision.action,
        "report_a": decision.report_a,
        "report_b": decision.report_b,
        "author": decision.author,
        "reason": decision.reason,
        "created_at": created.isoformat(),
    }


def decision_from_row(row: Mapping[Any, Any]) -> Decision:
    """The decision a row of the decisions table holds."""
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


# --- values ------------------------------------------------------------------------------------


def search_text(*values: str | None) -> str:
    """``values`` case-folded, deduplicated, one per line; empty ones left out."""
    # Newline-separated so a substring cannot match across two names.
    return "\n".join(dict.fromkeys(value.casefold() for value in values if value))


def iso(value: date | None) -> str | None:
    """A date as stored: ISO text, or ``None``."""
    return value.isoformat() if value else None


def now() -> str:
    """The current time as stored on events, clusters and statuses: UTC ISO to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
