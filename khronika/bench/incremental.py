"""The incremental consolidation benchmark: a store of N news-like reports, consolidated once,
then new documents one at a time through :func:`khronika.consolidate.incremental.consolidate_new`,
each timed. What counts is the median time per new document (target: under 1 s at 100k).

The store is loaded in bulk (one transaction, the store's own row builders), since writing
100k documents one transaction each would time the disk, not consolidation.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import create_engine

from khronika.bench.machine import machine_name, peak_rss_mb
from khronika.bench.news import NewsNoise
from khronika.bench.synthetic import generate
from khronika.consolidate.incremental import consolidate_new
from khronika.model import Document, Event
from khronika.pipeline import consolidate_store
from khronika.settings import Settings
from khronika.store import Store, rows, schema
from khronika.store.documents import set_state


@dataclass(frozen=True)
class IncrementalBenchResult:
    """What the incremental bench measured."""

    reports: int  # stored before the new documents
    load_seconds: float
    full_seconds: float  # the one full consolidation of the store
    per_document: tuple[float, ...]  # seconds of each new document's incremental consolidation
    full_fallbacks: int  # new documents the incremental run handed to a full run
    fallback_reasons: tuple[tuple[str, int], ...]  # why they did, and how often
    touched: int  # stored happenings re-consolidated, over all new documents
    written: int  # happenings rewritten, over all new documents
    peak_rss_mb: float
    machine: str
    cpu_per_document: tuple[float, ...] = ()  # processor seconds (the machine may be shared)

    @property
    def median_seconds(self) -> float:
        """The median time per new document."""
        return statistics.median(self.per_document) if self.per_document else 0.0


def run_incremental_bench(
    n: int, *, new_documents: int = 20, seed: int = 0, folder: Path | None = None
) -> IncrementalBenchResult:
    """Store ``n`` news-like reports, consolidate them, then time ``new_documents`` more."""
    base, fresh = news_documents(n, new_documents, seed=seed)
    settings = Settings()
    with tempfile.TemporaryDirectory(dir=folder) as where:
        url = f"sqlite:///{Path(where) / 'bench.db'}"
        with Store.open(url) as store:
            start = time.perf_counter()
            _load(url, base)
            load_seconds = time.perf_counter() - start
            start = time.perf_counter()
            consolidate_store(store, settings)
            full_seconds = time.perf_counter() - start
            timings: list[float] = []
            cpu: list[float] = []
            reasons: Counter[str] = Counter()
            fallbacks = touched = written = 0
            for name, reports in fresh:
                store.save_extraction(_document(name, reports), reports, extractor="bench/1")
                start, started = time.perf_counter(), time.process_time()
                done = consolidate_new(store, settings.consolidation, fallbacks=reasons)
                if done is None:
                    fallbacks += 1
                    consolidate_store(store, settings)
                else:
                    touched += len(done.touched)
                    written += len(done.written)
                timings.append(time.perf_counter() - start)
                cpu.append(time.process_time() - started)
    return IncrementalBenchResult(
        reports=sum(len(reports) for _name, reports in base),
        load_seconds=load_seconds,
        full_seconds=full_seconds,
        per_document=tuple(timings),
        full_fallbacks=fallbacks,
        fallback_reasons=tuple(sorted(reasons.items())),
        touched=touched,
        written=written,
        peak_rss_mb=peak_rss_mb(),
        machine=machine_name(),
        cpu_per_document=tuple(cpu),
    )


def news_documents(
    n: int, new_documents: int, *, seed: int = 0
) -> tuple[list[tuple[str, list[Event]]], list[tuple[str, list[Event]]]]:
    """The news-like stream of ``n`` reports and ``new_documents`` more, as (name, reports) of
    documents: those stored first, and the new ones.
    """
    synthetic = generate(n + new_documents, seed=seed, noise=NewsNoise())
    by_doc: dict[str, list[Event]] = {}
    for report in synthetic.reports:
        by_doc.setdefault(report.evidence[0].doc, []).append(_at_start(report))
    documents = list(by_doc.items())
    return documents[:-new_documents], documents[-new_documents:]


def document_of(name: str, reports: Sequence[Event]) -> Document:
    """The document a bench document's reports quote."""
    return _document(name, reports)


def load_documents(url: str, documents: Sequence[tuple[str, list[Event]]]) -> None:
    """Write the documents and their reports in bulk, into an opened (migrated) store."""
    _load(url, documents)


def _at_start(report: Event) -> Event:
    """The report with its quote just after its document's name, which starts the text (the
    bench's texts are short, and no two documents alike).
    """
    quote = report.evidence[0]
    start = len(quote.doc) + 2
    moved = replace(quote, start=start, end=start + quote.end - quote.start)
    return replace(report, evidence=(moved, *report.evidence[1:]))


def _document(name: str, reports: Sequence[Event]) -> Document:
    quotes = [report.evidence[0] for report in reports]
    chars = [" "] * max(quote.end for quote in quotes)
    chars[: len(name) + 1] = name + ":"
    for quote in quotes:
        chars[quote.start : quote.end] = quote.text
    text = "".join(chars)
    raw = text.encode("utf-8")
    return Document(name=name, text=text, sha256=Document.hash_bytes(raw), raw=raw)


def _load(url: str, documents: Sequence[tuple[str, list[Event]]]) -> None:
    """Write the documents and their reports in one transaction, as extraction would have."""
    now = rows.now()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for start in range(0, len(documents), 5000):
                chunk = documents[start : start + 5000]
                texts = [(name, reports, _document(name, reports)) for name, reports in chunk]
                connection.execute(
                    schema.documents.insert(), [rows.document_row(d) for _n, _r, d in texts]
                )
                connection.execute(
                    schema.events.insert(),
                    [rows.event_row(name, e, now) for name, reports, _d in texts for e in reports],
                )
                connection.execute(
                    schema.evidence.insert(),
                    [
                        row
                        for _n, reports, _d in texts
                        for e in reports
                        for row in rows.evidence_rows(e)
                    ],
                )
            set_state(connection, "reports", len(documents))
    finally:
        engine.dispose()


__all__ = [
    "IncrementalBenchResult",
    "document_of",
    "load_documents",
    "news_documents",
    "run_incremental_bench",
]
