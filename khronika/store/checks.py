"""The store's logical checks (``khronika check``), the same on SQLite and PostgreSQL.

Each check reads through SQLAlchemy Core only and says what it finds in one line, worded the
same on both backends: the schema is at the newest migration with every table and column there;
every foreign key of :mod:`.schema` holds (a report whose document is gone, a member of a
missing happening: PostgreSQL enforces its keys, but a restore with triggers off or a hand edit
can break them as ``PRAGMA foreign_keys = OFF`` can on SQLite); the search index has one entry
per happening and none for a missing one; and no document is half-written (a document without
its extraction status, a report without evidence: each is written in one transaction with them).

SQLite's own ``PRAGMA integrity_check`` (the file's pages and indexes) runs as well on SQLite.
On PostgreSQL an index left invalid by a build that failed is named, and where the database has
the amcheck extension (``CREATE EXTENSION amcheck``, by a superuser; it ships with Debian's
server) its pages are checked as well (:func:`page_problems`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Row,
    Table,
    and_,
    exists,
    func,
    inspect,
    not_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from khronika.store import schema
from khronika.store.base import reason
from khronika.store.migrations import MIGRATIONS, applied

# Indexes of the store's schema that PostgreSQL will not use: a build that failed part way.
_INVALID_INDEXES = (
    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE NOT i.indisvalid AND n.nspname = current_schema() ORDER BY c.relname"
)

_AMCHECK = "SELECT 1 FROM pg_extension WHERE extname = 'amcheck'"

# The B-tree indexes and the tables of the store's schema (its own, not the whole database's).
_BTREE_INDEXES = (
    "SELECT c.oid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam"
    " WHERE a.amname = 'btree' AND i.indisvalid AND n.nspname = current_schema()"
    " ORDER BY c.relname"
)
_TABLES = (
    "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname"
)

# At most this many lines per kind of problem, then one line counting the rest: a store whose
# key was broken wholesale should not print a million lines.
MAX_LINES = 20


def problems(connection: Connection) -> list[str]:
    """Every problem the checks find in the database of ``connection``, one line each."""
    found: list[str] = []
    if connection.dialect.name == "sqlite":
        pages = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
        found += [line for line in pages if line != "ok"]
    if connection.dialect.name == "postgresql":
        found += [
            f"index {name} is invalid (its build failed): drop it and create it again"
            for name in connection.exec_driver_sql(_INVALID_INDEXES).scalars()
        ]
        found += page_problems(connection)
    schema_lines = schema_problems(connection)
    if schema_lines:
        return found + schema_lines  # the other checks would only fail on missing columns
    found += key_problems(connection)
    found += search_problems(connection)
    found += half_written(connection)
    return found


def page_problems(connection: Connection) -> list[str]:
    """What amcheck finds in the store's pages on PostgreSQL, where the database has it: each
    B-tree index read page by page with every table row looked up in it (``bt_index_check``
    with ``heapallindexed``), and each table's pages (``verify_heapam``). Both take the locks
    of a plain read, so a desk can stay open while they run.
    """
    if connection.exec_driver_sql(_AMCHECK).first() is None:
        return []
    found: list[str] = []
    for oid, name in connection.exec_driver_sql(_BTREE_INDEXES).all():
        query = "SELECT bt_index_check(CAST(:oid AS regclass), true)"
        failure = _failure(connection, query, oid, rows=False)
        if failure is not None:
            found.append(f"index {name} is damaged ({failure}): REINDEX INDEX {name}")
    for oid, name in connection.exec_driver_sql(_TABLES).all():
        query = "SELECT blkno, msg FROM verify_heapam(CAST(:oid AS regclass)) LIMIT 1"
        failure = _failure(connection, query, oid, rows=True)
        if failure is not None:
            found.append(f"table {name} cannot be read whole ({failure}): restore it from a backup")
    return found


def _failure(connection: Connection, query: str, oid: int, *, rows: bool) -> str | None:
    """The error ``query`` raises for relation ``oid``, or with ``rows`` the first row it
    returns (page, message); None when it finds nothing. An error is undone to a savepoint, so
    the other checks go on.
    """
    savepoint = connection.begin_nested()
    try:
        row = connection.execute(text(query), {"oid": oid}).first()
    except DBAPIError as error:
        savepoint.rollback()
        return reason(error)
    savepoint.commit()
    if not rows or row is None:
        return None
    return f"page {row[0]}: {row[1]}"


def schema_problems(connection: Connection) -> list[str]:
    """Migrations not applied, and tables or columns of the newest schema that are missing."""
    done = applied(connection)
    found = [f"schema: migration {m.name} is not applied" for m in MIGRATIONS if m.name not in done]
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())  # SQLite's FTS5 table lists as a table too
    for table in schema.metadata.sorted_tables:
        if table.name not in tables:
            found.append(f"schema: table {table.name} is missing")
            continue
        have = {column["name"] for column in inspector.get_columns(table.name)}
        found += [
            f"schema: column {table.name}.{column.name} is missing"
            for column in table.columns
            if column.name not in have
        ]
    if schema.cluster_search.name not in tables:
        found.append(f"schema: table {schema.cluster_search.name} is missing")
    return found


def key_problems(connection: Connection) -> list[str]:
    """Rows whose foreign key names a row that is not there, per key of :mod:`.schema`."""
    found: list[str] = []
    for table in schema.metadata.sorted_tables:
        for key in table.foreign_keys:
            column, parent = key.parent, key.column
            orphan = and_(
                column.is_not(None),
                not_(exists().where(parent == column)),
            )
            rows = connection.execute(
                select(*_identity(table), column).where(orphan).order_by(*_identity(table))
            ).all()
            found += _capped(
                (
                    f"{table.name} row {_key(row[:-1])} points to a missing "
                    f"{parent.table.name} ({column.name} {row[-1]})"
                    for row in rows
                ),
                len(rows),
                f"{table.name} rows point to a missing {parent.table.name}",
            )
    return found


def search_problems(connection: Connection) -> list[str]:
    """Happenings without exactly one search entry, and entries of missing happenings."""
    index, clusters = schema.cluster_search, schema.clusters
    # One pass over each table, compared here: SQLite's FTS5 table has no index on cluster_id,
    # so a join would scan the whole index once per happening.
    counted = select(index.c.cluster_id, func.count()).group_by(index.c.cluster_id)
    entries: dict[str, int] = {str(cid): int(n) for cid, n in connection.execute(counted)}
    wrong: list[tuple[str, int]] = []
    for cluster_id in connection.scalars(select(clusters.c.id).order_by(clusters.c.id)):
        n = entries.pop(cluster_id, 0)
        if n != 1:
            wrong.append((cluster_id, n))
    found = _capped(
        (f"search: happening {cid} has {n} search entries, not 1" for cid, n in wrong),
        len(wrong),
        "happenings have not exactly one search entry",
    )
    stray = sorted(entries)
    found += _capped(
        (f"search: an entry names the missing happening {cid}" for cid in stray),
        len(stray),
        "search entries name missing happenings",
    )
    return found


def half_written(connection: Connection) -> list[str]:
    """Documents stored without their extraction status, and reports without evidence."""
    documents, status = schema.documents, schema.document_status
    events, evidence = schema.events, schema.evidence
    bare = connection.scalars(
        select(documents.c.name)
        .where(not_(exists().where(status.c.doc == documents.c.name)))
        .order_by(documents.c.name)
    ).all()
    found = _capped(
        (f"documents: {name} has no extraction status (half-written)" for name in bare),
        len(bare),
        "documents have no extraction status",
    )
    unquoted = connection.scalars(
        select(events.c.id)
        .where(not_(exists().where(evidence.c.event_id == events.c.id)))
        .order_by(events.c.id)
    ).all()
    found += _capped(
        (f"events: report {rid} has no evidence (half-written)" for rid in unquoted),
        len(unquoted),
        "reports have no evidence",
    )
    return found


def _identity(table: Table) -> list[Column[Any]]:
    """The columns that name a row of ``table``: its primary key, else all its columns."""
    return list(table.primary_key.columns) or list(table.columns)


def _key(values: Row[tuple[object, ...]] | tuple[object, ...]) -> str:
    return "/".join(str(value) for value in values)


def _capped(lines: Iterator[str], total: int, rest: str) -> list[str]:
    kept = [line for _, line in zip(range(MAX_LINES), lines, strict=False)]
    if total > MAX_LINES:
        kept.append(f"... and {total - MAX_LINES} more {rest}")
    return kept
