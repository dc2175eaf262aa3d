"""Readers: sentences split deterministically and labelled from tiny invented files."""

from __future__ import annotations

import json
from pathlib import Path

from khronika.learn.data import (
    Example,
    read_corpus,
    read_geneva,
    read_gold,
    read_negatives,
    read_plover,
    read_training,
    read_wikievents,
    split_sentences,
)


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_sentences_split_at_end_punctuation_and_line_breaks() -> None:
    text = 'Rally in Oral\n\nPolice detained Mr. Seitkali on Friday. "We go on," said Dana Ospan.'
    assert _sentences(text) == [
        "Rally in Oral",
        "Police detained Mr. Seitkali on Friday.",
        '"We go on," said Dana Ospan.',
    ]


def test_an_initial_or_a_russian_abbreviation_does_not_end_a_sentence() -> None:
    text = "A. Volkova spoke. Вчера в г. Уральске задержали активистку. Суд назначил штраф."
    assert _sentences(text) == [
        "A. Volkova spoke.",
        "Вчера в г. Уральске задержали активистку.",
        "Суд назначил штраф.",
    ]


def test_plover_records_coded_twice_carry_both_types(tmp_path: Path) -> None:
    text = "Police opened fire on marchers, killing one and arresting 12, officials said."
    records = [
        {"id": "P-1", "event": "FIGHT", "mode": "firearms", "text": text},
        {"id": "P-2", "event": "COERCE", "mode": "arrest", "text": text},
        {"id": "P-3", "event": "AGREE", "text": "The two ministers agreed on a trade pact."},
        {"id": "P-4", "event": "COERCE", "mode": "confiscate", "text": "Police seized rifles."},
        {"id": "P-0", "event": "DOCUMENT", "eventText": "notes"},
    ]
    path = tmp_path / "plover.txt"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert read_plover(path) == [
        Example(text, ("clash", "detention"), "plover", "plover:P-1"),
        Example("The two ministers agreed on a trade pact.", (), "plover", "plover:P-3"),
    ]


def test_wikievents_sentences_take_the_types_of_their_mentions(tmp_path: Path) -> None:
    doc = {
        "doc_id": "d1",
        "sentences": [
            [[["x", 0, 1]], "Police arrested Marat Seitkali."],
            [[["x", 0, 1]], "A bomb went off."],
            [[["x", 0, 1]], "The weather was mild."],
        ],
        "event_mentions": [
            {"event_type": "Justice.ArrestJailDetain.Unspecified", "trigger": {"sent_idx": 0}},
            {"event_type": "Conflict.Attack.DetonateExplode", "trigger": {"sent_idx": 1}},
        ],
    }
    path = tmp_path / "dev.jsonl"
    # WikiEvents stores some fields as Python literals: the reader takes both forms.
    doc["event_mentions"] = repr(doc["event_mentions"])  # type: ignore[assignment]
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    assert read_wikievents(path) == [
        Example("Police arrested Marat Seitkali.", ("detention",), "wikievents", "wikievents:d1"),
        Example("The weather was mild.", (), "wikievents", "wikievents:d1"),
    ]


def test_geneva_tokens_are_joined_back_into_prose(tmp_path: Path) -> None:
    item = {
        "doc_id": "g1",
        "sentence": "Officials said the storm , which hit Tuesday , was `` severe '' .",
        "event_mentions": [{"event_type": "Catastrophe"}],
    }
    path = tmp_path / "train.json"
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    assert read_geneva(path) == [
        Example(
            'Officials said the storm, which hit Tuesday, was "severe".', (), "geneva", "geneva:g1"
        )
    ]


def test_read_training_finds_the_sets_present(tmp_path: Path) -> None:
    (tmp_path / "plover").mkdir()
    (tmp_path / "plover" / "PLOVER_GSR_CAMEO.txt").write_text(
        json.dumps(
            [{"id": "P-1", "event": "PROTEST", "mode": "demo-org", "text": "Workers marched."}]
        ),
        encoding="utf-8",
    )
    assert [e.labels for e in read_training(tmp_path)] == [("protest",)]


def _corpus(tmp_path: Path) -> Path:
    """A corpus folder: one gold document with one event, and one negative text."""
    text = (
        "Workers rally in Oral\n"
        "Hundreds of oil workers went on strike on Monday. "
        "The company's shares rose. Police detained Aigerim Tulegenova at the site."
    )
    (tmp_path / "dev-xx").mkdir()
    (tmp_path / "dev-xx" / "001.txt").write_text(text, encoding="utf-8")
    start = text.index("Hundreds")
    end = text.index("Monday.") + len("Monday.")
    detained = text.index("Police")
    gold = {
        "doc": "001.txt",
        "events": [
            {"type": "protest", "evidence": [{"start": start, "end": end}]},
            {"type": "detention", "evidence": [{"start": detained, "end": len(text)}]},
        ],
    }
    (tmp_path / "dev-xx.gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (tmp_path / "negatives").mkdir()
    (tmp_path / "negatives" / "n1.txt").write_text(
        "Bank profits rise\nThe central bank kept rates unchanged.", encoding="utf-8"
    )
    return tmp_path


def test_gold_evidence_sentences_are_positives_and_the_others_none(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    examples = read_gold(corpus / "dev-xx.gold.jsonl", corpus / "dev-xx")
    group = "dev-xx:001.txt"
    # the title line is not annotated in gold files, so it is not taught as "none"
    assert examples == [
        Example("Hundreds of oil workers went on strike on Monday.", ("protest",), "dev-xx", group),
        Example("The company's shares rose.", (), "dev-xx", group),
        Example("Police detained Aigerim Tulegenova at the site.", ("detention",), "dev-xx", group),
    ]


def test_a_gold_document_with_an_event_lacking_evidence_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(
        "Title\nPolice detained Dana Ospan.", encoding="utf-8"
    )
    gold = {"doc": "a.txt", "events": [{"type": "detention"}]}
    (tmp_path / "seeds.gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert read_gold(tmp_path / "seeds.gold.jsonl", tmp_path / "seeds") == []


def test_every_sentence_of_a_negative_text_is_none(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    assert read_negatives(corpus / "negatives") == [
        Example("Bank profits rise", (), "negatives", "negatives:n1.txt"),
        Example("The central bank kept rates unchanged.", (), "negatives", "negatives:n1.txt"),
    ]


def test_a_corpus_folder_gives_gold_then_negatives(tmp_path: Path) -> None:
    sources = [e.source for e in read_corpus(_corpus(tmp_path))]
    assert sources == ["dev-xx"] * 3 + ["negatives"] * 2
