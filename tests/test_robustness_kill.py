"""kill -9 at random points of ``khronika ingest``: the next run finishes the work, and
``khronika check`` (without repairing) then finds nothing wrong.

Trials: ``KHRONIKA_KILL_TRIALS`` (3 by default; the benchmark runs 50). The random kills run on
SQLite, whose file and journal the process writes itself. On PostgreSQL the server writes, so
what matters is a client killed inside its transaction: the last story stops an ingest there
for certain (the row a save writes last is locked) and kills it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backends import Snapshot, pg_or_skip
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

TOWNS = ["Shymkent", "Aktobe", "Taraz", "Oral", "Kostanay", "Semey", "Atyrau", "Turkistan"]
NAMES = ["Marat Seitkali", "Dana Ospan", "Aigerim Tulegenova", "Irina Volkova"]


def corpus(folder: Path) -> Path:
    folder.mkdir()
    for number, town in enumerate(TOWNS):
        name = NAMES[number % len(NAMES)]
        (folder / f"wire-{number}.txt").write_text(
            f"Police detained the activist {name} in {town} on {number + 2} March after a "
            "picket outside the city court.\n",
            encoding="utf-8",
        )
    return folder


def khronika(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.Popen(
        [sys.executable, "-m", "khronika.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.model
def test_ingest_killed_at_random_points_is_finished_by_the_next_run(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    db = str(tmp_path / "k.db")
    rng = random.Random(13)
    for _ in range(int(os.environ.get("KHRONIKA_KILL_TRIALS", "3"))):
        run = khronika("ingest", str(folder), "--db", db)
        time.sleep(rng.uniform(0.5, 15.0))
        run.send_signal(signal.SIGKILL)
        run.wait()
    final = khronika("ingest", str(folder), "--db", db)
    _, said = final.communicate(timeout=600)
    assert final.returncode == 0, said.decode()
    check = khronika("check", "--no-repair", "--db", db)
    _, said = check.communicate(timeout=600)
    assert check.returncode == 0, said.decode()
    assert said.decode().strip().endswith("0 problem(s) repaired, 0 left")


def _waiting_for_a_lock(watch: Connection, timeout: float = 300.0) -> int:
    """The pid of the server process of the other client once it waits on a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = watch.execute(text(_BLOCKED)).scalar()
        if found is not None:
            return int(found)
        time.sleep(0.2)
    raise AssertionError("the ingest never reached the locked table")


_BLOCKED = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
)
_WRITTEN_IN_ITS_TRANSACTION = (
    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
    " WHERE l.pid = :pid AND c.relname IN ('documents', 'events', 'evidence', 'document_status')"
    " AND l.mode = 'RowExclusiveLock'"
)
_OTHERS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    " AND pid <> pg_backend_pid() AND pid <> :holder"
)


@pytest.mark.model
def test_an_ingest_killed_inside_its_transaction_leaves_nothing_on_postgresql(
    tmp_path: Path, pg_empty_store: Snapshot | None
) -> None:
    snapshot = pg_or_skip(pg_empty_store)
    snapshot.restore()
    url = snapshot.url
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "wire.txt").write_text(
        "Police detained the activist Dana Ospan in Taraz on 4 March after a picket.\n",
        encoding="utf-8",
    )
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as holder, engine.connect() as watch:
            watch.execution_options(isolation_level="AUTOCOMMIT")
            watch.exec_driver_sql(
                "INSERT INTO store_state (key, value) VALUES ('reports', 0) ON CONFLICT DO NOTHING"
            )
            holder.begin()
            holding = holder.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            # The counter of saved reports is the last row a save writes: the ingest stops
            # there, inside its transaction, with the document, its reports, their evidence
            # and its status written. Reads do not wait on a row lock; only that write does.
            holder.exec_driver_sql("SELECT * FROM store_state WHERE key = 'reports' FOR UPDATE")
            run = khronika("ingest", str(tmp_path / "one"), "--workers", "1", "--db", url)
            pid = _waiting_for_a_lock(watch)
            assert watch.execute(text(_WRITTEN_IN_ITS_TRANSACTION), {"pid": pid}).scalar() == 4
            run.send_signal(signal.SIGKILL)
            run.wait()
            holder.rollback()
            deadline = time.monotonic() + 60
            others = text(_OTHERS).bindparams(holder=holding)
            while watch.execute(others).scalar() and time.monotonic() < deadline:
                time.sleep(0.1)  # the server ends the dead client's transaction
            counts = [
                watch.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                for table in ("documents", "events", "evidence", "document_status")
            ]
        assert counts == [0, 0, 0, 0]
    finally:
        engine.dispose()
    final = khronika("ingest", str(tmp_path / "one"), "--workers", "1", "--db", url)
    _, said = final.communicate(timeout=600)
    assert final.returncode == 0, said.decode()
    check = khronika("check", "--no-repair", "--db", url)
    _, said = check.communicate(timeout=600)
    assert said.decode().strip().endswith("0 problem(s) repaired, 0 left")
