"""The order of the stages, and the only module that knows them all.

    files ──▶ ingest.read_document ──▶ extract.extractor_for(language) ──▶ store.save_extraction
          ──▶ consolidate.consolidate(every stored report) ──▶ store.save_consolidation

Each document is its own unit of work: a bad file is reported and skipped, a good one is stored
with its events in one transaction, so a crash never leaves half a document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khronika.consolidate import Consolidation, consolidate
from khronika.errors import (
    ExtractionError,
    IngestError,
    KhronikaError,
    MetadataError,
    NoExtractorError,
)
from khronika.extract import EXTRACTORS, extractor_for
from khronika.ingest import DocMeta, iter_input_files, load_metadata, read_document
from khronika.model import Document, Event
from khronika.settings import Settings
from khronika.store import Store

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    """What a run did: documents read, skipped as already stored, failed, and events stored."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    events: int = 0
    clusters: int | None = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the document could not be stored or extracted."""
        return bool(self.errors)


Progress = Callable[[str], None]


def _read_all(
    paths: Iterable[Path], meta: dict[str, DocMeta], settings: Settings, report: RunReport
) -> Iterator[Document]:
    for path in iter_input_files(paths):
        try:
            yield read_document(path, meta=meta.get(path.name), settings=settings)
        except IngestError as exc:
            report.errors.append(str(exc))


def _by_language(documents: list[Document]) -> dict[str | None, list[Document]]:
    groups: dict[str | None, list[Document]] = {}
    for document in documents:
        groups.setdefault(document.language, []).append(document)
    return groups


def extract_and_store(
    documents: list[Document],
    store: Store,
    settings: Settings,
    report: RunReport,
    progress: Progress | None = None,
) -> None:
    """Extract each language's documents with its extractor; store each document atomically.

    A document and its events are written in one transaction. A document whose extraction
    fails is stored with the outcome 'error' (its original bytes kept) and retried next run.
    """
    for language, group in _by_language(documents).items():
        try:
            extractor = extractor_for(language, settings)
        except NoExtractorError as exc:
            for document in group:
                _save(store, document, [], "none", report, outcome="no_extractor", message=str(exc))
                report.notes.append(f"{document.name}: {exc}")
            continue
        for document, result in extractor.extract(group):
            if isinstance(result, ExtractionError):
                report.errors.append(str(result))
                _save(
                    store,
                    document,
                    [],
                    extractor.name,
                    report,
                    outcome="error",
                    message=str(result),
                )
            else:
                _save(store, document, result, extractor.name, report)
            if progress:
                progress(document.name)


def _save(
    store: Store,
    document: Document,
    events: list[Event],
    extractor: str,
    report: RunReport,
    *,
    outcome: str = "ok",
    message: str | None = None,
) -> None:
    try:
        store.save_extraction(
            document, events, extractor=extractor, outcome=outcome, message=message
        )
        report.events += len(events)
    except KhronikaError as exc:
        report.errors.append(f"{document.name}: {exc}")


def ingest(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    *,
    meta_file: Path | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """1. read files  2. skip the ones stored and extracted already  3. extract and store the rest."""
    report = RunReport()
    meta: dict[str, DocMeta] = {}
    if meta_file is not None:
        try:
            meta, problems = load_metadata(meta_file)
        except MetadataError as exc:
            problems = [exc]
        report.errors.extend(str(p) for p in problems)
    outcomes = {s.name: s.outcome for s in store.statuses()}
    fresh: list[Document] = []
    for document in _read_all(paths, meta, settings, report):
        stored = store.has_document(document.sha256)
        if stored and _finished(outcomes.get(document.name), document):
            report.unchanged.append(document.name)
            continue
        if not stored and store.document(document.name) is not None:
            report.errors.append(
                f"{document.name}: a different document with this name is already stored"
            )
            continue
        fresh.append(document)
        report.ingested.append(document.name)
    extract_and_store(fresh, store, settings, report, progress)
    if fresh or _unconsolidated(store):
        _consolidate_into(store, settings, report)
    return report


def _finished(outcome: str | None, document: Document) -> bool:
    """Extracted already, or stored for want of an extractor that still does not exist (a
    Russian text stored before the Russian extractor came is read on the next run).
    """
    return outcome == "ok" or (outcome == "no_extractor" and document.language not in EXTRACTORS)


def reextract(store: Store, settings: Settings, *, progress: Progress | None = None) -> RunReport:
    """Run extraction again over every stored document (after a lexicon or rule change)."""
    report = RunReport()
    extract_and_store(list(store.documents()), store, settings, report, progress)
    _consolidate_into(store, settings, report)
    return report


def consolidate_store(store: Store, settings: Settings) -> Consolidation:
    """Cluster every stored report again, obeying reviewers' rulings, keeping cluster ids.

    Reads the whole record and replaces the clusters and the registry in one transaction, so a
    failure leaves the previous consolidation in place. Cost grows linearly with the reports.
    """
    result = consolidate(
        store.events(),
        decisions=store.decisions(),
        previous=store.assignment(),
        settings=settings.consolidation,
    )
    store.save_consolidation(result.clusters, result.entities, result.mentions)
    return result


def _consolidate_into(store: Store, settings: Settings, report: RunReport) -> None:
    try:
        report.clusters = len(consolidate_store(store, settings).clusters)
    except KhronikaError as exc:
        report.errors.append(f"consolidation: {exc}")


def _unconsolidated(store: Store) -> bool:
    """Reports stored but never clustered (a store upgraded from before consolidation)."""
    counts = store.counts()
    return counts["events"] > 0 and counts["clusters"] == 0
