"""Running an evaluation: a corpus folder and its gold file in, scores out.

The corpus is ingested into a temporary store (the same path a user's files take), extracted,
read back and scored, so the figures measure the whole pipeline, not a shortcut around it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from khronika import pipeline
from khronika.evaluate.scoring import EventDict, GoldDocument, Scores, Tally, load_gold, score
from khronika.model import Event
from khronika.settings import Settings
from khronika.store import EventFilter, Store


@dataclass(frozen=True)
class Extraction:
    """What the pipeline made of a corpus: events and stored text per document, and its report.

    ``events`` are the records as read back from the store; ``predicted`` the same as the dicts
    the scorer reads.
    """

    report: pipeline.RunReport
    events: dict[str, list[Event]] = field(default_factory=dict)
    predicted: dict[str, list[EventDict]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EvalRun:
    """One evaluation: the scores, the ingest report and the gold and predicted events."""

    scores: Scores
    report: pipeline.RunReport
    gold: list[GoldDocument] = field(default_factory=list)
    predicted: dict[str, list[EventDict]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


def _meta_from_gold(gold: list[GoldDocument]) -> Path:
    """Without a metadata file, the gold file's own publication dates are the documents' metadata."""
    with tempfile.NamedTemporaryFile(
        "w", suffix=".jsonl", delete=False, encoding="utf-8"
    ) as handle:
        for doc in gold:
            line = {
                "doc": doc.doc,
                "published": doc.published.isoformat() if doc.published else None,
            }
            handle.write(json.dumps(line) + "\n")
    return Path(handle.name)


def extract_corpus(
    corpus: Path, *, meta: Path | None = None, settings: Settings | None = None
) -> Extraction:
    """Ingest a corpus into a throwaway store and read back every document's events and text."""
    settings = settings or Settings()
    with tempfile.TemporaryDirectory(prefix="khronika-eval-") as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'eval.db'}")
        try:
            report = pipeline.ingest([corpus], store, settings, meta_file=meta)
            extraction = Extraction(report=report)
            for document in store.documents():
                extraction.texts[document.name] = document.text
                extraction.languages[document.name] = document.language or "unknown"
                events = store.events(EventFilter(doc=document.name))
                extraction.events[document.name] = events
                extraction.predicted[document.name] = [e.to_dict() for e in events]
        finally:
            store.close()
    return extraction


def evaluate(
    gold_path: Path, corpus: Path, *, meta: Path | None = None, settings: Settings | None = None
) -> EvalRun:
    """Ingest a corpus into a temporary store, extract, and score it against a gold file."""
    gold = load_gold(gold_path)
    meta_file = meta or _meta_from_gold(gold)
    try:
        extraction = extract_corpus(corpus, meta=meta_file, settings=settings)
    finally:
        if meta is None:
            meta_file.unlink(missing_ok=True)
    predicted, texts = extraction.predicted, extraction.texts
    scores = score(gold, predicted, texts=texts)
    scores.by_language = _by_language(scores, extraction.languages)
    return EvalRun(
        scores=scores,
        report=extraction.report,
        gold=gold,
        predicted=predicted,
        texts=texts,
    )


def _by_language(scores: Scores, languages: dict[str, str]) -> dict[str, Tally]:
    """The per-document tallies summed by each document's language."""
    out: dict[str, Tally] = {}
    for doc, tally in scores.by_doc.items():
        slot = out.setdefault(languages.get(doc, "unknown"), Tally())
        slot.events.add(tally.events.tp, tally.events.fp, tally.events.fn)
        slot.strict.add(tally.strict.tp, tally.strict.fp, tally.strict.fn)
    return dict(sorted(out.items()))


__all__ = ["EvalRun", "Extraction", "evaluate", "extract_corpus"]
