"""Named schema migrations, applied in order and recorded in ``schema_migrations``.

A migration is a name and a function of a :class:`~sqlalchemy.Connection`. Each runs in its own
write transaction together with the row that records it, so a database is always at some
migration boundary, never half way through one. Names are never reused or renamed: they are what
an existing database remembers.

Rule for later migrations: a migration that creates tables builds them from :mod:`.schema`
(``0001_initial`` the document and event tables, ``0002_consolidation`` the consolidation
tables). When a later migration changes one of those tables, copy the shape that table had when
it was created into this module first, so a fresh database still goes through every step
instead of skipping straight to the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select

from khronika.errors import StoreError
from khronika.store import schema
from khronika.store.engine import writing


@dataclass(frozen=True)
class Migration:
    """One step of the schema; ``apply`` runs inside the transaction that records ``name``."""

    name: str
    apply: Callable[[Connection], None]


def _initial(connection: Connection) -> None:
    schema.metadata.create_all(
        connection,
        tables=[schema.documents, schema.events, schema.evidence, schema.document_status],
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


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_consolidation", _consolidation),
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
