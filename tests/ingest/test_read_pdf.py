"""read_document on PDFs: text of every page, and the ways a PDF cannot be read."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from khronika.errors import IngestError
from khronika.ingest import read_document
from khronika.settings import Settings

PdfBuilder = Callable[..., bytes]  # the make_pdf fixture of conftest.py

PAGES = [
    ["Statement on the detention of journalists", "Three reporters were held overnight."],
    ["We call for their immediate release."],
]


def _reason(path: Path, settings: Settings) -> str:
    with pytest.raises(IngestError) as caught:
        read_document(path, settings=settings)
    return caught.value.reason


def test_read_document_joins_the_text_of_every_pdf_page(
    tmp_path: Path, settings: Settings, make_pdf: PdfBuilder
) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(make_pdf(PAGES))

    doc = read_document(path, settings=settings)

    assert doc.text == (
        "Statement on the detention of journalists\nThree reporters were held overnight."
        "\n\nWe call for their immediate release."
    )
    assert doc.media_type == "application/pdf"
    assert doc.language == "en"


def test_read_document_reports_a_truncated_pdf_as_corrupt(
    tmp_path: Path, settings: Settings, make_pdf: PdfBuilder
) -> None:
    whole = make_pdf(PAGES)
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])

    assert _reason(path, settings).startswith("corrupt or unreadable PDF: ")


def test_read_document_reports_a_file_that_is_not_a_pdf(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "renamed.pdf"
    path.write_text("This is a plain note that someone renamed.", encoding="utf-8")

    assert _reason(path, settings) == "corrupt or unreadable PDF: no %PDF header"


def test_read_document_reports_an_encrypted_pdf(
    tmp_path: Path, settings: Settings, make_pdf: PdfBuilder
) -> None:
    data = make_pdf(PAGES, user_password="secret")
    # The fixture is a real encrypted PDF: with the password its text comes back.
    with pdfplumber.open(io.BytesIO(data), password="secret") as pdf:
        assert "immediate release" in (pdf.pages[1].extract_text() or "")
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)

    assert _reason(path, settings) == "encrypted PDF (password required)"


def test_read_document_reports_a_pdf_without_text_layer(
    tmp_path: Path, settings: Settings, make_pdf: PdfBuilder
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))

    assert _reason(path, settings) == "PDF has no text layer (scanned?)"
