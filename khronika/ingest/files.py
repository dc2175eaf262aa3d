"""Which files a run reads: paths as given, folders walked recursively in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

# Metadata and gold files sit next to the sources they describe; they are not sources.
_SIDECAR_SUFFIXES = frozenset({".jsonl"})


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield every input file: files as given, folders recursively (sorted, deterministic).

    Inside folders, hidden files and folders and ``*.jsonl`` files are skipped. A path that
    does not exist is yielded anyway so that :func:`read_document` reports it and the batch
    goes on; a file named explicitly is never filtered, whatever its name.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    files: list[Path] = []
    # followlinks=False: a symlink loop must not make the walk endless.
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if not _is_hidden(d)]
        root = Path(dirpath)
        files.extend(root / name for name in filenames if _is_source_name(name))
    # Sort by path components, not by string: "a/b" must come before "a-c" on every platform.
    yield from sorted(files, key=lambda p: p.relative_to(folder).parts)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _is_source_name(name: str) -> bool:
    return not _is_hidden(name) and Path(name).suffix.lower() not in _SIDECAR_SUFFIXES
