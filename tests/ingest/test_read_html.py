"""read_document on web pages: trafilatura's main text, title and date; broken markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from khronika.errors import IngestError
from khronika.ingest import DocMeta, read_document
from khronika.ingest.readers import read_html
from khronika.settings import Settings

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Dockworkers strike for a third day</title>
  <meta property="article:published_time" content="2023-11-14T08:30:00Z">
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">World</a></nav>
  <article>
    <h1>Dockworkers strike for a third day</h1>
    <p>Hundreds of dockworkers stayed away from the port on Tuesday, their union said.</p>
    <p>The harbour authority called the stoppage illegal and threatened dismissals.</p>
  </article>
  <footer>Copyright Example Harbour News</footer>
</body>
</html>
"""


def _write(path: Path, html: str) -> Path:
    path.write_text(html, encoding="utf-8")
    return path


def test_read_document_extracts_main_text_title_and_date_from_html(
    tmp_path: Path, settings: Settings
) -> None:
    doc = read_document(_write(tmp_path / "strike.html", PAGE), settings=settings)

    assert doc.media_type == "text/html"
    assert "Hundreds of dockworkers stayed away from the port" in doc.text
    assert "threatened dismissals" in doc.text
    assert "Copyright" not in doc.text  # boilerplate is not the article
    assert doc.title == "Dockworkers strike for a third day"
    assert doc.published == date(2023, 11, 14)
    assert doc.language == "en"
    assert doc.raw == PAGE.encode("utf-8")


def test_read_document_prefers_metadata_over_the_page(tmp_path: Path, settings: Settings) -> None:
    meta = DocMeta(doc="strike.html", published=date(2023, 11, 15), title="Port strike")

    doc = read_document(_write(tmp_path / "strike.htm", PAGE), meta=meta, settings=settings)

    assert (doc.title, doc.published) == ("Port strike", date(2023, 11, 15))


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>Unclosed paragraph: riot police blocked the avenue at noon",
        "<div><p>A fragment without html or body tags: the vigil went ahead peacefully",
    ],
    ids=["unclosed", "fragment"],
)
def test_read_document_still_reads_text_from_broken_html(
    tmp_path: Path, settings: Settings, html: str
) -> None:
    doc = read_document(_write(tmp_path / "broken.html", html), settings=settings)

    assert html.rsplit(">", 1)[-1].strip() in doc.text


@pytest.mark.parametrize(
    "html",
    ["<html><<<>>>", "<html><head><title>Only a title</title></head><body></body></html>"],
    ids=["tag-soup", "empty-body"],
)
def test_read_document_refuses_html_without_readable_text(
    tmp_path: Path, settings: Settings, html: str
) -> None:
    path = _write(tmp_path / "nothing.html", html)

    with pytest.raises(IngestError) as caught:
        read_document(path, settings=settings)

    assert caught.value.reason == "no readable text in HTML"


# --- hostile markup: entities are never expanded, never fetched ---------------------------------

PICKET = b"<p>Police detained Dana Ospan in Taraz on Monday after a picket outside the court.</p>"


def _laughs(levels: int) -> bytes:
    """The 'billion laughs': each entity ten of the one before, 10**levels 'lol's if expanded."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, levels + 1)
    )
    return (
        b'<?xml version="1.0"?><!DOCTYPE lolz ['
        + entities
        + b"]><html><body>"
        + PICKET
        + b"<p>&lol%d;</p></body></html>" % levels
    )


def test_a_billion_laughs_page_is_read_without_expanding_its_entities() -> None:
    extracted = read_html(_laughs(9))

    assert extracted.text.startswith("Police detained Dana Ospan in Taraz")
    assert "lollol" not in extracted.text
    assert len(extracted.text) < 200


def test_an_external_entity_is_never_fetched_from_the_machine() -> None:
    secret = b"/etc/hostname"
    page = (
        b'<?xml version="1.0"?><!DOCTYPE page [<!ENTITY xxe SYSTEM "file://' + secret + b'">]>'
        b"<html><body>" + PICKET + b"<p>&xxe;</p></body></html>"
    )

    extracted = read_html(page)

    assert extracted.text.startswith("Police detained Dana Ospan in Taraz")
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in extracted.text
