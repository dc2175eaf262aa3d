"""Extraction in worker processes: the cores of the machine, one model load each.

The pipeline hands each document to a :class:`Feeder` as soon as it is read. Once enough
documents have come to pay for the workers' models (``settings.docs_per_worker`` per worker),
the feeder starts the pool (:func:`pooled`: one worker too, where a core is left for this
process to read and write while it parses) and from then on sends each language's documents out in chunks while
the rest are still being read, so the workers' start (a spawn, the imports, the model load)
overlaps the parent's reading instead of following it. Each worker builds its extractors once
(:func:`khronika.extract.extractor_for` caches them per process) and reads its chunks with
``nlp.pipe``. The outcomes are given back per language in the order the documents came, so the
one process that writes the store writes exactly what a single process would, in the same
order, one transaction per document.

Workers are started with ``spawn``: the parent may hold a store connection and a progress bar's
thread, neither of which survives a fork safely.
"""

from __future__ import annotations

import atexit
import dataclasses
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from types import TracebackType

from khronika.collector import exit_without_teardown, tune_for_batch
from khronika.extract import EXTRACTORS, extractor_for
from khronika.extract.windows import batches, needs_windows
from khronika.model import Document, Event
from khronika.settings import Settings
from khronika.timeline import mark

# How documents are cut into chunks, the unit a worker takes: several nlp.pipe batches each.
# Fewer, larger chunks cost less processor time (400 documents on 2 workers: 18.7 s in chunks of
# 4 batches, 19.6 s in chunks of 1, measured), and beside a single worker the revision of one batch
# (spacy_runner's helper thread) overlaps the next batch's parse on the core this process leaves
# it (80 documents: 5.0-5.1 s against 5.4-5.6 s in chunks of half a batch). With several workers a
# chunk's worth for each is held back while the files are read, and cut at the end so that every
# worker gets as many (:func:`even_size`): the workers end together.
_BATCHES_PER_CHUNK = 4

# What a worker returns for one document: the extractor's name and its events, or the message
# of the error its extraction raised (an exception with a cause does not cross processes).
Outcome = tuple[str, list[Event] | str]

_settings: Settings | None = None

# A pool started by :func:`prestart` and not yet taken by a feeder: its size and settings.
_ready: tuple[int, Settings, ProcessPoolExecutor] | None = None


def wanted_workers(settings: Settings) -> int:
    """The workers asked for: ``settings.workers``, by default the machine's cores."""
    return settings.workers or os.cpu_count() or 1


def core_to_spare(workers: int) -> bool:
    """Whether the machine has a core beyond those ``workers`` processes keep busy."""
    return (os.cpu_count() or 1) > workers


def worker_count(documents: int, settings: Settings) -> int:
    """How many processes to run: ``settings.workers`` (default: the machine's cores), but no
    more than the documents pay for: a worker's model load costs about as much as reading
    ``settings.docs_per_worker`` short documents.
    """
    wanted = wanted_workers(settings)
    return max(1, min(wanted, documents // max(1, settings.docs_per_worker)))


def pooled(workers: int, documents: int, settings: Settings) -> bool:
    """Whether ``workers`` processes extract while this one writes, rather than this one alone.

    Several workers always run in a pool. A single one does too where the machine has a core
    to spare: this process then reads the files and writes the store while the worker parses,
    instead of after it. Either way the documents must pay for the worker's model
    (``settings.docs_per_worker``); below that, this process reads them with the model it
    keeps between runs.
    """
    if documents < workers * max(1, settings.docs_per_worker):
        return False
    return workers > 1 or core_to_spare(workers)


def prestart(paths: Iterable[Path], settings: Settings) -> None:
    """Start the workers now, before the rest of the command is imported and the files read,
    when the paths hold files enough to pay for them; the next :class:`Feeder` with the same
    settings takes the pool. The workers' start (a spawn, the imports: about a second of a
    core each) then overlaps the parent's own start on the other cores.

    Files are counted, not read: if most turn out stored already, the pool goes unused and
    stops when the feeder does.
    """
    wanted = wanted_workers(settings)
    prestart_for(_files_in(paths, up_to=wanted * max(1, settings.docs_per_worker)), settings)


def prestart_for(documents: int, settings: Settings) -> None:
    """:func:`prestart` for a known number of documents (``khronika extract``: the store's)."""
    global _ready
    workers = worker_count(documents, settings)
    if _ready is not None or not pooled(workers, documents, settings):
        return
    pool = _new_pool(settings, workers)
    for _ in range(workers):
        pool.submit(_nothing)  # a process is spawned with each task submitted
    _ready = (workers, settings, pool)
    mark(f"pool of {workers} prestarted")


def _files_in(paths: Iterable[Path], *, up_to: int) -> int:
    """The files in the paths, counted until there are ``up_to`` (folders walked that far)."""
    seen = 0
    for path in paths:
        if path.is_file():
            seen += 1
        for _, _, files in os.walk(path):
            seen += len(files)
            if seen >= up_to:
                return seen
    return seen


def _new_pool(settings: Settings, workers: int) -> ProcessPoolExecutor:
    from khronika.extract.gazetteer_index import ensure_index

    ensure_index()  # built here once, not by every worker at the same time
    if settings.extraction.learned_typing:
        from khronika.learn.weights import weights_file

        weights_file()  # the encoder's weights too
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(settings, workers)
    )


def _take_ready(settings: Settings, workers: int) -> ProcessPoolExecutor | None:
    """The prestarted pool if it is the one wanted; any other prestarted pool is stopped."""
    global _ready
    ready, _ready = _ready, None
    if ready is None:
        return None
    if ready[0] == workers and ready[1] == settings:
        return ready[2]
    ready[2].shutdown(wait=False, cancel_futures=True)
    return None


def readable(language: str | None) -> bool:
    """True when an extractor reads this language (the pool takes only such documents)."""
    return language is not None and language in EXTRACTORS


class Feeder:
    """Documents to worker processes as they are read; their outcomes back in order.

    ``add`` each document to extract, in the order it is to be stored; ``finish`` when there
    are no more; then ``outcomes(language)`` gives each language's documents with their
    outcomes, or None when that language is read in this process (too few documents for a
    pool, or no extractor for it). Use it as a context manager: leaving it stops the pool, and
    a run that stops early (an error, Ctrl-C) does not wait for the chunks not started.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.wanted = wanted_workers(settings)
        self.size = settings.batch_size * _BATCHES_PER_CHUNK
        self.count = 0  # readable documents added
        self.waiting: dict[str, list[Document]] = {}  # read, not yet sent, per language
        self.sent: dict[str, list[tuple[list[Document], Future[list[Outcome]]]]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.workers = 1
        self.counting = threading.Lock()  # chunks submitted and finished, for _running
        self.submitted = self.finished = 0

    def __enter__(self) -> Feeder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            _take_ready(self.settings, 0)  # a prestarted pool this run did not need

    def add(self, document: Document) -> None:
        """One more document to extract; sent to the pool once there is a chunk of them."""
        if not readable(document.language):
            return
        assert document.language is not None
        self.count += 1
        self.waiting.setdefault(document.language, []).append(document)
        if self.pool is None and pooled(self.wanted, self.count, self.settings):
            self._start(self.wanted)  # enough already: the rest is read while they start
        if self.pool is not None:
            self._send(document.language, last=False)

    def finish(self) -> None:
        """No more documents: start the pool if they pay for one, and send what is left."""
        if self.pool is None:
            workers = worker_count(self.count, self.settings)
            if not pooled(workers, self.count, self.settings):
                return
            self._start(workers)
        for language in list(self.waiting):
            self._send(language, last=True)

    def outcomes(self, language: str | None) -> Iterator[tuple[Document, Outcome]] | None:
        """The language's documents with their outcomes from the pool, or None (read here)."""
        if self.pool is None or language is None or language not in self.sent:
            return None
        return self._collect(self.sent.pop(language))

    def _collect(
        self, chunks: list[tuple[list[Document], Future[list[Outcome]]]]
    ) -> Iterator[tuple[Document, Outcome]]:
        for number, (chunk, future) in enumerate(chunks, start=1):
            results = future.result()
            mark("parent: chunk back")
            if number == len(chunks) and not self.sent and self.pool is not None:
                # Every chunk is back: the workers exit while this process stores the rest.
                self.pool.shutdown(wait=False)
            yield from zip(chunk, results, strict=True)

    def _start(self, workers: int) -> None:
        self.pool = _take_ready(self.settings, workers) or _new_pool(self.settings, workers)
        self.workers = workers
        mark(f"pool of {workers} started after {self.count} documents")

    def _send(self, language: str, *, last: bool) -> None:
        """Send the language's waiting documents: those :meth:`_ready` lets go while files are
        still read, or with ``last`` all of them, cut evenly for the workers.

        A long document is a chunk of its own, as it is a batch of its own in one process.
        """
        assert self.pool is not None
        waiting = self.waiting.pop(language, [])
        if last:
            chunks = list(batches(waiting, even_size(len(waiting), self.size, self.workers)))
        else:
            chunks = self._ready(waiting)
            kept = waiting[sum(map(len, chunks)) :]
            if kept:
                self.waiting[language] = kept
        for chunk in chunks:
            task = (language, [_light(document) for document in chunk])
            future = self.pool.submit(_extract_chunk, task)
            with self.counting:
                self.submitted += 1
            future.add_done_callback(self._finished)
            self.sent.setdefault(language, []).append((chunk, future))

    def _ready(self, waiting: list[Document]) -> list[list[Document]]:
        """The first chunks of ``waiting`` to send now, while files are still read.

        Each full chunk that leaves the reserve behind (a chunk's worth for each worker, when
        there are several, held to be cut evenly at the end). Then, for each worker still with
        nothing to do, a fair share of the rest, a batch at least, rather than have it wait for
        a full chunk: the workers start as soon as the pool does, and files slow to read (PDFs)
        do not keep them idle.
        """
        reserve = self.size * self.workers if self.workers > 1 else 0
        ready: list[list[Document]] = []
        left = len(waiting)
        for chunk in batches(waiting, self.size):
            whole = len(chunk) == self.size or needs_windows(chunk[0].text)
            if not whole or left - len(chunk) < reserve:
                break
            ready.append(chunk)
            left -= len(chunk)
        idle = self.workers - self._running() - len(ready)
        rest = waiting[len(waiting) - left :]
        if idle < 1 or not rest:
            return ready
        share = min(self.size, max(self.settings.batch_size, -(-len(rest) // idle)))
        for chunk in islice(batches(rest, share), idle):
            if len(chunk) < self.settings.batch_size and not needs_windows(chunk[0].text):
                break
            ready.append(chunk)
        return ready

    def _running(self) -> int:
        """The chunks sent that are not done yet (started, or queued for a worker)."""
        with self.counting:
            return self.submitted - self.finished

    def _finished(self, _: Future[list[Outcome]]) -> None:
        # Called on the pool's thread (or this one, for a chunk done already).
        with self.counting:
            self.finished += 1


def even_size(count: int, size: int, workers: int) -> int:
    """The chunk size that cuts the last ``count`` documents into a multiple of ``workers``
    chunks, two for each at least and none over ``size``, so that the workers end together.
    """
    if workers < 2:
        return size
    chunks = max(2 * workers, -(-count // size))
    chunks = -(-chunks // workers) * workers
    return max(1, -(-count // chunks))


def _light(document: Document) -> Document:
    """The document without its original bytes: extraction reads the text, and a PDF's bytes
    would cross to the worker for nothing.
    """
    return dataclasses.replace(document, raw=b"")


def _start(settings: Settings, workers: int) -> None:
    global _settings  # one per worker process, set once by the pool
    _settings = settings
    # One BLAS thread per worker (read when numpy loads, just below): the workers are the
    # parallelism, and a second BLAS thread in each only spins on the cores the others need
    # (15-20% more CPU for the same documents, measured). Dask's workers get the same.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    tune_for_batch()  # a worker parses as the one process does, and collects as rarely
    # The pool has every result once it stops a worker, but waits for the process to end:
    # it ends without freeing its model (collector.exit_without_teardown).
    atexit.register(exit_without_teardown, 0)
    # spaCy now, while the parent is still reading: every extractor is built on it.
    from khronika.extract.spacy_runner import revise_beside

    # A helper thread only where a core is left over: beside a single worker, not in a pool that
    # gives every core a worker.
    revise_beside(core_to_spare(workers))
    mark("worker: imported")


def _nothing() -> None:
    """A task that only makes the pool spawn a process (:func:`prestart`)."""


def _extract_chunk(task: tuple[str, list[Document]]) -> list[Outcome]:
    """In a worker: one chunk of one language's documents through its extractor."""
    language, documents = task
    assert _settings is not None, "the pool's initializer sets the settings"
    mark(f"worker: chunk of {len(documents)} starts")
    extractor = extractor_for(language, _settings)
    done = [outcome(extractor.name, result) for _, result in extractor.extract(documents)]
    mark("worker: chunk ends")
    return done


def outcome(extractor_name: str, result: object) -> Outcome:
    """What one document's extraction came to: its events, or the reason it failed, as text."""
    return extractor_name, result if isinstance(result, list) else str(result)
