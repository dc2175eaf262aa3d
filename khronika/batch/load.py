"""Shards into the store, as ``khronika ingest`` stores what it reads, then consolidation.

Rows are taken in input order and each document is placed by the pipeline's own rules
(:class:`khronika.pipeline.Names`: the same bytes under a second name are an alias, a text
already stored and unchanged is left alone, two texts with one base name are kept under their
relative paths) and stored with its reports in one transaction. A document that ends up under
another name than the one it was read under (a base name taken) is extracted again here, so
every quote cites the name it is stored under; so is one the workers did not extract (the store
held its bytes, extracted, when the batch began) that must be read after all: its metadata
changed, or the shards are loaded into another store. Then the stored reports are consolidated
with the existing consolidation. The store afterwards is the one ``khronika ingest`` leaves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from khronika import pipeline
from khronika.batch.shards import UNCHANGED, Row, document_of, events_of
from khronika.errors import NoExtractorError
from khronika.extract import extractor_for
from khronika.ingest import InputFile
from khronika.model import Document, Event
from khronika.settings import Settings
from khronika.store import Store


def load_rows(
    rows: Iterable[Row],
    store: Store,
    settings: Settings,
    report: pipeline.RunReport,
    *,
    by: str | None = None,
) -> pipeline.RunReport:
    """Store every row's document and reports, record aliases, consolidate; the run's report."""
    outcomes = {status.name: status.outcome for status in store.statuses()}
    names = pipeline.Names(store)
    fresh = False
    for row in rows:
        fresh = _load_row(row, store, settings, report, names, outcomes, by) or fresh
    names.record_aliases(report)
    never_clustered = pipeline.unconsolidated(store)
    if fresh or store.consolidation_stale() or never_clustered:
        # As ingest: only the new reports' neighbourhood when the store allows it.
        pipeline.consolidate_into(store, settings, report, incremental=not never_clustered)
    return report


def _load_row(
    row: Row,
    store: Store,
    settings: Settings,
    report: pipeline.RunReport,
    names: pipeline.Names,
    outcomes: dict[str, str],
    by: str | None,
) -> bool:
    """One row into the store; True when a document was stored (the happenings change)."""
    entry = InputFile(Path(row["path"]), row["relative"])
    if row.get("skipped"):
        report.skipped.append(entry.shown)
        report.notes.append(f"{entry.shown}: {row['skipped']}")
        return False
    if row.get("error"):
        report.rejected.append(entry.shown)
        report.errors.append(row["error"])
        return False
    read = document_of(row)
    report.notes.extend(f"{entry.shown}: {note}" for note in row.get("notes") or ())
    document = dataclasses.replace(read, ingested_by=by) if by else read
    placed = pipeline.place_document(entry, document, names, report, outcomes)
    if placed is None:
        return False
    if placed.name == read.name and row.get("outcome") != UNCHANGED:
        _store(
            store,
            placed,
            row["extractor"],
            row["outcome"],
            row.get("message"),
            events_of(row),
            report,
        )
    else:
        _extract_here(store, placed, settings, report)
    return True


def _store(
    store: Store,
    document: Document,
    extractor: str,
    outcome: str,
    message: str | None,
    events: list[Event],
    report: pipeline.RunReport,
) -> None:
    """Store one document's outcome exactly as ``pipeline.extract_and_store`` does."""
    if outcome == "no_extractor":
        pipeline.save_document(
            store, document, [], "none", report, outcome=outcome, message=message
        )
        report.notes.append(f"{document.name}: {message}")
    elif outcome == "error":
        report.errors.append(message or f"{document.name}: extraction failed")
        pipeline.count_as_failed(report, document.name)
        pipeline.save_document(
            store, document, [], extractor, report, outcome=outcome, message=message
        )
    else:
        pipeline.save_document(store, document, events, extractor, report)


def _extract_here(
    store: Store, document: Document, settings: Settings, report: pipeline.RunReport
) -> None:
    """Extract a renamed document in this process, so its quotes cite its stored name."""
    try:
        extractor = extractor_for(document.language, settings)
    except NoExtractorError as exc:
        _store(store, document, "none", "no_extractor", str(exc), [], report)
        return
    for _, result in extractor.extract([document]):
        if isinstance(result, list):
            _store(store, document, extractor.name, "ok", None, result, report)
        else:
            _store(store, document, extractor.name, "error", str(result), [], report)
