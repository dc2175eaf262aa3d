"""Running a spaCy-based extractor over a stream of documents in ``nlp.pipe`` batches.

Language-neutral: a language package builds the pipeline and its rules (``extract.en.english``)
and hands them to :class:`SpacyExtractor`.

Memory stays flat in the number of documents: documents stream in, each Doc is turned into
events and dropped before the next batch is parsed. A long document is read in windows
(:mod:`.windows`), so memory and time stay linear in its length too. :func:`.windows.batches`
is the one place that says how documents are batched; the worker pool (:mod:`khronika.workers`)
cuts its chunks with it too, without importing spaCy. Parallelism is the pool's: ``nlp.pipe`` runs in the calling process.

Rules that revise their events from the text alone after the parse (:class:`RevisedRules`: the
learned layer, mostly matrix products that release the GIL) have each document revised on one
helper thread while the next is parsed: 0.2 s of 3.5 s for 80 news documents (measured). The
events and their order are the same as when one thread does both.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from spacy.language import Language
from spacy.tokens import Doc

from khronika.errors import ExtractionError
from khronika.extract.windows import (
    Window,
    batches,
    needs_windows,
    whole_text_events,
    window_document,
    windows,
)
from khronika.model import Document, Event


@dataclass(frozen=True)
class _Piece:
    """One text handed to spaCy: a whole document, or one window of a long one."""

    document: Document
    window: Window | None = None
    last: bool = True


class DocRules(Protocol):
    """A language's rules: one parsed document in, its events out."""

    @property
    def name(self) -> str:
        """The rules' name and version."""
        ...

    def events(self, doc: Doc, document: Document) -> list[Event]:
        """The events of one parsed document."""
        ...


@runtime_checkable
class RevisedRules(DocRules, Protocol):
    """Rules in two steps: ``parsed_events`` reads the parse, ``revise`` then needs the text alone.

    ``events`` is the two in a row; the runner gives ``revise`` to its helper thread instead.
    """

    def parsed_events(self, doc: Doc, document: Document) -> list[Event]:
        """The events the parse gives, before their revision."""
        ...

    def revise(self, document: Document, events: list[Event]) -> list[Event]:
        """The events after their revision from ``document``'s text; safe from any one thread."""
        ...


class SpacyExtractor:
    """A spaCy pipeline and the rules that read its parses, run over batches of documents."""

    def __init__(self, nlp: Language, rules: DocRules, *, batch_size: int) -> None:
        self.nlp = nlp
        self.rules = rules
        self.batch_size = batch_size

    @property
    def name(self) -> str:
        """The rules' name and lexicon version."""
        return self.rules.name

    def extract(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        """Events per document; a document whose rules fail yields an ExtractionError instead.

        A long document is parsed window by window; its events come back as one list, with
        offsets into the whole text and none twice.
        """
        with _Gathering(self.rules) as gathering:
            for batch in batches(documents, self.batch_size):
                # A long document's batch is its windows, parsed one at a time.
                size = 1 if needs_windows(batch[0].text) else self.batch_size
                pieces = ((_text(piece), piece) for piece in _pieces(batch))
                for doc, piece in self.nlp.pipe(pieces, as_tuples=True, batch_size=size):
                    gathering.add(doc, piece)
                    yield from gathering.ready()
            yield from gathering.rest()


# Whether this process revises on a helper thread: where it has a core to spare. A pool that
# gives every core a worker, and a Dask worker, turn it off (:func:`revise_beside`): with no core
# free the thread only contends for the interpreter's lock (400 documents, 2 workers on 2 cores:
# 2 s more processor time in 20, measured).
_beside = (os.cpu_count() or 1) > 1


def revise_beside(enabled: bool) -> None:
    """Whether this process's runners revise on a helper thread (by default, with 2 cores)."""
    global _beside
    _beside = enabled


class _Gathering:
    """Each piece's events, revised on the helper thread where the rules have a revision, then
    gathered per document in the order the pieces came.

    At most :data:`_AHEAD` pieces wait for their revision, so the stream stays lazy.
    """

    def __init__(self, rules: DocRules) -> None:
        self.rules = rules
        # The rules whose revision goes to the helper thread, with the thread; else neither.
        self.revised = rules if _beside and isinstance(rules, RevisedRules) else None
        self.helper = (
            ThreadPoolExecutor(1, thread_name_prefix="khronika-revise") if self.revised else None
        )
        self.waiting: deque[tuple[_Piece, Future[list[Event]]]] = deque()
        self.found: dict[str, Event] = {}
        self.failure: ExtractionError | None = None

    def __enter__(self) -> _Gathering:
        return self

    def __exit__(self, *_: object) -> None:
        if self.helper is not None:
            self.helper.shutdown(wait=True, cancel_futures=True)

    def add(self, doc: Doc, piece: _Piece) -> None:
        """The piece's parse read now; its revision, if any, queued for the helper."""
        document = piece.document
        if piece.window is not None:
            document = window_document(piece.document, piece.window)
        try:
            if self.revised is None or self.helper is None:
                events = self.rules.events(doc, document)
                self.waiting.append((piece, _done(_whole_text(events, piece))))
                return
            events = self.revised.parsed_events(doc, document)
        except Exception as exc:  # one document's failure must not end the batch
            self.waiting.append((piece, _failed(exc)))
            return
        revise = self.revised.revise
        self.waiting.append(
            (piece, self.helper.submit(lambda: _whole_text(revise(document, events), piece)))
        )

    def ready(self) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        """The documents whose every piece is done, in order, without waiting for more than
        keeps :data:`_AHEAD` pieces in hand.
        """
        while self.waiting and (self.waiting[0][1].done() or len(self.waiting) > _AHEAD):
            yield from self._take()

    def rest(self) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        """Every document still in hand, once its pieces are done."""
        while self.waiting:
            yield from self._take()

    def _take(self) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        piece, future = self.waiting.popleft()
        try:
            for event in future.result():
                self.found.setdefault(event.id, event)
        except Exception as exc:  # one document's failure must not end the batch
            self.failure = self.failure or ExtractionError(piece.document.name, exc)
        if piece.last:
            yield (
                piece.document,
                self.failure if self.failure is not None else list(self.found.values()),
            )
            self.found, self.failure = {}, None


# Pieces parsed ahead of the oldest one still being revised: enough to cover a batch's parse.
_AHEAD = 32


def _whole_text(events: list[Event], piece: _Piece) -> list[Event]:
    """A window's events with offsets into the whole text; a whole document's as they are."""
    if piece.window is None:
        return events
    return list(whole_text_events(events, piece.window, piece.document.text))


def _done(events: list[Event]) -> Future[list[Event]]:
    future: Future[list[Event]] = Future()
    future.set_result(events)
    return future


def _failed(error: Exception) -> Future[list[Event]]:
    future: Future[list[Event]] = Future()
    future.set_exception(error)
    return future


def _pieces(documents: Iterable[Document]) -> Iterator[_Piece]:
    for document in documents:
        if not needs_windows(document.text):
            yield _Piece(document)
            continue
        spans = windows(document.text)
        for number, window in enumerate(spans, start=1):
            yield _Piece(document, window, last=number == len(spans))


def _text(piece: _Piece) -> str:
    if piece.window is None:
        return piece.document.text
    return piece.document.text[piece.window.start : piece.window.end]
