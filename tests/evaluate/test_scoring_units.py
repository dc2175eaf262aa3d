"""The scorer's pieces one at a time: tallies, name and field agreement, actor pairing, the
similarity that orders candidates, one-to-one matching, gold-file checks and quote checks.

Place names are compared with a plain matcher (``same_text``) unless the test is about the
gazetteer, so these stay fast and say exactly which rule is being exercised.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from khronika.errors import GoldFileError
from khronika.evaluate.scoring import (
    PRF,
    WEIGHTS,
    GoldDocument,
    Match,
    Ratio,
    actor_f1,
    actor_jaccard,
    date_ok,
    load_gold,
    match_events,
    normalise_name,
    pair_actors,
    place_ok,
    score,
    similarity,
)


def same_text(a: str, b: str) -> bool:
    return normalise_name(a) == normalise_name(b)


def _when(start: str | None, end: str | None = None, precision: str = "day") -> dict[str, Any]:
    return {"start": start, "end": end or start, "precision": precision}


def _where(name: str | None, country: str | None = "KZ", precision: str = "city") -> dict[str, Any]:
    return {"name": name, "country": country, "precision": precision}


def _person(name: str, role: str = "target", kind: str = "person") -> dict[str, Any]:
    return {"name": name, "kind": kind, "role": role}


def _event(type_: str = "detention", **fields: Any) -> dict[str, Any]:
    return {"type": type_, **fields}


# --- PRF and Ratio --------------------------------------------------------------------------------


def test_prf_derives_gold_predicted_and_rates() -> None:
    prf = PRF()
    prf.add(3, 1, 2)
    prf.add(1, 0, 0)
    assert (prf.tp, prf.fp, prf.fn) == (4, 1, 2)
    assert (prf.gold, prf.predicted) == (6, 5)
    assert prf.precision == pytest.approx(0.8)
    assert prf.recall == pytest.approx(4 / 6)
    assert prf.f1 == pytest.approx(2 * 0.8 * (4 / 6) / (0.8 + 4 / 6))


def test_prf_rates_are_zero_when_undefined() -> None:
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)
    only_misses = PRF(fn=3)
    assert (only_misses.precision, only_misses.recall, only_misses.f1) == (0.0, 0.0, 0.0)


def test_ratio_is_a_mean_of_hits_and_none_when_empty() -> None:
    ratio = Ratio()
    assert ratio.value is None
    for hit in (True, False, 0.5, 1):
        ratio.add(hit)
    assert (ratio.hits, ratio.total) == (2.5, 4)
    assert ratio.value == pytest.approx(0.625)


def test_a_match_is_strict_only_with_date_and_place_right() -> None:
    def match(date_right: bool, place_right: bool) -> Match:
        return Match("a.txt", "detention", 0, 0, 0.9, date_right, place_right)

    assert match(True, True).strict
    assert not match(True, False).strict
    assert not match(False, True).strict


# --- names and fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ust-Kamenogorsk", "ust kamenogorsk"),
        ("  Öskemen ", "oskemen"),
        ("Ust—Kamenogorsk", "ust kamenogorsk"),
        ("Qaraǵandy_Oblysy", "qaragandy oblysy"),
        ("ШЫМКЕНТ", "шымкент"),
    ],
)
def test_normalise_name_folds_case_accents_dashes_and_spaces(text: str, key: str) -> None:
    assert normalise_name(text) == key


def test_date_ok_needs_precision_start_and_end_equal() -> None:
    gold = _event(date=_when("2023-03-05"))
    assert date_ok(gold, _event(date=_when("2023-03-05")))
    assert not date_ok(gold, _event(date=_when("2023-03-05", "2023-03-06")))
    assert not date_ok(gold, _event(date=_when("2023-03-05", precision="month")))
    assert date_ok(_event(), _event(date={"precision": "unknown"}))  # two unknown dates agree
    assert not date_ok(_event(), _event(date=_when("2023-03-05")))


def test_place_ok_without_a_gold_name_needs_only_the_country() -> None:
    gold = _event(location=_where(None, precision="country"))
    assert place_ok(gold, _event(location=_where("Taraz")), same_text)
    assert not place_ok(gold, _event(location=_where("Bishkek", "KG")), same_text)


def test_place_ok_uses_the_given_name_matcher() -> None:
    gold = _event(location=_where("Taraz"))
    pred = _event(location=_where("Zhambyl"))
    assert not place_ok(gold, pred, same_text)
    assert place_ok(gold, pred, lambda a, b: {a, b} == {"Taraz", "Zhambyl"})


def test_place_ok_with_an_unknown_gold_place_forbids_any_country() -> None:
    gold = _event(location={"precision": "unknown"})
    assert place_ok(gold, _event(), same_text)
    assert place_ok(gold, _event(location=_where(None, None, "unknown")), same_text)
    assert not place_ok(gold, _event(location=_where(None, precision="country")), same_text)


# --- actors ---------------------------------------------------------------------------------------


def test_pair_actors_prefers_exact_names_before_contained_ones() -> None:
    gold = [_person("riot police", "perpetrator", "police"), _person("police", "perpetrator")]
    pred = [_person("police", "perpetrator", "police"), _person("riot police")]
    # One pass of "contained" would give gold 0 the plain "police"; exact names go first.
    assert sorted(pair_actors(gold, pred)) == [(0, 1), (1, 0)]


def test_pair_actors_is_one_to_one() -> None:
    gold = [_person("Seitkali"), _person("Marat Seitkali")]
    pred = [_person("Marat Seitkali")]
    assert pair_actors(gold, pred) == [(1, 0)]


def test_pair_actors_ignores_actors_without_a_name() -> None:
    assert pair_actors([{"kind": "police"}], [_person("police")]) == []


def test_actor_jaccard_and_f1_on_one_shared_name() -> None:
    gold = _event(actors=[_person("Dana Ospan"), _person("Irina Volkova")])
    pred = _event(actors=[_person("Ospan"), _person("Aigerim Tulegenova"), _person("police")])
    assert actor_jaccard(gold, pred) == pytest.approx(1 / 4)
    assert actor_f1(gold, pred) == pytest.approx(2 / 5)


def test_no_actors_on_either_side_is_full_agreement_and_one_side_is_none() -> None:
    assert actor_jaccard(_event(), _event(actors=[])) == 1.0
    assert actor_f1(_event(), _event()) == 1.0
    assert actor_jaccard(_event(actors=[_person("Dana Ospan")]), _event()) == 0.0
    assert actor_f1(_event(), _event(actors=[_person("Dana Ospan")])) == 0.0


# --- similarity and matching ----------------------------------------------------------------------


def test_weights_sum_to_one_with_date_and_place_heaviest() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    assert WEIGHTS["date"] == WEIGHTS["place"] == max(WEIGHTS.values())


def test_similarity_of_identical_events_is_one() -> None:
    event = _event(date=_when("2023-03-05"), location=_where("Taraz"))
    assert similarity(event, event, same_text) == pytest.approx(1.0)


def test_similarity_gives_half_credit_for_overlap_and_for_the_right_country() -> None:
    gold = _event(date=_when("2023-03-05", "2023-03-07"), location=_where("Taraz"))
    pred = _event(date=_when("2023-03-06"), location=_where("Aktobe"))
    expected = WEIGHTS["subtype"] + 0.5 * WEIGHTS["date"] + 0.5 * WEIGHTS["place"]
    expected += WEIGHTS["actors"]
    assert similarity(gold, pred, same_text) == pytest.approx(expected)


def test_similarity_gives_nothing_for_disjoint_dates_or_another_country() -> None:
    gold = _event(subtype="trial", date=_when("2023-03-05"), location=_where("Taraz"))
    pred = _event(subtype="fine", date=_when("2023-04-05"), location=_where("Osh", "KG"))
    assert similarity(gold, pred, same_text) == pytest.approx(WEIGHTS["actors"])
    undated = _event(subtype="trial", location=_where("Osh", "KG"))
    assert similarity(gold, undated, same_text) == pytest.approx(
        WEIGHTS["subtype"] + WEIGHTS["actors"]
    )


def test_match_events_never_pairs_different_types() -> None:
    gold = [_event("protest"), _event("detention")]
    pred = [_event("assault"), _event("riot")]
    assert match_events("a.txt", gold, pred, same_text) == []


def test_match_events_gives_each_prediction_to_its_most_similar_gold() -> None:
    taraz = _event(date=_when("2023-03-05"), location=_where("Taraz"))
    aktobe = _event(date=_when("2023-03-09"), location=_where("Aktobe"))
    pred = [
        _event(date=_when("2023-03-09"), location=_where("Aktobe")),
        _event(date=_when("2023-03-05"), location=_where("Taraz")),
    ]
    matches = match_events("a.txt", [taraz, aktobe], pred, same_text)
    assert [(m.gold_index, m.pred_index) for m in matches] == [(0, 1), (1, 0)]
    assert all(m.strict and m.similarity == 1.0 for m in matches)
    assert {m.doc for m in matches} == {"a.txt"}


def test_match_events_breaks_ties_by_document_order() -> None:
    twins = [_event(), _event()]
    matches = match_events("a.txt", twins, [_event()], same_text)
    assert [(m.gold_index, m.pred_index) for m in matches] == [(0, 0)]


def test_match_events_leaves_extra_predictions_unmatched() -> None:
    matches = match_events("a.txt", [_event()], [_event(), _event(), _event()], same_text)
    assert len(matches) == 1


# --- score ----------------------------------------------------------------------------------------


def _gold(doc: str, *events: dict[str, Any]) -> GoldDocument:
    return GoldDocument(doc=doc, published=date(2023, 3, 6), events=events)


def test_score_tallies_by_type_and_by_document() -> None:
    gold = [
        _gold("a.txt", _event("protest"), _event("detention")),
        _gold("b.txt", _event("detention")),
    ]
    predicted = {"a.txt": [_event("detention")], "b.txt": [_event("detention"), _event("riot")]}
    scores = score(gold, predicted, same_name=same_text)
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (2, 1, 1)
    assert (scores.by_type["detention"].events.tp, scores.by_type["detention"].events.fn) == (2, 0)
    assert scores.by_type["protest"].events.fn == 1
    assert scores.by_type["riot"].events.fp == 1
    assert scores.by_doc["a.txt"].events.recall == 0.5
    assert scores.by_doc["b.txt"].events.precision == 0.5
    assert [m.doc for m in scores.matches] == ["a.txt", "b.txt"]


def test_score_counts_status_with_occurred_as_the_default() -> None:
    gold = [_gold("a.txt", _event(), _event("protest", status="announced"))]
    predicted = {"a.txt": [_event(status="occurred"), _event("protest")]}
    scores = score(gold, predicted, same_name=same_text)
    assert (scores.status.hits, scores.status.total) == (1, 2)


def test_score_counts_need_both_bounds_right() -> None:
    gold_counts = {"detained": {"min": 24, "max": 99}, "injured": {"min": 3, "max": 3}}
    pred_counts = {"detained": {"min": 24, "max": 100}, "killed": {"min": 1, "max": 1}}
    gold = [_gold("a.txt", _event(counts=gold_counts))]
    scores = score(gold, {"a.txt": [_event(counts=pred_counts)]}, same_name=same_text)
    assert (scores.counts.hits, scores.counts.total) == (0, 2)
    # "detained" is a key gold counts (its figure is wrong); "killed" gold does not count at all.
    assert (scores.count_keys.hits, scores.count_keys.total) == (1, 2)


def test_score_actor_kind_and_role_over_paired_actors_only() -> None:
    gold = [_person("police", "perpetrator", "police"), _person("Marat Seitkali")]
    pred = [_person("police", "perpetrator", "military"), _person("Dana Ospan")]
    scores = score(
        [_gold("a.txt", _event(actors=gold))], {"a.txt": [_event(actors=pred)]}, same_name=same_text
    )
    assert (scores.actor_kind.hits, scores.actor_kind.total) == (0, 1)
    assert (scores.actor_role.hits, scores.actor_role.total) == (1, 1)
    assert scores.actor_f1.value == pytest.approx(0.5)


TEXT = "Police detained Marat Seitkali in Taraz."


@pytest.mark.parametrize(
    ("evidence", "valid"),
    [
        ([{"doc": "a.txt", "start": 0, "end": 6, "text": "Police"}], True),
        ([], False),
        (None, False),
        ([{"doc": "elsewhere.txt", "start": 0, "end": 6, "text": "Police"}], False),
        ([{"doc": "a.txt", "start": 34, "end": 99, "text": "Taraz."}], False),
        ([{"doc": "a.txt", "start": -6, "end": 0, "text": ""}], False),
        ([{"doc": "a.txt", "start": "0", "end": 6, "text": "Police"}], False),
        (
            [
                {"doc": "a.txt", "start": 0, "end": 6, "text": "Police"},
                {"doc": "a.txt", "start": 16, "end": 30, "text": "Marat Seitkal"},
            ],
            False,
        ),
    ],
    ids=["good", "empty", "absent", "unknown-doc", "past-end", "negative", "str-offset", "one-bad"],
)
def test_every_quote_of_an_event_must_check_out(evidence: Any, valid: bool) -> None:
    pred = _event()
    if evidence is not None:
        pred["evidence"] = evidence
    scores = score([_gold("a.txt", _event())], {"a.txt": [pred]}, texts={"a.txt": TEXT})
    assert scores.evidence is not None
    assert scores.evidence.value == float(valid)


def test_evidence_of_unscored_documents_is_not_checked() -> None:
    stray = _event(evidence=[{"doc": "x.txt", "start": 0, "end": 1, "text": "?"}])
    scores = score([_gold("a.txt")], {"x.txt": [stray]}, texts={"a.txt": TEXT})
    assert scores.evidence is not None
    assert scores.evidence.total == 0
    assert scores.unscored_docs == ["x.txt"]


# --- gold files -----------------------------------------------------------------------------------


def _gold_file(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ({"doc": "a.txt", "events": {"type": "protest"}}, '"events" must be a list'),
        ({"doc": "a.txt"}, '"events" must be a list'),
        ({"doc": "", "events": []}, '"doc"'),
        ({"doc": "a.txt", "published": 20230306, "events": []}, "ISO date or null"),
        ({"doc": "a.txt", "events": ["protest"]}, "event 0 is not a JSON object"),
        ({"doc": "a.txt", "events": [{"type": "detention", "date": "2023"}]}, '"date" must be'),
        ({"doc": "a.txt", "events": [{"type": "riot", "location": []}]}, '"location" must be'),
        ({"doc": "a.txt", "events": [{"type": "riot", "counts": 5}]}, '"counts" must be'),
        ({"doc": "a.txt", "events": [{"type": "riot", "actors": {}}]}, '"actors" must be'),
        ({"doc": "a.txt", "events": [{"type": "riot"}, {"subtype": "x"}]}, "event 1 has unknown"),
    ],
)
def test_load_gold_rejects_a_malformed_line(tmp_path: Path, line: object, reason: str) -> None:
    path = _gold_file(tmp_path, line)
    with pytest.raises(GoldFileError, match=reason) as info:
        load_gold(path)
    assert str(info.value).startswith(f"{path}:1: ")


def test_load_gold_skips_blank_lines_but_counts_them(tmp_path: Path) -> None:
    path = _gold_file(tmp_path, {"doc": "a.txt", "events": []}, "", "   ", "{oops")
    with pytest.raises(GoldFileError, match=r":4: not valid JSON"):
        load_gold(path)


def test_load_gold_accepts_null_parts_and_a_missing_published(tmp_path: Path) -> None:
    event = {"type": "riot", "date": None, "location": None, "counts": None, "actors": None}
    [document] = load_gold(_gold_file(tmp_path, {"doc": "a.txt", "events": [event]}))
    assert document.published is None
    assert document.events == (event,)
