"""The speed benchmark: khronika's extraction against the bare NLP it builds on.

:func:`run_bench`: both run on the same texts in the same process, after both are loaded, so the
ratio says what khronika's own components and rules cost on top of the bare models on this
machine: en_core_web_sm for English, natasha's segmenter and NER for Russian. Peak
memory is the process's maximum resident size; run with growing ``--docs`` to see that it stays
flat (documents stream through ``nlp.pipe`` batches and are dropped after extraction).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from khronika.bench.machine import machine_name, peak_rss_mb
from khronika.errors import IngestError
from khronika.ingest import iter_input_files, read_document
from khronika.model import Document
from khronika.settings import Settings


@dataclass(frozen=True)
class BenchResult:
    """What one speed run measured: words, both timings, events found, memory."""

    docs: int
    words: int
    bare_seconds: float
    full_seconds: float
    events: int
    peak_rss_mb: float
    machine: str
    # Processor time of each side (best of the repeats): what the ratio is read from on a
    # machine shared with other jobs, where wall time also counts their turns.
    bare_cpu_seconds: float = 0.0
    full_cpu_seconds: float = 0.0

    @property
    def bare_wps(self) -> float:
        """Words per second of bare spaCy."""
        return self.words / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def full_wps(self) -> float:
        """Words per second of khronika's extraction."""
        return self.words / self.full_seconds if self.full_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Khronika's speed as a share of bare spaCy's."""
        return self.full_wps / self.bare_wps if self.bare_wps else 0.0

    @property
    def cpu_ratio(self) -> float:
        """Bare processor time over khronika's (with one process: the ratio without the
        machine's other jobs).
        """
        return self.bare_cpu_seconds / self.full_cpu_seconds if self.full_cpu_seconds else 0.0


LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}
BARE_NAMES = {"en": "bare en_core_web_sm", "ru": "bare natasha NER"}


def load_corpus(corpus: Path, settings: Settings, language: str = "en") -> list[Document]:
    """The documents in ``language`` under ``corpus``, read by ingest (bad files skipped)."""
    documents = []
    for path in iter_input_files([corpus]):
        try:
            document = read_document(path, settings=settings)
        except IngestError:
            continue  # a bench measures speed; ingest is where bad files are reported
        if document.language == language:
            documents.append(document)
    return documents


BareRun = Callable[[Iterable[str]], None]


def bare_runner(language: str, settings: Settings) -> BareRun:
    """The bare NLP khronika's extractor for ``language`` builds on, loaded, as a text consumer."""
    if language == "ru":
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

        segmenter, ner = Segmenter(), NewsNERTagger(NewsEmbedding())

        def run_natasha(texts: Iterable[str]) -> None:
            for text in texts:
                doc = Doc(text)
                doc.segment(segmenter)
                doc.tag_ner(ner)

        return run_natasha
    import spacy  # here, not at the top: the consolidation bench should not carry spaCy

    nlp = spacy.load(settings.english_model)

    def run_spacy(texts: Iterable[str]) -> None:
        for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
            pass

    return run_spacy


def _cycle(documents: list[Document], n: int) -> Iterator[Document]:
    return itertools.islice(itertools.cycle(documents), n)


def run_bench(
    corpus: Path,
    *,
    docs: int,
    settings: Settings,
    repeats: int = 3,
    language: str = "en",
) -> BenchResult:
    """Best of ``repeats`` alternating runs of each side (timeit's convention: the minimum is the
    run least disturbed by the rest of the machine), in wall and in processor time.
    """
    from khronika.extract import extractor_for

    documents = load_corpus(corpus, settings, language)
    if not documents:
        name = LANGUAGE_NAMES.get(language, language)
        raise ValueError(f"{corpus}: no {name} documents to benchmark")
    words = sum(len(d.text.split()) for d in _cycle(documents, docs))
    bare = bare_runner(language, settings)
    extractor = extractor_for(language, settings)
    # Warm both up (lazy gazetteer index, lexicon, first-batch allocations) outside the clock.
    bare([documents[0].text])
    list(extractor.extract(documents[:1]))  # builds the gazetteer index too

    bare_times: list[tuple[float, float]] = []
    full_times: list[tuple[float, float]] = []
    events = 0
    for _ in range(max(1, repeats)):
        with _timed(bare_times):
            bare(d.text for d in _cycle(documents, docs))
        with _timed(full_times):
            results = extractor.extract(_cycle(documents, docs))
            events = sum(len(evs) for _, evs in results if isinstance(evs, list))
    return BenchResult(
        docs=docs,
        words=words,
        bare_seconds=min(wall for wall, _ in bare_times),
        full_seconds=min(wall for wall, _ in full_times),
        events=events,
        peak_rss_mb=peak_rss_mb(),
        machine=machine_name(),
        bare_cpu_seconds=min(cpu for _, cpu in bare_times),
        full_cpu_seconds=min(cpu for _, cpu in full_times),
    )


@contextmanager
def _timed(into: list[tuple[float, float]]) -> Iterator[None]:
    """Append the block's (wall, processor) seconds to ``into``."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into.append((time.perf_counter() - wall, time.process_time() - cpu))
