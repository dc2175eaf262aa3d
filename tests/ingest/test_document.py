"""read_document's own decisions, beyond the readers: which reader by suffix, what is not a
file worth reading, the size limit at its edge, and how metadata and the file combine."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from khronika.errors import IngestError
from khronika.ingest import DocMeta, read_document
from khronika.model import Document
from khronika.settings import Settings

NOTICE = "Court notice\nThe hearing of Marat Seitkali is moved to 12 May 2024.\n"
ENGLISH = Settings(languages=("en",))


def _reason(path: Path, settings: Settings = ENGLISH) -> str:
    with pytest.raises(IngestError) as caught:
        read_document(path, settings=settings)
    assert str(caught.value) == f"{path}: {caught.value.reason}"
    return caught.value.reason


def test_the_suffix_is_matched_without_regard_to_case(tmp_path: Path) -> None:
    path = tmp_path / "NOTICE.TXT"
    path.write_text(NOTICE)
    assert read_document(path, settings=ENGLISH).text == NOTICE


def test_a_file_without_a_suffix_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text(NOTICE)
    assert (
        _reason(path) == "unsupported file type without extension (expected .txt, .md, .html, .pdf)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_not_a_regular_file(tmp_path: Path) -> None:
    # Reading a FIFO would block the batch until someone wrote to it.
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert _reason(path) == "not a regular file"


def test_a_file_exactly_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(b"x" * 99 + b"\n")
    assert read_document(path, settings=Settings(languages=("en",), max_bytes=100)).text
    assert _reason(path, Settings(max_bytes=99)) == "file too large (100 bytes > 99 bytes limit)"


def test_the_hash_is_of_the_original_bytes_not_the_decoded_text(tmp_path: Path) -> None:
    raw = "Суд над Маратом Сейткали перенесён.\r\n".encode("cp1251")
    path = tmp_path / "sud.txt"
    path.write_bytes(raw)
    document = read_document(path, settings=ENGLISH)
    assert document.raw == raw
    assert document.sha256 == Document.hash_bytes(raw)
    assert document.text == "Суд над Маратом Сейткали перенесён.\n"


def test_metadata_names_the_document_and_fills_what_the_file_lacks(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE)
    meta = DocMeta(
        doc="court-notice-0512.txt",
        published=date(2024, 5, 2),
        language="en",
        address="https://example.org/notice",
        outlet="Example Court Watch",
    )
    document = read_document(path, meta=meta, settings=Settings(languages=("ru", "en")))
    assert document.name == "court-notice-0512.txt"
    assert document.title == "Court notice"  # meta has none: the file's first line stays
    assert (document.published, document.language) == (date(2024, 5, 2), "en")
    assert (document.address, document.outlet) == (
        "https://example.org/notice",
        "Example Court Watch",
    )


def test_without_metadata_the_file_name_is_the_document_name(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "notice.md"
    path.parent.mkdir()
    path.write_text("## " + NOTICE)
    document = read_document(path, settings=ENGLISH)
    assert document.name == "notice.md"
    assert document.title == "Court notice"
    assert document.media_type == "text/markdown"
    assert (document.address, document.outlet, document.ingested_by) == (None, None, None)


def test_too_little_text_leaves_the_language_unknown(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Fined.\n")
    assert read_document(path, settings=ENGLISH).language is None
