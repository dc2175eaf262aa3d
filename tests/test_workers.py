"""Extraction in worker processes: the same store as one process, written by the parent alone.

A folder of short invented reports is ingested three times: in this process, by one worker
process beside it, and by two (each loads its own model, so the story takes a few seconds);
every report, every happening and the order the documents were stored in must be the same, on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from backends import Server, pg_or_skip, sqlite_url

from khronika import pipeline, workers
from khronika.model import Document
from khronika.settings import Settings
from khronika.store import Store

DATA = Path(__file__).parent / "data"

INVENTED = {
    "karaganda.txt": "Police detained four teachers in Karaganda on 14 March 2025 during a "
    "strike over unpaid wages. Aigerim Tulegenova, their union's lawyer, said they were beaten.\n",
    "aktobe-court.txt": "A court in Aktobe fined the activist Dana Ospan on 16 March 2025 for an "
    "unsanctioned picket outside the regional akimat.\n",
    "temirtau.txt": "About 200 miners went on strike in Temirtau on 15 March 2025; police "
    "detained three of their leaders, among them Marat Seitkali.\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    for part in ("first-reports", "second-reports"):
        for path in (DATA / part).glob("*.txt"):
            shutil.copy(path, root / path.name)
    for name, text in INVENTED.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def new_store(
    backend: str, tmp_path: Path, pg_server: Server | None
) -> Iterator[Callable[[], str]]:
    """``new_store()``: the URL of another empty store on ``backend`` at each call (a SQLite
    file, or a PostgreSQL database dropped after the test)."""
    with ExitStack() as stack:

        def new() -> str:
            if backend == "sqlite":
                return sqlite_url(tmp_path / f"{uuid.uuid4().hex}.db")
            return stack.enter_context(pg_or_skip(pg_server).database())

        yield new


def _ingest(folder: Path, url: str, count: int) -> tuple[pipeline.RunReport, dict[str, Any]]:
    settings = Settings(workers=count, docs_per_worker=1)
    with Store.open(url) as store:
        report = pipeline.ingest([folder], store, settings)
        seen = {
            "order": [status.name for status in store.statuses()],
            "reports": sorted((e.to_dict() for e in store.events()), key=lambda e: e["id"]),
            "happenings": sorted((c.to_dict() for c in store.clusters()), key=lambda c: c["id"]),
        }
    return report, seen


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The worker counts the pipeline started pools with."""
    started: list[int] = []
    real = workers.Feeder._start

    def spy(feeder: workers.Feeder, count: int) -> None:
        started.append(count)
        real(feeder, count)

    monkeypatch.setattr(workers.Feeder, "_start", spy)
    yield started


def test_one_and_two_workers_store_what_one_process_stores(
    folder: Path,
    new_store: Callable[[], str],
    pools: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as single_core:
        single_core.setattr(workers.os, "cpu_count", lambda: 1)
        alone, one = _ingest(folder, new_store(), 1)
    assert pools == []  # one core: this process reads the documents itself

    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    beside, worker = _ingest(folder, new_store(), 1)
    pooled, two = _ingest(folder, new_store(), 2)

    assert pools == [1, 2]  # a core to spare: one worker parses while this process writes
    assert not alone.errors and not beside.errors and not pooled.errors
    assert len(one["order"]) == 8 and one["reports"] and one["happenings"]
    assert worker == one and two == one
    for run in (beside, pooled):
        assert (run.ingested, run.events, run.clusters) == (
            alone.ingested,
            alone.events,
            alone.clusters,
        )


@pytest.mark.parametrize(
    ("documents", "asked", "cores", "expected"),
    [
        (500, None, 2, 2),  # default: the machine's cores
        (500, 1, 2, 1),  # --workers 1
        (500, 8, 2, 8),  # asked for more than the cores: as asked
        (5, None, 2, 1),  # the seeds: not worth a second model
        (64, None, 4, 2),  # two workers' worth of documents
        (0, None, 2, 1),
    ],
)
def test_the_number_of_workers_is_what_the_documents_pay_for(
    documents: int, asked: int | None, cores: int, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: cores)
    settings = Settings(workers=asked, docs_per_worker=32)
    assert workers.worker_count(documents, settings) == expected


@pytest.mark.parametrize(
    ("count", "documents", "cores", "expected"),
    [
        (2, 64, 2, True),  # two workers' worth of documents
        (2, 63, 2, False),
        (1, 32, 2, True),  # one worker, and a core left for the process that writes
        (1, 32, 1, False),  # one core: the worker would only take turns with the writer
        (1, 31, 2, False),  # too few documents to pay for the worker's model
        (4, 128, 2, True),  # asked for more than the cores: as asked
    ],
)
def test_a_pool_runs_when_the_documents_pay_for_it_and_a_core_is_free(
    count: int, documents: int, cores: int, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: cores)
    assert workers.pooled(count, documents, Settings(docs_per_worker=32)) is expected


def test_the_commands_pass_workers_on_and_refuse_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    asked: list[int | None] = []

    def ingest(paths: Any, store: Store, settings: Settings, **_: Any) -> pipeline.RunReport:
        asked.append(settings.workers)
        return pipeline.RunReport()

    def reextract(store: Store, settings: Settings, **_: Any) -> pipeline.RunReport:
        asked.append(settings.workers)
        return pipeline.RunReport()

    monkeypatch.setattr(pipeline, "ingest", ingest)
    monkeypatch.setattr(pipeline, "reextract", reextract)
    db = ["--db", str(tmp_path / "k.db")]
    runner = CliRunner()

    assert runner.invoke(main, ["ingest", str(tmp_path), "--workers", "2", *db]).exit_code == 0
    assert runner.invoke(main, ["extract", "--workers", "3", *db]).exit_code == 0
    assert runner.invoke(main, ["ingest", str(tmp_path), *db]).exit_code == 0
    assert asked == [2, 3, None]  # None: the machine's cores

    refused = runner.invoke(main, ["ingest", str(tmp_path), "--workers", "0", *db])
    assert refused.exit_code == 2 and "--workers" in refused.output


class _Recorder:
    """Stands for a pool: records the chunks sent; each stays running until ``finish``."""

    def __init__(self) -> None:
        self.sent: list[list[str]] = []
        self.running: list[tuple[Future[Any], int]] = []

    def submit(self, _: Any, task: tuple[str, list[Document]]) -> Future[Any]:
        _, documents = task
        self.sent.append([d.name for d in documents])
        future: Future[Any] = Future()
        self.running.append((future, len(documents)))
        return future

    def finish(self, count: int | None = None) -> None:
        """The oldest ``count`` chunks (all by default) done."""
        done, self.running = self.running[:count], self.running[len(self.running[:count]) :]
        for future, size in done:
            future.set_result([("en-test", [])] * size)

    def sizes(self) -> list[int]:
        return [len(names) for names in self.sent]

    def shutdown(self, **_: Any) -> None:
        pass


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    """No model here: the pool of every feeder is a recorder of what was sent, and when."""
    pool = _Recorder()

    def start(feeder: workers.Feeder, count: int) -> None:
        feeder.pool, feeder.workers = pool, count  # type: ignore[assignment]

    monkeypatch.setattr(workers.Feeder, "_start", start)
    return pool


def _short(name: str, language: str | None = "en") -> Document:
    raw = b"A short report."
    return Document(
        name=name, text=raw.decode(), sha256=Document.hash_bytes(raw), raw=raw, language=language
    )


def test_the_feeder_sends_chunks_while_documents_are_still_read(recorder: _Recorder) -> None:
    # Two workers of 8 documents each pay for the pool; a chunk is 4 batches of 1 document, and
    # a chunk for each worker is held back until the end.
    settings = Settings(workers=2, docs_per_worker=8, batch_size=1)
    english = [_short(f"en-{n:02}.txt") for n in range(21)]
    with workers.Feeder(settings) as feeder:
        for item in english[:15]:
            feeder.add(item)
        feeder.add(_short("unknown.txt", language="xx"))  # no extractor: read here
        assert recorder.sent == []  # 15 documents do not pay for a second model yet

        feeder.add(english[15])
        assert recorder.sizes() == [4, 4]  # started: 8 go out, 8 held

        for item in english[16:]:
            feeder.add(item)
        assert recorder.sizes() == [4, 4, 4]  # 4 more; 9 held while both workers are busy

        feeder.finish()
        # The 9 held back, cut into 2 x 2 pieces: the workers end together.
        assert recorder.sizes() == [4, 4, 4, 3, 3, 3]
        recorder.finish()
        assert feeder.outcomes("xx") is None
        back = feeder.outcomes("en")
        assert back is not None and [d.name for d, _ in back] == [d.name for d in english]
    assert [name for names in recorder.sent for name in names] == [d.name for d in english]


def test_a_worker_with_nothing_to_do_takes_what_is_read_without_waiting_for_a_full_chunk(
    recorder: _Recorder,
) -> None:
    """Files slow to read (PDFs): a worker that is done does not wait for the reserve to fill."""
    settings = Settings(workers=2, docs_per_worker=8, batch_size=2)  # chunks of 8, a reserve of 16
    english = [_short(f"en-{n:02}.txt") for n in range(40)]
    with workers.Feeder(settings) as feeder:
        for item in english[:16]:
            feeder.add(item)
        assert recorder.sizes() == [8, 8]  # started with both workers idle: one chunk each

        for item in english[16:21]:
            feeder.add(item)
        assert recorder.sizes() == [8, 8]  # both busy: the 5 read since wait

        recorder.finish(1)  # one worker done
        feeder.add(english[21])
        assert recorder.sizes() == [8, 8, 6]  # it takes the 6 read, not waiting for 8

        feeder.add(english[22])  # a single document is less than a batch: it waits
        recorder.finish(1)
        feeder.add(english[23])
        assert recorder.sizes() == [8, 8, 6, 2]
        for item in english[24:]:
            feeder.add(item)
        feeder.finish()
        recorder.finish()
        back = feeder.outcomes("en")
        assert back is not None and [d.name for d, _ in back] == [d.name for d in english]
    assert [name for names in recorder.sent for name in names] == [d.name for d in english]


@pytest.mark.parametrize(
    ("count", "size", "workers_", "expected"),
    [
        (32, 16, 2, 8),  # the reserve of 2 workers: two chunks each
        (80, 16, 2, 14),  # 6 chunks: three each
        (5, 2, 2, 2),
        (40, 64, 1, 64),  # one worker: nothing to balance
        (0, 16, 2, 1),
    ],
)
def test_the_last_documents_are_cut_so_the_workers_end_together(
    count: int, size: int, workers_: int, expected: int
) -> None:
    assert workers.even_size(count, size, workers_) == expected


class _FakePool:
    """Stands for a process pool: records what it was given, runs nothing."""

    def __init__(self) -> None:
        self.tasks = 0
        self.stopped = False

    def submit(self, *_: Any) -> Any:
        from concurrent.futures import Future

        self.tasks += 1
        future: Future[Any] = Future()
        future.set_result(None)
        return future

    def shutdown(self, **_: Any) -> None:
        self.stopped = True


def test_the_command_starts_the_workers_before_reading_when_the_folder_pays_for_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[_FakePool] = []

    def new_pool(settings: Settings, count: int) -> _FakePool:
        made.append(_FakePool())
        return made[-1]

    monkeypatch.setattr(workers, "_new_pool", new_pool)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    few = Settings(workers=2, docs_per_worker=9)  # 8 files do not pay for even one worker
    workers.prestart([folder], few)
    assert made == [] and workers._ready is None

    enough = Settings(workers=2, docs_per_worker=4)
    workers.prestart([folder], enough)
    (pool,) = made
    assert pool.tasks == 2  # one task per process, so both are spawned now

    with workers.Feeder(enough) as feeder:
        feeder._start(2)
        assert feeder.pool is pool and workers._ready is None  # taken, not started again
    assert len(made) == 1 and pool.stopped


@pytest.fixture
def pool_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the pools started, on a machine of two cores (the pools run nothing)."""
    sizes: list[int] = []

    def new_pool(settings: Settings, count: int) -> _FakePool:
        sizes.append(count)
        return _FakePool()

    monkeypatch.setattr(workers, "_new_pool", new_pool)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    return sizes


def test_a_folder_that_pays_for_one_worker_prestarts_one(
    folder: Path, pool_sizes: list[int]
) -> None:
    settings = Settings(workers=2, docs_per_worker=5)  # 8 files: one worker's worth, not two

    workers.prestart([folder], settings)

    assert pool_sizes == [1]
    workers._take_ready(settings, 0)  # stopped: no feeder takes it here


def test_the_extract_command_prestarts_for_the_stores_documents(pool_sizes: list[int]) -> None:
    settings = Settings(docs_per_worker=32)

    workers.prestart_for(31, settings)  # too few for a worker's model
    assert pool_sizes == [] and workers._ready is None
    workers.prestart_for(200, settings)  # the machine's two cores
    assert pool_sizes == [2]
    workers._take_ready(settings, 0)


def test_a_prestarted_pool_the_run_does_not_need_is_stopped(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = _FakePool()
    monkeypatch.setattr(workers, "_new_pool", lambda settings, count: pool)
    settings = Settings(workers=2, docs_per_worker=4)
    workers.prestart([folder], settings)

    with workers.Feeder(settings):
        pass  # every file was stored already: nothing to extract

    assert pool.stopped and workers._ready is None


def _blas_threads() -> int:
    from threadpoolctl import threadpool_info

    return max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")


def _worker_state() -> tuple[int, bool]:
    from khronika.extract import spacy_runner

    return _blas_threads(), spacy_runner._beside


def test_a_worker_runs_one_blas_thread_and_a_helper_thread_only_beside_a_free_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workers are the parallelism: a BLAS pool in each would spin on the others' cores,
    and a helper thread where every core has a worker only contends for the interpreter lock."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    cores = os.cpu_count() or 1
    for count in sorted({1, cores}):
        pool = workers._new_pool(Settings(), count)
        try:
            blas, beside = pool.submit(_worker_state).result()
        finally:
            pool.shutdown()
        assert blas == 1
        assert beside is (count < cores)
