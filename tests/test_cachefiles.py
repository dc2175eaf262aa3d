"""A cache file is there whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.cachefiles import written_atomically


def test_a_finished_write_lands_under_its_name_and_leaves_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "index.sqlite"

    with written_atomically(target) as part:
        part.write_bytes(b"the whole index")
        assert not target.exists()  # a reader never meets half of it

    assert target.read_bytes() == b"the whole index"
    assert [p.name for p in target.parent.iterdir()] == ["index.sqlite"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "weights.npz"
    target.write_bytes(b"old weights")

    with pytest.raises(OSError, match="disk full"), written_atomically(target) as part:
        part.write_bytes(b"half of the new")
        raise OSError("disk full")

    assert target.read_bytes() == b"old weights"
    assert [p.name for p in tmp_path.iterdir()] == ["weights.npz"]
