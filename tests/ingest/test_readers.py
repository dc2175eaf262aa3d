"""The readers one by one, bytes in: plain text, Markdown, HTML by trafilatura, PDF by
pdfplumber. Each returns the text, its media type and what the file says about itself, or a
:class:`ReadFailure` whose message is the one-line reason a user will see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from khronika.ingest.document import READERS
from khronika.ingest.readers import (
    ReadFailure,
    read_html,
    read_markdown,
    read_pdf,
    read_plain,
)

PdfBuilder = Callable[..., bytes]  # the make_pdf fixture of tests/conftest.py

STATEMENT = (
    "\n"
    "   Statement on the detention of Aigerim Tulegenova\n"
    "Human rights defenders call for the release of the journalist Aigerim Tulegenova.\n"
)

ARTICLE = """<html><head><title>Teachers picket the ministry</title>
<meta name="date" content="2024-09-02"></head><body>
<article><h1>Teachers picket the ministry</h1>
<p>About forty teachers led by Dana Ospan picketed the education ministry on Monday.</p>
<p>They demanded the back pay promised in spring, Dana Ospan told reporters.</p>
</article></body></html>"""


# --- plain text and Markdown ----------------------------------------------------------------------


def test_plain_text_keeps_every_character_and_titles_by_the_first_line() -> None:
    extracted = read_plain(STATEMENT.encode("utf-8"))
    assert extracted.text == STATEMENT
    assert extracted.media_type == "text/plain"
    assert extracted.title == "Statement on the detention of Aigerim Tulegenova"
    assert extracted.published is None


def test_a_long_first_line_is_clipped_to_a_title_with_an_ellipsis() -> None:
    line = "Marat Seitkali " * 30
    title = read_plain(line.encode()).title
    assert title is not None
    assert len(title) == 200
    assert title.endswith("…")
    assert title.startswith("Marat Seitkali Marat")


def test_markdown_title_loses_its_heading_marks_but_the_text_keeps_them() -> None:
    raw = b"### Open letter on Irina Volkova\n\nWe, the undersigned, *demand* her release.\n"
    extracted = read_markdown(raw)
    assert extracted.title == "Open letter on Irina Volkova"
    assert extracted.text == raw.decode()
    assert extracted.media_type == "text/markdown"


def test_markdown_without_a_heading_titles_by_its_first_line() -> None:
    assert read_markdown(b"Dana Ospan was fined.\n").title == "Dana Ospan was fined."


def test_a_bare_heading_mark_is_no_title() -> None:
    assert read_markdown(b"# \nText of the appeal.\n").title is None


@pytest.mark.parametrize("reader", [read_plain, read_markdown])
@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b" \n\t\n", "no text"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary content, not text")],
    ids=["blank", "binary"],
)
def test_text_readers_refuse_blank_and_binary_bytes(
    reader: object, raw: bytes, reason: str
) -> None:
    with pytest.raises(ReadFailure) as caught:
        reader(raw)  # type: ignore[operator]
    assert str(caught.value) == reason


# --- HTML -----------------------------------------------------------------------------------------


def test_html_gives_the_article_text_title_and_date() -> None:
    extracted = read_html(ARTICLE.encode("utf-8"))
    assert extracted.media_type == "text/html"
    assert "picketed the education ministry on Monday" in extracted.text
    assert "back pay promised in spring" in extracted.text
    assert extracted.title == "Teachers picket the ministry"
    assert extracted.published == date(2024, 9, 2)


def test_html_in_cp1251_is_decoded_before_extraction() -> None:
    page = (
        "<html><head><title>Пикет учителей</title></head><body><article>"
        "<p>Около сорока учителей во главе с Даной Оспан пикетировали министерство "
        "образования в понедельник и требовали выплатить долги по зарплате.</p>"
        "</article></body></html>"
    )
    extracted = read_html(page.encode("cp1251"))
    assert "пикетировали министерство" in extracted.text


def test_an_html_fragment_without_html_or_body_is_still_read() -> None:
    fragment = (
        "<div><p>Riot police dispersed a march of about two hundred pensioners in Aktobe "
        "and detained its organiser Marat Seitkali, witnesses said on Sunday evening."
    )
    extracted = read_html(fragment.encode())
    assert "detained its organiser Marat Seitkali" in extracted.text


def test_html_text_has_unix_newlines() -> None:
    page = ARTICLE.replace("\n", "\r\n")
    assert "\r" not in read_html(page.encode()).text


@pytest.mark.parametrize(
    "markup",
    ["<html><body></body></html>", "<html><<<>>>", "<p>  ...  </p>", "<!-- nothing -->"],
    ids=["empty-body", "tag-soup", "punctuation", "comment"],
)
def test_html_without_readable_text_is_refused(markup: str) -> None:
    with pytest.raises(ReadFailure, match="no readable text in HTML"):
        read_html(markup.encode())


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_pages_are_joined_by_a_blank_line(make_pdf: PdfBuilder) -> None:
    raw = make_pdf([["Court hearing of Irina Volkova"], ["Verdict postponed to May"]])
    extracted = read_pdf(raw)
    assert extracted.media_type == "application/pdf"
    assert extracted.text == "Court hearing of Irina Volkova\n\nVerdict postponed to May"
    assert extracted.title is None


def test_pdf_without_header_is_refused_before_parsing() -> None:
    with pytest.raises(ReadFailure, match="no %PDF header"):
        read_pdf(b"Dear editor, please find the statement attached.")


def test_pdf_header_may_follow_junk_within_the_first_kilobyte(make_pdf: PdfBuilder) -> None:
    raw = b"\n" * 10 + make_pdf([["Statement of Dana Ospan"]])
    assert read_pdf(raw).text == "Statement of Dana Ospan"


def test_pdf_with_only_empty_pages_has_no_text_layer(make_pdf: PdfBuilder) -> None:
    with pytest.raises(ReadFailure, match="no text layer"):
        read_pdf(make_pdf([[], []]))


def test_encrypted_pdf_asks_for_a_password(make_pdf: PdfBuilder) -> None:
    raw = make_pdf([["Sealed verdict"]], user_password="secret")
    with pytest.raises(ReadFailure, match=r"^encrypted PDF \(password required\)$"):
        read_pdf(raw)


def test_a_damaged_pdf_is_one_short_line(make_pdf: PdfBuilder) -> None:
    raw = make_pdf([["Appeal of Marat Seitkali"]])
    with pytest.raises(ReadFailure) as caught:
        read_pdf(raw[: len(raw) // 3])
    reason = str(caught.value)
    assert reason.startswith("corrupt or unreadable PDF")
    assert "\n" not in reason
    assert len(reason) <= len("corrupt or unreadable PDF: ") + 80


# --- which reader reads which file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "reader"),
    [
        (".txt", read_plain),
        (".text", read_plain),
        (".md", read_markdown),
        (".markdown", read_markdown),
        (".html", read_html),
        (".htm", read_html),
        (".xhtml", read_html),
        (".pdf", read_pdf),
    ],
)
def test_each_suffix_has_its_reader(suffix: str, reader: object) -> None:
    assert READERS[suffix] is reader
