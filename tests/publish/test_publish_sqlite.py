"""The Datasette-ready SQLite file: its tables, keys, indexes, search, and the rows in them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from publishworld import CLUSTERS, DOCS, REVIEWS, read_db

from khronika.publish import PublishReport, publish

HAS_FTS5 = "ENABLE_FTS5" in {
    r[0] for r in sqlite3.connect(":memory:").execute("PRAGMA compile_options")
}


def test_rows_carry_the_happening(tmp_path: Path) -> None:
    publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db", documents=DOCS.get)
    with read_db(tmp_path / "out.db") as db:
        row = db.execute("SELECT * FROM events WHERE id = 'ev_detention'").fetchone()
        counts = db.execute("SELECT * FROM counts").fetchall()
        sources = {r["doc"]: r for r in db.execute("SELECT * FROM sources")}
        claims = db.execute("SELECT * FROM claims ORDER BY id").fetchall()
    assert (row["type"], row["date_start"], row["place"], row["country"]) == (
        "detention",
        "2022-01-05",
        "Almaty",
        "KZ",
    )
    assert json.loads(row["sources"]) == ["a.txt", "b.txt"]
    assert json.loads(row["disputed"]) == ["location"]
    assert row["n_sources"] == 2
    assert [(c["key"], c["min"], c["max"]) for c in counts] == [("detained", 1, 1)]
    assert set(sources) == {"a.txt", "b.txt", "d.txt"}  # only documents published rows cite
    assert sources["a.txt"]["n_events"] == 1
    assert sources["d.txt"]["sha256"] == DOCS["d.txt"].sha256
    assert [c["field"] for c in claims] == ["date", "location"]
    assert json.loads(claims[0]["value"])["start"] == "2022-01-05"


def test_without_a_document_lookup_sources_list_names_only(tmp_path: Path) -> None:
    publish(CLUSTERS, REVIEWS, [], tmp_path / "out.db")
    with read_db(tmp_path / "out.db") as db:
        row = db.execute("SELECT * FROM sources WHERE doc = 'd.txt'").fetchone()
    assert (row["title"], row["sha256"], row["n_events"]) == (None, None, 1)


def test_the_sqlite_file_has_the_tables_and_foreign_keys(
    published: tuple[Path, PublishReport],
) -> None:
    out, _ = published
    with read_db(out) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        keys = {
            (table, fk["from"], fk["table"], fk["to"])
            for table in ("actors", "counts", "evidence", "claims")
            for fk in db.execute(f"PRAGMA foreign_key_list({table})")
        }
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {"events", "actors", "counts", "evidence", "claims", "sources"} <= tables
    assert keys == {
        ("actors", "event_id", "events", "id"),
        ("counts", "event_id", "events", "id"),
        ("evidence", "event_id", "events", "id"),
        ("evidence", "doc", "sources", "doc"),
        ("claims", "event_id", "events", "id"),
        ("claims", "doc", "sources", "doc"),
    }
    assert {"events_type", "events_date", "events_country"} <= indexes


def test_primary_keys_and_required_columns(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    with read_db(out) as db:
        columns = {
            table: {c["name"]: c for c in db.execute(f"PRAGMA table_info({table})")}
            for table in ("events", "counts", "evidence")
        }
    assert columns["events"]["id"]["pk"] == 1
    assert [n for n, c in columns["counts"].items() if c["pk"]] == ["event_id", "key"]
    assert columns["evidence"]["quote"]["notnull"] == 1
    assert columns["events"]["summary"]["notnull"] == 1
    assert columns["events"]["case_id"]["notnull"] == 0
    assert columns["events"]["lat"]["type"] == "REAL"


@pytest.mark.skipif(not HAS_FTS5, reason="this SQLite has no FTS5")
def test_datasette_finds_full_text_search(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    with read_db(out) as db:
        # Datasette's detection: a virtual FTS table whose content= names the table.
        fts = db.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE "
            "'%VIRTUAL TABLE%USING FTS%content=\"events\"%'"
        ).fetchall()
        found = db.execute(
            "SELECT id FROM events WHERE rowid IN "
            "(SELECT rowid FROM events_fts WHERE events_fts MATCH 'Almaty')"
        ).fetchall()
    assert [r[0] for r in fts] == ["events_fts"]
    assert [r[0] for r in found] == ["ev_detention"]


@pytest.mark.skipif(not HAS_FTS5, reason="this SQLite has no FTS5")
def test_the_quotes_are_searchable_too(published: tuple[Path, PublishReport]) -> None:
    out, _ = published
    with read_db(out) as db:
        found = db.execute(
            "SELECT event_id FROM evidence WHERE rowid IN "
            "(SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH 'journalist')"
        ).fetchall()
    assert [r[0] for r in found] == ["ev_fine"]
