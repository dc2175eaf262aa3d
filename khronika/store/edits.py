"""Reviewers' edits, applied: what an edit of one field does to an event, and the reviewed
columns of the clusters table that filters, search and sorting read.

A cluster's ``payload`` is the machine's reading and is never changed by a review; its filter
columns (type, dates, place, actors, status) and its full-text entry hold the reviewed view
instead: the machine's values with every edit in force applied, the latest edit of a field
winning. They are rewritten with the consolidation and whenever an edit is recorded or
reverted, so a killing edited to an assault is found under ``type=assault`` and no longer under
``type=killing``. The machine value stays in the payload (and in each report). The review
status column (``review_status``, see :mod:`.verdicts`) is kept in step the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, delete, literal_column, or_, select, update

from khronika.model import Actor, Cluster, Count, Event, PartialDate, Place, Review
from khronika.store import rows, schema
from khronika.store.desk import review_from_row
from khronika.store.redirects import ids_of, survivor_of
from khronika.store.search import index_on_postgresql, search_body
from khronika.store.verdicts import verdict_of

# The columns of a clusters row that follow the reviewed view (the rest follow the payload).
REVIEWED_COLUMNS = (
    "type",
    "subtype",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "place_name",
    "country",
    "place_search",
    "actor_search",
)


def apply_edit(event: Event, field: str, value: Any) -> Event:
    """``event`` with one field replaced by ``value`` (JSON, as in the contract)."""
    if field.startswith("counts."):
        key = field.split(".", 1)[1]
        counts = dict(event.counts)
        if value is None:
            counts.pop(key, None)
        else:
            counts[key] = Count.from_dict(value)
        return replace(event, counts=counts)
    builders: Mapping[str, Any] = {
        "type": lambda v: {"type": v, "subtype": None},
        "subtype": lambda v: {"subtype": v or None},
        "status": lambda v: {"status": v},
        "summary": lambda v: {"summary": v or ""},
        "date": lambda v: {"date": PartialDate.from_dict(v)},
        "location": lambda v: {"location": Place.from_dict(v)},
        "actors": lambda v: {"actors": tuple(Actor.from_dict(a) for a in v or ())},
    }
    if field not in builders:
        raise ValueError(f"{field!r} is not a field a reviewer can edit")
    return replace(event, **builders[field](value))


def edited(cluster: Cluster, edits: Iterable[tuple[str, Any]]) -> Cluster:
    """``cluster`` with ``edits`` (field, value), oldest first, applied to its event."""
    event = cluster.event
    for field, value in edits:
        event = apply_edit(event, field, value)
    return replace(cluster, event=event)


def reviews_by_survivor(
    connection: Connection, cluster_id: str | None = None
) -> dict[str, list[Review]]:
    """Every review, reverted ones included, oldest first, by the cluster it counts for (an id
    a merge retired counts for its survivor), of ``cluster_id`` only if given; each review
    keeps the id it was made under.
    """
    reviews = schema.reviews
    owner = survivor_of(reviews.c.cluster_id).label("owner")
    query = select(reviews, owner).order_by(reviews.c.id)
    if cluster_id is not None:
        # Through the cluster_id index: the id and those retired into it, not every review.
        query = query.where(reviews.c.cluster_id.in_(ids_of(connection, cluster_id)))
    found: dict[str, list[Review]] = {}
    for row in connection.execute(query).mappings():
        found.setdefault(row["owner"], []).append(review_from_row(row))
    return found


def reviewed_ids(connection: Connection) -> list[str]:
    """The clusters some review counts for (under their id or one retired into them)."""
    return list(reviews_by_survivor(connection))


def edits_in_force(
    connection: Connection, cluster_id: str | None = None
) -> dict[str, list[tuple[str, Any]]]:
    """The edits not reverted, oldest first, by cluster (of ``cluster_id`` only, if given)."""
    reviews = schema.reviews
    # An edit made under an id a merge retired counts for the survivor.
    owner = survivor_of(reviews.c.cluster_id).label("owner")
    query = (
        select(owner, reviews.c.field, reviews.c.after)
        .where(
            reviews.c.action == "edit",
            reviews.c.reverted_at.is_(None),
            reviews.c.field.is_not(None),
        )
        .order_by(reviews.c.id)
    )
    if cluster_id is not None:
        query = query.where(owner == cluster_id)
    found: dict[str, list[tuple[str, Any]]] = {}
    for row in connection.execute(query):
        found.setdefault(row.owner, []).append((row.field, json.loads(row.after)))
    return found


def apply_reviewed(
    connection: Connection,
    clusters: Sequence[Cluster],
    cluster_rows: list[dict[str, Any]],
    names: Mapping[str, Sequence[str]],
) -> dict[str, Cluster]:
    """Give the rows of a consolidation being saved their reviewed columns (edits in force
    applied, in place); returns the reviewed view of each edited cluster, for the search index.
    """
    edits = edits_in_force(connection)
    reviews = reviews_by_survivor(connection)
    views: dict[str, Cluster] = {}
    for cluster, row in zip(clusters, cluster_rows, strict=True):
        row["review_status"] = verdict_of(cluster, reviews.get(cluster.id, ())).status
        if cluster.id not in edits:
            continue
        view = edited(cluster, edits[cluster.id])
        fresh = rows.cluster_row(view, names.get(cluster.id, ()), row["updated_at"])
        row.update({column: fresh[column] for column in REVIEWED_COLUMNS})
        views[cluster.id] = view
    return views


def refresh_reviewed(connection: Connection, cluster_id: str, *, fts: bool) -> None:
    """Rewrite one cluster's reviewed columns, review status and search entry from its reviews
    in force (after a review is recorded or reverted). A cluster no longer stored is left alone.
    """
    clusters = schema.clusters
    payload = connection.scalar(select(clusters.c.payload).where(clusters.c.id == cluster_id))
    if payload is None:
        return
    machine = rows.cluster_from_payload(payload)
    reviews = reviews_by_survivor(connection, cluster_id).get(cluster_id, [])
    in_force = [
        (r.field, r.after)
        for r in reviews
        if r.action == "edit" and r.reverted_at is None and r.field is not None
    ]
    view = edited(machine, in_force)
    fresh = rows.cluster_row(view, _mention_names(connection, cluster_id), "")
    status = verdict_of(machine, reviews).status
    connection.execute(
        update(clusters)
        .where(clusters.c.id == cluster_id)
        .values({**{column: fresh[column] for column in REVIEWED_COLUMNS}, "review_status": status})
    )
    if fts and connection.dialect.name == "postgresql":
        index_on_postgresql(connection, {cluster_id: view})  # keyed by cluster id there
    elif fts:
        index = schema.cluster_search
        rowid = connection.scalar(
            select(literal_column("rowid")).where(clusters.c.id == cluster_id)
        )
        # The entry shares the cluster's rowid (see index_clusters): found without a scan. An
        # index written before that rule (an older store) is searched by id, once.
        done = connection.execute(
            delete(index).where(literal_column("rowid") == rowid, index.c.cluster_id == cluster_id)
        )
        if done.rowcount == 0:
            connection.execute(delete(index).where(index.c.cluster_id == cluster_id))
        connection.execute(
            index.insert().values(rowid=rowid, cluster_id=cluster_id, body=search_body(view))
        )


def index_clusters(connection: Connection, views: Mapping[str, Cluster]) -> None:
    """Write the search entries of the clusters just saved (their reviewed ``views`` by id),
    each under its cluster's rowid, so one entry can be replaced without scanning the index.
    """
    if connection.dialect.name == "postgresql":
        index_on_postgresql(connection, views)  # no rowid there: keyed by cluster id
        return
    clusters = schema.clusters
    rowids = connection.execute(select(literal_column("rowid"), clusters.c.id))
    entries = [
        {"rowid": rowid, "cluster_id": cluster_id, "body": search_body(views[cluster_id])}
        for rowid, cluster_id in rowids
        if cluster_id in views
    ]
    if entries:
        connection.execute(schema.cluster_search.insert(), entries)


def _mention_names(connection: Connection, cluster_id: str) -> list[str]:
    mentions, members = schema.entity_mentions, schema.cluster_members
    reports = select(members.c.report_id).where(members.c.cluster_id == cluster_id)
    query = select(mentions.c.name).where(
        or_(mentions.c.cluster_id == cluster_id, mentions.c.report_id.in_(reports))
    )
    return list(connection.scalars(query))
