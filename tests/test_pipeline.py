"""``pipeline.ingest`` as a library call: what a run reports, and what a failing document leaves.

The failing-document stories make the English extractor raise a KhronikaError for one document
of a batch (as a rule bug would) and look at the store afterwards: the documents of earlier runs
must be untouched, and the failing document must not be left half stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khronika import pipeline
from khronika.errors import KhronikaError
from khronika.extract import extractor_for
from khronika.settings import Settings
from khronika.store import EventFilter, Store

EARLIER = """Police detained the blogger Daniyar Seitkali in Shymkent on 2 February after he \
filmed a picket outside the regional court.
"""

FIRST = """Police detained four teachers in Karaganda on 14 March during a strike over unpaid \
wages.
"""

POISON = """About 200 miners went on strike in Temirtau on 15 March; police detained three of \
their leaders.
"""

LAST = """A court in Aktobe fined the activist Zhanna Omarova on 16 March for an unsanctioned \
picket.
"""


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new store on each backend (``db_url``)."""
    with Store.open(db_url) as opened:
        yield opened


def write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def events_of(store: Store, doc: str) -> list[dict[str, Any]]:
    return [event.to_dict() for event in store.events(EventFilter(doc=doc))]


@pytest.fixture
def poisoned(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The English rules raise a KhronikaError for 2-poison.txt, and work for every other file."""
    layer = extractor_for("en", settings).rules  # type: ignore[attr-defined]
    rules = getattr(layer, "rules", layer)  # the English rules, under any learned layer
    original = rules.events

    def events(doc: Any, document: Any) -> Any:
        if document.name == "2-poison.txt":
            raise KhronikaError("2-poison.txt: a rule broke")
        return original(doc, document)

    monkeypatch.setattr(rules, "events", events)


@pytest.fixture
def after_poisoned_run(
    tmp_path: Path, store: Store, settings: Settings, poisoned: None
) -> tuple[list[dict[str, Any]], pipeline.RunReport | KhronikaError]:
    """earlier.txt stored by a clean run, then a run over 1-first, 2-poison and 3-last.

    Gives earlier.txt's events after the clean run, and the report of the poisoned run (or the
    error it raised, so the stories can still look at the store).
    """
    earlier = write(tmp_path / "earlier", {"earlier.txt": EARLIER})
    report = pipeline.ingest([earlier], store, settings)
    assert report.events > 0 and not report.failed
    before = events_of(store, "earlier.txt")

    batch = write(
        tmp_path / "batch", {"1-first.txt": FIRST, "2-poison.txt": POISON, "3-last.txt": LAST}
    )
    try:
        outcome: pipeline.RunReport | KhronikaError = pipeline.ingest([batch], store, settings)
    except KhronikaError as exc:
        outcome = exc
    return before, outcome


# --- a clean run ---------------------------------------------------------------------------------


@pytest.mark.model
def test_ingest_returns_a_run_report(tmp_path: Path, store: Store, settings: Settings) -> None:
    folder = write(tmp_path / "news", {"earlier.txt": EARLIER, "first.txt": FIRST})

    report = pipeline.ingest([folder], store, settings)

    assert isinstance(report, pipeline.RunReport)
    assert sorted(report.ingested) == ["earlier.txt", "first.txt"]
    assert report.unchanged == []
    assert report.errors == []
    assert not report.failed
    assert report.events == store.counts()["events"] > 0
    assert store.counts()["documents"] == 2


@pytest.mark.model
def test_ingest_twice_reports_unchanged_and_stores_nothing_new(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = write(tmp_path / "news", {"first.txt": FIRST})
    pipeline.ingest([folder], store, settings)
    before = events_of(store, "first.txt")

    report = pipeline.ingest([folder], store, settings)

    assert report.ingested == []
    assert report.unchanged == ["first.txt"]
    assert report.events == 0
    assert events_of(store, "first.txt") == before


@pytest.mark.model
def test_ingest_announces_the_documents_it_will_extract_not_the_files_it_found(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = write(tmp_path / "news", {"earlier.txt": EARLIER})
    pipeline.ingest([folder], store, settings)
    write(folder, {"first.txt": FIRST, "copy-of-first.txt": FIRST, "last.txt": LAST})
    totals: list[int] = []
    done: list[str] = []

    pipeline.ingest([folder], store, settings, starting=totals.append, progress=done.append)

    # Four files: one stored already, one the same text as another; two documents to extract.
    assert totals == [2]
    assert done == ["copy-of-first.txt", "last.txt"]  # the first name read, in walk order


@pytest.mark.model
def test_ingest_reports_a_bad_file_and_goes_on(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "moscow.txt").write_text(
        "В субботу в Москве полиция задержала десять человек у здания суда.", encoding="utf-8"
    )

    report = pipeline.ingest([folder], store, settings)

    assert report.failed
    assert len(report.errors) == 1 and "empty.txt: empty file" in report.errors[0]
    assert report.ingested == ["moscow.txt"]
    assert report.notes == []  # read by the Russian extractor, no note of a missing one


# --- a document whose extraction raises ----------------------------------------------------------


@pytest.mark.model
def test_extraction_error_keeps_earlier_documents_intact(
    store: Store, after_poisoned_run: tuple[list[dict[str, Any]], Any]
) -> None:
    before, _ = after_poisoned_run

    assert store.document("earlier.txt") is not None
    assert events_of(store, "earlier.txt") == before


@pytest.mark.model
def test_extraction_error_is_reported_not_raised(
    after_poisoned_run: tuple[list[dict[str, Any]], Any],
) -> None:
    _, outcome = after_poisoned_run

    assert isinstance(outcome, pipeline.RunReport)
    assert outcome.failed
    assert any("2-poison.txt" in line for line in outcome.errors)


@pytest.mark.model
def test_extraction_error_keeps_documents_extracted_before_it(
    store: Store, after_poisoned_run: tuple[list[dict[str, Any]], Any]
) -> None:
    assert events_of(store, "1-first.txt")


@pytest.mark.model
def test_extraction_error_does_not_stop_the_rest_of_the_batch(
    store: Store, after_poisoned_run: tuple[list[dict[str, Any]], Any]
) -> None:
    assert events_of(store, "3-last.txt")


@pytest.mark.model
def test_extraction_error_leaves_no_half_document(
    store: Store, after_poisoned_run: tuple[list[dict[str, Any]], Any]
) -> None:
    statuses = {status.name: status.outcome for status in store.statuses()}

    # Either not stored at all (a later run reads it afresh), or stored with its failure noted.
    stored = store.document("2-poison.txt") is not None
    assert not stored or statuses.get("2-poison.txt") == "error"


@pytest.mark.model
def test_extraction_error_is_retried_by_the_next_run(
    tmp_path: Path,
    store: Store,
    settings: Settings,
    after_poisoned_run: tuple[list[dict[str, Any]], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()  # the rule is fixed

    report = pipeline.ingest([tmp_path / "batch"], store, settings)

    assert events_of(store, "2-poison.txt")
    assert events_of(store, "3-last.txt")
    assert not report.failed
