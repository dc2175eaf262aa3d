"""The Dask bench: ``khronika batch`` on a LocalCluster of 1, 2… workers over the same N texts.

The folder of texts is built as the whole-process bench builds it (:func:`build_set`: corpus
texts repeated, each copy with a line of its own, so no copy is an alias). Each worker count
runs a whole batch into a fresh store: the cluster's part (start, reading, extraction, shards)
and the driver's part (loading the shards, consolidating) are timed apart, and every worker
reports its own CPU time and peak memory, so "memory per worker flat in the documents" can be
read off two runs of different sizes. The place index is built before any clock starts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from khronika.batch import run_batch
from khronika.bench.machine import machine_name, peak_rss_mb
from khronika.bench.process import build_set
from khronika.settings import Settings
from khronika.store import Store


@dataclass(frozen=True)
class BatchRun:
    """One batch: its wall times, its workers' CPU seconds and peak memory (MB), the driver's."""

    workers: int
    cluster_seconds: float  # the cluster's start, reading and extraction, shards written
    load_seconds: float  # the shards into the store, then consolidation, in this process
    worker_cpu: tuple[float, ...]
    worker_peak_mb: tuple[float, ...]
    driver_peak_mb: float  # this process so far: loading and consolidating run here
    reports: int
    happenings: int

    @property
    def seconds(self) -> float:
        """The whole batch, start to end."""
        return self.cluster_seconds + self.load_seconds


@dataclass(frozen=True)
class BatchBenchResult:
    """Batches of the same texts on several local worker counts."""

    docs: int
    words: int
    runs: dict[int, BatchRun]
    machine: str

    def speedup(self, workers: int) -> float:
        """How much faster the cluster's part ran on ``workers`` than on one."""
        return self.runs[1].cluster_seconds / self.runs[workers].cluster_seconds


def run_batch_bench(
    corpora: Sequence[Path],
    *,
    docs: int,
    workers: Sequence[int] = (1, 2),
    settings: Settings | None = None,
) -> BatchBenchResult:
    """Time ``khronika batch`` over ``docs`` texts from ``corpora`` on each worker count."""
    from khronika.extract.gazetteer_index import ensure_index

    settings = settings or Settings.from_env()
    ensure_index()
    counts = tuple(sorted({1, *workers}))  # one worker is what the others are compared with
    runs: dict[int, BatchRun] = {}
    with tempfile.TemporaryDirectory(prefix="khronika-dask-bench-") as tmp:
        folder = Path(tmp) / "texts"
        words = build_set(corpora, docs, folder)
        for count in counts:
            runs[count] = _one(folder, Path(tmp) / f"bench-{count}.db", count, settings)
    return BatchBenchResult(docs, words, runs, machine_name())


def _one(folder: Path, db: Path, workers: int, settings: Settings) -> BatchRun:
    with Store.open(f"sqlite:///{db}") as store:
        done = run_batch([folder], store, settings, workers=workers)
        counts = store.counts()
    usage = list(done.cluster.workers.values())
    return BatchRun(
        workers=workers,
        cluster_seconds=done.cluster.seconds,
        load_seconds=done.load_seconds,
        worker_cpu=tuple(round(u["cpu"], 1) for u in usage),
        worker_peak_mb=tuple(round(u["peak_mb"]) for u in usage),
        driver_peak_mb=peak_rss_mb(),
        reports=counts["events"],
        happenings=counts["clusters"],
    )
