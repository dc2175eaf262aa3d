"""One input file to one :class:`Document`, or one :class:`IngestError` saying why not."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

from khronika.errors import IngestError
from khronika.ingest.files import shown_name
from khronika.ingest.language import detect_language
from khronika.ingest.metadata import DocMeta
from khronika.ingest.readers import (
    Extracted,
    Reader,
    ReadFailure,
    read_html,
    read_markdown,
    read_pdf,
    read_plain,
)
from khronika.model import Document
from khronika.settings import Settings

READERS: dict[str, Reader] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".pdf": read_pdf,
}
_MB = 1024 * 1024


def read_document(path: Path, *, meta: DocMeta | None = None, settings: Settings) -> Document:
    """Read one file into a Document, or raise IngestError(source, one-line reason).

    What ``meta`` says wins over what the file says about itself (title, date, language).
    """
    return read_input(path, meta=meta, settings=settings)[0]


def read_input(
    path: Path, *, meta: DocMeta | None = None, settings: Settings
) -> tuple[Document, tuple[str, ...]]:
    """Like :func:`read_document`, with the notes of what reading changed (a NUL dropped)."""
    source = shown_name(str(path))
    try:
        raw = _read_bytes(path, settings.max_bytes)
        extracted = _reader_for(path)(raw)
    except ReadFailure as exc:
        raise IngestError(source, str(exc)) from None
    return _document(path, raw, extracted, meta, settings), extracted.notes


def _reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        shown = f"'{suffix}'" if suffix else "without extension"
        raise ReadFailure(f"unsupported file type {shown} (expected .txt, .md, .html, .pdf)")
    return READERS[suffix]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking it is a regular file of acceptable size."""
    try:
        info = path.stat()
        _check_regular_file(info.st_mode)
        # Checked before reading so a mis-pointed 10 GB dump is refused, not loaded.
        _check_size(info.st_size, max_bytes)
        with path.open("rb") as handle:
            # Read at most one byte past the limit: the file may have grown since stat().
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadFailure("no such file") from None
    except PermissionError:
        raise ReadFailure("permission denied") from None
    except IsADirectoryError:
        raise ReadFailure("is a directory") from None
    except OSError as exc:
        raise ReadFailure(f"cannot read file: {exc.strerror or exc}") from None
    _check_size(len(raw), max_bytes)
    if not raw:
        raise ReadFailure("empty file")
    return raw


def _check_regular_file(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ReadFailure("is a directory")
    if not stat.S_ISREG(mode):
        # A FIFO or device would block or never end; neither is a document.
        raise ReadFailure("not a regular file")


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        shown, limit = _size(size), _size(max_bytes)
        if shown == limit:  # "50.0 MB > 50.0 MB" says nothing: give the bytes
            shown, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
        raise ReadFailure(f"file too large ({shown} > {limit} limit)")


def _size(n: int) -> str:
    if n >= _MB // 10:
        return f"{n / _MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _document(
    path: Path, raw: bytes, extracted: Extracted, meta: DocMeta | None, settings: Settings
) -> Document:
    name = shown_name(path.name)
    meta = meta or DocMeta(doc=name)
    return build_document(meta.doc or name, raw, extracted, meta, settings)


def build_document(
    name: str, raw: bytes, extracted: Extracted, meta: DocMeta, settings: Settings
) -> Document:
    """The Document of ``raw`` read as ``extracted``, named ``name``, with ``meta`` winning over
    what the reader found (title, publication date, language); the language detected if unset.
    """
    return Document(
        name=name,
        text=extracted.text,
        sha256=Document.hash_bytes(raw),
        raw=raw,
        media_type=extracted.media_type,
        title=meta.title or extracted.title,
        published=meta.published or extracted.published,
        language=meta.language or detect_language(extracted.text, settings),
        address=meta.address,
        outlet=meta.outlet,
        ingested_at=datetime.now(UTC),
    )
