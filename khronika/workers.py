"""Extraction in worker processes: the cores of the machine, one model load each.

The pipeline hands over documents grouped by language; each worker process builds its extractors
once (:func:`khronika.extract.extractor_for` caches them per process) and reads chunks of
documents with ``nlp.pipe``. Results come back in the order the documents went out, so the one
process that writes the store writes exactly what a single process would, in the same order,
one transaction per document.

Workers are started with ``spawn``: the parent may hold a store connection and a progress bar's
thread, neither of which survives a fork safely.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from khronika.extract import extractor_for
from khronika.extract.spacy_runner import batches
from khronika.model import Document, Event
from khronika.settings import Settings

# A chunk is the unit a worker takes; several per worker let a slow chunk be balanced by others.
_CHUNKS_PER_WORKER = 4

# What a worker returns for one document: the extractor's name and its events, or the message
# of the error its extraction raised (an exception with a cause does not cross processes).
Outcome = tuple[str, list[Event] | str]

_settings: Settings | None = None


def worker_count(documents: int, settings: Settings) -> int:
    """How many processes to run: ``settings.workers`` (default: the machine's cores), but no
    more than the documents pay for: a worker's model load costs about as much as reading
    ``settings.docs_per_worker`` short documents.
    """
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, documents // max(1, settings.docs_per_worker)))


def extract_in_workers(
    groups: list[tuple[str, list[Document]]], settings: Settings, workers: int
) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its outcome, read by ``workers`` processes, in the order given."""
    total = sum(len(documents) for _, documents in groups)
    size = max(1, min(settings.batch_size, total // (workers * _CHUNKS_PER_WORKER)))
    # A long document is a chunk of its own, as it is a batch of its own in one process.
    chunks = [(language, chunk) for language, group in groups for chunk in batches(group, size)]
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(settings,)
    )
    try:
        tasks = [(language, [_light(d) for d in chunk]) for language, chunk in chunks]
        for (_, chunk), outcomes in zip(chunks, pool.map(_extract_chunk, tasks), strict=True):
            yield from zip(chunk, outcomes, strict=True)
    finally:
        # A run that stops early (an error, Ctrl-C) does not wait for the chunks not started.
        pool.shutdown(wait=True, cancel_futures=True)


def _light(document: Document) -> Document:
    """The document without its original bytes: extraction reads the text, and a PDF's bytes
    would cross to the worker for nothing.
    """
    return dataclasses.replace(document, raw=b"")


def _start(settings: Settings) -> None:
    global _settings  # one per worker process, set once by the pool
    _settings = settings


def _extract_chunk(task: tuple[str, list[Document]]) -> list[Outcome]:
    """In a worker: one chunk of one language's documents through its extractor."""
    language, documents = task
    assert _settings is not None, "the pool's initializer sets the settings"
    extractor = extractor_for(language, _settings)
    return [outcome(extractor.name, result) for _, result in extractor.extract(documents)]


def outcome(extractor_name: str, result: object) -> Outcome:
    """What one document's extraction came to: its events, or the reason it failed, as text."""
    return extractor_name, result if isinstance(result, list) else str(result)
