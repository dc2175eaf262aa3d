"""Cross-validation by document: out-of-fold scores and the figures reported for them.

Folds hold whole documents of our corpus (gold documents and negatives): a document's
sentences are never in training and test at once. The public sets are in every training fold
and in no test fold, so every figure is on our own text, never on what a model was trained on.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from khronika.learn.data import Example
from khronika.learn.labels import CLASSES, NONE, TYPES
from khronika.learn.scorer import Hyper, Scorer, softmax

# Sets that only ever train: the public sets and the invented type descriptions.
PUBLIC_SOURCES = frozenset({"plover", "wikievents", "geneva", "descriptions"})
NEGATIVES = "negatives"


def group_folds(examples: Sequence[Example], folds: int, seed: int) -> np.ndarray:
    """Fold number of each example (-1 for the public sets); a document's sentences share one."""
    groups = sorted({e.group for e in examples if e.source not in PUBLIC_SOURCES})
    order = np.random.default_rng(seed).permutation(len(groups))
    fold_of = {groups[index]: rank % folds for rank, index in enumerate(order)}
    return np.array([fold_of.get(e.group, -1) for e in examples])


def out_of_fold_logits(x: np.ndarray, y: np.ndarray, fold: np.ndarray, hyper: Hyper) -> np.ndarray:
    """Logits of each of our sentences from a scorer trained without its document's fold."""
    logits = np.zeros((len(x), len(CLASSES)))
    for number in sorted(set(fold.tolist()) - {-1}):
        test = fold == number
        scorer = Scorer.fit(x[~test], y[~test], hyper=hyper)
        logits[test] = scorer.logits(x[test])
    return logits


def choose_threshold(event_probability: np.ndarray, keep: float) -> float:
    """The highest threshold on P(event) that keeps ``keep`` of the event sentences as events."""
    return float(np.floor(np.quantile(event_probability, 1.0 - keep) * 100) / 100)


def figures(
    examples: Sequence[Example], probabilities: np.ndarray, threshold: float
) -> dict[str, object]:
    """Top-type accuracy, typed-right rate, false-event rates and per-type figures."""
    tested = np.array([e.source not in PUBLIC_SOURCES for e in examples])
    sources = np.array([e.source for e in examples])
    is_event = np.array([bool(e.labels) for e in examples]) & tested
    top = np.argmax(probabilities[:, : len(TYPES)], axis=1)
    right = np.array([TYPES[t] in e.labels for t, e in zip(top, examples, strict=True)])
    typed = 1.0 - probabilities[:, CLASSES.index(NONE)] >= threshold
    report: dict[str, object] = {"threshold": threshold, "sets": {}}
    sets: dict[str, object] = {}
    for source in sorted(set(sources[tested].tolist())):
        events = is_event & (sources == source)
        nones = tested & ~is_event & (sources == source)
        sets[source] = {
            "event_sentences": int(events.sum()),
            "none_sentences": int(nones.sum()),
            "top_type_accuracy": _rate(right, events),
            "typed_right_at_threshold": _rate(right & typed, events),
            "none_typed_as_event": _rate(typed, nones),
        }
    report["sets"] = sets
    negatives = sources == NEGATIVES
    documents = {
        e.group for e, t in zip(examples, typed, strict=True) if e.source == NEGATIVES and t
    }
    report["negative_documents_with_a_typed_sentence"] = len(documents)
    report["negative_documents"] = len({e.group for e in examples if e.source == NEGATIVES})
    report["negatives_false_event_rate"] = _rate(typed, negatives)
    event_probability = 1.0 - probabilities[:, CLASSES.index(NONE)]
    type_given_event = probabilities[:, : len(TYPES)].max(axis=1) / np.maximum(
        event_probability, 1e-12
    )
    report["calibration_error"] = {
        "event": calibration_error(event_probability[tested], is_event[tested]),
        "type_given_event": calibration_error(type_given_event[is_event], right[is_event]),
    }
    report["per_type"] = per_type(examples, top, typed, tested)
    return report


def per_type(
    examples: Sequence[Example], top: np.ndarray, typed: np.ndarray, tested: np.ndarray
) -> dict[str, dict[str, float | int | None]]:
    """For each type: gold sentences, recall (typed right) and precision of typed sentences."""
    table: dict[str, dict[str, float | int | None]] = {}
    for index, name in enumerate(TYPES):
        gold = np.array([name in e.labels for e in examples]) & tested
        said = tested & typed & (top == index)
        table[name] = {
            "gold_sentences": int(gold.sum()),
            "recall": _rate(said, gold),
            "precision": _rate(gold, said),
        }
    return table


def calibration_error(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float | None:
    """Expected calibration error: mean gap between confidence and hit rate, in equal bins."""
    if len(right) == 0:
        return None
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - right[inside].mean())
    return round(float(error), 4)


def calibrated(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities from logits at a temperature."""
    return softmax(logits / temperature)


def _rate(hits: np.ndarray, among: np.ndarray) -> float | None:
    """Share of ``among`` that are ``hits``, rounded; None when ``among`` is empty."""
    total = int(among.sum())
    return round(float((hits & among).sum()) / total, 4) if total else None
