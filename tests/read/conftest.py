"""A store holding the read tests' world, closed after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from readworld import stored

from khronika.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The world of ``readworld`` in a fresh store."""
    with stored(tmp_path) as opened:
        yield opened
