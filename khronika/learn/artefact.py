"""The shipped artefact: the trained scorer (.npz) and its manifest (.json), and how to load them.

``EventTyper`` is the small interface the extractor uses: give it candidate sentences (and the
document they come from), get back a type or "none" with a calibrated confidence for each. The manifest records what the scorer
was trained on (files and SHA-256 digests), with which encoder and label mapping, its settings
and its cross-validated scores, so a rebuild can be checked against it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from khronika.learn import encoder
from khronika.learn.data import split_sentences
from khronika.learn.labels import LABEL_MAPPING_VERSION
from khronika.learn.scorer import Scorer, Typing, featurize, unit_mean

ARTEFACT_NAME: Final = "event-types-v1"
ARTEFACTS: Final = Path(__file__).parent / "artefacts"


def sha256_file(path: Path) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha256_folder(folder: Path, pattern: str = "*.txt") -> str:
    """One digest for a folder of texts: SHA-256 over the sorted "name digest" lines."""
    lines = [f"{path.name} {sha256_file(path)}\n" for path in sorted(folder.glob(pattern))]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


@dataclass(frozen=True)
class EventTyper:
    """A loaded scorer with its manifest: types candidate sentences."""

    scorer: Scorer
    manifest: dict[str, Any]

    @classmethod
    def load(cls, directory: Path = ARTEFACTS, name: str = ARTEFACT_NAME) -> EventTyper:
        """Load ``name``.npz and ``name``.json, checking the digest, encoder and label mapping."""
        weights = directory / f"{name}.npz"
        manifest = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if manifest["artefact"]["sha256"] != sha256_file(weights):
            raise ValueError(f"{weights}: digest differs from its manifest")
        if manifest["label_mapping"] != LABEL_MAPPING_VERSION:
            raise ValueError(f"{weights}: trained with label mapping {manifest['label_mapping']}")
        if manifest["encoder"]["version"] != encoder.encoder_version():
            raise ValueError(
                f"{weights}: trained with {encoder.ENCODER_DISTRIBUTION} "
                f"{manifest['encoder']['version']}, installed {encoder.encoder_version()}"
            )
        return cls(Scorer.load(weights), manifest)

    def type_sentences(
        self, sentences: Sequence[str], *, document: str | None = None
    ) -> list[Typing]:
        """The type (or "none") and calibrated confidence of each sentence of ``document``.

        Without a document, each sentence stands alone (its own context), as a short brief does.
        """
        vectors = encoder.encode(sentences)
        if document is None:
            return self.type_vectors(vectors, vectors)
        spans = split_sentences(document)
        whole = encoder.encode([document[start:end] for start, end in spans]) if spans else vectors
        return self.type_vectors(vectors, np.broadcast_to(unit_mean(whole), vectors.shape))

    def type_vectors(self, vectors: np.ndarray, context: np.ndarray) -> list[Typing]:
        """Decisions from embeddings already computed, with one context row per sentence."""
        return self.scorer.decide(featurize(vectors, context))


@functools.cache
def shipped() -> EventTyper:
    """The artefact shipped in the package, loaded once per process."""
    return EventTyper.load()
