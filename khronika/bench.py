"""Benchmarks: extraction speed against bare en_core_web_sm, and consolidation at scale.

:func:`run_bench`: both run on the same texts in the same process, after both are loaded, so the
ratio says what khronika's own components and rules cost on top of spaCy on this machine. Peak
memory is the process's maximum resident size; run with growing ``--docs`` to see that it stays
flat (documents stream through ``nlp.pipe`` batches and are dropped after extraction).

:func:`run_consolidation_bench`: ``n`` synthetic reports with a known truth
(:mod:`khronika.consolidate.synthetic`) through the real consolidation, timed, with the
clustering's pairwise precision and recall. Run 10k, 100k and 1M to see that time grows about
linearly. spaCy is imported only by :func:`run_bench`, so it does not weigh on this one's memory.
"""

from __future__ import annotations

import itertools
import os
import platform
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from khronika.errors import IngestError
from khronika.ingest import iter_input_files, read_document
from khronika.model import Document
from khronika.settings import Settings


@dataclass(frozen=True)
class BenchResult:
    docs: int
    words: int
    bare_seconds: float
    full_seconds: float
    events: int
    peak_rss_mb: float
    machine: str

    @property
    def bare_wps(self) -> float:
        return self.words / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def full_wps(self) -> float:
        return self.words / self.full_seconds if self.full_seconds else 0.0

    @property
    def ratio(self) -> float:
        return self.full_wps / self.bare_wps if self.bare_wps else 0.0


def machine_name() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def load_corpus(corpus: Path, settings: Settings) -> list[Document]:
    documents = []
    for path in iter_input_files([corpus]):
        try:
            document = read_document(path, settings=settings)
        except IngestError:
            continue  # a bench measures speed; ingest is where bad files are reported
        if document.language == "en":
            documents.append(document)
    return documents


def _cycle(documents: list[Document], n: int) -> Iterator[Document]:
    return itertools.islice(itertools.cycle(documents), n)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(
    corpus: Path, *, docs: int, processes: int, settings: Settings, repeats: int = 3
) -> BenchResult:
    """Best of ``repeats`` alternating runs of each side (timeit's convention: the minimum is the
    run least disturbed by the rest of the machine)."""
    import spacy  # here, not at the top: the consolidation bench should not carry spaCy

    from khronika.extract import extractor_for

    settings = settings.model_copy(update={"processes": processes})
    documents = load_corpus(corpus, settings)
    if not documents:
        raise ValueError(f"{corpus}: no English documents to benchmark")
    words = sum(len(d.text.split()) for d in _cycle(documents, docs))
    bare = spacy.load(settings.english_model)
    extractor = extractor_for("en", settings)
    # Warm both up (lazy gazetteer index, lexicon, first-batch allocations) outside the clock.
    list(bare.pipe([documents[0].text]))
    list(extractor.extract(documents[:1]))  # builds the gazetteer index too

    bare_times, full_times, events = [], [], 0
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        texts = (d.text for d in _cycle(documents, docs))
        for _doc in bare.pipe(texts, batch_size=settings.batch_size, n_process=processes):
            pass
        bare_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        results = extractor.extract(_cycle(documents, docs))
        events = sum(len(evs) for _, evs in results if isinstance(evs, list))
        full_times.append(time.perf_counter() - start)
    bare_seconds, full_seconds = min(bare_times), min(full_times)
    return BenchResult(
        docs=docs,
        words=words,
        bare_seconds=bare_seconds,
        full_seconds=full_seconds,
        events=events,
        peak_rss_mb=_peak_rss_mb(),
        machine=machine_name(),
    )


@dataclass(frozen=True)
class ConsolidationBenchResult:
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
        return self.reports / self.consolidate_seconds if self.consolidate_seconds else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def run_consolidation_bench(
    n: int, *, seed: int = 0, duplicate_share: float = 0.4
) -> ConsolidationBenchResult:
    """Generate ``n`` reports (timed apart), consolidate them once, score the clusters."""
    from khronika.consolidate import consolidate
    from khronika.consolidate.synthetic import generate, pairwise_scores

    start = time.perf_counter()
    synthetic = generate(n, seed=seed, duplicate_share=duplicate_share)
    generate_seconds = time.perf_counter() - start
    generated_rss_mb = _peak_rss_mb()

    start = time.perf_counter()
    result = consolidate(synthetic.reports)
    consolidate_seconds = time.perf_counter() - start
    peak_rss_mb = _peak_rss_mb()

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
        peak_rss_mb=peak_rss_mb,
        machine=machine_name(),
    )
