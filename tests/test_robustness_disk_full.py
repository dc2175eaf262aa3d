"""A disk that fills up in the middle of a batch: one line per document that could not be saved,
nothing stored before is lost, and the next run, with room again, finishes the work.

The store sits on a small tmpfs mounted in a user namespace (``unshare -rm``), so no root is
needed; where the machine allows no such mount the test is skipped, saying why. SQLite only: a
full disk under a SQLite file is the client's to meet; a PostgreSQL server's full disk fails its
transaction whole, as tests/test_robustness_kill.py shows a dead client's transaction does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# One shell in one namespace: the mount lives as long as the script. $1 mount point, $2 corpus.
SCRIPT = r"""
set -u
K="$PYTHON -m khronika.cli"
mount -t tmpfs -o size=16m tmpfs "$1" || exit 77
$K ingest "$2/first" --db "$1/k.db" > "$3/first.out" 2>&1; echo "first $?" >> "$3/codes"
free=$(df -k --output=avail "$1" | tail -1)
head -c $(( free * 1024 - 120000 )) /dev/zero > "$1/filler" 2>/dev/null
$K ingest "$2/second" --db "$1/k.db" > "$3/full.out" 2>&1; echo "full $?" >> "$3/codes"
$K events --reports --db "$1/k.db" > "$3/kept.out" 2>&1; echo "kept $?" >> "$3/codes"
rm "$1/filler"
$K ingest "$2/second" --db "$1/k.db" > "$3/again.out" 2>&1; echo "again $?" >> "$3/codes"
$K check --no-repair --db "$1/k.db" > "$3/check.out" 2>&1; echo "check $?" >> "$3/codes"
"""

NAMES = ["Irina Volkova", "Dana Ospan", "Aigerim Tulegenova", "Marat Seitkali"]
TOWNS = ["Aktobe", "Semey", "Oral", "Taraz", "Kostanay", "Atyrau", "Turkistan", "Shymkent"]


def _corpus(folder: Path) -> Path:
    (folder / "first").mkdir(parents=True)
    (folder / "second").mkdir()
    (folder / "first" / "wire-0.txt").write_text(
        "Police detained the activist Marat Seitkali in Taraz on 3 March 2024 after a picket "
        "outside the city court.\n",
        encoding="utf-8",
    )
    for number, town in enumerate(TOWNS):
        # Long enough that a few of them fill what is left of the disk.
        filler = " ".join(f"Residents of {town} gathered again on day {n}." for n in range(400))
        (folder / "second" / f"wire-{number + 1}.txt").write_text(
            f"Police detained the activist {NAMES[number % 4]} in {town} on {number + 4} April "
            f"2024.\n\n{filler}\n",
            encoding="utf-8",
        )
    return folder


def _can_mount(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    point = tmp_path / "probe"
    point.mkdir()
    probe = subprocess.run(
        ["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.model
def test_a_full_disk_costs_one_line_per_document_and_nothing_stored(tmp_path: Path) -> None:
    if not _can_mount(tmp_path):
        pytest.skip("this machine allows no tmpfs in a user namespace (unshare -rm)")
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    mount = tmp_path / "disk"
    mount.mkdir()
    env = {**os.environ, "PYTHON": sys.executable, "PYTHONPATH": str(ROOT)}

    subprocess.run(
        ["unshare", "-rm", "sh", "-c", SCRIPT, "sh", str(mount), str(corpus), str(out)],
        env=env,
        check=True,
        timeout=900,
    )

    codes = dict(line.split() for line in (out / "codes").read_text().splitlines())
    assert codes["first"] == "0"
    full = (out / "full.out").read_text()
    assert codes["full"] == "1", full
    errors = [line for line in full.splitlines() if line.startswith("error: ")]
    assert errors and all("disk is full" in line or "disk I/O" in line for line in errors), full
    assert all(line.count("\n") == 0 for line in errors)
    assert "Traceback" not in full
    kept = (out / "kept.out").read_text()
    assert "Seitkali" in kept and "Taraz" in kept, "what was stored before is kept"
    assert codes["kept"] == "0"
    assert codes["again"] == "0", (out / "again.out").read_text()
    check = (out / "check.out").read_text()
    assert codes["check"] == "0", check
    assert check.strip().endswith("0 problem(s) repaired, 0 left")
