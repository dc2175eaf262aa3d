"""The partial save of incremental consolidation: the touched happenings replaced (those that
came out as stored kept), their members, mentions, possible duplicates and lookup keys, the
entities they name, in the caller's transaction. Every other row stays as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, delete, literal_column, or_, select, update

from khronika.model import CandidatePair, Cluster, Entity, EntityMention
from khronika.store import rows, schema
from khronika.store.documents import set_state
from khronika.store.edits import apply_reviewed, index_clusters
from khronika.store.redirects import record_redirects

# Ids per IN (...): under SQLite's default limit of bound parameters.
_BATCH = 500


@dataclass(frozen=True)
class Consolidated:
    """What a neighbourhood's run made, to be saved: see :func:`write_partial`."""

    clusters: Sequence[Cluster]
    entities: Sequence[Entity]
    mentions: Sequence[EntityMention]
    candidates: Sequence[CandidatePair]
    dropped: Collection[str] = ()
    keys: Sequence[tuple[str, str]] = ()


def batches(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    """``ids`` in slices short enough for one IN (...)."""
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def write_partial(
    connection: Connection,
    touched: Collection[str],
    made: Consolidated,
    *,
    generation: int,
    fts: bool,
) -> set[str]:
    """Replace the happenings ``touched`` with ``made``'s; returns the ids rewritten (see
    :meth:`~khronika.store.incremental.IncrementalRepository.save_partial_consolidation`).
    """
    clusters, mentions, candidates = made.clusters, made.mentions, made.candidates
    now = rows.now()
    unique_mentions = list(dict.fromkeys(mentions))
    owner = {report: c.id for c in clusters for report in c.reports}
    names: dict[str, list[str]] = {}
    for mention in unique_mentions:
        cluster_id = mention.cluster or owner.get(mention.report)
        if cluster_id is not None:
            names.setdefault(cluster_id, []).append(mention.name)
    built = {c.id: rows.cluster_row(c, names.get(c.id, ()), now) for c in clusters}
    same = _unchanged(connection, touched, built)
    written = [c for c in clusters if c.id not in same]
    cluster_rows = [built[c.id] for c in written]
    old = sorted(set(touched) - same)
    record_redirects(connection, owner, now, among=old)
    views = apply_reviewed(connection, written, cluster_rows, names)
    pairs = _pairs_rewritten(connection, sorted(touched), owner, candidates)
    if fts:
        _unindex(connection, old)
    for batch in batches(old):
        for table, column in (
            (schema.entity_mentions, schema.entity_mentions.c.cluster_id),
            (schema.cluster_members, schema.cluster_members.c.cluster_id),
            (schema.clusters, schema.clusters.c.id),
        ):
            connection.execute(delete(table).where(column.in_(batch)))
    _write_entities(connection, made.entities, made.dropped)
    for table, new_rows in (
        (schema.clusters, cluster_rows),
        (schema.cluster_members, _member_rows(written)),
        (schema.entity_mentions, _mention_rows(unique_mentions, owner, same)),
        (schema.candidate_pairs, pairs),
    ):
        if new_rows:
            connection.execute(table.insert(), new_rows)
    if fts:
        index_clusters(connection, {c.id: views.get(c.id, c) for c in written})
    _replace_keys(connection, sorted(owner), made.keys)
    set_state(connection, "consolidated", generation)
    return set(touched) - same | {c.id for c in written}


def _unchanged(
    connection: Connection, touched: Collection[str], built: Mapping[str, dict[str, Any]]
) -> set[str]:
    """The touched happenings whose stored row is what the run made (but for its time)."""
    table = schema.clusters
    same: set[str] = set()
    candidates = sorted(set(touched) & set(built))
    for batch in batches(candidates):
        query = select(table.c.id, table.c.payload).where(table.c.id.in_(batch))
        for row in connection.execute(query):
            if row.payload == built[row.id]["payload"]:
                same.add(row.id)
    return same


def _member_rows(clusters: Sequence[Cluster]) -> list[dict[str, object]]:
    return [
        {"cluster_id": c.id, "report_id": report}
        for c in clusters
        for report in dict.fromkeys(c.reports)
    ]


def _mention_rows(
    mentions: Sequence[EntityMention], owner: Mapping[str, str], same: set[str]
) -> list[dict[str, object]]:
    """Rows of the mentions in rewritten happenings (those of unchanged ones are stored)."""
    return [
        rows.mention_row(mention)
        for mention in mentions
        if (mention.cluster or owner.get(mention.report)) not in same
    ]


def _replace_keys(
    connection: Connection, reports: Sequence[str], keys: Sequence[tuple[str, str]]
) -> None:
    table = schema.mention_keys
    for batch in batches(reports):
        connection.execute(delete(table).where(table.c.report_id.in_(batch)))
    if keys:
        connection.execute(table.insert(), [{"report_id": r, "key": k} for r, k in keys])


def write_keys(connection: Connection, keys: Sequence[tuple[str, str]] | None) -> None:
    """Replace every lookup key with ``keys`` (a full save); None leaves none, and incremental
    consolidation off until a save gives them.
    """
    connection.execute(delete(schema.mention_keys))
    if keys:
        connection.execute(
            schema.mention_keys.insert(), [{"report_id": r, "key": k} for r, k in keys]
        )
    set_state(connection, "mention_keys", 0 if keys is None else 1)


def _pairs_rewritten(
    connection: Connection,
    touched: Sequence[str],
    owner: Mapping[str, str],
    candidates: Sequence[CandidatePair],
) -> list[dict[str, object]]:
    """Delete the stored possible duplicates naming a touched happening; return them again:
    the run's own, and those between a re-consolidated report and one outside (the outside
    one's happening is untouched), renamed to where the report went.
    """
    table = schema.candidate_pairs
    kept: list[dict[str, object]] = []
    gone: list[int] = []
    for batch in batches(touched):
        query = select(table).where(or_(table.c.cluster_a.in_(batch), table.c.cluster_b.in_(batch)))
        for row in connection.execute(query).mappings():
            gone.append(row["id"])
            if row["report_a"] in owner and row["report_b"] in owner:
                continue  # the run weighed this pair again
            pair = {k: v for k, v in row.items() if k != "id"}
            pair["cluster_a"] = owner.get(row["report_a"], row["cluster_a"])
            pair["cluster_b"] = owner.get(row["report_b"], row["cluster_b"])
            if pair["cluster_a"] != pair["cluster_b"] and pair not in kept:
                kept.append(pair)
    for start in range(0, len(gone), _BATCH):
        connection.execute(delete(table).where(table.c.id.in_(gone[start : start + _BATCH])))
    return [*map(rows.pair_row, candidates), *kept]


def _write_entities(
    connection: Connection, entities: Sequence[Entity], dropped: Collection[str]
) -> None:
    """Rewrite these entities in place (a mention's key must not lose its entity row) and
    drop those no mention names any more.
    """
    table = schema.entities
    for batch in batches(sorted(dropped)):
        connection.execute(delete(table).where(table.c.id.in_(batch)))
    stored: set[str] = set()
    ids = sorted(entity.id for entity in entities)
    for batch in batches(ids):
        stored.update(connection.scalars(select(table.c.id).where(table.c.id.in_(batch))))
    fresh = []
    for entity in entities:
        row = rows.entity_row(entity)
        if entity.id in stored:
            connection.execute(update(table).where(table.c.id == entity.id).values(row))
        else:
            fresh.append(row)
    if fresh:
        connection.execute(table.insert(), fresh)


def _unindex(connection: Connection, old: Sequence[str]) -> None:
    index, clusters = schema.cluster_search, schema.clusters
    for batch in batches(old):
        if connection.dialect.name == "postgresql":
            connection.execute(delete(index).where(index.c.cluster_id.in_(batch)))
            continue
        rowids: Select[tuple[object]] = select(literal_column("rowid")).where(
            clusters.c.id.in_(batch)
        )
        connection.execute(delete(index).where(literal_column("rowid").in_(rowids)))
