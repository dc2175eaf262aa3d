"""A source document as evidence: the chain of custody a reader checks, the hash check done on
every view, and a download that is byte-exact, never rendered, and safely named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from khronika.model import Document
from khronika.web.documents import content_disposition, custody, hash_check, original_response
from khronika.web.errors import NotFound

PAGE = "<html><body><script>steal()</script><p>Dana Ospan was detained.</p></body></html>"


def _page(**changes: object) -> Document:
    raw = PAGE.encode("utf-8")
    document = Document(
        name="ospan-detained.html",
        text="Dana Ospan was detained.",
        sha256=Document.hash_bytes(raw),
        raw=raw,
        media_type="text/html",
        title="Activist detained",
        published=date(2023, 3, 6),
        language="en",
        address="https://example.org/ospan",
        outlet="Example Wire",
        ingested_at=datetime(2023, 3, 7, 8, 15, 30, 123456, tzinfo=UTC),
        ingested_by="Marat Seitkali",
    )
    return replace(document, **changes)  # type: ignore[arg-type]


def test_the_original_is_served_byte_exact_as_an_attachment() -> None:
    response = original_response(_page())
    assert response.body == PAGE.encode("utf-8")
    assert response.media_type == "text/html"
    assert response.headers["content-disposition"].startswith("attachment; ")
    assert response.headers["x-content-sha256"] == _page().sha256


def test_an_original_without_a_media_type_is_plain_bytes() -> None:
    response = original_response(_page(media_type=""))
    assert response.media_type == "application/octet-stream"


def test_an_original_whose_bytes_were_not_kept_is_not_found() -> None:
    with pytest.raises(NotFound, match=r"ospan-detained\.html: the original bytes were not kept"):
        original_response(_page(raw=b""))


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (
            "ospan-detained.html",
            "attachment; filename=\"ospan-detained.html\"; filename*=UTF-8''ospan-detained.html",
        ),
        (
            "Задержание Оспан.txt",
            'attachment; filename="__________ _____.txt"; '
            "filename*=UTF-8''%D0%97%D0%B0%D0%B4%D0%B5%D1%80%D0%B6%D0%B0%D0%BD%D0%B8%D0%B5"
            "%20%D0%9E%D1%81%D0%BF%D0%B0%D0%BD.txt",
        ),
        (
            'a"b;c.txt',
            "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%3Bc.txt",
        ),
        ("../../etc/passwd", "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"),
        ("folder\\notes.md", "attachment; filename=\"notes.md\"; filename*=UTF-8''notes.md"),
        ("", "attachment; filename=\"document\"; filename*=UTF-8''document"),
    ],
    ids=["ascii", "cyrillic", "quotes", "path", "backslash", "empty"],
)
def test_content_disposition_names_the_file_safely(name: str, header: str) -> None:
    assert content_disposition(name) == header


def test_hash_check_says_whether_the_bytes_still_match() -> None:
    assert hash_check(_page()) == "the bytes kept match the recorded hash"
    tampered = _page(raw=PAGE.replace("Dana", "Dina").encode())
    assert hash_check(tampered).startswith("MISMATCH")
    assert hash_check(_page(raw=b"")) == "nothing to check: the original bytes were not kept"


def test_custody_lists_every_fact_in_reading_order() -> None:
    rows = custody(_page())
    assert [label for label, _ in rows] == [
        "Name",
        "SHA-256 of the original bytes",
        "Bytes kept",
        "Hash check",
        "Media type",
        "Source address",
        "Outlet",
        "Title",
        "Published",
        "Language",
        "Ingested",
        "Ingested by",
    ]
    facts = dict(rows)
    assert facts["Bytes kept"] == f"{len(PAGE.encode()):,}"
    assert facts["Published"] == "2023-03-06"
    assert facts["Ingested"] == "2023-03-07T08:15:30+00:00"  # to the second
    assert facts["Ingested by"] == "Marat Seitkali"


def test_custody_shows_a_dash_for_what_is_unknown() -> None:
    bare = Document(name="note.txt", text="x", sha256=Document.hash_bytes(b"x"))
    facts = dict(custody(bare))
    assert facts["Bytes kept"] == "not kept"
    for label in ("Source address", "Outlet", "Title", "Published", "Language", "Ingested"):
        assert facts[label] == "—"
    assert facts["Media type"] == "text/plain"


def test_large_originals_count_bytes_with_thousands_separators() -> None:
    raw = b"x" * 1_234_567
    facts = dict(custody(_page(raw=raw, sha256=Document.hash_bytes(raw))))
    assert facts["Bytes kept"] == "1,234,567"
    assert facts["Hash check"] == "the bytes kept match the recorded hash"
