"""Parquet shards: a document and its reports go in and come back the same, in input order."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from khronika.batch import shards
from khronika.batch.shards import (
    ShardWriter,
    document_fields,
    document_of,
    event_json,
    events_of,
    read_rows,
    shard_paths,
)
from khronika.model import Actor, Count, Document, Event, Evidence, PartialDate, Place

TEXT = "Police detained Dana Ospan and 12 others in Aktobe on 16 March 2025."


def _document(name: str = "aktobe.txt") -> Document:
    raw = TEXT.encode("utf-8")
    return Document(
        name=name,
        text=TEXT,
        sha256=Document.hash_bytes(raw),
        raw=raw,
        title="Aktobe detentions",
        published=date(2025, 3, 17),
        language="en",
        outlet="Steppe Wire",
        ingested_at=datetime(2025, 3, 17, 9, 30, 12, 345678, tzinfo=UTC),
    )


def _event(doc: str = "aktobe.txt") -> Event:
    return Event(
        type="detention",
        evidence=(Evidence.from_text(doc, TEXT, 7, 15), Evidence.from_text(doc, TEXT, 16, 26)),
        date=PartialDate(date(2025, 3, 16), date(2025, 3, 16), "day", "16 March 2025"),
        location=Place("Aktobe", "KZ", "04", 50.28, 57.21, "city", "Aktobe"),
        actors=(Actor("Dana Ospan", "person", "target"), Actor("police", "police", "perpetrator")),
        counts={"detained": Count(13, 13, "Dana Ospan and 12 others", attributed_to="police")},
        summary="Police detained 13 people in Aktobe.",
        confidence=0.6666666,  # the store keeps it unrounded; the contract's JSON rounds it
    )


def _row(index: int, document: Document, events: list[Event]) -> shards.Row:
    return {
        "index": index,
        "path": f"in/{document.name}",
        "relative": document.name,
        "notes": ["a NUL byte dropped"],
        **document_fields(document),
        "extractor": "en-rules-v3",
        "outcome": "ok",
        "events": [event_json(event) for event in events],
    }


def test_a_document_and_its_reports_come_back_the_same(tmp_path: Path) -> None:
    document, event = _document(), _event()
    writer = ShardWriter(tmp_path)
    writer.write([_row(0, document, [event])])
    writer.close()

    (row,) = read_rows(tmp_path)

    assert document_of(row) == document and document_of(row).raw == document.raw
    assert events_of(row) == [event]
    assert events_of(row)[0].confidence == 0.6666666
    assert (row["notes"], row["extractor"], row["error"]) == (
        ["a NUL byte dropped"],
        "en-rules-v3",
        None,
    )


def test_an_input_that_could_not_be_read_is_a_row_with_its_line(tmp_path: Path) -> None:
    writer = ShardWriter(tmp_path)
    writer.write(
        [
            {
                "index": 0,
                "path": "in/empty.txt",
                "relative": "empty.txt",
                "error": "in/empty.txt: empty file",
            }
        ]
    )
    writer.close()

    (row,) = read_rows(tmp_path)

    assert row["error"] == "in/empty.txt: empty file"
    assert row["name"] is None and events_of(row) == []


def test_a_full_shard_is_closed_and_rows_come_back_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "SHARD_ROWS", 3)
    writer = ShardWriter(tmp_path)
    for start in range(0, 8, 2):
        chunk = [_document(f"doc-{n}.txt") for n in range(start, start + 2)]
        writer.write([_row(start + i, d, [_event(d.name)]) for i, d in enumerate(chunk)])
    writer.close()

    rows = list(read_rows(tmp_path))

    assert [p.name for p in shard_paths(tmp_path)] == ["part-00000.parquet", "part-00001.parquet"]
    assert writer.shards == 2 and writer.rows == 8
    assert [row["index"] for row in rows] == list(range(8))
    assert [events_of(row)[0].evidence[0].doc for row in rows] == [f"doc-{n}.txt" for n in range(8)]


def test_shards_are_read_by_number_not_by_spelling(tmp_path: Path) -> None:
    for number in (10, 9, 100000):
        (tmp_path / f"part-{number:05d}.parquet").touch()

    assert [p.name for p in shard_paths(tmp_path)] == [
        "part-00009.parquet",
        "part-00010.parquet",
        "part-100000.parquet",
    ]


def test_a_folder_that_holds_shards_already_is_refused(tmp_path: Path) -> None:
    (tmp_path / "part-00000.parquet").touch()

    with pytest.raises(FileExistsError, match="holds shards already"):
        ShardWriter(tmp_path)
