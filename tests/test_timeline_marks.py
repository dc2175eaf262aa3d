"""The timeline of a run: marks appended by each process only when it is asked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khronika import timeline


def test_marks_are_kept_only_with_the_variable_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "timeline.txt"
    monkeypatch.delenv(timeline.VARIABLE, raising=False)
    timeline.mark("nobody asked")
    assert not target.exists()

    monkeypatch.setenv(timeline.VARIABLE, str(target))
    timeline.mark("read 80 documents")
    timeline.mark("pool of 2 started")

    marks = timeline.read(str(target))
    assert [(pid, event) for _, pid, _, event in marks] == [
        (os.getpid(), "read 80 documents"),
        (os.getpid(), "pool of 2 started"),
    ]
    assert marks[0][0] <= marks[1][0] and 0 < marks[0][2] <= marks[1][2]  # wall, then CPU
