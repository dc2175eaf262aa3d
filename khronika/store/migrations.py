"""Named schema migrations, applied in order and recorded in ``schema_migrations``.

A migration is a name and a function of a :class:`~sqlalchemy.Connection`. Each runs in its own
write transaction together with the row that records it, so a database is always at some
migration boundary, never half way through one. Names are never reused or renamed: they are what
an existing database remembers.

Rule for later migrations: a migration that creates tables builds them from :mod:`.schema`
(``0001_initial`` the document and event tables, ``0002_consolidation`` the consolidation
tables, ``0003_desk`` the desk's). When a later migration changes one of those tables, copy the
shape that table had when it was created into this module first, so a fresh database still goes
through every step instead of skipping straight to the end: ``documents`` below is the table as
``0001_initial`` made it, before ``0003_desk`` added ``ingested_by``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, Engine, MetaData, Table, Text, inspect, select

from khronika.errors import StoreError
from khronika.model import Cluster
from khronika.store import schema
from khronika.store.engine import writing
from khronika.store.search import search_body

# Tables as an earlier migration created them, in a metadata of their own (same constraint names).
_as_created = MetaData(naming_convention=schema.metadata.naming_convention)

DOCUMENTS_0001 = Table(
    "documents",
    _as_created,
    Column("name", Text, primary_key=True),
    Column("sha256", Text, nullable=False, unique=True),
    Column("raw", schema.documents.c.raw.type, nullable=False),
    Column("text", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("title", Text),
    Column("published", Text),
    Column("language", Text),
    Column("address", Text),
    Column("outlet", Text),
    Column("ingested_at", Text, nullable=False),
)


@dataclass(frozen=True)
class Migration:
    """One step of the schema; ``apply`` runs inside the transaction that records ``name``."""

    name: str
    apply: Callable[[Connection], None]


def _initial(connection: Connection) -> None:
    DOCUMENTS_0001.create(connection)
    schema.metadata.create_all(
        connection, tables=[schema.events, schema.evidence, schema.document_status]
    )


def _consolidation(connection: Connection) -> None:
    schema.metadata.create_all(
        connection,
        tables=[
            schema.clusters,
            schema.cluster_members,
            schema.entities,
            schema.entity_mentions,
            schema.decisions,
        ],
    )


def _desk(connection: Connection) -> None:
    # Plain DDL both SQLite and PostgreSQL accept; SQLAlchemy Core has no ADD COLUMN construct.
    connection.exec_driver_sql("ALTER TABLE documents ADD COLUMN ingested_by TEXT")
    schema.metadata.create_all(
        connection,
        tables=[
            schema.accounts,
            schema.sessions,
            schema.api_tokens,
            schema.audit_log,
            schema.reviews,
        ],
    )
    if connection.dialect.name != "sqlite":
        return  # no FTS5 elsewhere: the text filter falls back to LIKE on the payload
    connection.exec_driver_sql(schema.CLUSTER_SEARCH_DDL)
    # Index the clusters an earlier consolidation left, so search works before the next one.
    rows = [
        {"cluster_id": cluster_id, "body": search_body(Cluster.from_dict(json.loads(payload)))}
        for cluster_id, payload in connection.execute(
            select(schema.clusters.c.id, schema.clusters.c.payload)
        )
    ]
    if rows:
        connection.execute(schema.cluster_search.insert(), rows)


def _identity(connection: Connection) -> None:
    schema.metadata.create_all(
        connection,
        tables=[schema.document_aliases, schema.store_state, schema.metadata_changes],
    )
    # A store from before: its reports count as one generation, consolidated if it has clusters.
    has_events = connection.scalar(select(schema.events.c.id).limit(1)) is not None
    has_clusters = connection.scalar(select(schema.clusters.c.id).limit(1)) is not None
    connection.execute(
        schema.store_state.insert(),
        [
            {"key": "reports", "value": int(has_events)},
            {"key": "consolidated", "value": int(has_events and has_clusters)},
        ],
    )


def _candidate_pairs(connection: Connection) -> None:
    # Self-contained: only a new table, filled by the next consolidation.
    schema.metadata.create_all(connection, tables=[schema.candidate_pairs])


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_consolidation", _consolidation),
    Migration("0003_desk", _desk),
    Migration("0004_identity", _identity),
    Migration("0005_candidate_pairs", _candidate_pairs),
)


def migrate(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the migrations missing from the database, in order; return the names applied."""
    with writing(engine) as connection:
        _prepare(connection, migrations)
    done: list[str] = []
    for migration in migrations:
        with writing(engine) as connection:
            # Checked again inside the write transaction: another process opening the same
            # store may have applied it since we looked.
            if migration.name in applied(connection):
                continue
            migration.apply(connection)
            connection.execute(
                schema.schema_migrations.insert().values(name=migration.name, applied_at=_now())
            )
        done.append(migration.name)
    return done


def applied(connection: Connection) -> set[str]:
    """Names of the migrations recorded in the database."""
    return set(connection.scalars(select(schema.schema_migrations.c.name)))


def _prepare(connection: Connection, migrations: Sequence[Migration]) -> None:
    """Create the bookkeeping table, refusing databases that are not ours or are newer."""
    tables = set(inspect(connection).get_table_names())
    if tables and schema.schema_migrations.name not in tables:
        # Someone else's database: adding our tables to it would be a silent mess.
        raise StoreError("not a khronika database (it has tables but no schema_migrations)")
    schema.schema_migrations.create(connection, checkfirst=True)
    unknown = sorted(applied(connection) - {m.name for m in migrations})
    if unknown:
        raise StoreError(
            f"written by a newer khronika (unknown migration {unknown[0]}); upgrade khronika"
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
