"""The consolidation benchmark: synthetic reports with a known truth through the real
consolidation, timed, with the clustering's pairwise precision and recall.

Run 10k, 100k and 1M to see that time grows about linearly. The reports are news-like by
default (:mod:`khronika.bench.news`: yearless and undated reports, dateline places, look-alikes
on neighbouring days); ``news=False`` gives the clean stream the bench used before. spaCy is never imported here, so it
does not weigh on this benchmark's memory.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from khronika.bench.machine import machine_name, peak_rss_mb
from khronika.bench.news import NewsNoise
from khronika.bench.synthetic import generate
from khronika.consolidate import consolidate
from khronika.evaluate.pairwise import pairwise_scores
from khronika.model import CandidatePair, Cluster


@dataclass(frozen=True)
class ConsolidationBenchResult:
    """What one consolidation run measured: sizes, timings, scores, memory."""

    reports: int
    happenings: int
    generate_seconds: float
    consolidate_seconds: float
    clusters: int
    entities: int
    precision: float
    recall: float
    generated_rss_mb: float  # peak resident size once the reports exist, before consolidation
    peak_rss_mb: float
    machine: str
    # Processor time of the consolidation: on a shared machine the honest figure beside the wall.
    consolidate_cpu_seconds: float = 0.0
    possible_duplicates: int = 0
    # Recall once a reviewer has confirmed every possible duplicate that is truly one happening.
    reviewed_recall: float = 0.0

    @property
    def reports_per_second(self) -> float:
        """Reports consolidated per second."""
        return self.reports / self.consolidate_seconds if self.consolidate_seconds else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of pairwise precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def run_consolidation_bench(
    n: int, *, seed: int = 0, duplicate_share: float = 0.4, news: bool = True
) -> ConsolidationBenchResult:
    """Generate ``n`` reports (timed apart), consolidate them once, score the clusters."""
    start = time.perf_counter()
    noise = NewsNoise() if news else NewsNoise.none()
    synthetic = generate(n, seed=seed, duplicate_share=duplicate_share, noise=noise)
    generate_seconds = time.perf_counter() - start
    generated_rss_mb = peak_rss_mb()

    start, cpu = time.perf_counter(), time.process_time()
    # The clusters are counted and let go as they are made, as a store writing them would.
    result = consolidate(synthetic.reports, sink=_let_go)
    consolidate_seconds = time.perf_counter() - start
    consolidate_cpu_seconds = time.process_time() - cpu
    peak = peak_rss_mb()

    precision, recall = pairwise_scores(synthetic.truth, result.assignment)
    reviewed = reviewed_assignment(result.assignment, result.candidates, synthetic.truth)
    _, reviewed_recall = pairwise_scores(synthetic.truth, reviewed)
    return ConsolidationBenchResult(
        reports=len(synthetic.reports),
        happenings=synthetic.happenings,
        generate_seconds=generate_seconds,
        consolidate_seconds=consolidate_seconds,
        clusters=result.cluster_count,
        entities=len(result.entities),
        precision=precision,
        recall=recall,
        generated_rss_mb=generated_rss_mb,
        peak_rss_mb=peak,
        machine=machine_name(),
        consolidate_cpu_seconds=consolidate_cpu_seconds,
        possible_duplicates=len(result.candidates),
        reviewed_recall=reviewed_recall,
    )


def _let_go(_cluster: Cluster) -> None:
    """A sink that keeps nothing."""


def reviewed_assignment(
    assignment: Mapping[str, str], candidates: Sequence[CandidatePair], truth: Mapping[str, int]
) -> dict[str, str]:
    """The assignment after a reviewer merged every possible duplicate that is truly one
    happening (and left the others): what review of the candidate pairs can recover.
    """
    parent: dict[str, str] = {}

    def root(cluster: str) -> str:
        while parent.get(cluster, cluster) != cluster:
            cluster = parent[cluster]
        return cluster

    for pair in candidates:
        if (
            truth.get(pair.report_a) == truth.get(pair.report_b)
            and pair.cluster_a
            and pair.cluster_b
        ):
            a, b = root(pair.cluster_a), root(pair.cluster_b)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {report: root(cluster) for report, cluster in assignment.items()}
