"""The scorer: trained on a tiny invented embedding space, it separates obvious cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from khronika.learn.labels import CLASSES, NONE
from khronika.learn.scorer import (
    Hyper,
    Scorer,
    class_weights,
    featurize,
    fit_temperature,
    group_contexts,
    softmax,
    targets,
    unit_mean,
)


def _blobs() -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Three well-separated clusters in 8 dimensions: protests, detentions and non-events."""
    rng = np.random.default_rng(7)
    centres = {"protest": 0, "detention": 1, NONE: 2}
    rows, labels = [], []
    for name, axis in centres.items():
        for _ in range(20):
            row = rng.normal(0.0, 0.1, 8)
            row[axis] += 1.0
            rows.append(row)
            labels.append(() if name == NONE else (name,))
    return np.array(rows), labels


def test_soft_targets_share_a_sentence_between_its_types() -> None:
    rows = targets([("protest", "detention"), ()])
    assert rows[0, CLASSES.index("protest")] == 0.5
    assert rows[0, CLASSES.index("detention")] == 0.5
    assert rows[1, CLASSES.index(NONE)] == 1.0
    assert rows.sum(axis=1).tolist() == [1.0, 1.0]


def test_rare_classes_weigh_more() -> None:
    weights = class_weights(targets([("riot",)] + [()] * 9), balance=1.0)
    assert weights[CLASSES.index("riot")] > weights[CLASSES.index(NONE)]


def test_the_scorer_separates_obvious_cases() -> None:
    x, labels = _blobs()
    scorer = Scorer.fit(x, targets(labels), hyper=Hyper(epochs=200))
    probe = np.zeros((3, 8))
    probe[0, 0] = probe[1, 1] = probe[2, 2] = 1.0
    decisions = scorer.decide(probe)
    assert [d.type for d in decisions] == ["protest", "detention", NONE]
    assert all(d.confidence > 0.5 for d in decisions)
    assert decisions[0].event_probability > 0.5 > decisions[2].event_probability


def test_a_high_threshold_turns_a_doubtful_event_into_none() -> None:
    x, labels = _blobs()
    fitted = Scorer.fit(x, targets(labels), hyper=Hyper(epochs=200))
    strict = Scorer(fitted.weights, fitted.bias, threshold=0.999)
    between = np.zeros((1, 8))
    between[0, 0] = between[0, 2] = 0.5  # half protest, half nothing
    assert strict.decide(between)[0].type == NONE


def test_training_is_deterministic() -> None:
    x, labels = _blobs()
    first = Scorer.fit(x, targets(labels), hyper=Hyper(epochs=50))
    second = Scorer.fit(x, targets(labels), hyper=Hyper(epochs=50))
    assert np.array_equal(first.weights, second.weights)


def test_a_saved_scorer_loads_with_the_same_decisions(tmp_path: Path) -> None:
    x, labels = _blobs()
    scorer = Scorer.fit(x, targets(labels), hyper=Hyper(epochs=50))
    scorer = Scorer(scorer.weights, scorer.bias, temperature=0.7, threshold=0.3)
    scorer.save(tmp_path / "s.npz")
    loaded = Scorer.load(tmp_path / "s.npz")
    assert (loaded.temperature, loaded.threshold) == (0.7, 0.3)
    assert np.allclose(loaded.probabilities(x), scorer.probabilities(x))


def test_a_scorer_with_other_classes_is_refused(tmp_path: Path) -> None:
    np.savez(
        tmp_path / "bad.npz",
        weights=np.zeros((2, 2)),
        bias=np.zeros(2),
        temperature=1.0,
        threshold=0.5,
        classes=np.array(["a", "b"]),
    )
    with pytest.raises(ValueError, match="classes differ"):
        Scorer.load(tmp_path / "bad.npz")


def test_the_temperature_sharpens_underconfident_scores() -> None:
    y = targets([("protest",)] * 9 + [("detention",)])
    logits = np.zeros((10, len(CLASSES)))
    logits[:, CLASSES.index("protest")] = 1.0  # right 9 times in 10, but only ~19% sure
    assert fit_temperature(logits, y) < 1.0
    assert softmax(logits)[0].sum() == pytest.approx(1.0)


def test_features_put_the_document_beside_the_sentence_at_half_weight() -> None:
    sentences = np.array([[1.0, 0.0], [0.0, 1.0]])
    contexts = group_contexts(sentences, ["doc-a", "doc-a"])
    assert np.allclose(contexts, np.sqrt(0.5))
    assert featurize(sentences, contexts).shape == (2, 4)
    assert np.allclose(
        featurize(sentences, contexts)[0], [1.0, 0.0, 0.5 * np.sqrt(0.5), 0.5 * np.sqrt(0.5)]
    )
    assert np.allclose(unit_mean(np.array([[3.0, 4.0]])), [0.6, 0.8])
