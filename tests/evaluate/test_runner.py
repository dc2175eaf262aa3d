"""The evaluation runner end to end on a tiny invented corpus written into ``tmp_path``.

Three files: a wire report of one detention, a council notice with no event, and a page the
gold file does not cover. The runner ingests them into a throwaway store with the real pipeline
and scores what it extracted, so these tests load the spaCy model.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from khronika.errors import GoldFileError
from khronika.evaluate.runner import evaluate
from khronika.settings import Settings

WIRE = (
    "ALMATY, 5 March 2023. Police detained the activist Marat Seitkali in Almaty, "
    "his lawyer said.\n"
)
RELATIVE = "Police detained the activist Marat Seitkali in Almaty on Sunday, his lawyer said.\n"
QUIET = "The city council met to discuss the new bus timetable and the repair of two bridges.\n"
MARKET = "The covered market in Taraz reopened after a month of repairs, traders said.\n"
DETENTION = {
    "type": "detention",
    "subtype": None,
    "status": "occurred",
    "date": {"start": "2023-03-05", "end": "2023-03-05", "precision": "day"},
    "location": {"name": "Almaty", "country": "KZ", "precision": "city"},
    "actors": [
        {"name": "police", "kind": "police", "role": "perpetrator"},
        {"name": "Marat Seitkali", "kind": "person", "role": "target"},
    ],
    "counts": {},
}
# One language: the detector has nothing to choose, so no lingua model is loaded.
ENGLISH = Settings(languages=("en",))

pytestmark = pytest.mark.model


def _corpus(tmp_path: Path, files: dict[str, str], gold: list[dict[str, Any]]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(line) + "\n" for line in gold), encoding="utf-8")
    return gold_path


def test_runner_scores_a_detention_found_in_a_wire_report(tmp_path: Path) -> None:
    gold = _corpus(
        tmp_path,
        {"wire.txt": WIRE, "council.txt": QUIET, "extra.txt": MARKET},
        [
            {"doc": "wire.txt", "published": "2023-03-06", "events": [DETENTION]},
            {"doc": "council.txt", "published": "2023-03-06", "events": []},
        ],
    )
    run = evaluate(gold, tmp_path / "corpus", settings=ENGLISH)
    assert sorted(run.report.ingested) == ["council.txt", "extra.txt", "wire.txt"]
    assert run.report.errors == []
    scores = run.scores
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (1, 0, 0)
    assert scores.strict.tp == 1
    assert scores.by_doc["council.txt"].events.predicted == 0
    # The store's texts are handed to the scorer, so the quotes are checked against them.
    assert scores.evidence is not None and scores.evidence.value == 1.0
    assert scores.unscored_docs == ["extra.txt"]


def test_runner_takes_publication_dates_from_the_gold_file(tmp_path: Path) -> None:
    # "on Sunday" is a day only against the publication date, Monday 6 March 2023.
    gold = _corpus(
        tmp_path,
        {"wire.txt": RELATIVE},
        [{"doc": "wire.txt", "published": "2023-03-06", "events": [DETENTION]}],
    )
    run = evaluate(gold, tmp_path / "corpus", settings=ENGLISH)
    assert run.scores.date.value == 1.0
    assert run.scores.strict.tp == 1


def test_runner_prefers_a_metadata_file_when_given(tmp_path: Path) -> None:
    gold = _corpus(
        tmp_path,
        {"wire.txt": RELATIVE},
        [{"doc": "wire.txt", "published": "2023-03-06", "events": [DETENTION]}],
    )
    meta = tmp_path / "meta.jsonl"
    # A week later: "on Sunday" is then 12 March, and the date no longer matches gold.
    meta.write_text(json.dumps({"doc": "wire.txt", "published": "2023-03-13"}) + "\n")
    run = evaluate(gold, tmp_path / "corpus", meta=meta, settings=ENGLISH)
    assert run.scores.events.tp == 1
    assert run.scores.date.value == 0.0
    assert meta.exists()  # the caller's file is never removed


def test_runner_counts_an_event_in_a_quiet_document_as_a_miss(tmp_path: Path) -> None:
    gold = _corpus(
        tmp_path,
        {"council.txt": QUIET},
        [{"doc": "council.txt", "published": None, "events": [DETENTION]}],
    )
    run = evaluate(gold, tmp_path / "corpus", settings=ENGLISH)
    assert (run.scores.events.tp, run.scores.events.fn) == (0, 1)
    assert run.scores.evidence is not None and run.scores.evidence.total == 0


def test_runner_leaves_no_temporary_files_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = _corpus(
        tmp_path,
        {"council.txt": QUIET},
        [{"doc": "council.txt", "published": None, "events": []}],
    )
    # A private temporary folder: other processes on the machine may be evaluating too.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    evaluate(gold, tmp_path / "corpus", settings=ENGLISH)
    assert list(scratch.iterdir()) == []


def test_runner_refuses_a_malformed_gold_file_before_reading_the_corpus(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "wire.txt", "events": [{"type": "picnic"}]}\n', encoding="utf-8")
    with pytest.raises(GoldFileError, match="unknown type 'picnic'"):
        evaluate(gold, tmp_path / "no-such-corpus", settings=ENGLISH)


def test_runner_reads_two_files_with_the_same_bytes_without_a_database_error(
    tmp_path: Path,
) -> None:
    gold = _corpus(
        tmp_path,
        {"council.txt": QUIET, "council-copy.txt": QUIET},
        [{"doc": "council.txt", "published": None, "events": []}],
    )
    run = evaluate(gold, tmp_path / "corpus", settings=ENGLISH)
    assert not [error for error in run.report.errors if "FOREIGN KEY" in error]
