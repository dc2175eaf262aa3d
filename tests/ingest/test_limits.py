"""Bounded parsers: a compression bomb or a page of endless nesting is refused in one line."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from khronika.errors import IngestError
from khronika.ingest import limits, read_document
from khronika.settings import Settings


def bomb_pdf(unpacked_mb: int) -> bytes:
    """A PDF with one Flate stream of zeros: small on disk, ``unpacked_mb`` MB inflated."""
    packer = zlib.compressobj(9)
    zeros = bytes(1024 * 1024)
    body = b"".join(packer.compress(zeros) for _ in range(unpacked_mb)) + packer.flush()
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Length "
        + str(len(body)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + body
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def reason(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_document(path, settings=Settings())
    return caught.value.reason


def test_a_pdf_compression_bomb_is_refused_before_it_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_UNPACKED", 8 * 1024 * 1024)
    path = tmp_path / "annual.pdf"
    path.write_bytes(bomb_pdf(40))
    assert path.stat().st_size < 100_000
    assert reason(path) == "PDF streams unpack to more than 8 MB (a compression bomb?)"


def test_a_small_stream_passes_the_bound() -> None:
    limits.check_pdf(bomb_pdf(1))


def test_html_nested_past_the_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    depth = limits.MAX_HTML_DEPTH + 5
    path.write_text("<html><body>" + "<div>" * depth + "Dana Ospan" + "</div>" * depth)
    assert reason(path) == f"HTML nested more than {limits.MAX_HTML_DEPTH} elements deep"


def test_html_over_the_size_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_HTML_BYTES", 1024 * 1024)
    path = tmp_path / "big.html"
    path.write_text("<html><body><p>" + "Irina Volkova spoke. " * 60_000 + "</p></body></html>")
    assert reason(path) == "HTML page too large (over 1 MB of markup)"


def test_void_elements_do_not_count_as_nesting() -> None:
    limits.check_html(b"<p>" + b"<br><img src=x>" * (limits.MAX_HTML_DEPTH * 2) + b"</p>")
