"""What a batch reads: items numbered in ingest's order, from folders, lists and texts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from khronika.batch.sources import check_sources, items
from khronika.errors import MetadataError
from khronika.ingest import DocMeta


def _write(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"Text of {name}.\n", encoding="utf-8")


def test_a_folder_gives_its_files_in_ingest_order_with_their_metadata(tmp_path: Path) -> None:
    _write(tmp_path, ["b.txt", "a/x.txt", "a-c.txt"])
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    meta = {"b.txt": DocMeta(doc="b.txt", title="Bee"), "a/x.txt": DocMeta(doc="a/x.txt")}
    seen: set[str] = set()

    found = list(items([tmp_path], meta=meta, seen=seen))

    assert [item.relative for item in found] == ["a/x.txt", "a-c.txt", "b.txt", "link.txt"]
    assert [item.index for item in found] == [0, 1, 2, 3]
    assert found[2].meta == DocMeta(doc="b.txt", title="Bee") and found[1].meta is None
    assert found[3].skipped and "symbolic link, not followed" in (found[3].problem or "")
    assert {"a/x.txt", "x.txt", "b.txt"} <= seen


def test_a_list_file_names_files_and_folders_one_a_line(tmp_path: Path) -> None:
    _write(tmp_path, ["one.txt", "folder/two.txt", "folder/three.txt"])
    listing = tmp_path / "paths.lst"
    lines = ["# the March reports", str(tmp_path / "one.txt"), "", str(tmp_path / "folder")]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")

    found = list(items([], lists=[listing]))

    assert [Path(item.path or "").name for item in found] == ["one.txt", "three.txt", "two.txt"]
    assert all(item.problem is None and item.text is None for item in found)


def test_a_missing_list_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match=r"paths\.lst:0: no such file"):
        check_sources([tmp_path / "paths.lst"], [])


def test_jsonl_texts_are_read_with_their_metadata_and_bad_records_named(tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    records = [
        {
            "name": "tulegenova.txt",
            "text": "Aigerim Tulegenova was detained.",
            "published": "2025-03-14",
            "outlet": "Steppe Wire",
            "unknown": 1,
        },
        "{not json",
        {"name": "empty.txt", "text": "  "},
        {"name": "dated.txt", "text": "Dana Ospan was fined.", "published": "14/03/2025"},
        {"text": "no name"},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    texts.write_text("\n".join(lines) + "\n", encoding="utf-8")

    found = list(items([], texts=[texts]))

    assert [item.index for item in found] == [0, 1, 2, 3, 4]
    good = found[0]
    assert (good.shown, good.text, good.problem) == ("tulegenova.txt", records[0]["text"], None)
    assert good.meta == DocMeta(
        doc="tulegenova.txt", published=date(2025, 3, 14), outlet="Steppe Wire"
    )
    assert [item.problem for item in found[1:]] == [
        f"{texts}:2: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f'{texts}:3: empty.txt: missing "text"',
        f"{texts}:4: dated.txt: bad \"published\" '14/03/2025' (expected YYYY-MM-DD or null)",
        f'{texts}:5: missing "name" (the name the text is stored and cited under)',
    ]
    assert not any(item.skipped for item in found)


def test_parquet_texts_are_streamed_row_by_row_with_dates_as_metadata(tmp_path: Path) -> None:
    texts = tmp_path / "texts.parquet"
    names = [f"report-{n:04d}.txt" for n in range(600)]
    table = pa.table(
        {
            "name": names,
            "text": [f"Marat Seitkali was detained, report {n}." for n in range(600)],
            "published": [date(2025, 3, 1 + n % 28) for n in range(600)],
            "language": ["en"] * 600,
        }
    )
    pq.write_table(table, texts, row_group_size=100)

    found = items([], texts=[texts])
    first = next(found)
    rest = list(found)

    assert first.meta == DocMeta(doc="report-0000.txt", published=date(2025, 3, 1), language="en")
    assert [item.shown for item in [first, *rest]] == names
    assert rest[-1].index == 599


def test_a_parquet_file_without_a_text_column_is_refused(tmp_path: Path) -> None:
    texts = tmp_path / "texts.parquet"
    pq.write_table(pa.table({"name": ["a.txt"], "body": ["Irina Volkova spoke."]}), texts)

    with pytest.raises(MetadataError, match=r"texts\.parquet:0: no column text"):
        check_sources([], [texts])


def test_a_file_that_is_not_parquet_is_refused(tmp_path: Path) -> None:
    texts = tmp_path / "texts.parquet"
    texts.write_text("name,text\n", encoding="utf-8")

    with pytest.raises(MetadataError, match=r"texts\.parquet:0: not a Parquet file"):
        check_sources([], [texts])
