"""All or nothing on disk: every output is written under a temporary name beside its target and
renamed at the end, so a failed publish leaves no half-written file and an existing file is
replaced only by that rename.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from khronika.errors import KhronikaError


class PublishError(KhronikaError):
    """The published files could not be written; nothing was left under their names."""


@contextlib.contextmanager
def failing(path: Path) -> Iterator[None]:
    """Turn a failure to write ``path`` into a one-line :class:`PublishError` naming it."""
    try:
        yield
    except OSError as error:
        raise PublishError(f"{path}: cannot write ({error.strerror or error})") from error
    except sqlite3.Error as error:
        raise PublishError(f"{path}: cannot write ({error})") from error


class Staging:
    """Temporary files beside their targets; :meth:`commit` renames them in the order staged,
    and leaving the ``with`` block removes whatever was not renamed.
    """

    def __init__(self) -> None:
        self._temps: list[Path] = []
        self._moves: list[tuple[Path, Path]] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        for temp in self._temps:
            for leftover in (temp, temp.with_name(temp.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def temp_for(self, target: Path) -> Path:
        """A new empty file in ``target``'s directory (the rename stays on one filesystem)."""
        with failing(target):
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
        os.close(handle)
        self._temps.append(Path(name))
        return Path(name)

    def stage(self, temp: Path, target: Path) -> None:
        """Rename ``temp`` to ``target`` at :meth:`commit`."""
        self._moves.append((temp, target))

    def commit(self) -> None:
        """Rename every staged file onto its target, in the order staged."""
        for temp, target in self._moves:
            with failing(target):
                os.replace(temp, target)
            self._temps.remove(temp)
