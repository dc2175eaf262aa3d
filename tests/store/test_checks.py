"""``khronika check``'s logical checks find the same problems, in the same words, on SQLite and
PostgreSQL: a report whose document is gone, members of a missing happening, a search index out
of step with the happenings, a half-written document, a schema behind the newest migration; and
on PostgreSQL with amcheck, a damaged index. Each story breaks a consolidated store as a hand
edit or a restore without key checks could.
"""

from __future__ import annotations

import pytest
from backends import Server, keys_off, pg_or_skip
from sqlalchemy import create_engine, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from khronika.store import Store, checks, schema

from .happenings import ALMATY, EN, KYIV, REPORT_EN, REPORT_RU, REPORT_UK, UK


def test_a_consolidated_store_has_no_problem(consolidated: Store) -> None:
    assert consolidated.integrity_problems() == []


def test_reports_whose_document_is_gone_are_named(consolidated: Store, db_url: str) -> None:
    with keys_off(db_url) as connection:
        documents = schema.documents
        connection.execute(delete(documents).where(documents.c.name == EN.name))
    found = consolidated.integrity_problems()
    assert f"events row {REPORT_EN.id} points to a missing documents (doc {EN.name})" in found
    assert f"document_status row {EN.name} points to a missing documents (doc {EN.name})" in found


def test_members_of_a_missing_happening_are_named(consolidated: Store, db_url: str) -> None:
    with keys_off(db_url) as connection:
        connection.execute(delete(schema.clusters).where(schema.clusters.c.id == ALMATY))
    found = consolidated.integrity_problems()
    for report in (REPORT_EN, REPORT_RU):
        line = f"cluster_members row {report.id} points to a missing clusters (cluster_id {ALMATY})"
        assert line in found
    assert f"search: an entry names the missing happening {ALMATY}" in found
    assert not any(REPORT_UK.id in line for line in found)


def test_a_happening_missing_from_the_search_index_is_named(
    consolidated: Store, db_url: str
) -> None:
    index = schema.cluster_search
    with keys_off(db_url) as connection:
        connection.execute(delete(index).where(index.c.cluster_id == KYIV))
    assert consolidated.integrity_problems() == [
        f"search: happening {KYIV} has 0 search entries, not 1"
    ]


def test_a_half_written_document_is_named(consolidated: Store, db_url: str) -> None:
    status, evidence = schema.document_status, schema.evidence
    with keys_off(db_url) as connection:
        connection.execute(delete(status).where(status.c.doc == UK.name))
        connection.execute(delete(evidence).where(evidence.c.event_id == REPORT_UK.id))
    assert consolidated.integrity_problems() == [
        f"documents: {UK.name} has no extraction status (half-written)",
        f"events: report {REPORT_UK.id} has no evidence (half-written)",
    ]


def test_a_schema_behind_the_newest_migration_is_named(fresh_db_url: str) -> None:
    # A database of its own: the shared one's snapshot could not be restored without the table.
    with Store.open(fresh_db_url) as store:
        with keys_off(fresh_db_url) as connection:
            applied = schema.schema_migrations
            connection.execute(delete(applied).where(applied.c.name == "0011_mention_keys"))
            connection.exec_driver_sql("DROP TABLE mention_keys")
        assert store.integrity_problems() == [
            "schema: migration 0011_mention_keys is not applied",
            "schema: table mention_keys is missing",
        ]


def test_a_long_list_of_one_problem_is_cut_with_a_count(
    consolidated: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "MAX_LINES", 1)
    with keys_off(db_url) as connection:
        connection.execute(delete(schema.clusters).where(schema.clusters.c.id == ALMATY))
    members = [line for line in consolidated.integrity_problems() if "cluster_members" in line]
    assert members == [
        f"cluster_members row {REPORT_EN.id} points to a missing clusters (cluster_id {ALMATY})",
        "... and 1 more cluster_members rows point to a missing clusters",
    ]


def test_an_index_left_invalid_by_a_failed_build_is_named_on_postgresql(
    pg_server: Server | None,
) -> None:
    with pg_or_skip(pg_server).database() as url, Store.open(url) as store:
        engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(
                "INSERT INTO store_state (key, value) VALUES ('a', 7), ('b', 7)"
            )
            # A concurrent build that fails (the values repeat) leaves its index behind, invalid.
            with pytest.raises(IntegrityError):
                connection.exec_driver_sql(
                    "CREATE UNIQUE INDEX CONCURRENTLY ix_broken ON store_state (value)"
                )
        engine.dispose()
        assert store.integrity_problems() == [
            "index ix_broken is invalid (its build failed): drop it and create it again"
        ]


def test_with_amcheck_a_damaged_index_is_named_on_postgresql(pg_server: Server | None) -> None:
    """An index that no longer matches its table: the function it was built on was changed
    under it, as a hand edit could (amcheck's own way of showing what it finds)."""
    with pg_or_skip(pg_server).database() as url, Store.open(url) as store:
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE EXTENSION amcheck")
        assert store.integrity_problems() == []  # every index and table of a new store reads whole

        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE FUNCTION folded(text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT $1'"
            )
            connection.exec_driver_sql("CREATE INDEX ix_folded ON store_state (folded(key))")
            connection.exec_driver_sql("INSERT INTO store_state (key, value) VALUES ('a', 1)")
            connection.exec_driver_sql(
                "CREATE OR REPLACE FUNCTION folded(text) RETURNS text IMMUTABLE LANGUAGE sql"
                " AS 'SELECT upper($1)'"
            )
        engine.dispose()

        (line,) = store.integrity_problems()
        assert line.startswith("index ix_folded is damaged (heap tuple")
        assert line.endswith("REINDEX INDEX ix_folded")


def test_without_amcheck_the_page_checks_are_left_out_on_postgresql(
    pg_server: Server | None,
) -> None:
    with pg_or_skip(pg_server).database() as url, Store.open(url):
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as connection:
            assert checks.page_problems(connection) == []  # nothing to call, nothing reported
        engine.dispose()
