"""The databases tests run on: a fresh SQLite file always, and a fresh PostgreSQL database when
``KHRONIKA_TEST_PG`` names a server (``postgresql://user@host:port/postgres``; the user may
create databases). Without it the PostgreSQL runs are skipped, naming the variable.

A PostgreSQL database costs about a second to create and migrate on a 2-core machine, so the
store's and the desk's tests share one database each (``khronika_test_<random>``, dropped at the
end of the session) and every test starts from the same state: a :class:`Snapshot` taken once
(every migration applied, no rows; or the desk's seeded store) and restored before each test, by
truncating every table and writing its rows and sequence positions back. Tests never see each
other's rows, as with a file per test on SQLite. A test that needs a database nothing has
touched (migrations from empty) asks :meth:`Server.database` for one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Connection, Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

PG_ENV = "KHRONIKA_TEST_PG"

T = TypeVar("T")

# Parameters of a fixture that runs its tests on each backend.
BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql")]


def sqlite_url(path: Path) -> str:
    """The store URL of a SQLite file."""
    return f"sqlite:///{path}"


class Server:
    """The PostgreSQL server of ``KHRONIKA_TEST_PG``: makes and drops test databases."""

    def __init__(self, url: str) -> None:
        self._url = make_url(url)
        # AUTOCOMMIT: CREATE/DROP DATABASE cannot run inside a transaction.
        self._admin: Engine = create_engine(
            self._url, isolation_level="AUTOCOMMIT", poolclass=NullPool
        )

    def create(self, template: str | None = None) -> str:
        """A new, empty database (or a copy of the database ``template``); returns its URL."""
        name = f"khronika_test_{uuid.uuid4().hex[:16]}"
        copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
        return self._url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop the database at ``url``, ending any connection a test left open."""
        name = make_url(url).database
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextmanager
    def database(self, template: str | None = None) -> Iterator[str]:
        """A fresh database's URL for the duration of the block."""
        url = self.create(template)
        try:
            yield url
        finally:
            self.drop(url)

    def close(self) -> None:
        """Release the administrative connection pool."""
        self._admin.dispose()


def pg_or_skip(given: T | None) -> T:
    """``given`` (something of the PostgreSQL server), or skip the test when there is no server."""
    if given is None:
        pytest.skip(f"PostgreSQL runs need {PG_ENV}=postgresql://... (not set)")
    return given


def pg_server_url() -> str | None:
    """The server URL from the environment, or None."""
    return os.environ.get(PG_ENV) or None


@contextmanager
def keys_off(url: str) -> Iterator[Connection]:
    """A write transaction on the database at ``url`` in which foreign keys are not enforced,
    to break a store as a hand edit or a restore with triggers off could (``khronika check``'s
    tests): ``PRAGMA foreign_keys = OFF`` on SQLite, ``session_replication_role = replica``
    (no key triggers fire) on PostgreSQL.
    """
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only outside BEGIN
                connection.commit()
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                yield connection
    finally:
        engine.dispose()


class Snapshot:
    """The rows of every table of a database and the positions of its sequences, restorable."""

    def __init__(self, url: str) -> None:
        """Read the database at ``url`` as it is now."""
        self.url = url
        self._engine = create_engine(url, poolclass=NullPool)
        self._tables = MetaData()
        with self._engine.connect() as connection:
            self._tables.reflect(connection)
            self._rows: dict[str, list[dict[str, Any]]] = {
                table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
                for table in self._tables.sorted_tables
            }
            self._sequences = [tuple(row) for row in connection.execute(text(_SEQUENCES))]
            self._positions = [
                connection.execute(text(f'SELECT last_value, is_called FROM "{name}"')).one()
                for (name,) in self._sequences
            ]

    def restore(self) -> None:
        """Put the database back as it was read, ending every other connection to it first."""
        names = ", ".join(f'"{table.name}"' for table in self._tables.sorted_tables)
        with self._engine.begin() as connection:
            connection.execute(text(_END_OTHERS))
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for table in self._tables.sorted_tables:  # parents before children
                rows = self._rows[table.name]
                writable = [c.name for c in table.columns if c.computed is None]
                if rows:
                    connection.execute(
                        table.insert(), [{k: row[k] for k in writable} for row in rows]
                    )
            for (name,), (value, called) in zip(self._sequences, self._positions, strict=True):
                connection.execute(
                    text("SELECT setval(:name, :value, :called)"),
                    {"name": f'"{name}"', "value": value, "called": called},
                )

    def close(self) -> None:
        """Release the connection pool."""
        self._engine.dispose()


_SEQUENCES = (
    "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"
)
_END_OTHERS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
