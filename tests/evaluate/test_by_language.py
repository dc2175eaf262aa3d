"""A mixed corpus: English and Russian reports scored together, and each language's figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.evaluate import format_report
from khronika.evaluate.runner import evaluate

pytestmark = pytest.mark.model

ENGLISH = "Police detained the activist Marat Seitkali in Almaty on 15 March 2025.\n"
RUSSIAN = "15 марта 2025 года в Уральске полиция задержала активистку Айгерим Тулегенову.\n"


def _gold(doc: str, name: str, country: str) -> dict[str, object]:
    event = {
        "type": "detention",
        "subtype": None,
        "status": "occurred",
        "date": {"start": "2025-03-15", "end": "2025-03-15", "precision": "day", "text": None},
        "location": {"name": name, "country": country, "precision": "city"},
        "actors": [],
        "counts": {},
    }
    return {"doc": doc, "published": None, "events": [event]}


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "almaty.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "uralsk.txt").write_text(RUSSIAN, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    lines = [_gold("almaty.txt", "Almaty", "KZ"), _gold("uralsk.txt", "Oral", "KZ")]
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return gold, corpus


def test_a_mixed_corpus_is_scored_per_language(mixed: tuple[Path, Path]) -> None:
    gold, corpus = mixed

    scores = evaluate(gold, corpus).scores

    assert set(scores.by_language) == {"en", "ru"}
    assert scores.by_language["ru"].events.tp == 1
    assert scores.by_language["ru"].strict.tp == 1
    assert scores.events.gold == 2
    assert "By language" in format_report(scores)
