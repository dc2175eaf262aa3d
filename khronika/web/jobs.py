"""Background jobs of material sent in from the browser: one at a time per desk, in order.

The web package runs no stage itself: reading, extraction and consolidation come in as an
:class:`Intake` the CLI's ``serve`` builds over the pipeline (as consolidation does for merges),
and fetching a web address comes in the same way. A job owns a temporary folder that holds the
uploaded bytes under names the desk chose; it is removed when the job ends. Jobs live in memory:
what they stored is in the store, their lines are for the analyst watching.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from khronika.errors import KhronikaError
from khronika.store import EventFilter, Store
from khronika.web.injected import Intake
from khronika.web.uploads import capture_name, write_meta

log = logging.getLogger(__name__)

State = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    """One batch sent in from the browser and what became of it."""

    id: int
    kind: Literal["upload", "paste", "capture"]
    account: str
    client: str | None
    folder: Path
    files: list[str]
    meta: dict[str, dict[str, str]]
    address: str | None = None
    state: State = "queued"
    phase: str = "waiting for the job before it"
    total: int = 0
    done: int = 0
    current: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    events: int = 0
    happenings: list[dict[str, str]] = field(default_factory=list)
    capture: dict[str, str] | None = None

    @property
    def files_dir(self) -> Path:
        """Where the uploaded (or captured) bytes are written."""
        return self.folder / "files"

    @property
    def meta_file(self) -> Path:
        """The ``--meta`` file of the batch (outside the files' folder, so not read as one)."""
        return self.folder / "meta.jsonl"

    def status(self) -> dict[str, Any]:
        """The job as the status endpoint answers it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "account": self.account,
            "state": self.state,
            "phase": self.phase,
            "total": self.total,
            "done": self.done,
            "current": self.current,
            "files": self.files,
            "address": self.address,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "finished_at": self.finished_at.isoformat(timespec="seconds")
            if self.finished_at
            else None,
            "ingested": self.ingested,
            "unchanged": self.unchanged,
            "aliases": self.aliases,
            "rejected": self.rejected,
            "errors": self.errors,
            "notes": self.notes,
            "events": self.events,
            "happenings": self.happenings,
            "capture": self.capture,
        }


Work = Callable[[Job], None]


class Jobs:
    """The desk's queue: jobs run one at a time, in order, on one worker thread."""

    def __init__(self, store: Store, intake: Intake | None, *, keep: int = 50) -> None:
        self.store = store
        self.intake = intake
        self._keep = keep
        self._lock = threading.Lock()
        self._jobs: dict[int, Job] = {}
        self._waiting: deque[tuple[Job, Work]] = deque()
        self._worker: threading.Thread | None = None
        self._closed = False
        self._next = 1

    def new(
        self,
        kind: Literal["upload", "paste", "capture"],
        account: str,
        folder: Path,
        *,
        client: str | None,
    ) -> Job:
        """A job not yet queued, with its folder."""
        with self._lock:
            job = Job(
                id=self._next,
                kind=kind,
                account=account,
                client=client,
                folder=folder,
                files=[],
                meta={},
            )
            self._next += 1
            return job

    def submit(self, job: Job, work: Work) -> None:
        """Queue ``job``; the worker runs ``work(job)`` when the jobs before it are done."""
        with self._lock:
            if self._closed:
                raise KhronikaError("the desk is shutting down; send the material again")
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[: max(0, len(self._jobs) - self._keep)]:
                if self._jobs[old].state in ("done", "failed"):
                    del self._jobs[old]
            self._waiting.append((job, work))
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._run, name="khronika-intake", daemon=True
                )
                self._worker.start()

    def get(self, job_id: int) -> Job | None:
        """The job ``job_id``, if the desk still remembers it."""
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self) -> list[Job]:
        """The jobs remembered, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.id, reverse=True)

    def close(self, timeout: float = 30) -> None:
        """Take no more jobs; wait for the running one (the store closes after this)."""
        with self._lock:
            self._closed = True
            for job, _work in self._waiting:
                job.state, job.phase = "failed", "not run: the desk stopped"
                shutil.rmtree(job.folder, ignore_errors=True)
            self._waiting.clear()
            worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._waiting:
                    self._worker = None
                    return
                job, work = self._waiting.popleft()
            job.state = "running"
            ended: State = "failed"
            try:
                work(job)
                ended = "failed" if job.errors and not job.ingested else "done"
            except Exception as exc:  # a job never takes the worker (or the desk) down
                log.exception("intake job %d failed", job.id)
                job.errors.append(f"job {job.id}: {exc}")
            finally:
                job.phase = "finished"
                job.current = None
                job.finished_at = datetime.now(UTC)
                shutil.rmtree(job.folder, ignore_errors=True)
                # Last: a job seen done or failed has its folder gone already.
                job.state = ended


def run_ingest(jobs: Jobs, job: Job) -> None:
    """Ingest the job's folder through the injected pipeline and note what happened."""
    if jobs.intake is None:
        raise KhronikaError("this desk takes no material (start it with `khronika serve`)")
    prefix = f"{job.files_dir}/"

    def progress(name: str) -> None:
        job.done = min(job.total, job.done + 1)
        job.current = name

    def say(line: str) -> None:
        job.notes.append(line.replace(prefix, ""))

    job.phase = "reading and extracting"
    report = jobs.intake.ingest(
        jobs.store,
        [job.files_dir],
        meta_file=job.meta_file,
        ingested_by=job.account,
        progress=progress,
        say=say,
    )
    # The lines are the CLI's, naming the file by its path; the desk names it as uploaded.
    job.errors.extend(line.replace(prefix, "") for line in report.errors)
    job.notes.extend(line.replace(prefix, "") for line in report.notes)
    job.ingested, job.unchanged = list(report.ingested), list(report.unchanged)
    job.aliases = [a.replace(prefix, "") for a in report.aliases]
    job.rejected = [r.replace(prefix, "") for r in report.rejected]
    job.events = report.events
    job.done = job.total
    job.happenings = new_happenings(jobs.store, job.ingested)


def run_capture(jobs: Jobs, job: Job, meta: dict[str, str]) -> None:
    """Fetch the job's address once, keep its bytes, hash and time, then ingest them."""
    if jobs.intake is None or jobs.intake.capture is None or job.address is None:
        raise KhronikaError("this desk captures no web address (start it with `khronika serve`)")
    job.phase = "fetching the address"
    try:
        captured = jobs.intake.capture(job.address)
    except KhronikaError as exc:
        job.errors.append(str(exc))
        jobs.store.audit(
            "capture failed", account=job.account, detail=f"job {job.id}: {exc}", address=job.client
        )
        return
    name = capture_name(captured.final_address, captured.suffix, captured.captured_at)
    (job.files_dir / name).write_bytes(captured.raw)
    job.files, job.meta = [name], {name: meta}
    write_meta(job.meta_file, job.meta)
    job.capture = {
        "address": captured.address,
        "final_address": captured.final_address,
        "captured_at": captured.captured_at.isoformat(timespec="seconds"),
        "sha256": captured.sha256,
        "bytes": f"{len(captured.raw):,}",
        "media_type": captured.media_type,
        "document": name,
    }
    jobs.store.audit(
        "capture",
        account=job.account,
        detail=(
            f"job {job.id}: {captured.address} captured {job.capture['captured_at']} as {name}: "
            f"sha256 {captured.sha256}, {len(captured.raw):,} bytes, {captured.media_type}"
            + (
                f", from {captured.final_address}"
                if captured.final_address != captured.address
                else ""
            )
        ),
        address=job.client,
    )
    run_ingest(jobs, job)
    stored = jobs.store.document(name)
    if stored is not None and stored.sha256 != captured.sha256:  # never expected: say so loudly
        job.errors.append(f"{name}: stored bytes do not hash to the capture's SHA-256")


def new_happenings(store: Store, documents: list[str]) -> list[dict[str, str]]:
    """The happenings citing ``documents``, each once, in the order of the documents."""
    seen: dict[str, dict[str, str]] = {}
    for name in documents:
        for cluster in store.clusters(EventFilter(doc=name)):
            seen.setdefault(
                cluster.id,
                {"id": cluster.id, "type": cluster.event.type, "summary": cluster.event.summary},
            )
    return list(seen.values())
