"""Fuzz targets for every reader: whatever bytes a file holds, reading it gives a Document or one
line naming the file and the reason — never another exception, never a multi-line message.

Hypothesis runs ``KHRONIKA_FUZZ_EXAMPLES`` examples per target (40 by default, as in CI); the
benchmark runs many more: ``KHRONIKA_FUZZ_EXAMPLES=2000 pytest tests/ingest/test_fuzz_readers.py``.
Mutations start from well-formed files (a PDF, an HTML page, Cyrillic text in several encodings),
since random bytes alone rarely get past a parser's first check.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khronika.errors import IngestError, MetadataError
from khronika.ingest import read_document
from khronika.ingest.metadata import parse_line
from khronika.model import Document
from khronika.settings import Settings
from tests.conftest import build_pdf

EXAMPLES = int(os.environ.get("KHRONIKA_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a reader may take a while on one odd input; speed is the benchmark's
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: CI never fails by chance
    database=None,  # nothing written beside the checkout
)

PDF = build_pdf([["Police detained Marat Seitkali in Taraz on Monday."], ["We call for it."]])
HTML = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Picket</title></head>"
    b"<body><article><h1>Picket in Oral</h1><p>Police detained Dana Ospan outside the court "
    b"on 3 March.</p><p>She was fined.</p></article></body></html>"
)
RUSSIAN = "Полиция задержала Ирину Волкову у здания суда в Уральске 3 марта."
TEXTS = [
    RUSSIAN.encode("utf-8"),
    RUSSIAN.encode("cp1251"),
    RUSSIAN.encode("koi8-r"),
    RUSSIAN.encode("utf-16"),
    b"Police detained Aigerim Tulegenova in Semey.\r\n",
]
READ_SETTINGS = Settings()


def _mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """The seed with a slice replaced by random bytes, cut short, or doubled."""
    return st.tuples(
        st.integers(0, len(seed)), st.integers(0, 64), st.binary(max_size=64), st.integers(0, 2)
    ).map(lambda t: _mutate(seed, *t))


def _mutate(seed: bytes, at: int, span: int, inserted: bytes, how: int) -> bytes:
    if how == 0:
        return seed[:at] + inserted + seed[at + span :]
    if how == 1:
        return seed[:at]
    return seed[:at] + seed[at:] * 2


def _read(suffix: str, raw: bytes) -> Document | IngestError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(raw)
        try:
            return read_document(path, settings=READ_SETTINGS)
        except IngestError as exc:
            return exc


def _assert_document_or_one_line(found: Document | IngestError, suffix: str) -> None:
    if isinstance(found, IngestError):
        line = str(found)
        assert line.startswith(f"report{suffix}: ") or f"report{suffix}: " in line
        assert "\n" not in line and found.reason.strip()
    else:
        assert isinstance(found.text, str) and found.text.strip()
        assert "\x00" not in found.text


@FUZZ
@given(raw=st.one_of(_mutated(PDF), st.binary(max_size=512)))
def test_any_pdf_bytes_give_a_document_or_one_line(raw: bytes) -> None:
    _assert_document_or_one_line(_read(".pdf", raw), ".pdf")


@FUZZ
@given(raw=st.one_of(_mutated(HTML), st.binary(max_size=512)))
def test_any_html_bytes_give_a_document_or_one_line(raw: bytes) -> None:
    _assert_document_or_one_line(_read(".html", raw), ".html")


@FUZZ
@given(raw=st.one_of(*(_mutated(text) for text in TEXTS), st.binary(max_size=512)))
def test_any_text_bytes_give_a_document_or_one_line(raw: bytes) -> None:
    _assert_document_or_one_line(_read(".txt", raw), ".txt")


@FUZZ
@given(raw=st.one_of(*(_mutated(text) for text in TEXTS), st.binary(max_size=512)))
def test_any_markdown_bytes_give_a_document_or_one_line(raw: bytes) -> None:
    _assert_document_or_one_line(_read(".md", raw), ".md")


GOOD_LINE = '{"doc": "report.txt", "published": "2024-03-05", "title": "Picket", "language": "en"}'


@FUZZ
@given(
    line=st.one_of(
        _mutated(GOOD_LINE.encode()).map(lambda b: b.decode("utf-8", "replace")),
        st.text(max_size=200),
        st.integers(1, 100_000).map(lambda depth: "[" * depth),  # nesting beyond the stack
    )
)
def test_any_metadata_line_parses_or_says_why_in_one_line(line: str) -> None:
    try:
        meta = parse_line(line)
    except MetadataError as exc:
        assert "\n" not in str(exc)
    except ValueError as exc:  # parse_line's own refusal, which load_metadata turns into a line
        assert "\n" not in str(exc) and str(exc).strip()
    else:
        assert meta.doc
