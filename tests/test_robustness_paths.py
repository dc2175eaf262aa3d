"""Hostile paths and bytes: links, special files, odd names, stray NULs, old Russian charsets,
metadata fixed after the first run. Each gives one line; the good files beside it are stored.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika import pipeline
from khronika.settings import Settings
from khronika.store import EventFilter, Store

REPORT = (
    "Police detained the blogger Marat Seitkali in Shymkent on 2 February after he filmed a "
    "picket outside the regional court.\n"
)
SECRET = "Dana Ospan's private notes, never to be ingested.\n"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new store on each backend (``db_url``)."""
    with Store.open(db_url) as opened:
        yield opened


def corpus_with_report(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(REPORT, encoding="utf-8")
    return corpus


def test_a_link_out_of_the_folder_is_never_followed(tmp_path: Path, store: Store) -> None:
    corpus = corpus_with_report(tmp_path)
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "linked.txt").symlink_to(tmp_path / "secret.txt")
    for follow in (False, True):
        report = pipeline.ingest([corpus], store, Settings(), follow_links=follow)
        assert report.skipped == [str(corpus / "linked.txt")]
        assert not report.failed
    assert store.document("linked.txt") is None and store.document("secret.txt") is None
    assert store.events(EventFilter(doc="wire.txt"))


def test_a_link_inside_the_folder_is_read_only_when_asked(tmp_path: Path, store: Store) -> None:
    corpus = corpus_with_report(tmp_path)
    (corpus / "notes").mkdir()
    (corpus / "notes" / "own.txt").write_text(SECRET, encoding="utf-8")
    (corpus / "again.txt").symlink_to(corpus / "notes" / "own.txt")
    report = pipeline.ingest([corpus], store, Settings())
    assert report.skipped == [str(corpus / "again.txt")]
    assert any("symbolic link, not followed" in note for note in report.notes)
    report = pipeline.ingest([corpus], store, Settings(), follow_links=True)
    # Read through the link, the text is the one stored as own.txt: an alias.
    assert report.skipped == [] and report.aliases == [str(corpus / "again.txt")]


def test_a_fifo_is_skipped_with_a_line(tmp_path: Path, store: Store) -> None:
    corpus = corpus_with_report(tmp_path)
    os.mkfifo(corpus / "pipe.txt")
    report = pipeline.ingest([corpus], store, Settings())
    assert report.skipped == [str(corpus / "pipe.txt")]
    assert f"{corpus / 'pipe.txt'}: not a regular file (device, FIFO or socket), skipped" in (
        report.notes
    )
    assert report.ingested == ["wire.txt"]


def test_names_with_undecodable_bytes_or_newlines_are_stored_escaped(
    tmp_path: Path, store: Store
) -> None:
    corpus = corpus_with_report(tmp_path)
    raw_name = os.fsencode(corpus) + b"/otch\xe9t.txt"
    with open(raw_name, "wb") as handle:
        handle.write(REPORT.replace("Marat Seitkali", "Aigerim Tulegenova").encode())
    (corpus / "two\nlines.txt").write_text(REPORT.replace("Marat", "Irina"), encoding="utf-8")
    report = pipeline.ingest([corpus], store, Settings())
    assert not report.failed, report.errors
    assert sorted(report.ingested) == ["otch\\xe9t.txt", "two\\nlines.txt", "wire.txt"]
    assert store.events(EventFilter(doc="otch\\xe9t.txt"))


def test_a_stray_nul_is_dropped_with_a_note(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "pasted.txt"
    path.write_bytes(REPORT.encode().replace(b"blogger", b"blog\x00ger"))
    report = pipeline.ingest([path], store, Settings())
    assert report.notes == [f"{path}: 1 NUL byte(s) dropped"]
    assert store.events(EventFilter(doc="pasted.txt"))


def test_a_fixed_metadata_line_reaches_the_stored_document(tmp_path: Path, store: Store) -> None:
    corpus = corpus_with_report(tmp_path)
    meta = tmp_path / "meta.jsonl"
    meta.write_text('{"doc": "wire.txt", "published": "2023-03-01"}\n', encoding="utf-8")
    pipeline.ingest([corpus], store, Settings(), meta_file=meta)
    meta.write_text(
        '{"doc": "wire.txt", "published": "2024-03-01"}\n{"doc": "gone.txt", "title": "x"}\n',
        encoding="utf-8",
    )
    report = pipeline.ingest([corpus], store, Settings(), meta_file=meta)
    stored = store.document("wire.txt")
    assert stored is not None and str(stored.published) == "2024-03-01"
    assert "wire.txt: metadata published changed from 2023-03-01 to 2024-03-01" in report.notes
    assert f"{meta}: a line names 'gone.txt', which is not in this batch" in report.notes
    events = store.events(EventFilter(doc="wire.txt"))
    assert events and all(e.date.start is None or e.date.start.year == 2024 for e in events)
