"""iter_input_files: what a run reads when pointed at files and folders."""

from __future__ import annotations

from pathlib import Path

from khronika.ingest import iter_input_files


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


def test_iter_input_files_walks_folders_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a.html", "sub/c.pdf", "sub/deeper/a.md", "a-z.txt"]:
        _touch(tmp_path / name)

    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]

    assert found == ["a-z.txt", "a.html", "b.txt", "sub/c.pdf", "sub/deeper/a.md"]


def test_iter_input_files_skips_hidden_entries_and_jsonl_inside_folders(tmp_path: Path) -> None:
    _touch(tmp_path / "report.txt")
    _touch(tmp_path / ".draft.txt")
    _touch(tmp_path / ".git" / "notes.txt")
    _touch(tmp_path / "metadata.jsonl")
    _touch(tmp_path / "gold" / "events.JSONL")

    assert list(iter_input_files([tmp_path])) == [tmp_path / "report.txt"]


def test_iter_input_files_yields_named_files_as_given_in_order(tmp_path: Path) -> None:
    second = _touch(tmp_path / "z.txt")
    first = _touch(tmp_path / "a.txt")
    named_jsonl = _touch(tmp_path / "meta.jsonl")

    assert list(iter_input_files([second, first, named_jsonl])) == [second, first, named_jsonl]


def test_iter_input_files_yields_a_missing_path_so_reading_reports_it(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    folder = tmp_path / "folder"
    present = _touch(folder / "here.txt")

    assert list(iter_input_files([missing, folder])) == [missing, present]


def test_iter_input_files_is_deterministic_across_runs(tmp_path: Path) -> None:
    for name in ["q.txt", "e/w.txt", "r.md", "a/b/c.html"]:
        _touch(tmp_path / name)

    assert list(iter_input_files([tmp_path])) == list(iter_input_files([tmp_path]))
