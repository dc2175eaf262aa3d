"""``khronika batch``: the per-document stages on Dask distributed, for archives.

    items (folder, list file, Parquet/JSONL texts), streamed
      ──▶ engine: read, language, extraction on the cluster's workers (one model load each)
      ──▶ shards: Parquet, one row per input in input order (document and reports)
      ──▶ load: each document placed and stored as ``khronika ingest`` does, one transaction
          each; then the existing consolidation

The store afterwards is the one ``khronika ingest`` of the same files leaves. This package sits
beside :mod:`khronika.pipeline` (whose placement and storing rules it reuses) and imports Dask
only when a batch runs.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from khronika import pipeline
from khronika.batch.engine import ExtractionRun, extract_to_shards
from khronika.batch.load import load_rows
from khronika.batch.shards import check_shards, read_rows
from khronika.batch.sources import Item, check_sources, items
from khronika.settings import Settings
from khronika.store import Store


@dataclass
class BatchReport:
    """What a batch did: the run as ``khronika ingest`` reports it, and what the cluster did."""

    run: pipeline.RunReport
    cluster: ExtractionRun
    load_seconds: float = 0.0  # the shards into the store, then consolidation


def run_batch(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    *,
    lists: Iterable[Path] = (),
    texts: Iterable[Path] = (),
    meta_file: Path | None = None,
    follow_links: bool = False,
    by: str | None = None,
    scheduler: str | None = None,
    workers: int = 1,
    shards: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """1. stream the items  2. extract them on the cluster into Parquet shards (``shards``, or a
    temporary folder removed afterwards)  3. load the shards into the store  4. consolidate.

    ``progress`` is told how many inputs each chunk back from the cluster held.
    """
    check_sources(lists, texts)
    report = pipeline.RunReport()
    meta = pipeline.metadata_of(meta_file, report)
    seen: set[str] = set()
    stream = items(paths, lists=lists, texts=texts, meta=meta, follow_links=follow_links, seen=seen)
    with tempfile.TemporaryDirectory(prefix="khronika-shards-") as temporary:
        folder = shards if shards is not None else Path(temporary)
        # What the store holds, extracted, is read but not extracted again, as ingest skips it.
        known = frozenset(store.extracted_hashes())
        cluster = extract_to_shards(
            stream, folder, settings, scheduler=scheduler, workers=workers, known=known
        )
        pipeline.report_unknown_metadata(meta_file, meta, seen, report)
        start = time.perf_counter()
        load_rows(read_rows(folder), store, settings, report, by=by)
    return BatchReport(report, cluster, time.perf_counter() - start)


def load_shards(
    folder: Path, store: Store, settings: Settings, *, by: str | None = None
) -> pipeline.RunReport:
    """Store and consolidate the shards a batch kept (``--shards``), with no cluster: the load
    of a batch that stopped after its shards were written, or shards made elsewhere.
    """
    check_shards(folder)
    report = pipeline.RunReport()
    return load_rows(read_rows(folder), store, settings, report, by=by)


__all__ = ["BatchReport", "Item", "load_shards", "run_batch"]
