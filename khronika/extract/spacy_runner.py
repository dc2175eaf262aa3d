"""Running a spaCy-based extractor over a stream of documents in ``nlp.pipe`` batches.

Language-neutral: a language package builds the pipeline and its rules (``extract.en.english``)
and hands them to :class:`SpacyExtractor`.

Memory stays flat in the number of documents: documents stream in, each Doc is turned into
events and dropped before the next batch is parsed. A long document is read in windows
(:mod:`.windows`), so memory and time stay linear in its length too. :func:`.windows.batches`
is the one place that says how documents are batched; the worker pool (:mod:`khronika.workers`)
cuts its chunks with it too, without importing spaCy. Parallelism is the pool's: ``nlp.pipe`` runs in the calling process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

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
        for batch in batches(documents, self.batch_size):
            # A long document's batch is its windows, parsed one at a time.
            long = needs_windows(batch[0].text)
            yield from self._extract(batch, batch_size=1 if long else self.batch_size)

    def _extract(
        self, documents: Iterable[Document], *, batch_size: int
    ) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        found: dict[str, Event] = {}
        failure: ExtractionError | None = None
        pieces = ((_text(piece), piece) for piece in _pieces(documents))
        for doc, piece in self.nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
            try:
                for event in self._events(doc, piece):
                    found.setdefault(event.id, event)
            except Exception as exc:  # one document's failure must not end the batch
                failure = failure or ExtractionError(piece.document.name, exc)
            if piece.last:
                yield piece.document, failure if failure is not None else list(found.values())
                found, failure = {}, None

    def _events(self, doc: Doc, piece: _Piece) -> list[Event]:
        if piece.window is None:
            return self.rules.events(doc, piece.document)
        events = self.rules.events(doc, window_document(piece.document, piece.window))
        return list(whole_text_events(events, piece.window, piece.document.text))


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
