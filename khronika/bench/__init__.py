"""Benchmarks, and the synthetic data they run on.

- :mod:`khronika.bench.speed`: words per second of khronika's extraction against bare
  en_core_web_sm on a corpus given by the caller.
- :mod:`khronika.bench.scale`: consolidation of N synthetic reports, timed, with pairwise
  precision and recall against the generator's truth.
- :mod:`khronika.bench.synthetic` and :mod:`khronika.bench.population`: the generator of those
  reports, its words in ``data/synthetic-v1.json`` (every surname invented).

A benchmark measures; it asserts nothing about speed. Its tests check what it reports, never
how fast.
"""

from khronika.bench.scale import ConsolidationBenchResult, run_consolidation_bench
from khronika.bench.speed import BenchResult, run_bench

__all__ = ["BenchResult", "ConsolidationBenchResult", "run_bench", "run_consolidation_bench"]
