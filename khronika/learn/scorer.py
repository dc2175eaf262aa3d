"""The event-type scorer: softmax regression over sentence embeddings, 12 types plus "none".

A sentence's features are its embedding and, at half weight, its document's (the unit-length
mean of the document's sentence embeddings): the document tells a business page's "shot" from
a protest report's. One linear layer maps them to 13 classes (our types, then "none").
Training is full-batch gradient descent (Adam) with L2 weight decay and class weights that
balance the classes, from a fixed start, so a retrain gives the same weights. A sentence with
several gold types is a soft target (equal shares). Probabilities are calibrated by one
temperature fitted on cross-validated predictions, and an event type is given only when the
probability of "some event" reaches the threshold chosen the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np

from khronika.learn.labels import CLASSES, NONE, TYPES

_NONE_INDEX = CLASSES.index(NONE)
# Weight of the document's embedding beside the sentence's. Measured by cross-validation
# (dev-en top-type accuracy / negatives' sentences typed as events): sentence alone 0.598 / 4.1%,
# document at full weight 0.607 / 0.0%, at half weight 0.629 / 0.2%.
CONTEXT_WEIGHT: Final = 0.5


def unit_mean(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean of some embeddings (a document's gist)."""
    mean: np.ndarray = vectors.mean(axis=0)
    unit: np.ndarray = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return unit


def featurize(sentences: np.ndarray, context: np.ndarray) -> np.ndarray:
    """Scorer features: each sentence's embedding, then its document's at CONTEXT_WEIGHT."""
    return np.hstack([sentences, CONTEXT_WEIGHT * context])


def group_contexts(vectors: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Each row's document context: the unit mean of the rows of its group."""
    names = np.array(groups)
    context = np.empty_like(vectors)
    for name in dict.fromkeys(groups):
        rows = names == name
        context[rows] = unit_mean(vectors[rows])
    return context


@dataclass(frozen=True)
class Typing:
    """The scorer's decision for one sentence: a type or "none", and its confidence.

    ``confidence`` is the calibrated probability of the decision: for a type, that the sentence
    reports an event of that type; for "none", that it reports no event of ours.
    """

    type: str
    confidence: float
    event_probability: float
    probabilities: dict[str, float] = field(repr=False)


@dataclass(frozen=True)
class Hyper:
    """Training settings of the scorer."""

    weight_decay: float = 1e-3
    learning_rate: float = 0.05
    epochs: int = 300
    balance: float = 0.5  # class weight = (mean count / count) ** balance


DEFAULT_HYPER = Hyper()


def targets(labels: Sequence[tuple[str, ...]]) -> np.ndarray:
    """Soft target rows over CLASSES: equal shares of a sentence's types, or all on "none"."""
    rows = np.zeros((len(labels), len(CLASSES)), dtype=np.float64)
    for i, types in enumerate(labels):
        for name in types or (NONE,):
            rows[i, CLASSES.index(name)] += 1.0 / max(len(types), 1)
    return rows


class Scorer:
    """A trained linear scorer with its calibration temperature and event threshold."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        *,
        temperature: float = 1.0,
        threshold: float = 0.5,
    ) -> None:
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.temperature = float(temperature)
        self.threshold = float(threshold)

    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        *,
        sample_weight: np.ndarray | None = None,
        hyper: Hyper = DEFAULT_HYPER,
    ) -> Scorer:
        """Train on embeddings ``x`` and soft targets ``y`` (rows of ``targets``)."""
        weights, bias = _train(x.astype(np.float64), y, sample_weight, hyper)
        return cls(weights, bias)

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Raw class scores before calibration."""
        return np.asarray(x, dtype=np.float32) @ self.weights + self.bias

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Calibrated class probabilities, one row per embedding, columns in CLASSES order."""
        return softmax(self.logits(x) / self.temperature)

    def decide(self, x: np.ndarray) -> list[Typing]:
        """The type (or "none") of each embedded sentence, with calibrated confidence."""
        return [self._decision(row) for row in self.probabilities(x)]

    def _decision(self, row: np.ndarray) -> Typing:
        """One sentence's decision from its class probabilities."""
        probabilities = {name: float(p) for name, p in zip(CLASSES, row, strict=True)}
        event = 1.0 - float(row[_NONE_INDEX])
        top = int(np.argmax(row[: len(TYPES)]))
        if event >= self.threshold:
            return Typing(TYPES[top], float(row[top]), event, probabilities)
        return Typing(NONE, float(row[_NONE_INDEX]), event, probabilities)

    def save(self, path: Path) -> None:
        """Write the scorer as a small .npz (no pickles)."""
        np.savez_compressed(
            path,
            weights=self.weights,
            bias=self.bias,
            temperature=np.float64(self.temperature),
            threshold=np.float64(self.threshold),
            classes=np.array(CLASSES),
        )

    @classmethod
    def load(cls, path: Path) -> Scorer:
        """Read a scorer written by ``save``; its classes must be ours."""
        with np.load(path, allow_pickle=False) as stored:
            if tuple(str(name) for name in stored["classes"]) != CLASSES:
                raise ValueError(f"{path}: classes differ from {CLASSES}")
            return cls(
                stored["weights"],
                stored["bias"],
                temperature=float(stored["temperature"]),
                threshold=float(stored["threshold"]),
            )


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large scores."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    probabilities: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return probabilities


def class_weights(y: np.ndarray, balance: float) -> np.ndarray:
    """Per-class weights (mean count / count) ** balance; a class never seen weighs 1."""
    counts = y.sum(axis=0)
    seen = counts > 0
    weights = np.ones(len(counts))
    weights[seen] = (counts[seen].mean() / counts[seen]) ** balance
    return weights


def _train(
    x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None, hyper: Hyper
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch Adam on the weighted cross-entropy with L2 decay, from zeros (deterministic)."""
    n, d = x.shape
    k = y.shape[1]
    row_weight = (y @ class_weights(y, hyper.balance)) * (
        1.0 if sample_weight is None else sample_weight
    )
    row_weight = row_weight / row_weight.sum()
    params = np.zeros((d + 1, k))
    moment, velocity = np.zeros_like(params), np.zeros_like(params)
    xb = np.hstack([x, np.ones((n, 1))])
    for step in range(1, hyper.epochs + 1):
        error = (softmax(xb @ params) - y) * row_weight[:, None]
        grad = xb.T @ error
        grad[:d] += hyper.weight_decay * params[:d]
        moment = 0.9 * moment + 0.1 * grad
        velocity = 0.999 * velocity + 0.001 * grad**2
        update = (moment / (1 - 0.9**step)) / (np.sqrt(velocity / (1 - 0.999**step)) + 1e-8)
        params -= hyper.learning_rate * update
    return params[:d], params[d]


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the log-loss of held-out ``logits`` (grid search, 0.25-5)."""
    grid = np.round(np.arange(0.25, 5.01, 0.05), 2)
    losses = [-(y * np.log(softmax(logits / t) + 1e-12)).sum(axis=1).mean() for t in grid]
    return float(grid[int(np.argmin(losses))])
