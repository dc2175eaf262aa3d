"""Fixtures shared by the store's tests: a fresh, empty store of its own, on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from khronika.store import Store

from .happenings import consolidate


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An empty store, every migration applied, in a fresh database (see ``db_url``)."""
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def consolidated(store: Store) -> Store:
    """The store with the story of :mod:`happenings` extracted and consolidated."""
    return consolidate(store)
