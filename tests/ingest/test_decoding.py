"""decode_text on its own: which encoding a file's bytes are read in, when bytes are not text,
and the one change made to the text (line endings), since evidence offsets index into it."""

from __future__ import annotations

import codecs

import pytest

from khronika.ingest.decoding import NotText, decode_noted, decode_text, normalise_newlines

RUSSIAN = "Полиция задержала активистку Айгерим Тулегенову у здания акимата.\n"
FRENCH = "La police a arrêté Marat Seitkali à l'aéroport, déclare son avocate.\n"


def test_utf8_is_read_as_it_is() -> None:
    assert decode_text(RUSSIAN.encode("utf-8")) == RUSSIAN


def test_a_utf8_bom_is_dropped() -> None:
    assert decode_text(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_in_either_byte_order(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    raw = bom + RUSSIAN.encode(codec)
    assert b"\x00" in raw  # would look binary without the BOM check first
    assert decode_text(raw) == RUSSIAN


def test_utf16_without_a_bom_is_refused_as_binary() -> None:
    with pytest.raises(NotText, match="binary content"):
        decode_text("Dana Ospan".encode("utf-16-le"))


def test_cp1251_russian_is_recognised_by_its_letters() -> None:
    assert decode_text(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_cp1251_with_some_latin_words_is_still_russian() -> None:
    text = "Блогер Marat Seitkali задержан в Алматы; его адвокат обжалует арест.\n"
    assert decode_text(text.encode("cp1251")) == text


def test_western_european_text_is_read_as_cp1252() -> None:
    assert decode_text(FRENCH.encode("cp1252")) == FRENCH


def test_cp1252_quotes_and_dashes_come_out_as_typographic_characters() -> None:
    text = "\u201cWe were beaten\u201d \u2013 Irina Volkova\n"
    assert decode_text(text.encode("cp1252")) == text


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1() -> None:
    # 0x81 has no character in cp1252; latin-1 maps every byte, so decoding cannot fail.
    raw = b"Dana Ospan \x81 statement, caf\xe9 owners agree.\n"
    assert decode_text(raw) == "Dana Ospan \x81 statement, café owners agree.\n"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\r", "one\ntwo\n"),
        (b"one\r\n\rtwo", "one\n\ntwo"),
        (b"one\ntwo", "one\ntwo"),
    ],
    ids=["windows", "old-mac", "mixed", "unix"],
)
def test_line_endings_become_newlines(raw: bytes, text: str) -> None:
    assert decode_text(raw) == text


def test_normalise_newlines_changes_nothing_else() -> None:
    text = "Tabs\tstay,  double spaces stay,\fform feeds stay.\r\n"
    assert normalise_newlines(text) == "Tabs\tstay,  double spaces stay,\fform feeds stay.\n"


def test_a_nul_byte_means_binary() -> None:
    with pytest.raises(NotText, match="binary content, not text"):
        decode_text(b"GIF89a\x01\x00\x01\x00")


def test_too_many_control_characters_mean_binary() -> None:
    raw = b"Report " + b"\x01\x02\x03\x04\x05" * 4 + b" ends"
    with pytest.raises(NotText):
        decode_text(raw)


def test_a_few_stray_control_characters_are_tolerated() -> None:
    body = "Police detained Dana Ospan and Irina Volkova at the rally on Saturday. " * 3
    raw = body.encode() + b"\x07"
    assert decode_text(raw) == body + "\x07"


def test_allowed_whitespace_controls_do_not_count_as_binary() -> None:
    raw = b"\t\t\f\v\n" * 20 + b"x"
    assert decode_text(raw).endswith("x")


def test_empty_bytes_decode_to_empty_text() -> None:
    # Refusing an empty file is the readers' job, with their own reason.
    assert decode_text(b"") == ""


def test_not_text_is_a_value_error() -> None:
    assert issubclass(NotText, ValueError)


def test_koi8_r_russian_is_read_as_russian_not_mojibake() -> None:
    text = "Полиция задержала активистку Ирину Волкову у здания суда.\n"
    assert decode_text(text.encode("koi8_r")) == text
    assert decode_text(text.encode("cp1251")) == text


def test_a_declared_meta_charset_is_obeyed() -> None:
    page = '<html><head><meta charset="koi8-r"></head><body>Ирина Волкова</body></html>'
    text, notes = decode_noted(page.encode("koi8_r"), markup=True)
    assert "Ирина Волкова" in text and notes == ()


def test_many_nul_bytes_still_mean_binary() -> None:
    with pytest.raises(NotText):
        decode_text(b"text\x00with\x00many\x00nul\x00bytes")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Η αστυνομία συνέλαβε διαδηλωτές στην Αθήνα την Τρίτη.", "cp1253"),
        ("اعتقلت الشرطة متظاهرين في القاهرة يوم الثلاثاء.", "cp1256"),
    ],
    ids=["greek", "arabic"],
)
def test_another_alphabet_in_an_8bit_code_page_is_found_by_the_detector(
    text: str, codec: str
) -> None:
    assert decode_text(text.encode(codec)) == text


def test_short_western_text_stays_cp1252_where_the_detector_would_say_cp1250() -> None:
    text = "La police a arrêté des manifestants à Paris; le préfet a interdit la marche."

    assert decode_text(text.encode("cp1252")) == text
