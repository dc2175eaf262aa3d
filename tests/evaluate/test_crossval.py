"""The cross-validated extraction evaluation: folds by document, and what each fold learns from."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.evaluate.crossval import Row, acceptable, describe, fold_of, prepare, training_mask
from khronika.evaluate.scoring import Scores
from khronika.extract.en import learned_policy
from khronika.extract.learned import Policy
from khronika.learn.data import Example
from khronika.settings import Settings

FOLDS = 5


def _corpus() -> list[Example]:
    examples = [Example("Crowds marched.", ("protest",), "plover", "plover:1")]
    for number in range(40):
        group = f"dev-en:{number:03d}_report.txt"
        examples.append(
            Example(f"Police detained {number} people.", ("detention",), "dev-en", group)
        )
        examples.append(Example("The weather was cold.", (), "dev-en", group))
    for number in range(20):
        examples.append(Example("Wheat prices rose.", (), "negatives", f"negatives:{number}.txt"))
    return examples


def test_a_document_is_never_in_training_and_test_at_once() -> None:
    examples = _corpus()
    tested: dict[str, int] = {}
    for number in range(FOLDS):
        train = training_mask(examples, number, FOLDS)
        test_groups = {
            e.group
            for e in examples
            if e.source != "plover" and fold_of(e.group, FOLDS, 1) == number
        }
        trained_groups = {e.group for e, t in zip(examples, train, strict=True) if t}
        assert not test_groups & trained_groups
        assert "plover:1" in trained_groups  # the public sets train every fold
        for group in test_groups:
            tested[group] = tested.get(group, 0) + 1
    ours = {e.group for e in examples if e.source != "plover"}
    assert tested == dict.fromkeys(ours, 1)  # each of our documents is tested exactly once


def test_every_fold_holds_documents() -> None:
    examples = _corpus()
    sizes = [int((~training_mask(examples, n, FOLDS)).sum()) for n in range(FOLDS)]
    assert all(size > 0 for size in sizes)


def test_a_document_keeps_its_fold() -> None:
    assert fold_of("dev-en:a.txt", FOLDS, 1) == fold_of("dev-en:a.txt", FOLDS, 1)


def test_a_policy_is_acceptable_only_if_it_keeps_strict_f1_and_the_negatives() -> None:
    off = Row("layer off", Scores(), 2)
    more_negatives = Row("drop", Scores(), 3)
    assert acceptable(off, off)
    assert not acceptable(more_negatives, off)
    assert describe(Policy()) == "layer off"
    assert describe(Policy(drop_none=0.8, blend=0.25)) == "drop P(none)>=0.8, blend 0.25"


@pytest.mark.model
def test_the_default_layer_cross_validated_costs_nothing_and_adds_nothing_on_the_negatives(
    shared_corpus: Path,
) -> None:
    # The honest pin of the learned layer: each fold's typer never saw the fold's documents.
    # Since the rules' own precision work (triggers-en-v3) it changes no dev-en figure and finds
    # no false event left on the negatives to drop; it stays on for texts unlike the dev sets
    # (on the unseen seeds it still drops 4 false events and 2 true: settings.py), and here it
    # must cost nothing.
    training = shared_corpus.parent / "training"
    ready = prepare(training if training.is_dir() else None, shared_corpus)
    off = ready.measure(Policy(min_confidence=ready.settings.min_confidence))
    on = ready.measure(learned_policy(Settings()))
    assert Settings().extraction.learned_typing
    assert on.scores.events.f1 >= off.scores.events.f1
    assert on.scores.strict.f1 >= off.scores.strict.f1
    assert on.negatives <= off.negatives
