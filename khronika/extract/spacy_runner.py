"""Running a spaCy-based extractor over a stream of documents in ``nlp.pipe`` batches.

Memory stays flat in the number of documents: documents stream in, each Doc is turned into
events and dropped before the next batch is parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from khronika.errors import ExtractionError
from khronika.extract.en.extractor import EnglishExtractor
from khronika.extract.places import default_gazetteer
from khronika.model import Document, Event
from khronika.nlp import build_english, load_lexicon
from khronika.settings import Settings


class SpacyExtractor:
    """A spaCy pipeline and the rules that read its parses, run over batches of documents."""

    def __init__(
        self, nlp: Language, rules: EnglishExtractor, *, batch_size: int, processes: int
    ) -> None:
        self.nlp = nlp
        self.rules = rules
        self.batch_size = batch_size
        self.processes = processes

    @classmethod
    def english(cls, settings: Settings) -> SpacyExtractor:
        """The English pipeline and extractor, as ``settings`` configure them."""
        nlp = build_english(settings.english_model, settings.lexicon_version)
        rules = EnglishExtractor(
            load_lexicon("en", settings.lexicon_version),
            default_gazetteer(),
            min_confidence=settings.min_confidence,
            adjust=settings.extraction,
        )
        return cls(nlp, rules, batch_size=settings.batch_size, processes=settings.processes)

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
