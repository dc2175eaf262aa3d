"""Per-document metadata: one JSON object per line, keyed by the document's file name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from khronika.errors import MetadataError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class DocMeta:
    """What a metadata line says about one document; unknown keys of the line are ignored."""

    doc: str
    published: date | None = None
    title: str | None = None
    language: str | None = None
    address: str | None = None
    outlet: str | None = None


def load_metadata(path: Path) -> tuple[dict[str, DocMeta], list[MetadataError]]:
    """Read a JSON Lines metadata file into ``{doc: DocMeta}`` plus one error per bad line.

    A malformed line does not stop the file: it becomes a :class:`MetadataError` with its line
    number and the rest is still read. A missing or unreadable file raises (line 0).
    """
    source = str(path)
    lines = _read_lines(path)
    metas: dict[str, DocMeta] = {}
    first_line: dict[str, int] = {}
    errors: list[MetadataError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            meta = parse_line(line)
        except ValueError as exc:
            errors.append(MetadataError(source, number, str(exc)))
            continue
        if meta.doc in metas:
            # Two lines for one document contradict each other; keep the first, flag the other.
            reason = f"duplicate entry for {meta.doc!r} (first on line {first_line[meta.doc]})"
            errors.append(MetadataError(source, number, reason))
            continue
        metas[meta.doc] = meta
        first_line[meta.doc] = number
    return metas, errors


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise MetadataError(str(path), 0, "no such file") from None
    except UnicodeDecodeError:
        raise MetadataError(str(path), 0, "not UTF-8 text") from None
    except OSError as exc:
        raise MetadataError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from None


def parse_line(line: str) -> DocMeta:
    """One metadata line to a DocMeta; ValueError with a one-line reason if it is malformed."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        # '[[[[…' thousands deep exhausts the decoder's stack before it finds the line malformed.
        raise ValueError("not valid metadata: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    doc = data.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        raise ValueError('missing "doc" (the file name this line describes)')
    language = _optional_text(data, "language")
    return DocMeta(
        doc=doc.strip(),
        published=_published(data.get("published")),
        title=_optional_text(data, "title"),
        # Codes are compared with settings.languages, which are lower case.
        language=language.lower() if language else None,
        address=_address(data),
        outlet=_optional_text(data, "outlet"),
    )


def _address(data: dict[str, Any]) -> str | None:
    """The source's web address: http or https only, since the desk links it (a
    ``javascript:`` or ``data:`` address would be a live link in an analyst's browser).
    """
    address = _optional_text(data, "address")
    if address is None:
        return None
    scheme, colon, rest = address.partition(":")
    if not colon or scheme.lower() not in ("http", "https") or not rest.startswith("//"):
        raise ValueError(f'bad "address" {address[:80]!r} (expected an http:// or https:// URL)')
    return address


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{key}" must be a string or null')
    # An empty title is no title: let the file's own title through rather than store "".
    return value.strip() or None


def _published(value: Any) -> date | None:
    if value is None or value == "":
        return None
    # fromisoformat alone would also take "20240305" or week dates; the contract is YYYY-MM-DD.
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError(f'bad "published" {value!r} (expected YYYY-MM-DD or null)')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f'bad "published" {value!r} (no such day)') from None
