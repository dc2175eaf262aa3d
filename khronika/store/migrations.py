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
``0001_initial`` made it, before ``0003_desk`` added ``ingested_by``; ``accounts`` and
``api_tokens`` are the tables as ``0003_desk`` made them, before ``0005_login_guard`` added
``totp_last_step`` and ``expires_at``; ``clusters`` (0002), ``reviews`` (0003) and
``cluster_redirects`` (0006) as made before ``0009_review_state`` added ``review_status``,
``seen`` and ``founder``.

Rule for every migration: it runs on both backends, SQLite and PostgreSQL, and builds the same
tables, columns, keys and indexes on each. Build with SQLAlchemy Core (``Table``/``Column``/
``Index`` from :mod:`.schema` or copied here, ``create_all``, ``insert``/``update``/``select``);
raw DDL only where both accept it word for word (``ALTER TABLE t ADD COLUMN c TEXT``,
``CREATE INDEX IF NOT EXISTS``), never SQLite-only SQL (``PRAGMA``, ``rowid``, ``INSERT OR
REPLACE``, ``strftime``). Where the backends truly differ (the full-text index, see .search),
give the migration a branch for each, and an empty database must still be able to go through
every step in order. tests/store/test_migrations.py applies every migration from empty on
PostgreSQL and compares the schema with SQLite's (it runs where ``KHRONIKA_TEST_PG`` names a
server, as ``.ci/run`` sets it); a data step runs through the same Core statements on both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    false,
    inspect,
    select,
)

from khronika.errors import StoreError
from khronika.model import Cluster
from khronika.store import schema
from khronika.store.engine import writing
from khronika.store.search import INDEXED_DIALECTS, index_on_postgresql, search_body

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

ACCOUNTS_0003 = Table(
    "accounts",
    _as_created,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("totp_secret", Text),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", Text),
    Column("created_at", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    CheckConstraint("role IN ('viewer', 'analyst', 'admin')", name="role"),
)

API_TOKENS_0003 = Table(
    "api_tokens",
    _as_created,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("account", Text, ForeignKey("accounts.name", ondelete="CASCADE"), nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("last_used_at", Text),
    Column("revoked_at", Text),
    Index(None, "account"),
    sqlite_autoincrement=True,
)

CLUSTERS_0002 = Table(
    "clusters",
    _as_created,
    Column("id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("status", Text, nullable=False),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("date_precision", Text, nullable=False),
    Column("place_name", Text),
    Column("country", Text),
    Column("place_search", Text, nullable=False),
    Column("actor_search", Text, nullable=False),
    Column("sources", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("n_reports", Integer, nullable=False),
    Column("disputed", Text, nullable=False),
    Column("case_id", Text),
    Column("payload", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index(None, "type"),
    Index(None, "date_start"),
    Index(None, "country"),
    Index(None, "case_id"),
)

REVIEWS_0003 = Table(
    "reviews",
    _as_created,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cluster_id", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("field", Text),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("decision_ids", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("reverted_at", Text),
    Column("reverted_by", Text),
    CheckConstraint(
        f"action IN ({', '.join(repr(a) for a in schema.REVIEW_ACTIONS)})", name="action"
    ),
    Index(None, "cluster_id"),
    sqlite_autoincrement=True,
)

CLUSTER_REDIRECTS_0006 = Table(
    "cluster_redirects",
    _as_created,
    Column("old_id", Text, primary_key=True),
    Column("new_id", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Index(None, "new_id"),
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
    CLUSTERS_0002.create(connection)
    schema.metadata.create_all(
        connection,
        tables=[
            schema.cluster_members,
            schema.entities,
            schema.entity_mentions,
            schema.decisions,
        ],
    )


def _desk(connection: Connection) -> None:
    # Plain DDL both SQLite and PostgreSQL accept; SQLAlchemy Core has no ADD COLUMN construct.
    connection.exec_driver_sql("ALTER TABLE documents ADD COLUMN ingested_by TEXT")
    ACCOUNTS_0003.create(connection)
    schema.metadata.create_all(connection, tables=[schema.sessions])
    API_TOKENS_0003.create(connection)
    schema.metadata.create_all(connection, tables=[schema.audit_log])
    REVIEWS_0003.create(connection)
    # The full-text index, in each backend's own form (see .search); the text filter of
    # another backend falls back to LIKE on the payload.
    if connection.dialect.name == "postgresql":
        for statement in schema.CLUSTER_SEARCH_DDL_POSTGRESQL:
            connection.exec_driver_sql(statement)
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql(schema.CLUSTER_SEARCH_DDL)
    else:
        return
    # Index the clusters an earlier consolidation left, so search works before the next one.
    views = {
        cluster_id: Cluster.from_dict(json.loads(payload))
        for cluster_id, payload in connection.execute(
            select(schema.clusters.c.id, schema.clusters.c.payload)
        )
    }
    if connection.dialect.name == "postgresql":
        index_on_postgresql(connection, views)
    elif views:
        rows = [{"cluster_id": key, "body": search_body(view)} for key, view in views.items()]
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


def _login_guard(connection: Connection) -> None:
    # Self-contained: two columns added, two tables of its own (see schema.py's last section).
    connection.exec_driver_sql("ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER")
    connection.exec_driver_sql("ALTER TABLE api_tokens ADD COLUMN expires_at TEXT")
    schema.metadata.create_all(connection, tables=[schema.login_attempts, schema.recovery_codes])


def _reviewed_columns(connection: Connection) -> None:
    # The clusters' filter columns and search entries now hold the reviewed view: bring those
    # of clusters with edits in force up to it (no schema change; the others are already right).
    from khronika.store.edits import edits_in_force, refresh_reviewed

    # The list's default order (date, unknown last, then id) read from an index: a page of a
    # 100k-happening store no longer sorts the whole table (8 ms, was 72; the last page 10 ms,
    # was 3.2 s, measured on this project's 2-core machine).
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_clusters_date_order"
        " ON clusters ((date_start IS NULL), date_start, id)"
    )
    # The status filter ("announced" is rare): without it the list scans every row for it.
    connection.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_clusters_status ON clusters (status)")
    for cluster_id in edits_in_force(connection):
        refresh_reviewed(connection, cluster_id, fts=connection.dialect.name in INDEXED_DIALECTS)


def _cluster_redirects(connection: Connection) -> None:
    CLUSTER_REDIRECTS_0006.create(connection)


def _candidate_pairs(connection: Connection) -> None:
    # Self-contained: only a new table, filled by the next consolidation.
    schema.metadata.create_all(connection, tables=[schema.candidate_pairs])


def _review_state(connection: Connection) -> None:
    # Self-contained: three columns added, one index, and the status of the reviewed clusters.
    from khronika.store.edits import refresh_reviewed, reviewed_ids

    connection.exec_driver_sql("ALTER TABLE reviews ADD COLUMN seen TEXT")
    # Ids retired before this migration keep no founding report: they come back by majority.
    connection.exec_driver_sql("ALTER TABLE cluster_redirects ADD COLUMN founder TEXT")
    connection.exec_driver_sql(
        "ALTER TABLE clusters ADD COLUMN review_status TEXT NOT NULL DEFAULT 'unreviewed'"
    )
    # The name schema.clusters gives it (naming convention), in plain DDL both dialects accept.
    connection.exec_driver_sql("CREATE INDEX ix_clusters_review_status ON clusters (review_status)")
    for cluster_id in reviewed_ids(connection):
        refresh_reviewed(connection, cluster_id, fts=connection.dialect.name in INDEXED_DIALECTS)


def _person_attributes(connection: Connection) -> None:
    # Self-contained: only a new table, empty until an analyst records an attribute.
    schema.metadata.create_all(connection, tables=[schema.person_attributes])


def _mention_keys(connection: Connection) -> None:
    # Self-contained: only a new table, filled by the next consolidation (until then an
    # ingest consolidates in full, see khronika.consolidate.incremental).
    schema.metadata.create_all(connection, tables=[schema.mention_keys])


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_consolidation", _consolidation),
    Migration("0003_desk", _desk),
    Migration("0004_identity", _identity),
    Migration("0005_login_guard", _login_guard),
    Migration("0006_cluster_redirects", _cluster_redirects),
    Migration("0007_reviewed_columns", _reviewed_columns),
    Migration("0008_candidate_pairs", _candidate_pairs),
    Migration("0009_review_state", _review_state),
    Migration("0010_person_attributes", _person_attributes),
    Migration("0011_mention_keys", _mention_keys),
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
