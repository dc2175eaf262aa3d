"""What a caller may ask of events and clusters (:class:`EventFilter`), and the SQL that asks it.

The builders here are pure: they turn a filter into SQLAlchemy conditions and orderings over
the events or the clusters table, and run nothing, except :func:`payload_by_id`, which is handed
the caller's connection. The same filter means the same thing for both tables; where they differ
(a cluster's sources, its linked entities, its full-text index) the table decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    distinct,
    false,
    func,
    not_,
    or_,
    select,
)

from khronika.errors import StoreError
from khronika.model import STATUSES
from khronika.store import schema
from khronika.store.search import (
    Both,
    Query,
    Without,
    Words,
    parse_query,
    search_condition,
)
from khronika.store.verdicts import REVIEW_STATES

# Shorter prefixes match too many ids to be worth a lookup ("ev_" alone matches all of them).
MIN_ID_PREFIX = 6

# How EventFilter.order may list: by date, sources or confidence, "-" for descending. Unknown
# dates come last either way; ties fall back to the date order.
EVENT_ORDERS = ("date", "-date", "sources", "-sources", "confidence", "-confidence")


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

    ``text`` is a full-text search (see :mod:`khronika.store.search`): words, "phrases",
    ``AND``/``OR``/``NOT`` and parentheses. For clusters on SQLite each word must start a word
    of the summary, a quote, an actor, the place, a charge or a demand; elsewhere, and for
    events, each word or phrase must be a substring of the record's JSON (ignoring ASCII case
    only). A text with no letter or digit in it matches nothing; one that cannot be read is
    refused here (:class:`~khronika.store.search.SearchSyntaxError`, a ``ValueError``).
    ``status`` is the event's (``occurred`` or ``announced``). ``review`` is the reviewed
    status (:data:`REVIEW_STATES`: a verdict, "needs_review" or "changed"); for events, their
    cluster's. ``order`` is one of
    :data:`EVENT_ORDERS`; ``offset`` skips that many of the ordered results, ``limit`` keeps at
    most that many of the rest.
    """

    type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    actor: str | None = None
    doc: str | None = None
    person: str | None = None
    limit: int | None = None
    text: str | None = None
    status: str | None = None
    review: str | None = None
    offset: int | None = None
    order: str = "date"
    # Any one of: each entity id read as ``person``, each text as ``place`` (a name typed in
    # any script resolves to several: khronika.read.lookup). An empty tuple matches nothing.
    people: tuple[str, ...] | None = None
    places: tuple[str, ...] | None = None
    # The review queue's filters: happenings with a disputed field; confidence below this; and
    # those a possible duplicate names (``candidate_pairs``). For events, their cluster's.
    disputed: bool | None = None
    confidence_below: float | None = None
    paired: bool | None = None
    # A linked case's id (``Cluster.case``): the happenings of one story.
    case: str | None = None

    def __post_init__(self) -> None:
        """Refuse a filter that makes no sense, naming what would."""
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must not be negative: {self.limit}")
        if self.offset is not None and self.offset < 0:
            raise ValueError(f"offset must not be negative: {self.offset}")
        if self.order not in EVENT_ORDERS:
            raise ValueError(f"unknown order {self.order!r}; one of {', '.join(EVENT_ORDERS)}")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; one of {', '.join(STATUSES)}")
        if self.text is not None:
            parse_query(self.text)  # a query that cannot be read says why here, not in SQL
        if self.review is not None and self.review not in REVIEW_STATES:
            raise ValueError(
                f"unknown review status {self.review!r}; one of {', '.join(REVIEW_STATES)}"
            )


def payload_by_id(connection: Connection, table: Table, wanted: str, what: str) -> str | None:
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


def filtered(query: Select[Any], table: Table, filt: EventFilter, *, fts: bool) -> Select[Any]:
    """``query`` over ``table`` (events or clusters), restricted by ``filt``, in its order.

    Both list by date, unknown last; events then by document and position in it, clusters by id.
    An order by sources or confidence sorts by that first and by the date order within it.
    """
    query = query.where(*conditions(table, filt, fts=fts)).order_by(*ordering(table, filt.order))
    if filt.offset:
        query = query.offset(filt.offset)
    return query.limit(filt.limit) if filt.limit is not None else query


def ordering(table: Table, order: str) -> list[ColumnElement[Any]]:
    """The ORDER BY of ``order`` (one of :data:`EVENT_ORDERS`) over events or clusters."""
    descending = order.startswith("-")
    key = order.lstrip("-")
    ties = (
        (table.c.doc, table.c.first_start, table.c.id) if table is schema.events else (table.c.id,)
    )
    by_date = [
        # "IS NULL" first rather than NULLS LAST: same order on every SQLite and PostgreSQL.
        table.c.date_start.is_(None),
        table.c.date_start.desc() if key == "date" and descending else table.c.date_start,
        *ties,
    ]
    if key == "date":
        return by_date
    primary = _n_sources(table) if key == "sources" else table.c.confidence
    return [primary.desc() if descending else primary.asc(), *by_date]


def _n_sources(table: Table) -> ColumnElement[Any]:
    if table is schema.clusters:
        return table.c.n_sources
    quotes = schema.evidence
    return (
        select(func.count(distinct(quotes.c.doc)))
        .where(quotes.c.event_id == table.c.id)
        .scalar_subquery()
    )


def conditions(table: Table, filt: EventFilter, *, fts: bool) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``filt`` over events or clusters, all of which must hold."""
    found: list[ColumnElement[bool]] = []
    if filt.type:
        found.append(table.c.type == filt.type)
    if filt.date_from or filt.date_to:
        found.append(table.c.date_start.is_not(None))
    if filt.date_from:
        # An event without an end lasted its start date (or month, or year) only.
        last_day = func.coalesce(table.c.date_end, table.c.date_start)
        found.append(last_day >= filt.date_from.isoformat())
    if filt.date_to:
        found.append(table.c.date_start <= filt.date_to.isoformat())
    if filt.place:
        found.append(
            or_(
                table.c.country == filt.place.strip().upper(),
                table.c.place_search.contains(filt.place.casefold(), autoescape=True),
            )
        )
    if filt.actor:
        found.append(table.c.actor_search.contains(filt.actor.casefold(), autoescape=True))
    if filt.doc:
        found.append(from_doc(table, filt.doc))
    if filt.person:
        found.append(mentioning(table, filt.person))
    if filt.status:
        found.append(table.c.status == filt.status)
    if filt.review:
        found.append(reviewed(table, filt.review))
    if filt.text and filt.text.strip():
        found.extend(matching(table, filt.text, fts=fts))
    found.extend(alternatives(table, filt, fts=fts))
    found.extend(queue_conditions(table, filt))
    return found


def queue_conditions(table: Table, filt: EventFilter) -> list[ColumnElement[bool]]:
    """The conditions of the review queue's filters (disputed, low confidence, paired) and of a
    case.
    """
    found: list[ColumnElement[bool]] = []
    clusters = schema.clusters
    if filt.confidence_below is not None:
        found.append(table.c.confidence < filt.confidence_below)
    if filt.case is not None:
        found.append(_of_clusters(table, clusters.c.case_id == filt.case))
    if filt.disputed is not None:
        disputed = clusters.c.disputed != ""
        found.append(_of_clusters(table, disputed if filt.disputed else ~disputed))
    if filt.paired is not None:
        pairs = schema.candidate_pairs
        named = select(pairs.c.cluster_a).union(select(pairs.c.cluster_b))
        in_pair = clusters.c.id.in_(named)
        found.append(_of_clusters(table, in_pair if filt.paired else ~in_pair))
    return found


def _of_clusters(table: Table, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """``condition`` over clusters, or for events: their cluster meets it."""
    if table is schema.clusters:
        return condition
    members, clusters = schema.cluster_members, schema.clusters
    meeting = select(members.c.report_id).join(clusters, clusters.c.id == members.c.cluster_id)
    return table.c.id.in_(meeting.where(condition))


def alternatives(table: Table, filt: EventFilter, *, fts: bool) -> list[ColumnElement[bool]]:
    """The conditions of ``filt.people`` and ``filt.places``: any one of each must hold."""
    found = []
    if filt.people is not None:
        found.append(any_of(table, [EventFilter(person=p) for p in filt.people], fts=fts))
    if filt.places is not None:
        found.append(any_of(table, [EventFilter(place=p) for p in filt.places], fts=fts))
    return found


def any_of(table: Table, filters: list[EventFilter], *, fts: bool) -> ColumnElement[bool]:
    """Events or clusters matching at least one of ``filters`` (none: nothing matches)."""
    return or_(false(), *(and_(*conditions(table, each, fts=fts)) for each in filters))


def matching(table: Table, text: str, *, fts: bool) -> list[ColumnElement[bool]]:
    """Conditions for a full-text ``text`` (:func:`~khronika.store.search.parse_query`): the
    full-text index of clusters, else a LIKE on the JSON record per word or phrase.
    """
    query = parse_query(text)
    if query is None:
        return [false()]
    if fts and table is schema.clusters:
        index = schema.cluster_search
        found = select(index.c.cluster_id).where(search_condition(query))
        return [table.c.id.in_(found)]
    return [_like(table, query)]


def _like(table: Table, query: Query) -> ColumnElement[bool]:
    """``query`` as substrings of the record's JSON (ASCII case ignored): where no FTS5 is."""
    if isinstance(query, Words):
        return table.c.payload.icontains(query.text, autoescape=True)
    if isinstance(query, Without):
        return and_(_like(table, query.kept), not_(_like(table, query.left_out)))
    parts = [_like(table, part) for part in query.parts]
    return and_(*parts) if isinstance(query, Both) else or_(*parts)


def reviewed(table: Table, state: str) -> ColumnElement[bool]:
    """Events or clusters whose review status (:data:`REVIEW_STATES`) is ``state``: the
    clusters' ``review_status`` column, kept in step with the reviews (see :mod:`.verdicts`).
    """
    clusters = schema.clusters
    if table is schema.events:
        members = schema.cluster_members
        with_state = select(clusters.c.id).where(clusters.c.review_status == state)
        reports = select(members.c.report_id).where(members.c.cluster_id.in_(with_state))
        return table.c.id.in_(reports)
    if state == "unreviewed":
        # Most happenings are: as "not any other state" the list walks its date index and stops
        # at a page, where the status index would sort nearly every row (220 ms, now 15, at 100k).
        return table.c.review_status.not_in([s for s in REVIEW_STATES if s != state])
    return table.c.review_status == state


def from_doc(table: Table, doc: str) -> ColumnElement[bool]:
    """Events extracted from or quoting ``doc``; clusters with ``doc`` among their sources."""
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


def mentioning(table: Table, entity_id: str) -> ColumnElement[bool]:
    """Events that mention the entity; clusters one of whose reports does, or placed with it."""
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
