"""On a worker: a chunk read and extracted as ``khronika ingest`` reads and extracts its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.batch.shards import document_of, events_of
from khronika.batch.sources import Item
from khronika.batch.work import process_chunk, read_item, usage
from khronika.errors import IngestError
from khronika.extract import extractor_for
from khronika.ingest import DocMeta, read_input
from khronika.settings import Settings

TEXT = (
    "Police detained the activist Marat Seitkali in Almaty on 14 March 2025 after he held a "
    "picket outside the akimat, his lawyer Aigerim Tulegenova said.\n"
)


def _file(index: int, path: Path, meta: DocMeta | None = None) -> Item:
    return Item(index, str(path), path.name, path=str(path), meta=meta)


def test_a_text_reads_as_the_same_text_in_a_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "seitkali.txt"
    path.write_text(TEXT, encoding="utf-8")
    meta = DocMeta(doc="seitkali.txt", outlet="Steppe Wire")
    settings = Settings()

    from_text, _ = read_item(
        Item(0, "seitkali.txt", "seitkali.txt", text=TEXT, meta=meta), settings
    )
    from_file, _ = read_input(path, meta=meta, settings=settings)

    fields = ("name", "text", "sha256", "raw", "media_type", "title", "language", "outlet")
    assert [getattr(from_text, f) for f in fields] == [getattr(from_file, f) for f in fields]


def test_a_text_over_the_size_limit_is_refused_in_one_line() -> None:
    item = Item(0, "huge.txt", "huge.txt", text="x" * 101, meta=DocMeta(doc="huge.txt"))

    with pytest.raises(IngestError, match=r"^huge.txt: text too large \(101 bytes > 100\)$"):
        read_item(item, Settings(max_bytes=100))


@pytest.mark.model
def test_a_chunk_gives_each_input_its_row_and_a_bad_file_its_ingest_line(tmp_path: Path) -> None:
    good, empty = tmp_path / "seitkali.txt", tmp_path / "empty.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty.write_bytes(b"")
    kazakh = DocMeta(doc="kk.txt", language="kk")
    settings = Settings()
    chunk = [
        _file(7, good),
        _file(8, empty),
        _file(9, tmp_path / "gone.txt"),
        Item(10, "kk.txt", "kk.txt", text="Белсенді Алматыда ұсталды.", meta=kazakh),
    ]

    rows = process_chunk(chunk, settings)

    assert [row["index"] for row in rows] == [7, 8, 9, 10]
    with pytest.raises(IngestError) as refused:
        read_input(empty, settings=settings)
    assert rows[1]["error"] == str(refused.value) == f"{empty}: empty file"
    assert rows[2]["error"] == f"{tmp_path / 'gone.txt'}: no such file"
    assert (rows[3]["outcome"], rows[3]["message"]) == ("no_extractor", "kk: no extractor yet")
    document, _ = read_input(good, settings=settings)
    extractor = extractor_for("en", settings)
    ((_, expected),) = list(extractor.extract([document]))
    assert isinstance(expected, list) and expected
    assert (rows[0]["outcome"], rows[0]["extractor"]) == ("ok", extractor.name)
    assert events_of(rows[0]) == expected
    assert document_of(rows[0]).sha256 == document.sha256


def test_usage_reports_this_process() -> None:
    found = usage()

    assert found["cpu"] > 0 and 10 < found["peak_mb"] < 100_000


@pytest.mark.model
def test_a_worker_builds_its_extractor_once_for_every_chunk(tmp_path: Path) -> None:
    from khronika.extract import _cached

    settings = Settings()
    chunk = [Item(0, "a.txt", "a.txt", text=TEXT, meta=DocMeta(doc="a.txt", language="en"))]
    process_chunk(chunk, settings)
    built = _cached.cache_info().misses

    for _ in range(3):
        process_chunk(chunk, Settings())  # equal settings, as each task unpickles its own copy

    assert _cached.cache_info().misses == built


def test_a_text_the_store_holds_extracted_is_read_but_not_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khronika.batch import work

    def no_extractor(*_: object) -> None:
        raise AssertionError("a known text was sent to extraction")

    monkeypatch.setattr(work, "extractor_for", no_extractor)
    item = Item(0, "seitkali.txt", "seitkali.txt", text=TEXT, meta=DocMeta(doc="seitkali.txt"))
    document, _ = read_item(item, Settings())

    (row,) = process_chunk([item], Settings(), frozenset({document.sha256}))

    assert row["outcome"] == "unchanged" and "events" not in row and "extractor" not in row
    kept = document_of(row)  # all the load needs to place it, or to read it again after all
    assert (kept.name, kept.text, kept.sha256) == (document.name, document.text, document.sha256)
