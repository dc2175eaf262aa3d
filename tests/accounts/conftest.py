"""An empty store for the account tests, closed after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from khronika.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh, empty store, on each backend (``db_url``)."""
    with Store.open(db_url) as opened:
        yield opened
