"""The briefs measure: the rules' top type on short public sentences, split into fixed halves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.evaluate.briefs import Reading, half_of, misses, render, run, tally, top_type
from khronika.learn.labels import NONE
from khronika.model import Event, Evidence


def _event(type_: str, confidence: float, start: int) -> Event:
    evidence = (Evidence(doc="d", start=start, end=start + 4, text="word"),)
    return Event(type=type_, evidence=evidence, confidence=confidence)


def test_a_sentence_always_falls_in_the_same_half() -> None:
    sentence = "Police detained Marat Seitkali outside the court."

    assert half_of(sentence) == half_of(sentence)
    halves = {half_of(f"Sentence number {n} about a rally.") for n in range(40)}
    assert halves == {"tune", "report"}


def test_the_top_type_is_the_most_confident_event_and_none_without_events() -> None:
    events = [_event("detention", 0.6, 0), _event("protest", 0.8, 30), _event("riot", 0.8, 60)]

    assert top_type(events) == "protest"  # the most confident; on a tie, the earlier one
    assert top_type([]) == NONE


def test_a_reading_is_right_when_its_top_type_is_one_of_the_gold_types() -> None:
    def reading(gold: tuple[str, ...], predicted: str) -> Reading:
        return Reading("text", gold, predicted, "plover", "tune")

    assert reading(("protest", "killing"), "killing").right
    assert not reading(("protest",), "riot").right
    assert reading((), NONE).right
    assert not reading((), "statement").right


def test_the_figures_count_each_half_and_source_and_list_one_halfs_misses() -> None:
    readings = [
        Reading("Rally held.", ("protest",), "protest", "plover", "tune"),
        Reading("Talks held.", (), "statement", "plover", "tune"),
        Reading("Strike held.", ("protest",), NONE, "geneva", "report"),
    ]

    tallies = tally(readings)

    assert (tallies["tune", "all"].right, tallies["tune", "all"].total) == (1, 2)
    assert tallies["all", "events"].total == 2 and tallies["all", "no events"].right == 0
    assert tallies["report", "geneva"].accuracy == 0.0
    assert "plover" in render(readings)
    assert misses(readings, "tune").splitlines() == [
        f"{NONE:<22} got statement     [plover] Talks held."
    ]


def _plover_file(folder: Path, records: list[dict[str, str]]) -> None:
    (folder / "plover").mkdir()
    (folder / "plover" / "PLOVER_GSR_CAMEO.txt").write_text(json.dumps(records), encoding="utf-8")


@pytest.mark.model
def test_the_rules_read_each_public_sentence_as_a_document_of_its_own(tmp_path: Path) -> None:
    _plover_file(
        tmp_path,
        [
            {"id": "1", "event": "COERCE", "mode": "arrest",
             "text": "Police arrested the opposition leader Dana Ospan in the capital on Monday."},
            {"id": "2", "event": "AGREE", "mode": "",
             "text": "The two governments signed a trade agreement on Monday."},
        ],
    )  # fmt: skip

    readings = run(tmp_path)

    assert [(r.gold, r.predicted, r.right) for r in readings] == [
        (("detention",), "detention", True),
        ((), NONE, True),
    ]


def test_a_folder_without_public_sets_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        run(tmp_path)
