"""The collector's tuning for batch commands: fewer young collections, the rest as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from khronika.collector import YOUNG_THRESHOLD, tune_for_batch


@pytest.fixture
def restored() -> Iterator[tuple[int, int, int]]:
    """CPython's default thresholds while the test runs (an in-process ingest may have tuned
    them already); the process's own afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_the_young_generation_is_collected_less_often_and_the_others_as_before(
    restored: tuple[int, int, int],
) -> None:
    tune_for_batch()

    young, middle, old = gc.get_threshold()
    assert young == YOUNG_THRESHOLD > restored[0]
    assert (middle, old) == restored[1:]


def test_cycles_are_still_collected_once_the_threshold_is_passed(
    restored: tuple[int, int, int],
) -> None:
    tune_for_batch()
    collected: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collected.append(info["collected"])

    gc.callbacks.append(count)
    try:
        for _ in range(YOUNG_THRESHOLD // 2 + 10):
            pair: list[object] = []
            pair.append([pair])  # a cycle: reference counting alone never frees it
    finally:
        gc.callbacks.remove(count)
    assert sum(collected) > 0
