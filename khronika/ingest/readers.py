"""One reader per format: original bytes in, extracted text plus what the file says about itself.

Readers know nothing of paths or settings; a failure is a :class:`ReadFailure` carrying the
one-line reason that :func:`khronika.ingest.read_document` attaches to the file name. The HTML
and PDF libraries (trafilatura and lxml, pdfplumber: 0.35 s to import) are imported by their
readers when the first such file comes, so a run over plain text never loads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from khronika.ingest import limits
from khronika.ingest.decoding import NotText, decode_noted, normalise_newlines

# A title is a label for people, not evidence, so it may be cut; a whole paragraph is not one.
_MAX_TITLE_CHARS = 200
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}(\s+|$)")


class ReadFailure(Exception):
    """The file cannot give a Document; ``str(exc)`` is the reason, one line."""


@dataclass(frozen=True)
class Extracted:
    """What a reader got from a file: the text and whatever metadata the file itself carries."""

    text: str
    media_type: str
    title: str | None = None
    published: date | None = None
    notes: tuple[str, ...] = ()


Reader = Callable[[bytes], Extracted]


def read_plain(raw: bytes) -> Extracted:
    """Read plain text: decoded, newlines normalised, no title."""
    text, notes = _text_or_fail(raw)
    return Extracted(text=text, media_type="text/plain", title=_first_line_title(text), notes=notes)


def read_markdown(raw: bytes) -> Extracted:
    """Read Markdown: decoded text, with a leading heading as the title."""
    # Markdown is readable as it stands; stripping its marks would move every offset.
    text, notes = _text_or_fail(raw)
    title = _first_line_title(text)
    if title:
        title = _MARKDOWN_HEADING.sub("", title) or None
    return Extracted(text=text, media_type="text/markdown", title=title, notes=notes)


def read_html(raw: bytes) -> Extracted:
    """Main text, title and date of a web page by trafilatura; never fetches anything."""
    try:
        limits.check_html(raw)
    except limits.TooBig as exc:
        raise ReadFailure(str(exc)) from None
    markup, notes = _text_or_fail(raw, markup=True)
    result = _trafilatura(markup)
    text = normalise_newlines(result.text or "") if result is not None else ""
    # Tag soup like "<html><<<>>>" comes back as its own punctuation: that is not text either.
    if result is None or not any(ch.isalnum() for ch in text):
        raise ReadFailure("no readable text in HTML")
    return Extracted(
        text=text,
        media_type="text/html",
        title=(result.title or "").strip() or None,
        published=_iso_day(result.date),
        notes=notes,
    )


def read_pdf(raw: bytes) -> Extracted:
    """Text of every page, joined by a blank line, by pdfplumber in a capped worker (``pdf.py``)."""
    if b"%PDF-" not in raw[:1024]:
        raise ReadFailure("corrupt or unreadable PDF: no %PDF header")
    from khronika.ingest import pdf  # deferred: pdfplumber only for PDF files

    try:
        limits.check_pdf(raw)
        pages = pdf.bounded_pages(raw)
    except (limits.TooBig, pdf.Unreadable) as exc:
        raise ReadFailure(str(exc)) from None
    text = normalise_newlines("\n\n".join(pages))
    if not text.strip():
        raise ReadFailure("PDF has no text layer (scanned?)")
    return Extracted(text=text, media_type="application/pdf")


# --- helpers -----------------------------------------------------------------------------------


def _text_or_fail(raw: bytes, *, markup: bool = False) -> tuple[str, tuple[str, ...]]:
    try:
        text, notes = decode_noted(raw, markup=markup)
    except NotText as exc:
        raise ReadFailure(str(exc)) from None
    if not text.strip():
        raise ReadFailure("no text")
    return text, notes


def _first_line_title(text: str) -> str | None:
    for line in text.split("\n"):
        if line.strip():
            return _clip(line.strip(), _MAX_TITLE_CHARS)
    return None


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _trafilatura(markup: str) -> Any:
    import lxml.etree  # deferred, like trafilatura: only for HTML files
    import lxml.html
    import trafilatura
    from trafilatura.settings import set_date_params

    options: dict[str, Any] = {
        "with_metadata": True,
        # Reader comments under an article are not the source's own statements.
        "include_comments": False,
        # Prefer dates the markup states (meta tags, <time>, URL) over htmldate's free-text
        # search. Even so htmldate falls back to a bare YYYY-MM-DD found in the body text.
        "date_extraction_params": set_date_params(extensive=False),
    }
    result = trafilatura.bare_extraction(markup, **options)
    if result is not None:
        return result
    # trafilatura rejects fragments without <html>/<body> ("<div><p>some text"); lxml builds
    # the full document tree around them, which trafilatura accepts.
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return None
    return trafilatura.bare_extraction(tree, **options)


def _iso_day(value: str | None) -> date | None:
    match = _ISO_DAY.match(value or "")
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None
