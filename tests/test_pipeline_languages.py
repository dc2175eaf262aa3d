"""A language's extractor arriving after its documents: stored as ``no_extractor``, read later.

The story: a Russian report is ingested while no Russian extractor is registered (it is stored
and noted), then the extractor is there and the next ``ingest`` of the same folder, or
``khronika extract``, reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import khronika.extract as extract
from khronika import pipeline
from khronika.settings import Settings
from khronika.store import EventFilter, Store

pytestmark = pytest.mark.model

REPORT = """В субботу в Караганде полиция задержала пятерых участников одиночных пикетов у \
здания акимата.
"""


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new store on each backend (``db_url``)."""
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def stored_without_extractor(tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The report ingested while 'ru' has no extractor; the extractor is back afterwards."""
    folder = tmp_path / "ru"
    folder.mkdir()
    (folder / "karaganda.txt").write_text(REPORT, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.delitem(extract.EXTRACTORS, "ru")
        extract._cached.cache_clear()
        report = pipeline.ingest([folder], store, Settings())
    extract._cached.cache_clear()
    assert report.events == 0
    assert {s.name: s.outcome for s in store.statuses()} == {"karaganda.txt": "no_extractor"}
    return folder


def test_the_next_ingest_reads_a_report_stored_without_extractor(
    stored_without_extractor: Path, store: Store
) -> None:
    report = pipeline.ingest([stored_without_extractor], store, Settings())

    assert report.unchanged == []
    assert {s.name: s.outcome for s in store.statuses()} == {"karaganda.txt": "ok"}
    assert "detention" in {e.type for e in store.events(EventFilter(doc="karaganda.txt"))}


def test_extract_again_reads_a_report_stored_without_extractor(
    stored_without_extractor: Path, store: Store
) -> None:
    pipeline.reextract(store, Settings())

    assert {s.name: s.outcome for s in store.statuses()} == {"karaganda.txt": "ok"}
    assert "detention" in {e.type for e in store.events(EventFilter(doc="karaganda.txt"))}


def test_a_report_in_a_language_without_extractor_stays_unchanged(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ru"
    folder.mkdir()
    (folder / "karaganda.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.delitem(extract.EXTRACTORS, "ru")
    extract._cached.cache_clear()
    pipeline.ingest([folder], store, Settings())

    again = pipeline.ingest([folder], store, Settings())

    assert again.unchanged == ["karaganda.txt"]


def test_one_person_reported_in_english_and_russian_is_one_registry_person(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "wire.txt").write_text(
        "Police detained the activist Marat Seitkali in Almaty on 15 March 2025.\n",
        encoding="utf-8",
    )
    (folder / "azattyq.txt").write_text(
        "15 марта 2025 года в Алматы полиция задержала активиста Марата Сейткали.\n",
        encoding="utf-8",
    )

    pipeline.ingest([folder], store, Settings())

    [person] = store.entities("person")
    assert set(person.spellings) >= {"Marat Seitkali", "Марат Сейткали"}
