"""Tests of the scorer on tiny hand-built gold and predictions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from khronika.errors import GoldFileError
from khronika.evaluate import (
    GoldDocument,
    format_report,
    load_gold,
    match_events,
    score,
    scores_to_json,
)
from khronika.evaluate.scoring import actor_names_match, names_agree, place_ok


def _event(
    type_: str,
    *,
    subtype: str | None = None,
    day: str | None = None,
    city: str | None = None,
    country: str | None = "KZ",
    actors: tuple[tuple[str, str, str], ...] = (),
    counts: dict[str, tuple[int | None, int | None]] | None = None,
    status: str = "occurred",
) -> dict[str, Any]:
    """A contract-shaped event dict; ``day`` gives a one-day date, ``city`` a city place."""
    if city is not None:
        precision = "city"
    elif country is not None:
        precision = "country"
    else:
        precision = "unknown"
    return {
        "type": type_,
        "subtype": subtype,
        "status": status,
        "date": {"start": day, "end": day, "precision": "day" if day else "unknown", "text": None},
        "location": {"name": city, "country": country, "precision": precision, "text": None},
        "actors": [{"name": n, "kind": k, "role": r} for n, k, r in actors],
        "counts": {
            key: {"min": lo, "max": hi, "text": "", "attributed_to": None}
            for key, (lo, hi) in (counts or {}).items()
        },
    }


def _gold(*events: dict[str, Any], doc: str = "a.txt") -> list[GoldDocument]:
    return [GoldDocument(doc=doc, published=date(2022, 1, 10), events=tuple(events))]


PROTEST = _event(
    "protest",
    subtype="demonstration",
    day="2022-01-05",
    city="Almaty",
    actors=(("protesters", "protesters", "participant"),),
    counts={"participants": (200, 999)},
)
DETENTION = _event(
    "detention",
    day="2022-01-05",
    city="Almaty",
    actors=(("police", "police", "perpetrator"), ("Marat Seitkali", "person", "target")),
    counts={"detained": (24, 99)},
)


def test_perfect_match_scores_one() -> None:
    scores = score(_gold(PROTEST, DETENTION), {"a.txt": [PROTEST, DETENTION]})
    assert scores.events.f1 == 1.0
    assert scores.strict.f1 == 1.0
    for ratio in (scores.subtype, scores.status, scores.date, scores.place, scores.counts):
        assert ratio.value == 1.0
    assert scores.actor_f1.value == 1.0
    assert scores.actor_kind.total == 3


def test_wrong_type_is_a_false_positive_and_a_false_negative() -> None:
    wrong = {**PROTEST, "type": "riot", "subtype": None}
    scores = score(_gold(PROTEST), {"a.txt": [wrong]})
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (0, 1, 1)
    assert scores.by_type["riot"].events.fp == 1
    assert scores.by_type["protest"].events.fn == 1
    assert scores.subtype.value is None  # nothing matched, nothing measured


def test_same_type_wrong_date_is_an_event_hit_but_a_strict_miss() -> None:
    late = _event("protest", subtype="demonstration", day="2022-01-06", city="Almaty")
    scores = score(_gold(PROTEST), {"a.txt": [late]})
    assert scores.events.tp == 1
    assert (scores.strict.tp, scores.strict.fp, scores.strict.fn) == (0, 1, 1)
    assert scores.date.value == 0.0
    assert scores.place.value == 1.0


def test_two_golds_of_one_type_go_to_the_better_place() -> None:
    almaty = _event("detention", day="2022-01-05", city="Almaty")
    astana = _event("detention", day="2022-01-05", city="Astana")
    # Gold lists Almaty first: document order must not decide, similarity must.
    pred = [_event("detention", day="2022-01-05", city="Astana")]
    matches = match_events("a.txt", [almaty, astana], pred)
    assert [(m.gold_index, m.pred_index) for m in matches] == [(1, 0)]
    scores = score(_gold(almaty, astana), {"a.txt": pred})
    assert (scores.strict.tp, scores.strict.fn) == (1, 1)


def test_low_similarity_same_type_still_matches() -> None:
    far = _event("detention", day="2015-03-01", city="Oral", country="KZ")
    matches = match_events("a.txt", [DETENTION], [far])
    assert len(matches) == 1
    assert not matches[0].strict


def test_empty_predictions_and_missing_documents() -> None:
    scores = score(_gold(PROTEST, DETENTION), {})
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (0, 0, 2)
    assert scores.events.precision == 0.0
    assert scores.events.f1 == 0.0
    assert scores.by_doc["a.txt"].events.gold == 2


def test_predictions_for_documents_not_in_gold_are_not_scored() -> None:
    scores = score(_gold(PROTEST), {"a.txt": [PROTEST], "other.txt": [DETENTION]})
    assert scores.events.fp == 0
    assert scores.unscored_docs == ["other.txt"]


def test_keyword_toy_gets_half_the_events_and_no_strict_ones() -> None:
    """A toy that tags one event per sentence by keyword, with no date or place at all."""
    gold = _gold(
        PROTEST,
        DETENTION,
        _event("assault", day="2022-01-05", city="Almaty"),
        _event("statement", subtype="condemnation", day="2022-01-07", city="Almaty"),
    )
    toy = [
        _event("protest", country=None),  # "protesters gathered" -> right type
        _event("detention", country=None),  # "police detained" -> right type
        _event("protest", country=None),  # "a protest last year" in background -> wrong
        _event("riot", country=None),  # "the crowd grew angry" -> wrong type
    ]
    scores = score(gold, {"a.txt": toy})
    assert scores.events.f1 == pytest.approx(0.5)
    assert scores.strict.f1 == pytest.approx(0.0)


def test_place_rules() -> None:
    site = _event("protest", city="Almaty")
    site["location"]["precision"] = "site"
    assert place_ok(site, _event("protest", city="almaty"))  # site vs city tolerated
    assert not place_ok(site, _event("protest"))  # gold names a city, prediction does not
    unknown = _event("protest", country=None)
    assert place_ok(unknown, _event("protest", country=None))
    assert not place_ok(unknown, _event("protest"))  # no country from world knowledge
    assert place_ok(_event("protest"), _event("protest"))


def test_names_agree_through_normalisation_and_gazetteer() -> None:
    assert names_agree("Rostov-na-Donu", "rostov na donu")
    assert names_agree("Алматы", "Almaty")
    assert names_agree("Уральск", "Oral")
    assert not names_agree("Almaty", "Astana")


def test_actor_names_match_by_contained_tokens() -> None:
    assert actor_names_match("Seitkali", "Marat Seitkali")
    assert actor_names_match("MARAT SEITKALI", "Marat Seitkali")
    assert not actor_names_match("Seitkali", "Tulegenov")


def test_actor_and_count_accuracy_on_a_matched_pair() -> None:
    pred = _event(
        "detention",
        day="2022-01-05",
        city="Almaty",
        actors=(("riot police", "police", "perpetrator"), ("Seitkali", "person", "participant")),
        counts={"detained": (24, 99), "injured": (3, 3)},
    )
    scores = score(_gold(DETENTION), {"a.txt": [pred]})
    assert scores.actor_f1.value == 1.0
    assert scores.actor_kind.value == 1.0
    assert scores.actor_role.value == 0.5
    assert scores.counts.value == 1.0
    assert scores.count_keys.value == 0.5


def test_evidence_validity_needs_quotes_that_match_the_text() -> None:
    text = "Police detained dozens in Almaty."
    good = {**DETENTION, "evidence": [{"doc": "a.txt", "start": 0, "end": 6, "text": "Police"}]}
    bad = {**PROTEST, "evidence": [{"doc": "a.txt", "start": 0, "end": 6, "text": "Polite"}]}
    scores = score(_gold(PROTEST, DETENTION), {"a.txt": [good, bad]}, texts={"a.txt": text})
    assert scores.evidence is not None
    assert (scores.evidence.hits, scores.evidence.total) == (1, 2)


def test_load_gold_reads_the_corpus_shape(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    lines = [
        {"doc": "a.txt", "published": "2022-01-10", "events": [PROTEST]},
        {"doc": "b.txt", "published": None, "events": []},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    gold = load_gold(path)
    assert [g.doc for g in gold] == ["a.txt", "b.txt"]
    assert gold[0].published == date(2022, 1, 10)
    assert gold[0].events[0]["type"] == "protest"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"published": null, "events": []}', '"doc"'),
        ('{"doc": "b.txt", "published": "10/01/2022", "events": []}', "ISO date"),
        ('{"doc": "b.txt", "published": null, "events": [{"type": "party"}]}', "unknown type"),
        ('{"doc": "a.txt", "published": null, "events": []}', "appears twice"),
    ],
)
def test_malformed_gold_line_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "g.jsonl"
    first = json.dumps({"doc": "a.txt", "published": None, "events": []})
    path.write_text(first + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=reason) as info:
        load_gold(path)
    assert str(info.value).startswith(f"{path}:2: ")


def test_report_and_json_carry_the_figures() -> None:
    scores = score(_gold(PROTEST, DETENTION), {"a.txt": [PROTEST], "x.txt": []})
    text = format_report(scores)
    assert "strict" in text
    assert "detention" in text
    assert "a.txt" in text
    assert "x.txt" in text  # listed as not scored
    data = scores_to_json(scores)
    assert data["events"]["tp"] == 1
    assert data["events"]["recall"] == 0.5
    assert data["by_type"]["detention"]["events"]["fn"] == 1
    assert data["fields"]["subtype"] == {"value": 1.0, "n": 1}
    assert data["evidence"] is None
    json.dumps(data)  # plain JSON types only


def test_dev_gold_scores_perfectly_against_itself(shared_corpus: Path) -> None:
    gold = load_gold(shared_corpus / "dev-en.gold.jsonl")
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in (shared_corpus / "dev-en").glob("*.txt")
    }
    scores = score(gold, {g.doc: list(g.events) for g in gold}, texts=texts)
    assert scores.strict.f1 == 1.0
    assert scores.evidence is not None and scores.evidence.value == 1.0
