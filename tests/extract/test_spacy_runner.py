"""The spaCy runner: documents stream through ``nlp.pipe`` in batches, each parse goes to the
rules, and a document whose rules fail yields an ExtractionError while the batch goes on.

A blank pipeline stands in for the model and small rules objects for the extractor.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from khronika.errors import ExtractionError
from khronika.extract.spacy_runner import SpacyExtractor, batches
from khronika.extract.windows import needs_windows
from khronika.model import Document, Event, Evidence


def _document(name: str, text: str) -> Document:
    return Document(name=name, text=text, sha256=Document.hash_bytes(text.encode()), language="en")


class _Rules:
    """One event per document mentioning 'detained'; a document saying 'boom' breaks them."""

    name = "test-rules/v0"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def events(self, doc: Doc, document: Document) -> list[Event]:
        self.seen.append(document.name)
        if "boom" in doc.text:
            raise RuntimeError("rules broke")
        if "detained" not in doc.text:
            return []
        evidence = Evidence.from_text(document.name, document.text, 0, len(document.text))
        return [Event(type="detention", evidence=(evidence,), summary=document.text)]


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def _runner(nlp: Language, rules: _Rules, batch_size: int = 2) -> SpacyExtractor:
    return SpacyExtractor(nlp, rules, batch_size=batch_size)  # type: ignore[arg-type]


def test_runner_name_is_the_rules_name(blank: Language) -> None:
    assert _runner(blank, _Rules()).name == "test-rules/v0"


def test_runner_gives_each_document_its_events_in_order(blank: Language) -> None:
    documents = [
        _document("a.txt", "Police detained Marat Seitkali."),
        _document("b.txt", "The weather was fine."),
        _document("c.txt", "Police detained Dana Ospan."),
    ]

    results = list(_runner(blank, _Rules()).extract(documents))

    assert [d.name for d, _ in results] == ["a.txt", "b.txt", "c.txt"]
    assert [len(r) for _, r in results if isinstance(r, list)] == [1, 0, 1]
    first = results[0][1]
    assert isinstance(first, list)
    assert first[0].evidence[0].doc == "a.txt"


def test_runner_failure_of_one_document_does_not_end_the_batch(blank: Language) -> None:
    rules = _Rules()
    documents = [
        _document("a.txt", "Police detained Marat Seitkali."),
        _document("b.txt", "boom"),
        _document("c.txt", "Police detained Dana Ospan."),
    ]

    results = dict(_runner(blank, rules, batch_size=3).extract(documents))

    failed = results[documents[1]]
    assert isinstance(failed, ExtractionError)
    assert failed.document == "b.txt"
    assert "RuntimeError: rules broke" in str(failed)
    assert [r for r in results.values() if isinstance(r, list) and len(r) == 1] == [
        results[documents[0]],
        results[documents[2]],
    ]
    assert rules.seen == ["a.txt", "b.txt", "c.txt"]


def test_runner_streams_lazily(blank: Language) -> None:
    rules = _Rules()

    def documents() -> Iterator[Document]:
        for i in range(5):
            yield _document(f"{i}.txt", "Police detained Marat Seitkali.")

    stream = _runner(blank, rules, batch_size=1).extract(documents())

    assert rules.seen == []  # nothing is parsed before it is asked for
    next(stream)
    assert 1 <= len(rules.seen) < 5


def test_runner_of_no_documents_yields_nothing(blank: Language) -> None:
    assert list(_runner(blank, _Rules()).extract([])) == []


def test_a_long_document_is_a_batch_of_its_own_and_short_ones_share_up_to_the_size() -> None:
    long_text = "Police detained a man. " * 40_000
    assert needs_windows(long_text)
    names = ["a", "b", "c", "LONG", "d", "e", "f", "g"]
    documents = [_document(n, long_text if n == "LONG" else "short") for n in names]

    found = [[d.name for d in batch] for batch in batches(documents, 3)]

    assert found == [["a", "b", "c"], ["LONG"], ["d", "e", "f"], ["g"]]
    assert list(batches([], 3)) == []


def test_the_worker_pool_cuts_its_chunks_as_one_process_batches() -> None:
    from khronika import workers

    assert workers.batches is batches
