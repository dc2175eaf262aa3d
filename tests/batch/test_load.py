"""Rows into the store as ``khronika ingest`` stores what it reads (no cluster, no model here).

The reports are built by hand; what is told is where each row lands: stored, a failure kept
with its bytes, a language with no extractor, an alias, a second load that changes nothing. The
store is on each backend (``db_url``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from khronika import pipeline
from khronika.batch.load import load_rows
from khronika.batch.shards import Row, document_fields, event_json
from khronika.model import Document, Event, Evidence, PartialDate, Place
from khronika.settings import Settings
from khronika.store import Store

TEXT = "Police detained Irina Volkova in Karaganda on 20 March 2025."


def _document(name: str, text: str = TEXT) -> Document:
    raw = text.encode("utf-8")
    return Document(
        name=name,
        text=text,
        sha256=Document.hash_bytes(raw),
        raw=raw,
        language="en",
        ingested_at=datetime(2025, 3, 21, tzinfo=UTC),
    )


def _row(index: int, document: Document, **outcome: object) -> Row:
    event = Event(
        type="detention",
        evidence=(Evidence.from_text(document.name, document.text, 7, 15),),
        date=PartialDate(precision="unknown", text="20 March 2025"),
        location=Place("Karaganda", "KZ", precision="city", text="Karaganda"),
    )
    row: Row = {"index": index, "path": f"in/{document.name}", "relative": document.name}
    row |= document_fields(document)
    row |= {"notes": [], "extractor": "en-test", "outcome": "ok", "events": [event_json(event)]}
    return row | outcome


def _load(db: str, rows: list[Row]) -> pipeline.RunReport:
    with Store.open(db) as store:
        return load_rows(rows, store, Settings(), pipeline.RunReport(), by="marat")


def test_rows_are_stored_with_their_reports_and_consolidated(db_url: str) -> None:
    db = db_url

    report = _load(db, [_row(0, _document("volkova.txt"))])

    assert (report.ingested, report.events, report.clusters, report.errors) == (
        ["volkova.txt"],
        1,
        1,
        [],
    )
    with Store.open(db) as store:
        (event,) = store.events()
        stored = store.document("volkova.txt")
    assert event.evidence[0].doc == "volkova.txt" and event.location.name == "Karaganda"
    assert stored is not None and stored.ingested_by == "marat" and stored.raw == TEXT.encode()


def test_a_failure_and_a_language_without_extractor_are_kept_as_ingest_keeps_them(
    db_url: str,
) -> None:
    failed = _row(
        0,
        _document("broken.txt"),
        outcome="error",
        events=None,
        message="broken.txt: extraction failed: IndexError",
    )
    kazakh = _row(
        1,
        _document("kk.txt", "Белсенді ұсталды."),
        extractor="none",
        outcome="no_extractor",
        events=None,
        message="kk: no extractor yet",
    )
    unread = {
        "index": 2,
        "path": "in/empty.txt",
        "relative": "empty.txt",
        "error": "in/empty.txt: empty file",
    }
    skipped = {
        "index": 3,
        "path": "in/link.txt",
        "relative": "link.txt",
        "skipped": "symbolic link, not followed",
    }

    report = _load(db_url, [failed, kazakh, unread, skipped])

    assert report.errors == [
        "broken.txt: extraction failed: IndexError",
        "in/empty.txt: empty file",
    ]
    assert (report.ingested, report.rejected) == (["kk.txt"], ["broken.txt", "in/empty.txt"])
    assert report.skipped == ["in/link.txt"]
    assert "kk.txt: kk: no extractor yet" in report.notes
    assert "in/link.txt: symbolic link, not followed" in report.notes
    with Store.open(db_url) as store:
        outcomes = {status.name: status.outcome for status in store.statuses()}
    assert outcomes == {"broken.txt": "error", "kk.txt": "no_extractor"}


def test_the_same_bytes_twice_are_an_alias_and_a_second_load_changes_nothing(
    db_url: str,
) -> None:
    db = db_url
    first, copy = _row(0, _document("volkova.txt")), _row(1, _document("copy.txt"))

    report = _load(db, [first, copy])
    again = _load(db, [first, copy])

    assert (report.ingested, report.aliases) == (["volkova.txt"], ["in/copy.txt"])
    assert (again.ingested, again.unchanged, again.aliases) == (
        [],
        ["volkova.txt"],
        ["in/copy.txt"],
    )
    assert again.clusters is None  # nothing new: no consolidation
