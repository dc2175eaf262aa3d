"""Long documents: a report longer than the model's own limit is read whole, with exact offsets.

The fast story lowers the model's limit (and the window size) so that a 150 KB report stands in
for a 300-page one; the ``model`` story ingests a real 1.2 MB report, past spaCy's 1,000,000.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika import pipeline
from khronika.extract import extractor_for, windows
from khronika.settings import Settings
from khronika.store import EventFilter, Store

FILLER = (
    "The reading circle of the Aral library met on a quiet evening to talk about the spring "
    "catalogue, and Dana Ospan read the minutes aloud while the tea went cold.\n\n"
)
LAST = (
    "Police detained the blogger Marat Seitkali in Shymkent on 2 February after he filmed a "
    "picket outside the regional court.\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """SQLite only: reading long texts is extraction's work, the same whatever store is behind;
    a long text saved and read back on each backend is tests/store/test_documents.py's."""
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}") as opened:
        yield opened


def long_report(folder: Path, size: int) -> tuple[Path, str]:
    text = FILLER * (size // len(FILLER)) + LAST
    path = folder / "annual-report.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def assert_detention_read_at_the_end(store: Store, text: str) -> None:
    events = store.events(EventFilter(doc="annual-report.txt"))
    detentions = [e for e in events if e.type == "detention"]
    assert len(detentions) == 1  # the overlap of two windows never yields it twice
    quote = detentions[0].evidence[0]
    assert quote.start == text.index(LAST.strip()[:20])
    assert text[quote.start : quote.end] == quote.text
    assert "Marat Seitkali" in quote.text


def test_a_report_longer_than_the_model_limit_is_read_in_windows(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    nlp = extractor_for("en", settings).nlp  # type: ignore[attr-defined]
    monkeypatch.setattr(nlp, "max_length", 50_000)
    monkeypatch.setattr(windows, "WINDOW_CHARS", 20_000)
    path, text = long_report(tmp_path, 150_000)
    (tmp_path / "short.txt").write_text(LAST.replace("Marat Seitkali", "Dana Ospan"))
    lines: list[str] = []
    report = pipeline.ingest([path, tmp_path / "short.txt"], store, settings, say=lines.append)
    assert report.errors == []
    assert report.ingested == ["annual-report.txt", "short.txt"]
    assert_detention_read_at_the_end(store, text)
    assert len(store.events(EventFilter(doc="short.txt"))) >= 1
    assert lines == [
        f"annual-report.txt: long document ({len(text):,} characters), read in 8 windows"
    ]


@pytest.mark.model
def test_a_report_past_one_million_characters_is_ingested(tmp_path: Path, store: Store) -> None:
    path, text = long_report(tmp_path, 1_050_000)
    report = pipeline.ingest([path], store, Settings())
    assert report.errors == []
    assert_detention_read_at_the_end(store, text)
