"""A store holding the read tests' world, closed after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from readworld import stored

from khronika.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The world of ``readworld`` in a fresh store, on each backend (``db_url``)."""
    with stored(db_url) as opened:
        yield opened
