"""Material from the browser into a job's folder: safe names, bytes copied, metadata lines.

A client names its files, but never where they go: a name is cut to its last part, stripped of
anything but letters, digits and ``._-``, never hidden, never empty, and made unique in its
batch. The metadata fields are those of ``--meta`` and are written as a ``--meta`` file, so
the CLI's reader checks them and the pipeline reads them exactly as on the command line.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

from khronika.web.errors import Invalid

META_FIELDS = ("published", "title", "language", "address", "outlet")
_UNSAFE = re.compile(r"[^\w.-]+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")
_MAX_NAME = 100
_CHUNK = 1024 * 1024


def safe_name(given: str | None, taken: set[str], *, default: str = "upload") -> str:
    """A file name for the desk's folder from what the client sent, unique within ``taken``."""
    base = PurePosixPath((given or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isprintable())
    base = _UNSAFE.sub("-", base).strip("-. ") or default
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix[:10].lower()
    stem = stem[: _MAX_NAME - len(suffix) - 1].strip("-.") or default
    name = f"{stem}.{suffix}" if suffix else stem
    number = 2
    while name in taken:
        name = f"{stem}-{number}.{suffix}" if suffix else f"{stem}-{number}"
        number += 1
    taken.add(name)
    return name


def copy_upload(source: BinaryIO, target: Path) -> int:
    """Copy an uploaded file to ``target`` in chunks; the number of bytes written."""
    written = 0
    with target.open("xb") as out:  # "x": a name is never reused inside a job's folder
        while chunk := source.read(_CHUNK):
            out.write(chunk)
            written += len(chunk)
    return written


def pasted_name(text: str, title: str | None, taken: set[str]) -> str:
    """A stable name for pasted text: its title's words and the start of its hash."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    words = _UNSAFE.sub("-", unicodedata.normalize("NFC", title or "")).strip("-.").lower()[:60]
    return safe_name(f"{words}-{digest}.txt" if words else f"pasted-{digest}.txt", taken)


def capture_name(address: str, suffix: str, captured_at: datetime) -> str:
    """A name for a capture: host, path and the time of capture, so each capture is its own."""
    parts = urlsplit(address)
    words = _UNSAFE.sub("-", f"{parts.hostname or 'page'}{parts.path}").strip("-.")[:70]
    stamp = captured_at.strftime("%Y%m%dT%H%M%SZ")
    return safe_name(f"{words}-{stamp}{suffix}", set(), default="capture")


def meta_values(form: dict[str, str]) -> dict[str, str]:
    """The metadata fields of a form, checked as ``--meta`` would, blanks left out."""
    values = {k: form[k].strip() for k in META_FIELDS if form.get(k, "").strip()}
    if "published" in values:
        try:
            date.fromisoformat(values["published"])
        except ValueError:
            raise Invalid(f"published: {values['published']!r} is not a day (YYYY-MM-DD)") from None
    if "language" in values:
        if not _LANGUAGE.fullmatch(values["language"]):
            raise Invalid(f"language: {values['language']!r} is not a language code such as en")
        values["language"] = values["language"].lower()
    if "address" in values:
        values["address"] = web_address(values["address"])
    return values


def web_address(text: str) -> str:
    """``text`` if it is an http or https address with a host; Invalid (one line) if not."""
    address = text.strip()
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Invalid(f"address: {address!r} is not an http:// or https:// web address")
    if any(ch.isspace() or not ch.isprintable() for ch in address):
        raise Invalid(f"address: {address!r} holds spaces or control characters")
    return address


def write_meta(path: Path, meta: dict[str, dict[str, str]]) -> None:
    """The batch's ``--meta`` file: one line per document that has metadata."""
    lines = [json.dumps({"doc": doc, **values}, ensure_ascii=False) for doc, values in meta.items()]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
