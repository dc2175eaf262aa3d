"""kill -9 at random points of ``khronika ingest``: the next run finishes the work, and
``khronika check`` (without repairing) then finds nothing wrong.

Trials: ``KHRONIKA_KILL_TRIALS`` (3 by default; the benchmark runs 50).
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
