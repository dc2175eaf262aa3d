"""Opening and closing a store, SQLite specifics (the file, its pragmas), named migrations,
refusing what is not ours, and the base's helpers that every repository uses."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from khronika.errors import StoreError
from khronika.model import Document
from khronika.store import Store, schema
from khronika.store.base import count, insert_returning_id, open_failure, reason
from khronika.store.engine import create_store_engine, parse_url, reading, writing
from khronika.store.migrations import MIGRATIONS, Migration, migrate


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def recorded_migrations(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT name, applied_at FROM schema_migrations").fetchall()


ALL_MIGRATIONS = [
    "0001_initial",
    "0002_consolidation",
    "0003_desk",
    "0004_identity",
    "0005_login_guard",
    "0006_cluster_redirects",
    "0007_reviewed_columns",
    "0008_candidate_pairs",
    "0009_review_state",
    "0010_person_attributes",
    "0011_mention_keys",
]


def test_open_creates_the_file_and_records_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(url_of(path)).close()
    assert path.exists()
    assert [name for name, _ in recorded_migrations(path)] == ALL_MIGRATIONS
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"documents", "events", "evidence", "document_status"} <= tables
    assert {"clusters", "cluster_members", "entities", "entity_mentions", "decisions"} <= tables
    assert {
        "accounts",
        "sessions",
        "api_tokens",
        "audit_log",
        "reviews",
        "cluster_search",
    } <= tables
    assert {"ix_events_type", "ix_events_date_start", "ix_events_country", "ix_events_doc"} <= (
        tables
    )


def test_reopening_applies_nothing_again(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    Store.open(url_of(path)).close()
    first = recorded_migrations(path)
    with Store.open(url_of(path)) as store:
        assert store.counts() == {"documents": 0, "events": 0, "clusters": 0, "entities": 0}
    assert recorded_migrations(path) == first
    assert migrate(create_store_engine(parse_url(url_of(path)))) == []


def test_a_later_migration_is_applied_once_in_order(tmp_path: Path) -> None:
    engine = create_store_engine(parse_url(url_of(tmp_path / "k.db")))
    assert migrate(engine) == ALL_MIGRATIONS

    def add_notes(connection: Connection) -> None:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")

    later = (*MIGRATIONS, Migration("0099_notes", add_notes))
    assert migrate(engine, later) == ["0099_notes"]
    assert migrate(engine, later) == []


def test_a_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    engine = create_store_engine(parse_url(url_of(path)))

    def half_done(connection: Connection) -> None:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        raise RuntimeError("crashed half way")

    with pytest.raises(RuntimeError):
        migrate(engine, (*MIGRATIONS, Migration("0099_notes", half_done)))
    # The CREATE TABLE was rolled back with the migration: DDL is transactional here.
    with engine.connect() as connection:
        tables = connection.scalars(text("SELECT name FROM sqlite_master")).all()
    assert "notes" not in tables
    assert [name for name, _ in recorded_migrations(path)] == ALL_MIGRATIONS


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    Store.open(url_of(path)).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    engine = create_store_engine(parse_url(url_of(path)))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_a_garbage_file_is_not_a_khronika_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError) as raised:
        Store.open(url_of(path))
    assert str(raised.value) == f"{path}: not a khronika database (file is not a database)"


def test_someone_elses_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="not a khronika database"):
        Store.open(url_of(path))
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    assert tables == ["recipes"]


def test_a_database_from_a_newer_khronika_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    Store.open(url_of(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES ('0099_future', 'later')")
    with pytest.raises(StoreError, match="unknown migration 0099_future"):
        Store.open(url_of(path))


def test_a_missing_directory_gives_a_one_line_reason(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "k.db"
    with pytest.raises(StoreError) as raised:
        Store.open(url_of(path))
    assert str(raised.value) == f"{path}: cannot open store (unable to open database file)"


def test_a_malformed_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open("not a url at all")


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = Store.open(url_of(tmp_path / "k.db"))
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="the store is closed"):
        store.counts()


def test_an_in_memory_store_keeps_its_data_across_calls() -> None:
    raw = b"Police detained three students."
    document = Document(name="m.txt", text=raw.decode(), sha256=Document.hash_bytes(raw), raw=raw)
    with Store.open("sqlite://") as store:
        assert store.add_document(document)
        stored = store.document("m.txt")
        assert stored is not None
        assert stored == replace(document, ingested_at=stored.ingested_at)


# --- the base's helpers ------------------------------------------------------------------------


def test_a_driver_error_is_told_by_its_own_first_line() -> None:
    engine = create_store_engine(parse_url("sqlite://"))
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    assert reason(raised.value) == "no such table: no_such_table"
    assert reason(RuntimeError("first line\nsecond line")) == "first line"
    assert reason(RuntimeError("")) == "RuntimeError"


def test_a_file_that_is_no_database_is_told_from_other_failures() -> None:
    not_ours = OperationalError("PRAGMA", {}, sqlite3.DatabaseError("file is not a database"))
    locked = OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
    assert open_failure(not_ours) == "not a khronika database (file is not a database)"
    assert open_failure(locked) == "cannot open store (database is locked)"


def test_an_insert_returns_the_id_the_database_gave(tmp_path: Path) -> None:
    engine = create_store_engine(parse_url(url_of(tmp_path / "k.db")))
    migrate(engine)
    row = {"at": "2024-05-01T09:00:00+00:00", "action": "login", "detail": "", "address": None}
    with writing(engine) as connection:
        first = insert_returning_id(connection, schema.audit_log, {**row, "account": "dana"})
        second = insert_returning_id(connection, schema.audit_log, {**row, "account": None})
        assert second == first + 1
        assert count(connection, schema.audit_log.c.id) == 2
        assert count(connection, schema.audit_log.c.account) == 1  # NULLs are not counted
    engine.dispose()


def test_each_failed_step_names_the_store_and_what_it_was_doing(tmp_path: Path) -> None:
    with Store.open(url_of(tmp_path / "k.db")) as store:
        with sqlite3.connect(tmp_path / "k.db") as connection:
            connection.execute("DROP TABLE sessions")  # damaged behind the store's back
        with pytest.raises(StoreError) as raised:
            store.delete_expired_sessions()
    assert str(raised.value) == (
        f"{tmp_path / 'k.db'}: ending expired sessions failed (no such table: sessions)"
    )


def test_a_database_url_s_password_is_never_repeated() -> None:
    # Nothing listens on port 1: the connection is refused, and the message names the store.
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql://dana:s3cret@127.0.0.1:1/desk")
    message = str(raised.value)
    assert message.startswith("postgresql://dana:***@127.0.0.1:1/desk: cannot open store (")
    assert "s3cret" not in message


def test_a_store_lives_in_sqlite_or_postgresql_only() -> None:
    with pytest.raises(StoreError) as raised:
        Store.open("mysql://dana:s3cret@127.0.0.1/desk")
    assert str(raised.value) == (
        "mysql://dana:***@127.0.0.1/desk: a store is a SQLite file or a postgresql:// database"
    )


def test_a_read_sees_one_snapshot_while_a_writer_commits(db_url: str) -> None:
    accounts = schema.accounts
    newcomer = {"name": "marat", "role": "viewer", "password_hash": "h", "created_at": "2026"}
    engine = create_store_engine(parse_url(db_url))
    migrate(engine)
    try:
        with reading(engine) as reader:
            before = count(reader, accounts.c.name)
            with writing(engine) as writer:
                writer.execute(accounts.insert().values(newcomer))
            # Committed meanwhile, yet this read transaction still sees the world it began in.
            assert count(reader, accounts.c.name) == before
        with reading(engine) as reader:
            assert count(reader, accounts.c.name) == before + 1
    finally:
        engine.dispose()


def test_a_second_writer_waits_for_the_first_to_commit(db_url: str) -> None:
    accounts = schema.accounts
    engine = create_store_engine(parse_url(db_url))
    migrate(engine)
    order: list[str] = []

    def second() -> None:
        with writing(engine) as writer:
            # Queued behind the first: by now its row is committed and visible.
            seen = count(writer, accounts.c.name)
            order.append(f"second writes after seeing {seen}")

    try:
        with writing(engine) as first:
            first.execute(
                accounts.insert().values(
                    name="dana", role="viewer", password_hash="h", created_at="2026"
                )
            )
            waiting = threading.Thread(target=second)
            waiting.start()
            time.sleep(0.3)  # time enough for the second to reach its lock, or to run past it
            order.append("first commits")
        waiting.join()
    finally:
        engine.dispose()
    assert order == ["first commits", "second writes after seeing 1"]
