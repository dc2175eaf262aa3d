"""Fixtures shared by the store's tests: a fresh, empty store in a file of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika.store import Store

from .happenings import consolidate


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store, every migration applied, in a SQLite file under the test's tmp_path."""
    with Store.open(f"sqlite:///{tmp_path / 'khronika.db'}") as opened:
        yield opened


@pytest.fixture
def consolidated(store: Store) -> Store:
    """The store with the story of :mod:`happenings` extracted and consolidated."""
    return consolidate(store)
