"""The base every repository of the store stands on: one engine, opened and migrated once,
connections in a read or a write transaction, and SQLAlchemy's errors turned into StoreErrors.

A repository (:mod:`.documents`, :mod:`.consolidation`, :mod:`.accounts`...) is a subclass of
:class:`Database` that adds the methods of its tables; :class:`~khronika.store.store.Store`
inherits them all over one shared engine. No SQLAlchemy type or exception leaves a public method.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

from sqlalchemy import ColumnElement, Connection, Engine, Table, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from khronika.errors import StoreError
from khronika.store.engine import (
    create_store_engine,
    describe,
    is_postgresql,
    is_sqlite,
    parse_url,
    reading,
    writing,
)
from khronika.store.migrations import migrate
from khronika.store.search import INDEXED_DIALECTS

# What SQLite says when the file is not a database at all (or one it cannot read).
_NOT_A_DATABASE = ("file is not a database", "file is encrypted")


class Database:
    """An open khronika database: its engine, its name in messages, its transactions."""

    def __init__(self, engine: Engine, where: str) -> None:
        """Wrap an engine whose schema is already up to date; ``where`` names it in errors."""
        self._engine_or_none: Engine | None = engine
        self._where = where

    @classmethod
    def open(cls, url: str) -> Self:
        """Open (creating if needed) the store at ``url`` and bring its schema up to date."""
        try:
            parsed = parse_url(url)
        except SQLAlchemyError as error:
            # Not a URL at all: repeat it only up to where a password could start.
            raise StoreError(
                f"{url.split('@')[-1]}: cannot open store ({reason(error)})"
            ) from error
        where = describe(parsed)  # a URL's password is never repeated in a message
        if not is_sqlite(parsed) and not is_postgresql(parsed):
            raise StoreError(f"{where}: a store is a SQLite file or a postgresql:// database")
        try:
            engine = create_store_engine(parsed)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(f"{where}: cannot open store ({reason(error)})") from error
        try:
            migrate(engine)
        except StoreError as error:
            engine.dispose()
            raise StoreError(f"{where}: {error}") from error
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(f"{where}: {open_failure(error)}") from error
        return cls(engine, where)

    def close(self) -> None:
        """Release the engine's connections; closing twice is harmless."""
        if self._engine_or_none is not None:
            self._engine_or_none.dispose()
            self._engine_or_none = None

    def __enter__(self) -> Self:
        """The store itself, closed when the block ends."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store, whether the block succeeded or not."""
        self.close()

    @property
    def _engine(self) -> Engine:
        if self._engine_or_none is None:
            raise StoreError(f"{self._where}: the store is closed")
        return self._engine_or_none

    @property
    def _fts(self) -> bool:
        """Whether clusters have a full-text index rather than LIKE on the payload."""
        return self._engine.dialect.name in INDEXED_DIALECTS

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with self._translated(action), reading(self._engine) as connection:
            yield connection

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        with self._translated(action), writing(self._engine) as connection:
            yield connection

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(f"{self._where}: {action} failed ({reason(error)})") from error


def insert_returning_id(connection: Connection, table: Table, row: Mapping[str, Any]) -> int:
    """Insert ``row`` into ``table`` and return the id the database gave it."""
    inserted = connection.execute(table.insert().values(row).returning(table.c.id))
    return int(inserted.scalar_one())


def count(connection: Connection, column: ColumnElement[Any]) -> int:
    """How many rows have a value in ``column``."""
    return connection.scalar(select(func.count(column))) or 0


def reason(error: BaseException) -> str:
    """The driver's own one-line message, without SQLAlchemy's SQL echo and links."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        error = error.orig
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def open_failure(error: SQLAlchemyError) -> str:
    """Why opening failed, telling a file that is not a khronika database from other causes."""
    why = reason(error)
    if any(marker in why for marker in _NOT_A_DATABASE):
        return f"not a khronika database ({why})"
    return f"cannot open store ({why})"
