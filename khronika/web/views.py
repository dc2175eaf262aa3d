"""What the pages and the API both show: the list's filters, a page of the reviewed view
(:mod:`khronika.read`), per-day counts and evidence highlighted in its source text (what the
map and the timeline draw: :mod:`atlas`).

The query parameters of a list (``type``, ``since``, ``until``, ``place``, ``person``,
``status``, ``review``, ``q``, ``doc``, ``case``, ``order``) are one :class:`EventQuery`, so the
events list, the map, the timeline and every export read the same filters the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query, Request
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from khronika.model import EVENT_TYPES, Claim, Cluster, Document, Entity, Event, Evidence, Review
from khronika.read import (
    Reviewed,
    people_named,
    place_spellings,
    reviewed_many,
)
from khronika.store import EventFilter, RegistryStore, Store
from khronika.store.search import parse_query
from khronika.web.bounds import MAX_TEXT
from khronika.web.columns import actors_column
from khronika.web.errors import Moved, NotFound

Order = Literal["date", "-date", "sources", "-sources", "confidence", "-confidence"]
ORDERS: tuple[str, ...] = ("date", "-date", "sources", "-sources", "confidence", "-confidence")


class EventQuery(BaseModel):
    """The filters of an events list, as query parameters; an empty form field means "any"."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = Field(default=None, max_length=MAX_TEXT)
    person: str | None = Field(default=None, max_length=MAX_TEXT)
    status: Literal["occurred", "announced"] | None = None
    review: Literal["verified", "rejected", "unreviewed", "needs_review", "changed"] | None = None
    q: str | None = Field(default=None, max_length=MAX_TEXT)
    doc: str | None = Field(default=None, max_length=MAX_TEXT)  # a source: its happenings
    case: str | None = Field(default=None, max_length=MAX_TEXT)  # a linked case's happenings
    order: Order = "date"
    # The registry entities ``person`` names, once looked up in a store (see :meth:`resolved`).
    _people: tuple[str, ...] | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        # An HTML GET form sends every field, the untouched ones as "".
        if isinstance(data, Mapping):
            return {
                k: (None if isinstance(v, str) and not v.strip() else v) for k, v in data.items()
            }
        return data

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value not in EVENT_TYPES:
            raise ValueError(f"unknown event type; one of {', '.join(EVENT_TYPES)}")
        return value

    @field_validator("q")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        # Read once here, so a query that cannot be read is a 422 saying why, never a 500.
        if value is not None:
            parse_query(value)
        return value

    def resolved(self, store: RegistryStore) -> EventQuery:
        """These filters with ``person`` looked up in the registry: a name in any script or
        usual spelling stands for everyone it names (:func:`khronika.read.people_named`).
        """
        copy = self.model_copy()
        if self.person is not None:
            copy._people = tuple(entity.id for entity in people_named(store, self.person))
        return copy

    def to_filter(self, *, offset: int | None = None, limit: int | None = None) -> EventFilter:
        """These filters as the store's filter, for one page or (without a limit) all.

        A place is a country's name or code in any script, or a place name as typed or in Latin
        letters (:func:`khronika.read.place_spellings`); a person, once :meth:`resolved`, anyone
        the name names, else an entity id.
        """
        return EventFilter(
            type=self.type,
            date_from=self.since,
            date_to=self.until,
            places=place_spellings(self.place) if self.place else None,
            person=self.person if self._people is None else None,
            people=self._people,
            status=self.status,
            review=self.review,
            text=self.q,
            doc=self.doc,
            case=self.case,
            order=self.order,
            offset=offset,
            limit=limit,
        )

    def query_string(self, **extra: object) -> str:
        """These filters (and ``extra``) as a URL query, leaving out what is unset."""
        values = {k: v for k, v in self.model_dump(mode="json").items() if v is not None}
        if values.get("order") == "date":
            del values["order"]
        values.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(values)


def filters_of(request: Request, query: Annotated[EventQuery, Query()]) -> EventQuery:
    """The list's filters of a request, the person looked up in the app's registry."""
    return query.resolved(request.app.state.store)


# --- one record, or 404 ------------------------------------------------------------------------


def cluster_or_404(store: Store, cluster_id: str) -> Cluster:
    """The happening ``cluster_id``; a redirect for an id a merge retired; else a 404."""
    cluster = store.cluster(cluster_id)
    if cluster is None:
        survivor = store.cluster_redirect(cluster_id)
        if survivor is not None and survivor != cluster_id:
            raise Moved(cluster_id, survivor)
        raise NotFound(f"{cluster_id}: no such happening")
    return cluster


def document_or_404(store: Store, name: str) -> Document:
    """The document ``name``, or a 404."""
    document = store.document(name)
    if document is None:
        raise NotFound(f"{name}: no such document")
    return document


def entity_or_404(store: Store, entity_id: str) -> Entity:
    """The registry entity ``entity_id``, or a 404."""
    entity = store.entity(entity_id)
    if entity is None:
        raise NotFound(f"{entity_id}: nobody with this id in the registry")
    return entity


@dataclass(frozen=True)
class Page:
    """One page of a filtered list and where it sits in the whole."""

    rows: list[Reviewed]
    total: int
    offset: int
    limit: int

    @property
    def number(self) -> int:
        """This page's number, from 1."""
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def pages(self) -> int:
        """How many pages the whole list takes (at least 1)."""
        return max(1, -(-self.total // self.limit)) if self.limit else 1


def page_of(store: Store, query: EventQuery, *, offset: int, limit: int) -> Page:
    """One page of the happenings matching ``query``, reviewed, and the total."""
    clusters = store.clusters(query.to_filter(offset=offset, limit=limit))
    total = store.count_clusters(query.to_filter())
    return Page(rows=reviewed_many(store, clusters), total=total, offset=offset, limit=limit)


def row_dict(item: Reviewed) -> dict[str, Any]:
    """A list row for the API: the fields a table shows, not the evidence."""
    event = item.cluster.event
    return {
        "id": item.cluster.id,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "date": event.date.to_dict(),
        "location": event.location.to_dict(),
        "summary": event.summary,
        "sources": list(event.sources),
        "n_sources": len(event.sources),
        "disputed": list(item.cluster.disputed),
        "confidence": round(event.confidence, 3),
        "review": item.status,
        "edited": list(item.edited_fields),
        # Added for the list's columns: every figure, and the main actors (targets first).
        "counts": {key: count.to_dict() for key, count in event.counts.items()},
        "main_actors": actors_column(event)[0],
    }


def detail_dict(item: Reviewed) -> dict[str, Any]:
    """A happening for the API: the reviewed view, its review status and its history."""
    data = item.cluster.to_dict()
    data["review"] = item.status
    data["review_notes"] = list(item.notes)  # why "needs_review" or "changed"
    data["edited"] = list(item.edited_fields)
    data["history"] = [review_dict(r) for r in item.history]
    return data


def review_dict(review: Review) -> dict[str, Any]:
    """A review for the API, times in ISO 8601."""
    return {
        "id": review.id,
        "cluster": review.cluster,
        "action": review.action,
        "author": review.author,
        "reason": review.reason,
        "field": review.field,
        "before": review.before,
        "after": review.after,
        "decisions": list(review.decisions),
        "created_at": _iso(review.created_at),
        "reverted_at": _iso(review.reverted_at),
        "reverted_by": review.reverted_by,
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


# --- map and timeline --------------------------------------------------------------------------


def per_day(items: Iterable[Reviewed]) -> dict[str, Any]:
    """Happenings per day by type (a range counts on its first day); undated ones counted apart."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for item in items:
        event = item.cluster.event
        if event.date.start is None:
            undated += 1
            continue
        counts[event.type][event.date.start.isoformat()] += 1
    days = sorted({day for by_day in counts.values() for day in by_day})
    types = [t for t in EVENT_TYPES if t in counts]
    return {
        "days": days,
        "series": [{"type": t, "counts": [counts[t][day] for day in days]} for t in types],
        "undated": undated,
    }


# --- how values read ---------------------------------------------------------------------------


def value_text(field: str, value: Any) -> str:
    """A claim's or a review's value in a few words ("2022-01-05 (day)", "40–60 (dozens)")."""
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        if field == "date":
            span = value.get("start") or "?"
            if value.get("end") and value.get("end") != value.get("start"):
                span += f" – {value['end']}"
            return f"{span} ({value.get('precision')})"
        if field == "location":
            parts = (value.get("name"), value.get("admin1"), value.get("country"))
            return ", ".join(p for p in parts if p) or (value.get("text") or "?")
        if field.startswith("counts"):
            low, high = value.get("min"), value.get("max")
            span = str(low) if low == high else f"{low}–{high}"
            words = value.get("text")
            return f"{span} ({words})" if words and words != span else span
    if isinstance(value, list):
        return "; ".join(str(v.get("name", v)) if isinstance(v, Mapping) else str(v) for v in value)
    return str(value)


def claims_by_field(cluster: Cluster) -> dict[str, list[Claim]]:
    """A happening's claims grouped by field."""
    grouped: dict[str, list[Claim]] = {}
    for claim in cluster.claims:
        grouped.setdefault(claim.field, []).append(claim)
    return grouped


# --- evidence in its source --------------------------------------------------------------------


@dataclass(frozen=True)
class Quoted:
    """One piece of evidence, the id of its mark, and whether it matches its document."""

    evidence: Evidence
    mark_id: str
    found: bool


@dataclass(frozen=True)
class QuotedSource:
    """One document cited by a happening: its quotes, and its text once with all of them
    marked (a long source repeated for each quote would make the page its length times).
    """

    doc: str
    document: Document | None
    quotes: tuple[Quoted, ...]
    html: Markup


def highlight(text: str, start: int, end: int, mark_id: str) -> Markup:
    """``text`` HTML-escaped, with ``<mark>`` around ``text[start:end]``."""
    return highlight_all(text, [(start, end, mark_id)])


def highlight_all(text: str, spans: Iterable[tuple[int, int, str]]) -> Markup:
    """``text`` HTML-escaped with a ``<mark>`` around each span. Overlapping quotes share one
    mark (stretched over both); the later one's id is an empty anchor just before it.
    """
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, mark_id in sorted(spans):
        if merged and start < merged[-1][1]:
            first, last, ids = merged[-1]
            merged[-1] = (first, max(last, end), [*ids, mark_id])
        else:
            merged.append((start, end, [mark_id]))
    parts: list[Markup] = []
    done = 0
    for start, end, ids in merged:
        anchors = Markup("").join(Markup('<span id="{}"></span>').format(i) for i in ids[1:])
        parts.append(
            Markup('{}{}<mark id="{}">{}</mark>').format(
                escape(text[done:start]), anchors, ids[0], escape(text[start:end])
            )
        )
        done = end
    parts.append(escape(text[done:]))
    return Markup("").join(parts)


def quoted_evidence(store: Store, event: Event) -> list[QuotedSource]:
    """The documents ``event`` quotes, in order of first quote, each read once and shown once
    with every quote of it marked.
    """
    grouped: dict[str, list[Quoted]] = {}
    documents: dict[str, Document | None] = {}
    for index, piece in enumerate(event.evidence):
        if piece.doc not in documents:
            documents[piece.doc] = store.document(piece.doc)
        document = documents[piece.doc]
        # The offsets hold by the data rules; a mismatch means a damaged store, shown as such.
        found = document is not None and document.text[piece.start : piece.end] == piece.text
        grouped.setdefault(piece.doc, []).append(Quoted(piece, f"evidence-{index}", found))
    sources = []
    for doc, quotes in grouped.items():
        document = documents[doc]
        spans = [(q.evidence.start, q.evidence.end, q.mark_id) for q in quotes if q.found]
        html = highlight_all(document.text, spans) if document is not None else Markup("")
        sources.append(QuotedSource(doc, document, tuple(quotes), html))
    return sources
