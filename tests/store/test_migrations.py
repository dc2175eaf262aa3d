"""The named migrations on both backends: applied from empty on PostgreSQL, they build the same
tables, columns, keys and indexes as on SQLite, so a migration that only one backend can run,
or that builds something else there, is caught here (see the rule in khronika/store/migrations.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from backends import Server, pg_or_skip, sqlite_url
from sqlalchemy import Connection, create_engine, inspect, select, text
from sqlalchemy.pool import NullPool

from khronika.store import Store, schema
from khronika.store.migrations import MIGRATIONS

# What only one backend has: FTS5's shadow tables on SQLite, the tsvector column of the search
# index on PostgreSQL (the same index in each backend's own form, see khronika/store/search.py).
_SQLITE_ONLY_TABLES = {f"cluster_search_{part}" for part in ("data", "idx", "content", "docsize")}
_SQLITE_ONLY_TABLES.add("cluster_search_config")
_POSTGRESQL_ONLY_COLUMNS = {("cluster_search", "words")}

# SQLAlchemy cannot reflect an expression index on SQLite; _index_names reads them by name.
pytestmark = pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")


def shape(url: str) -> dict[str, Any]:
    """Tables of the database at ``url``: columns (nullable), primary keys, foreign keys,
    indexes, and the migrations recorded."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            tables = {
                name: _table_shape(inspector, name)
                for name in inspector.get_table_names()
                if name not in _SQLITE_ONLY_TABLES
            }
            applied = list(connection.scalars(select(schema.schema_migrations.c.name)))
    finally:
        engine.dispose()
    return {"tables": tables, "migrations": sorted(applied)}


def _table_shape(inspector: Any, name: str) -> dict[str, Any]:
    columns = {
        column["name"]: column["nullable"]
        for column in inspector.get_columns(name)
        if (name, column["name"]) not in _POSTGRESQL_ONLY_COLUMNS
    }
    if name == "cluster_search":  # FTS5's virtual table has no keys: only its columns compare
        return {"columns": sorted(columns)}
    foreign = sorted(
        (tuple(key["constrained_columns"]), key["referred_table"])
        for key in inspector.get_foreign_keys(name)
    )
    unique = sorted(tuple(key["column_names"]) for key in inspector.get_unique_constraints(name))
    return {
        "columns": columns,
        "primary_key": sorted(inspector.get_pk_constraint(name)["constrained_columns"]),
        "foreign_keys": foreign,
        "unique": unique,
        "indexes": _index_names(inspector.bind, name),
    }


def _index_names(connection: Connection, table: str) -> list[str]:
    """The indexes a migration made on ``table`` (not those backing a key), expressions included."""
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
    else:
        query = (
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = :t"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
        )
    names = connection.scalars(text(query), {"t": table})
    # The GIN index of the search index's tsvector is PostgreSQL's own form of the FTS5 table.
    return sorted(name for name in names if name != "ix_cluster_search_words")


@pytest.fixture
def pg(pg_server: Server | None) -> Server:
    return pg_or_skip(pg_server)


def test_every_migration_builds_on_postgresql_what_it_builds_on_sqlite(
    pg: Server, tmp_path: Path
) -> None:
    on_sqlite = sqlite_url(tmp_path / "fresh.db")
    Store.open(on_sqlite).close()
    with pg.database() as on_postgresql:
        Store.open(on_postgresql).close()
        built = shape(on_postgresql)
    expected = shape(on_sqlite)
    assert built["migrations"] == sorted(m.name for m in MIGRATIONS)
    assert built["tables"].keys() == expected["tables"].keys()
    for name, table in expected["tables"].items():
        assert built["tables"][name] == table, name


def test_reopening_a_postgresql_store_applies_nothing_again(pg: Server) -> None:
    with pg.database() as url:
        Store.open(url).close()
        before = shape(url)
        with Store.open(url) as store:
            assert store.counts()["documents"] == 0
        assert shape(url) == before
