"""A document is its bytes: second names are aliases, same base names are kept apart, and
nothing one file does replaces another file's text or events.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika import pipeline
from khronika.settings import Settings
from khronika.store import EventFilter, Store

FIRST = (
    "Police detained the blogger Marat Seitkali in Shymkent on 2 February after he filmed a "
    "picket outside the regional court.\n"
)
SECOND = (
    "A court in Aktobe fined the activist Aigerim Tulegenova on 16 March for an unsanctioned "
    "picket.\n"
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new store on each backend (``db_url``)."""
    with Store.open(db_url) as opened:
        yield opened


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def quotes_match(store: Store) -> bool:
    for event in store.events():
        for quote in event.evidence:
            document = store.document(quote.doc)
            assert document is not None
            if document.text[quote.start : quote.end] != quote.text:
                return False
    return True


def test_two_reports_with_one_base_name_are_both_kept(tmp_path: Path, store: Store) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a" / "report.txt", FIRST)
    write(corpus / "b" / "report.txt", SECOND)
    report = pipeline.ingest([corpus], store, Settings())
    assert report.errors == []
    assert report.ingested == ["report.txt", "b/report.txt"]
    first, second = store.document("report.txt"), store.document("b/report.txt")
    assert first is not None and "Seitkali" in first.text
    assert second is not None and "Tulegenova" in second.text
    assert store.events(EventFilter(doc="b/report.txt"))
    assert quotes_match(store)


def test_a_copy_under_a_second_name_is_an_alias_and_rewrites_nothing(
    tmp_path: Path, store: Store
) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "0copy.txt", SECOND)
    write(corpus / "a" / "report.txt", FIRST)
    write(corpus / "b" / "report.txt", SECOND)
    report = pipeline.ingest([corpus], store, Settings())
    assert report.errors == []
    assert report.ingested == ["0copy.txt", "report.txt"]
    assert report.aliases == [str(corpus / "b" / "report.txt")]
    assert f"{corpus / 'b' / 'report.txt'}: same text as 0copy.txt, recorded as an alias" in (
        report.notes
    )
    stored = store.document("report.txt")
    assert stored is not None and "Seitkali" in stored.text
    assert all(
        "Seitkali" in e.evidence[0].text for e in store.events(EventFilter(doc="report.txt"))
    )
    assert store.aliases() == {"b/report.txt": "0copy.txt"}
    assert quotes_match(store)


def test_the_same_bytes_twice_never_fail_a_run_again(tmp_path: Path, store: Store) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "council.txt", FIRST)
    write(corpus / "council-copy.txt", FIRST)
    for _ in range(2):
        report = pipeline.ingest([corpus], store, Settings())
        assert not report.failed, report.errors
        assert len(report.aliases) == 1
    assert store.counts()["documents"] == 1


def test_the_store_refuses_events_under_a_name_holding_another_text(
    tmp_path: Path, store: Store
) -> None:
    write(tmp_path / "report.txt", FIRST)
    pipeline.ingest([tmp_path / "report.txt"], store, Settings())
    before = store.events(EventFilter(doc="report.txt"))
    other = write(tmp_path / "other" / "report.txt", SECOND)
    second = pipeline.ingest([other], store, Settings())
    # Stored under its own path, never over the first one's text.
    assert second.errors == []
    assert second.ingested == [str(other)]
    assert store.events(EventFilter(doc="report.txt")) == before
    assert quotes_match(store)


def test_an_interrupted_consolidation_is_redone_by_the_next_run(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "first.txt", FIRST)
    pipeline.ingest([tmp_path / "first.txt"], store, Settings())
    write(tmp_path / "second.txt", SECOND)
    # The run is killed after storing the second report, before consolidating it, whether
    # it would have consolidated the whole store or only the new report's neighbourhood.
    with monkeypatch.context() as killed:
        killed.setattr(pipeline, "consolidate_store", _killed)
        killed.setattr(pipeline, "consolidate_new", _killed)
        with pytest.raises(KeyboardInterrupt):
            pipeline.ingest([tmp_path / "second.txt"], store, Settings())
    assert store.unclustered_reports() and store.consolidation_stale()
    again = pipeline.ingest([tmp_path / "first.txt", tmp_path / "second.txt"], store, Settings())
    assert again.unchanged == ["first.txt", "second.txt"]
    assert again.clusters is not None
    assert store.unclustered_reports() == [] and not store.consolidation_stale()


def _killed(store: Store, settings: object) -> None:
    raise KeyboardInterrupt
