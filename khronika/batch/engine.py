"""The per-document stages on a Dask cluster, their results written as Parquet shards in order.

Items go out in chunks (a chunk is one ``nlp.pipe`` batch of one task); a new chunk is sent only
while it is fewer than ``window`` chunks ahead of the oldest one not yet back, so the driver
holds at most a window of results and the shards come out in input order whatever order the
workers finish in. A chunk whose task fails (a worker killed, a bug) gives one line per document
and the batch goes on. The cluster is an existing one (``scheduler``: dask-jobqueue, Kubernetes)
or a LocalCluster of worker processes with one thread each.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from khronika.batch.shards import UNCHANGED, Row, ShardWriter
from khronika.batch.sources import Item
from khronika.batch.work import process_chunk, usage
from khronika.settings import Settings
from khronika.timeline import mark

if TYPE_CHECKING:
    from distributed import Client, Future

log = logging.getLogger(__name__)

# Chunks in flight per worker thread: enough that a worker never waits for the driver, few
# enough that the driver's window of results stays small (16 documents a chunk by default).
CHUNKS_PER_THREAD = 4


@dataclass
class ExtractionRun:
    """What the cluster did: documents and shards written, each worker's CPU and peak memory."""

    documents: int = 0
    unchanged: int = 0  # read, but stored and extracted already: not extracted again
    shards: int = 0
    threads: int = 0
    seconds: float = 0.0  # wall time from the cluster's start to the last shard written
    workers: dict[str, dict[str, float]] = field(default_factory=dict)


def extract_to_shards(
    items: Iterable[Item],
    folder: Path,
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    known: frozenset[str] = frozenset(),
) -> ExtractionRun:
    """Run every item's per-document stages on the cluster; write their rows into ``folder``.

    ``progress`` is told how many inputs each chunk written held. A document whose SHA-256 is
    in ``known`` (the store holds it, extracted) is read but not extracted again.
    """
    run = ExtractionRun()
    writer = ShardWriter(folder)
    start = time.perf_counter()
    with connect(scheduler, workers) as client:
        mark("cluster ready")
        run.threads = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
        window = max(2, CHUNKS_PER_THREAD * run.threads)
        chunks = _chunks(items, max(1, settings.batch_size))
        # Sent once to every worker, not with every chunk: a store's hashes may be many.
        hashes: object = known
        if known:
            scattered = client.scatter([known], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
            hashes = scattered[0]
        try:
            for rows in in_order(client, chunks, settings, window, hashes):
                writer.write(rows)
                mark("driver: chunk written")
                run.documents += len(rows)
                run.unchanged += sum(row.get("outcome") == UNCHANGED for row in rows)
                if progress is not None:
                    progress(len(rows))
        finally:
            writer.close()
        run.seconds = time.perf_counter() - start
        run.workers = {str(k): v for k, v in client.run(usage).items()}
    run.shards = writer.shards
    return run


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``workers`` processes."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    from khronika.extract.gazetteer_index import ensure_index

    ensure_index()  # built once here, not by every worker at the same time
    # Not daemonic: a worker reads a PDF in a child process of its own (ingest/pdf.py).
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # The scheduler's health and metrics routes on a free local port, not on 8787,
            # which another cluster or service on the machine may hold.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    stream = iter(items)
    while chunk := list(islice(stream, size)):
        yield chunk


def in_order(
    client: Client,
    chunks: Iterator[list[Item]],
    settings: Settings,
    window: int,
    known: object = frozenset(),
) -> Iterator[list[Row]]:
    """Each chunk's rows, in the order of the chunks, with at most ``window`` chunks pending.

    ``known`` is the hashes not to extract again (or the cluster's future of them).
    """
    return iter(_Window(client, chunks, settings, window, known))


class _Window:
    """Chunks sent while fewer than ``size`` ahead of the oldest not back; rows out in order."""

    def __init__(
        self,
        client: Client,
        chunks: Iterator[list[Item]],
        settings: Settings,
        size: int,
        known: object,
    ) -> None:
        from distributed import as_completed

        self.client, self.chunks, self.settings, self.size = client, chunks, settings, size
        self.known = known
        self.run = uuid.uuid4().hex[:8]  # keys unique to this run on a shared cluster
        self.pending = as_completed()  # type: ignore[no-untyped-call]
        self.sent: dict[str, tuple[int, list[Item]]] = {}
        self.done: dict[int, list[Row]] = {}
        self.next = 0  # the oldest chunk not yet given out
        self.count = 0  # chunks sent

    def fill(self) -> None:
        """Send chunks until the window is full or the input is read."""
        while self.count - self.next < self.size:
            chunk = next(self.chunks, None)
            if chunk is None:
                return
            key = f"khronika-batch-{self.run}-{self.count}"
            future = self.client.submit(
                process_chunk, chunk, self.settings, self.known, key=key, pure=False
            )
            self.pending.add(future)  # type: ignore[no-untyped-call]
            self.sent[key] = (self.count, chunk)
            self.count += 1

    def __iter__(self) -> Iterator[list[Row]]:
        self.fill()
        for future in self.pending:
            number, chunk = self.sent.pop(future.key)
            self.done[number] = _rows(future, chunk)
            future.release()
            while self.next in self.done:
                yield self.done.pop(self.next)
                self.next += 1
            self.fill()


def _rows(future: Future[list[Row]], chunk: list[Item]) -> list[Row]:
    try:
        rows = future.result()
    except Exception as exc:  # whatever a remote task raised: one line a document
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        log.warning("a chunk of %d documents failed on the cluster: %s", len(chunk), reason)
        return [
            {
                "index": item.index,
                "path": item.path or item.shown,
                "relative": item.relative,
                "error": f"{item.shown}: not read, the cluster's task failed ({reason})",
            }
            for item in chunk
        ]
    return rows
