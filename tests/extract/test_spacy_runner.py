"""The spaCy runner: documents stream through ``nlp.pipe`` in batches, each parse goes to the
rules, and a document whose rules fail yields an ExtractionError while the batch goes on.

A blank pipeline stands in for the model and small rules objects for the extractor.
"""

from __future__ import annotations

import dataclasses
import threading
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


@pytest.fixture(autouse=True)
def a_core_to_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine of two cores or more, whatever a test before switched in this process
    (a Dask chunk read here turns the helper thread off)."""
    from khronika.extract import spacy_runner

    monkeypatch.setattr(spacy_runner, "_beside", True)


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


class _RevisedRules(_Rules):
    """The rules above in two steps: the revision (from the text alone) writes the summary in
    capitals; a text saying 'crash' breaks it."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[str] = set()

    def parsed_events(self, doc: Doc, document: Document) -> list[Event]:
        """As the rules above, but the evidence is the detention's sentence alone."""
        events = super().events(doc, document)
        start = document.text.find("Police detained")
        if not events or start < 0:
            return events
        end = document.text.index(".", start) + 1
        evidence = Evidence.from_text(document.name, document.text, start, end)
        return [dataclasses.replace(events[0], evidence=(evidence,), id="")]

    def revise(self, document: Document, events: list[Event]) -> list[Event]:
        self.threads.add(threading.current_thread().name)
        if "crash" in document.text:
            raise RuntimeError("revision broke")
        return [dataclasses.replace(event, summary=event.summary.upper()) for event in events]

    def events(self, doc: Doc, document: Document) -> list[Event]:
        return self.revise(document, self.parsed_events(doc, document))


class _OneStep:
    """The same rules seen as one step, so the runner revises on its own thread."""

    def __init__(self, rules: _RevisedRules) -> None:
        self.rules = rules
        self.name = rules.name

    def events(self, doc: Doc, document: Document) -> list[Event]:
        return self.rules.events(doc, document)


def _summaries(found: list[tuple[Document, list[Event] | ExtractionError]]) -> list[object]:
    return [
        (document.name, str(result) if isinstance(result, ExtractionError) else result)
        for document, result in found
    ]


def test_the_revision_runs_beside_the_parse_and_gives_what_one_thread_gives(
    blank: Language,
) -> None:
    documents = [
        _document(f"{n}.txt", f"Police detained {n} people in Taraz.") for n in range(7)
    ] + [_document("quiet.txt", "Nothing happened.")]
    rules = _RevisedRules()

    found = list(_runner(blank, rules, batch_size=3).extract(documents))
    alone = list(_runner(blank, _OneStep(_RevisedRules()), batch_size=3).extract(documents))  # type: ignore[arg-type]

    assert [d.name for d, _ in found] == [d.name for d in documents]
    assert found[0][1] and found[0][1][0].summary == "POLICE DETAINED 0 PEOPLE IN TARAZ."  # type: ignore[index,union-attr]
    assert _summaries(found) == _summaries(alone)
    assert rules.threads and all(name.startswith("khronika-revise") for name in rules.threads)


def test_a_revision_that_fails_fails_its_document_alone(blank: Language) -> None:
    documents = [
        _document("a.txt", "Police detained Marat Seitkali."),
        _document("b.txt", "Police detained two people; the database did crash."),
        _document("c.txt", "Police detained a student."),
    ]

    found = {d.name: result for d, result in _runner(blank, _RevisedRules()).extract(documents)}

    assert isinstance(found["b.txt"], ExtractionError) and "revision broke" in str(found["b.txt"])
    assert len(found["a.txt"]) == 1 and len(found["c.txt"]) == 1  # type: ignore[arg-type]


def test_a_long_documents_windows_are_revised_one_by_one_into_whole_text_offsets(
    blank: Language,
) -> None:
    long_text = "Nothing happened. " * 50_000 + "Police detained a man."  # in the last window
    documents = [_document("long.txt", long_text), _document("short.txt", "Police detained one.")]

    found = list(_runner(blank, _RevisedRules()).extract(documents))
    alone = list(_runner(blank, _OneStep(_RevisedRules())).extract(documents))  # type: ignore[arg-type]

    assert _summaries(found) == _summaries(alone)
    events = found[0][1]
    assert isinstance(events, list) and events
    for event in events:  # offsets into the whole text, not the window's
        (piece,) = event.evidence
        assert piece.start > 0 and long_text[piece.start : piece.end] == piece.text


def test_the_revising_runner_stays_lazy(blank: Language) -> None:
    rules = _RevisedRules()
    documents = (_document(f"{i}.txt", "Police detained Marat Seitkali.") for i in range(100))

    stream = _runner(blank, rules, batch_size=1).extract(documents)
    next(stream)

    assert len(rules.seen) < 100  # parsed ahead of the revisions, but not the whole stream


def test_without_a_core_to_spare_the_revision_runs_in_the_parsing_thread(
    blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khronika.extract import spacy_runner

    spacy_runner.revise_beside(False)  # undone after the test by a_core_to_spare
    rules = _RevisedRules()

    found = list(_runner(blank, rules).extract([_document("a.txt", "Police detained a man.")]))

    assert rules.threads == {threading.current_thread().name}
    assert found[0][1][0].summary == "POLICE DETAINED A MAN."  # type: ignore[index,union-attr]
