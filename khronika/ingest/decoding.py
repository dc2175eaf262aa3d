"""Bytes to text for the text formats: encoding guess, binary check, line-ending normalising.

Nothing else is changed: evidence offsets index into the text, so the text extraction sees
must be exactly the text that is stored.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

# A few stray control characters happen in real text (pasted from Word, old terminals);
# past this share the bytes are not text.
_MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Western European text has a few accented letters among plain ones; past this share of high
# bytes the text is in another alphabet (Cyrillic, Greek, Arabic, Hebrew...).
_MAX_WESTERN_ACCENTS = 0.3
_OTHER_ALPHABETS = frozenset(
    "cp1253 iso8859_7 cp1255 iso8859_8 cp1256 iso8859_6 cp874 tis_620 cp1257 iso8859_13"
    " cp1254 iso8859_9 cp1258".split()
)
# A NUL or two in an article (a bad copy-paste) is dropped; more than one per this many bytes
# means the file is binary.
_NUL_BYTES_PER_ONE = 1000
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I
)


class NotText(ValueError):
    """The bytes are binary, not text in any encoding we read."""


def decode_text(raw: bytes) -> str:
    """Decode ``raw`` as UTF-8 (BOM stripped), UTF-16 with a BOM, cp1251, KOI8-R, cp1252/latin-1, or
    what charset-normalizer finds for another alphabet.

    Raises :class:`NotText` for binary content. Line endings become LF.
    """
    return decode_noted(raw)[0]


def decode_noted(raw: bytes, *, markup: bool = False) -> tuple[str, tuple[str, ...]]:
    """:func:`decode_text`, plus notes of what was dropped; ``markup`` reads ``<meta charset>``."""
    notes: tuple[str, ...] = ()
    if raw.startswith(_UTF16_BOMS):
        # UTF-16 is full of NUL bytes, so it has to be recognised before the binary check.
        text = raw.decode("utf-16", errors="replace")
    else:
        nuls = raw.count(b"\x00")
        if nuls > max(1, len(raw) // _NUL_BYTES_PER_ONE):
            raise NotText("binary content, not text")
        if nuls:
            raw = raw.replace(b"\x00", b"")
            notes = (f"{nuls} NUL byte(s) dropped",)
        text = _decode_8bit(raw, _declared_charset(raw) if markup else None)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise NotText("binary content, not text")
    return normalise_newlines(text), notes


def _declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_8bit(raw: bytes, declared: str | None = None) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if declared is not None and declared != "utf-8":
        return raw.decode(declared, errors="replace")
    if _high_share(raw) > _MAX_WESTERN_ACCENTS and (other := _other_alphabet(raw)) is not None:
        return other
    if _looks_cyrillic(raw):
        return raw.decode(_cyrillic_codec(raw), errors="replace")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so it cannot fail.
        return raw.decode("latin-1")


def _high_share(raw: bytes) -> float:
    """Share of bytes above ASCII among the bytes that are not spaces, digits or punctuation."""
    letters = [b for b in raw if b >= 0x80 or chr(b).isalpha()]
    return sum(1 for b in letters if b >= 0x80) / len(letters) if letters else 0.0


def _other_alphabet(raw: bytes) -> str | None:
    """The text, if charset-normalizer reads it in a code page of another alphabet (Greek,
    Hebrew, Arabic, Thai, Baltic, Turkish...).

    Its word is taken only there: on short texts it mistakes cp1252 for cp1250 ('arręté') and
    KOI8-R for Shift JIS, which the Cyrillic and Western rules read right.
    """
    best = from_bytes(raw).best()
    if best is None or best.encoding not in _OTHER_ALPHABETS:
        return None
    return str(best)


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


def _cyrillic_codec(raw: bytes) -> str:
    """KOI8-R or cp1251, by letter case: running text is mostly lower case.

    cp1251 puts the lower-case letters at 0xE0-0xFF and the capitals at 0xC0-0xDF; KOI8-R has
    them the other way round. So the half of the range that holds most letters says which.
    """
    low = sum(1 for byte in raw if 0xC0 <= byte <= 0xDF)
    high = sum(1 for byte in raw if byte >= 0xE0)
    return "koi8_r" if low > high else "cp1251"


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls / len(text)
