"""An empty store for the account tests, closed after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store."""
    with Store.open(f"sqlite:///{tmp_path / 'accounts.db'}") as opened:
        yield opened
