"""Running a spaCy-based extractor over a stream of documents in ``nlp.pipe`` batches.

Language-neutral: a language package builds the pipeline and its rules (``extract.en.english``)
and hands them to :class:`SpacyExtractor`.

Memory stays flat in the number of documents: documents stream in, each Doc is turned into
events and dropped before the next batch is parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from khronika.errors import ExtractionError
from khronika.model import Document, Event


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

    def __init__(self, nlp: Language, rules: DocRules, *, batch_size: int, processes: int) -> None:
        self.nlp = nlp
        self.rules = rules
        self.batch_size = batch_size
        self.processes = processes

    @property
    def name(self) -> str:
        """The rules' name and lexicon version."""
        return self.rules.name

    def extract(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, list[Event] | ExtractionError]]:
        """Events per document; a document whose rules fail yields an ExtractionError instead."""
        pairs = ((d.text, d) for d in documents)
        for doc, document in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.processes
        ):
            try:
                yield document, self.rules.events(doc, document)
            except Exception as exc:  # one document's failure must not end the batch
                yield document, ExtractionError(document.name, exc)
