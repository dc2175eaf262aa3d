"""On a worker: one chunk of items read, their language told and their events extracted.

These are the per-document stages of ``khronika ingest`` (read and decode, language, extraction)
as one pure function of (items, settings), which Dask runs wherever it likes. The extractors
are built once per worker process, on first use, and kept (:func:`khronika.extract.extractor_for`
caches them per process); a lock lets a worker with several threads build and use them one
thread at a time, so a process never loads a model twice nor shares a parse between threads.
A file that cannot be read gives the line ``khronika ingest`` prints and the chunk goes on.
"""

from __future__ import annotations

import resource
import threading
from collections.abc import Sequence
from pathlib import Path

from khronika.batch.shards import UNCHANGED, Row, document_fields, event_json
from khronika.batch.sources import Item
from khronika.collector import tune_for_batch
from khronika.errors import IngestError, NoExtractorError
from khronika.extract import extractor_for
from khronika.ingest import DocMeta, read_input
from khronika.ingest.document import build_document
from khronika.ingest.readers import ReadFailure, read_plain
from khronika.model import Document
from khronika.settings import Settings
from khronika.timeline import mark

_extraction = threading.Lock()


def process_chunk(
    items: Sequence[Item], settings: Settings, known: frozenset[str] = frozenset()
) -> list[Row]:
    """The rows of a chunk's items, in the order given: each document with its reports.

    A document whose SHA-256 is in ``known`` (stored and extracted already) is read but not
    extracted: its row's outcome is ``unchanged`` and the load leaves it as ingest would.
    """
    tune_for_batch()  # idempotent; a Dask worker has no start hook of ours
    from khronika.extract.spacy_runner import revise_beside  # spaCy: in the workers only

    # A chunk is one nlp.pipe batch, so a helper thread would have no next parse to overlap.
    revise_beside(False)
    mark(f"worker: chunk of {len(items)} starts")
    rows: list[Row] = []
    read: list[tuple[Row, Document]] = []
    for item in items:
        row: Row = {"index": item.index, "path": item.path or item.shown, "relative": item.relative}
        rows.append(row)
        if item.problem is not None:
            row["skipped" if item.skipped else "error"] = item.problem
            continue
        try:
            document, notes = read_item(item, settings)
        except IngestError as exc:
            row["error"] = str(exc)
            continue
        row |= document_fields(document)
        row["notes"] = list(notes)
        if document.sha256 in known:
            row["outcome"] = UNCHANGED
            continue
        read.append((row, document))
    with _extraction:
        _extract(read, settings)
    mark("worker: chunk ends")
    return rows


def read_item(item: Item, settings: Settings) -> tuple[Document, tuple[str, ...]]:
    """An item's document and the notes of reading it, or ``IngestError``."""
    if item.text is None:
        assert item.path is not None, "an item is a path or a text"
        return read_input(Path(item.path), meta=item.meta, settings=settings)
    return _text_document(item.text, item.meta or DocMeta(doc=item.shown), settings)


def _text_document(
    text: str, meta: DocMeta, settings: Settings
) -> tuple[Document, tuple[str, ...]]:
    """A text given whole, read as the same text in a ``.txt`` file would be."""
    raw = text.encode("utf-8")
    if len(raw) > settings.max_bytes:
        raise IngestError(meta.doc, f"text too large ({len(raw):,} bytes > {settings.max_bytes:,})")
    try:
        extracted = read_plain(raw)
    except ReadFailure as exc:
        raise IngestError(meta.doc, str(exc)) from None
    document = build_document(meta.doc, raw, extracted, meta, settings)
    return document, extracted.notes


def _extract(read: list[tuple[Row, Document]], settings: Settings) -> None:
    """Each language's documents through its extractor, as ``khronika ingest`` groups them."""
    groups: dict[str | None, list[tuple[Row, Document]]] = {}
    for row, document in read:
        groups.setdefault(document.language, []).append((row, document))
    for language, group in groups.items():
        try:
            extractor = extractor_for(language, settings)
        except NoExtractorError as exc:
            for row, _ in group:
                row |= {"extractor": "none", "outcome": "no_extractor", "message": str(exc)}
            continue
        results = extractor.extract([document for _, document in group])
        for (row, _), (_, result) in zip(group, results, strict=True):
            row["extractor"] = extractor.name
            if isinstance(result, list):
                row |= {"outcome": "ok", "events": [event_json(event) for event in result]}
            else:
                row |= {"outcome": "error", "message": str(result)}


def usage() -> dict[str, float]:
    """This process's CPU seconds and peak resident memory (MB), for the bench."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "cpu": own.ru_utime + own.ru_stime,
        "peak_mb": own.ru_maxrss / 1024,  # kilobytes on Linux
    }
