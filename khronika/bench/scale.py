"""The consolidation benchmark: synthetic reports with a known truth through the real
consolidation, timed, with the clustering's pairwise precision and recall.

Run 10k, 100k and 1M to see that time grows about linearly. spaCy is never imported here, so it
does not weigh on this benchmark's memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from khronika.bench.machine import machine_name, peak_rss_mb
from khronika.bench.synthetic import generate
from khronika.consolidate import consolidate
from khronika.evaluate.pairwise import pairwise_scores


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
    n: int, *, seed: int = 0, duplicate_share: float = 0.4
) -> ConsolidationBenchResult:
    """Generate ``n`` reports (timed apart), consolidate them once, score the clusters."""
    start = time.perf_counter()
    synthetic = generate(n, seed=seed, duplicate_share=duplicate_share)
    generate_seconds = time.perf_counter() - start
    generated_rss_mb = peak_rss_mb()

    start = time.perf_counter()
    result = consolidate(synthetic.reports)
    consolidate_seconds = time.perf_counter() - start
    peak = peak_rss_mb()

    precision, recall = pairwise_scores(synthetic.truth, result.assignment)
    return ConsolidationBenchResult(
        reports=len(synthetic.reports),
        happenings=synthetic.happenings,
        generate_seconds=generate_seconds,
        consolidate_seconds=consolidate_seconds,
        clusters=len(result.clusters),
        entities=len(result.entities),
        precision=precision,
        recall=recall,
        generated_rss_mb=generated_rss_mb,
        peak_rss_mb=peak,
        machine=machine_name(),
    )
