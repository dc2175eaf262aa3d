"""The window of chunks on a cluster: rows come back in input order, never too far ahead.

The cluster here is Dask's in-process one (threads), with a stand-in for the per-document work,
so the story is about the window alone: chunks that finish out of order, a chunk that fails.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client

from khronika.batch import engine
from khronika.batch.engine import in_order
from khronika.batch.shards import Row
from khronika.batch.sources import Item
from khronika.settings import Settings


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with Client(processes=False, n_workers=1, threads_per_worker=4, dashboard_address=None) as c:
        yield c


# What the stand-ins saw; module-level, since Dask pickles the functions it runs (by name).
STARTED: list[int] = []
LOCK = threading.Lock()


def slow_first(items: list[Item], settings: Settings, known: object = frozenset()) -> list[Row]:
    """Every third chunk is slow, so the others finish before it."""
    number = items[0].index // 2
    with LOCK:
        STARTED.append(number)
    time.sleep(0.3 if number % 3 == 0 else 0.01)
    return [{"index": item.index, "path": item.shown} for item in items]


def fails_on_the_second(
    items: list[Item], settings: Settings, known: object = frozenset()
) -> list[Row]:
    """The second chunk's task raises, as a worker out of memory would."""
    if items[0].index == 2:
        raise MemoryError("worker ran out of memory\nmore detail")
    return [{"index": item.index, "path": item.shown} for item in items]


def echo(items: list[Item], settings: Settings, known: object = frozenset()) -> list[Row]:
    """A row per item and nothing read."""
    return [{"index": item.index, "path": item.shown, "relative": item.relative} for item in items]


def _chunks(count: int, size: int = 2) -> Iterator[list[Item]]:
    for number in range(count):
        yield [
            Item(number * size + i, f"doc-{number}-{i}.txt", f"doc-{number}-{i}.txt", path="x")
            for i in range(size)
        ]


def test_chunks_finishing_out_of_order_come_back_in_order_within_the_window(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    STARTED.clear()
    monkeypatch.setattr(engine, "process_chunk", slow_first)
    window = 3
    received: list[int] = []

    for rows in in_order(client, _chunks(10), Settings(), window):
        number = rows[0]["index"] // 2
        with LOCK:
            assert max(STARTED) < number + window  # never a window ahead of the oldest
        received.append(number)
        assert [row["index"] for row in rows] == [number * 2, number * 2 + 1]

    assert received == list(range(10))
    assert sorted(STARTED) == list(range(10))


def test_a_chunk_that_fails_gives_one_line_per_document_and_the_rest_goes_on(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "process_chunk", fails_on_the_second)

    rows = [row for chunk in in_order(client, _chunks(3), Settings(), 2) for row in chunk]

    assert [row["index"] for row in rows] == [0, 1, 2, 3, 4, 5]
    assert [row.get("error") for row in rows] == [
        None,
        None,
        "doc-1-0.txt: not read, the cluster's task failed (MemoryError: worker ran out of memory)",
        "doc-1-1.txt: not read, the cluster's task failed (MemoryError: worker ran out of memory)",
        None,
        None,
    ]


def test_extract_to_shards_on_an_existing_scheduler(
    client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def echo(items: list[Item], settings: Settings) -> list[Row]:
        return [
            {"index": item.index, "path": item.shown, "relative": item.relative} for item in items
        ]

    monkeypatch.setattr(engine, "process_chunk", echo)
    items = [item for chunk in _chunks(5, size=3) for item in chunk]

    run = engine.extract_to_shards(
        items, tmp_path, Settings(batch_size=4), scheduler=client.scheduler.address
    )

    assert (run.documents, run.shards, run.threads) == (15, 1, 4)
    assert len(run.workers) == 1 and run.seconds > 0
