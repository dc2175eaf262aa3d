"""The store's logical checks (``khronika check``), the same on SQLite and PostgreSQL.

Each check reads through SQLAlchemy Core only and says what it finds in one line, worded the
same on both backends: the schema is at the newest migration with every table and column there;
every foreign key of :mod:`.schema` holds (a report whose document is gone, a member of a
missing happening: PostgreSQL enforces its keys, but a restore with triggers off or a hand edit
can break them as ``PRAGMA foreign_keys = OFF`` can on SQLite); the search index has one entry
per happening and none for a missing one; and no document is half-written (a document without
its extraction status, a report without evidence: each is written in one transaction with them).

SQLite's own ``PRAGMA integrity_check`` (the file's pages and indexes) runs as well on SQLite.
PostgreSQL keeps its pages itself and has no user-level page check without an extension
(amcheck); what it does record is an index left invalid by a build that failed, named here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, Connection, Row, Table, and_, exists, func, inspect, not_, select

from khronika.store import schema
from khronika.store.migrations import MIGRATIONS, applied

# Indexes of the store's schema that PostgreSQL will not use: a build that failed part way.
_INVALID_INDEXES = (
    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE NOT i.indisvalid AND n.nspname = current_schema() ORDER BY c.relname"
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
    schema_lines = schema_problems(connection)
    if schema_lines:
        return found + schema_lines  # the other checks would only fail on missing columns
    found += key_problems(connection)
    found += search_problems(connection)
    found += half_written(connection)
    return found


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
