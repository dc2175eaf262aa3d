"""Bytes to text for the text formats: encoding guess, binary check, line-ending normalising.

Nothing else is changed: evidence offsets index into the text, so the text extraction sees
must be exactly the text that is stored.
"""

from __future__ import annotations

import codecs
import unicodedata

# A few stray control characters happen in real text (pasted from Word, old terminals);
# past this share the bytes are not text.
_MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NotText(ValueError):
    """The bytes are binary, not text in any encoding we read."""


def decode_text(raw: bytes) -> str:
    """Decode ``raw`` as UTF-8 (BOM stripped), UTF-16 with a BOM, cp1251 or cp1252/latin-1.

    Raises :class:`NotText` for binary content. Line endings become LF.
    """
    if raw.startswith(_UTF16_BOMS):
        # UTF-16 is full of NUL bytes, so it has to be recognised before the binary check.
        text = raw.decode("utf-16", errors="replace")
    elif b"\x00" in raw:
        raise NotText("binary content, not text")
    else:
        text = _decode_8bit(raw)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise NotText("binary content, not text")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_8bit(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _looks_cyrillic(raw):
        return raw.decode("cp1251", errors="replace")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so it cannot fail.
        return raw.decode("latin-1")


def _looks_cyrillic(raw: bytes) -> bool:
    """True if, read as cp1251, most letters are Cyrillic.

    Counting letters rather than high bytes matters: in cp1251 every byte from 0xC0 up is a
    Cyrillic letter, so a French "é" (0xE9 in latin-1) would pass a high-byte test. In Russian
    text nearly all letters are high bytes; in Western European text only a few accents are.
    """
    text = raw.decode("cp1251", errors="replace")
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return cyrillic > latin


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls / len(text)
