"""All or nothing on disk: temporary files beside their targets, renamed at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.publish.files import PublishError, Staging, failing


def test_staged_files_replace_their_targets_at_commit(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("old")
    with Staging() as staging:
        temp = staging.temp_for(target)
        assert temp.parent == tmp_path and temp.name.startswith(".out.db.")
        temp.write_text("new")
        staging.stage(temp, target)
        assert target.read_text() == "old"  # nothing moves before the commit
        staging.commit()
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db"]


def test_leaving_without_commit_removes_the_temporary_files(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), Staging() as staging:
        temp = staging.temp_for(tmp_path / "out.db")
        temp.with_name(temp.name + "-journal").write_text("journal")
        raise RuntimeError("the writer failed")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_is_a_publish_error_naming_the_target(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inside").write_text("x")  # a non-empty directory cannot be replaced
    with pytest.raises(PublishError, match="taken: cannot write"), Staging() as staging:
        staging.stage(staging.temp_for(tmp_path / "taken"), tmp_path / "taken")
        staging.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_failing_turns_os_errors_into_one_line(tmp_path: Path) -> None:
    with pytest.raises(PublishError) as caught, failing(tmp_path / "x.db"):
        raise PermissionError(13, "Permission denied")
    assert str(caught.value) == f"{tmp_path / 'x.db'}: cannot write (Permission denied)"
