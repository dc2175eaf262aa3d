"""read_document on text files: decoding, titles, metadata, and every way a file can be wrong."""

from __future__ import annotations

import os
from datetime import UTC, date
from pathlib import Path

import pytest

from khronika.errors import IngestError
from khronika.ingest import DocMeta, read_document
from khronika.model import Document
from khronika.settings import Settings

REPORT = (
    "Students detained after campus rally\n"
    "\n"
    "Police detained eleven students  outside the main library on Friday.\n"
    "Their lawyers said they were held without charge.\n"
)


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _reason(path: Path, settings: Settings) -> str:
    with pytest.raises(IngestError) as caught:
        read_document(path, settings=settings)
    assert caught.value.source == str(path)
    return caught.value.reason


def test_read_document_reads_a_text_file_exactly(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "campus.txt", REPORT)

    doc = read_document(path, settings=settings)

    assert doc.name == "campus.txt"
    assert doc.text == REPORT  # double space kept: offsets index into this text
    assert doc.raw == REPORT.encode("utf-8")
    assert doc.sha256 == Document.hash_bytes(doc.raw)
    assert doc.media_type == "text/plain"
    assert doc.title == "Students detained after campus rally"
    assert doc.published is None
    assert doc.language == "en"
    assert doc.ingested_at is not None and doc.ingested_at.tzinfo == UTC


def test_read_document_keeps_markdown_as_written(tmp_path: Path, settings: Settings) -> None:
    text = "# Hunger strike enters week two\n\nThe *prisoners* refuse food, says [a lawyer](x).\n"
    path = _write(tmp_path / "strike.md", text)

    doc = read_document(path, settings=settings)

    assert doc.text == text
    assert doc.media_type == "text/markdown"
    assert doc.title == "Hunger strike enters week two"


def test_read_document_normalises_line_endings_and_strips_the_bom(
    tmp_path: Path, settings: Settings
) -> None:
    path = _write(tmp_path / "crlf.txt", b"\xef\xbb\xbfFirst line\r\nSecond line\rThird\r\n")

    doc = read_document(path, settings=settings)

    assert doc.text == "First line\nSecond line\nThird\n"
    assert doc.raw.startswith(b"\xef\xbb\xbf")  # the original bytes stay original


def test_read_document_decodes_latin1_text(tmp_path: Path, settings: Settings) -> None:
    text = "Le café de la place a fermé pendant la grève des employés.\n"
    path = _write(tmp_path / "greve.txt", text.encode("latin-1"))

    assert read_document(path, settings=settings).text == text


def test_read_document_decodes_cp1251_russian_text(tmp_path: Path, settings: Settings) -> None:
    text = "Суд оштрафовал двух участников пикета у здания администрации.\n"
    path = _write(tmp_path / "picket.txt", text.encode("cp1251"))

    doc = read_document(path, settings=settings)

    assert doc.text == text
    assert doc.language == "ru"


def test_read_document_decodes_utf16_with_a_bom(tmp_path: Path, settings: Settings) -> None:
    text = "Workers at the plant went on strike over unpaid wages.\n"
    path = _write(tmp_path / "wide.txt", text.encode("utf-16"))

    assert read_document(path, settings=settings).text == text


def test_read_document_lets_metadata_override_the_file(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "campus.txt", REPORT)
    meta = DocMeta(
        doc="2024/campus.txt",
        published=date(2024, 3, 8),
        title="Campus detentions",
        language="ru",
        address="https://example.org/campus",
        outlet="Example Weekly",
    )

    doc = read_document(path, meta=meta, settings=settings)

    assert doc.name == "2024/campus.txt"
    assert (doc.title, doc.published, doc.language) == ("Campus detentions", date(2024, 3, 8), "ru")
    assert (doc.address, doc.outlet) == ("https://example.org/campus", "Example Weekly")


def test_read_document_treats_html_in_a_txt_file_as_text(
    tmp_path: Path, settings: Settings
) -> None:
    text = "<p>Marchers were stopped at the bridge.</p>\n"
    path = _write(tmp_path / "pasted.txt", text)

    assert read_document(path, settings=settings).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "no text"),
        (b"GIF89a\x01\x00\x00\x00\xff\xfe", "binary content, not text"),
        (bytes(range(1, 32)) * 4 + b"a few letters", "binary content, not text"),
    ],
    ids=["empty", "whitespace", "nul-bytes", "control-chars"],
)
def test_read_document_refuses_files_without_text(
    tmp_path: Path, settings: Settings, data: bytes, reason: str
) -> None:
    path = _write(tmp_path / "bad.txt", data)

    assert _reason(path, settings) == reason


def test_read_document_refuses_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "protest " * 200)

    reason = _reason(path, Settings(max_bytes=1000))

    assert reason == "file too large (1.6 KB > 1000 bytes limit)"


def test_read_document_words_the_default_limit_in_megabytes() -> None:
    from khronika.ingest.document import _size

    assert f"{_size(int(52.4 * 1024 * 1024))} > {_size(50 * 1024 * 1024)}" == "52.4 MB > 50.0 MB"


def test_read_document_refuses_an_unknown_extension(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "notes.xyz", "Some text.")

    assert _reason(path, settings) == (
        "unsupported file type '.xyz' (expected .txt, .md, .html, .pdf)"
    )


def test_read_document_reports_a_missing_file(tmp_path: Path, settings: Settings) -> None:
    assert _reason(tmp_path / "gone.txt", settings) == "no such file"


def test_read_document_reports_a_directory(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "looks-like.txt"
    folder.mkdir()

    assert _reason(folder, settings) == "is a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, not root")
def test_read_document_reports_a_file_it_may_not_read(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "locked.txt", "Secret text.")
    path.chmod(0)
    try:
        assert _reason(path, settings) == "permission denied"
    finally:
        path.chmod(0o600)
