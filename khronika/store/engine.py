"""Engine construction and transactions: the only place that knows each backend's locking.

Both backends give the store the same two guarantees: writers queue (one write transaction at a
time, each seeing every earlier one committed, so "count, then insert" decides atomically), and
a read transaction sees one snapshot however many statements it runs.

On SQLite every connection gets WAL (readers do not block the writer), foreign keys (off by
default there) and a busy timeout (wait for a concurrent writer instead of failing at once).
SQLAlchemy, not the ``sqlite3`` driver, emits BEGIN, because the driver's legacy mode runs DDL
outside any transaction, which would make a half-applied migration possible. A write
transaction is ``BEGIN IMMEDIATE``: it takes the database's one write lock at once.

On PostgreSQL (``postgresql://...``, driven by psycopg 3) a write transaction takes one
transaction-scoped advisory lock first (:data:`WRITE_LOCK`), PostgreSQL's equivalent of that
write lock, waiting at most :data:`BUSY_TIMEOUT_MS` for it as SQLite does; it then runs at READ
COMMITTED, so every statement after the lock sees all that earlier writers committed. Readers
take no lock and run at REPEATABLE READ: one snapshot for the whole transaction, never blocked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

# Milliseconds a connection waits on a locked database before giving up; long enough to ride
# out another process committing a large batch of extractions.
BUSY_TIMEOUT_MS = 10_000

# The key of PostgreSQL's advisory lock that write transactions queue on: any 64-bit number no
# other application on the same server uses for its own advisory locks (b"khronika" as an int).
WRITE_LOCK = int.from_bytes(b"khronika", "big")

# Execution option marking a connection that will write: on SQLite it takes the write lock at
# BEGIN, so two writers queue on busy_timeout instead of one failing mid-transaction when its
# read snapshot turns out stale.
_WRITE_OPTION = "khronika_write"


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL of ``url``; raises ``sqlalchemy.exc.ArgumentError`` if malformed."""
    return make_url(url)


def is_sqlite(url: URL) -> bool:
    """Whether ``url`` names a SQLite database."""
    return url.get_backend_name() == "sqlite"


def is_postgresql(url: URL) -> bool:
    """Whether ``url`` names a PostgreSQL database."""
    return url.get_backend_name() == "postgresql"


def is_memory(url: URL) -> bool:
    """Whether ``url`` names an in-memory SQLite database (gone when its connection closes)."""
    return is_sqlite(url) and url.database in (None, "", ":memory:")


def describe(url: URL) -> str:
    """How error messages name the store: the file path for SQLite, else the URL sans password."""
    if is_sqlite(url):
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url``, with the SQLite connection setup installed when it applies."""
    if is_postgresql(url):
        # "postgresql://" means psycopg 3 (SQLAlchemy 2.1's default); a driver named in the URL
        # ("postgresql+psycopg2://") is the user's choice and used as given.
        engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "begin", _on_postgresql_begin)
        return engine
    if not is_sqlite(url):
        return create_engine(url)
    # One shared connection for ":memory:": each new connection would be an empty database.
    engine = create_engine(url, poolclass=StaticPool) if is_memory(url) else create_engine(url)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Hand BEGIN over to _on_sqlite_begin (see the module docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    writing = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _on_postgresql_begin(connection: Connection) -> None:
    if not connection.get_execution_options().get(_WRITE_OPTION, False):
        return
    # SET LOCAL and the transaction-scoped lock both end with the transaction.
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction: committed on success, rolled back on any error."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE_OPTION: True})
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection in a read transaction, so multi-statement reads see one snapshot."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection
