"""Memory housekeeping: the collector's tuning for batch commands (fewer young collections, the
rest as it was), and the exit that skips the teardown but not the exit functions or the status."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

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


# --- the exit without a teardown -----------------------------------------------------------------

QUICK = """
import atexit, sys
from pathlib import Path
from khronika.collector import QuickExit

ending = QuickExit()
atexit.register(lambda: Path(sys.argv[1]).write_text("closed"))  # a command's own exit work
print("all of the output " * 2000)  # more than a pipe's buffer holds
ending.code = int(sys.argv[2])
"""


@pytest.mark.parametrize("code", [0, 1])
def test_a_quick_exit_runs_the_exit_functions_flushes_and_keeps_the_status(
    tmp_path: Path, code: int
) -> None:
    marker = tmp_path / "marker"

    done = subprocess.run(
        [sys.executable, "-c", QUICK, str(marker), str(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == code
    assert marker.read_text() == "closed"  # registered after the quick exit: ran before it
    assert done.stdout.count("all of the output") == 2000


def test_the_installed_command_ends_with_the_status_its_command_gave(tmp_path: Path) -> None:
    def khronika(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "khronika.cli", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert khronika("--version").returncode == 0
    missing = khronika("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "k.db"))
    assert missing.returncode == 1 and "nowhere" in missing.stderr
    assert khronika("no-such-command").returncode == 2  # click's usage error
