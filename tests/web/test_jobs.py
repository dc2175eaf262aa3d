"""The desk's batch queue: batches run one at a time, in the order sent, each in its own
folder that is gone when it ends; a batch that raises fails alone. The store is on each backend."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from khronika.store import Store
from khronika.web.jobs import Job, Jobs


def wait(job: Job) -> None:
    deadline = time.monotonic() + 10
    while job.state not in ("done", "failed"):
        assert time.monotonic() < deadline, job.state
        time.sleep(0.01)


def test_batches_run_one_at_a_time_in_order(tmp_path: Path, db_url: str) -> None:
    with Store.open(db_url) as store:
        jobs = Jobs(store, None)
        running = threading.Lock()
        order: list[int] = []
        overlaps: list[int] = []

        def work(job: Job) -> None:
            if not running.acquire(blocking=False):
                overlaps.append(job.id)
                return
            try:
                assert job.files_dir.parent.is_dir()
                time.sleep(0.05)
                order.append(job.id)
                job.ingested.append(f"doc-{job.id}")
            finally:
                running.release()

        sent = []
        for n in range(3):
            folder = tmp_path / f"batch-{n}"
            folder.mkdir()
            job = jobs.new("paste", "ana", folder, client=None)
            jobs.submit(job, work)
            sent.append(job)
        for job in sent:
            wait(job)

        assert order == [job.id for job in sent]
        assert overlaps == []
        assert [job.state for job in sent] == ["done"] * 3
        assert not any(job.folder.exists() for job in sent)
        assert [job.id for job in jobs.recent()] == [job.id for job in reversed(sent)]
        jobs.close()


def test_a_batch_that_raises_fails_alone(tmp_path: Path, db_url: str) -> None:
    with Store.open(db_url) as store:
        jobs = Jobs(store, None)

        def broken(job: Job) -> None:
            raise OSError("disk full")

        def fine(job: Job) -> None:
            job.ingested.append("report.txt")

        (tmp_path / "first").mkdir()
        first = jobs.new("upload", "ana", tmp_path / "first", client=None)
        second_folder = tmp_path / "second"
        second_folder.mkdir()
        second = jobs.new("upload", "ana", second_folder, client=None)
        jobs.submit(first, broken)
        jobs.submit(second, fine)
        wait(first)
        wait(second)

        assert first.state == "failed"
        assert first.errors == [f"job {first.id}: disk full"]
        assert second.state == "done"
        assert second.status()["ingested"] == ["report.txt"]
        jobs.close()
