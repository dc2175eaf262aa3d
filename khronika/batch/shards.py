"""The Parquet shards of a batch: one row per input, in input order, a document and its reports.

A row carries what the store keeps of a document (original bytes, text, SHA-256, metadata, time
of reading), how its extraction ended (``extractor``, ``outcome``, ``message``) and its reports,
each the JSON of the contract's :meth:`khronika.model.Event.to_dict` (with the confidence
unrounded, as the store keeps it), so :meth:`~khronika.model.Event.from_dict` gives the same
event back. An input that could not be read has only ``error`` (the one line ``khronika
ingest`` prints) or ``skipped`` (the reason it was passed over). A document the store already
held, extracted, has the outcome ``unchanged`` and no reports: it was not extracted again.

Shards are ``part-00000.parquet``, ``part-00001.parquet``…, each a few row groups of one chunk;
they are read back one row group at a time, so loading them is flat in memory too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from khronika.errors import MetadataError
from khronika.model import Document, Event

# A new shard after this many documents or bytes: files large enough to read fast, small
# enough that a shard is a unit one can copy, inspect or throw away.
SHARD_ROWS = 2000
SHARD_BYTES = 256 * 1024 * 1024

SCHEMA = pa.schema(
    [
        ("index", pa.int64()),
        ("path", pa.string()),
        ("relative", pa.string()),
        ("error", pa.string()),
        ("skipped", pa.string()),
        ("notes", pa.list_(pa.string())),
        ("name", pa.string()),
        ("text", pa.large_string()),
        ("sha256", pa.string()),
        ("raw", pa.large_binary()),
        ("media_type", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("language", pa.string()),
        ("address", pa.string()),
        ("outlet", pa.string()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("extractor", pa.string()),
        ("outcome", pa.string()),
        ("message", pa.string()),
        ("events", pa.list_(pa.large_string())),
    ]
)

Row = dict[str, Any]

# The outcome of a row whose document the store held, extracted, before the batch: read (its
# SHA-256 told the workers so) but not extracted again; it has no extractor and no reports.
UNCHANGED = "unchanged"


def document_fields(document: Document) -> Row:
    """The columns of a row that hold the document."""
    return {
        "name": document.name,
        "text": document.text,
        "sha256": document.sha256,
        "raw": document.raw,
        "media_type": document.media_type,
        "title": document.title,
        "published": document.published,
        "language": document.language,
        "address": document.address,
        "outlet": document.outlet,
        "ingested_at": document.ingested_at,
    }


def event_json(event: Event) -> str:
    """One report as the contract's JSON, its confidence as stored (the contract rounds it)."""
    payload = event.to_dict()
    payload["confidence"] = event.confidence
    return json.dumps(payload, ensure_ascii=False)


def document_of(row: Mapping[str, Any]) -> Document:
    """The document a row holds (it must hold one: ``row["name"]`` is set)."""
    return Document(
        name=row["name"],
        text=row["text"],
        sha256=row["sha256"],
        raw=row["raw"] or b"",
        media_type=row["media_type"],
        title=row["title"],
        published=row["published"],
        language=row["language"],
        address=row["address"],
        outlet=row["outlet"],
        ingested_at=row["ingested_at"],
    )


def events_of(row: Mapping[str, Any]) -> list[Event]:
    """The reports a row holds, validated as when they were built."""
    return [Event.from_dict(json.loads(payload)) for payload in row.get("events") or ()]


class ShardWriter:
    """Writes rows to numbered shards in one folder, starting a new shard when one is full."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.glob("part-*.parquet")):
            raise FileExistsError(f"{folder}: holds shards already (give an empty folder)")
        self.folder = folder
        self.shards = 0
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._rows_in_shard = 0
        self._bytes_in_shard = 0

    def write(self, rows: Sequence[Row]) -> None:
        """Append rows (one chunk) as one row group of the current shard."""
        if not rows:
            return
        table = pa.Table.from_pylist([_complete(row) for row in rows], schema=SCHEMA)
        if self._writer is None:
            path = self.folder / f"part-{self.shards:05d}.parquet"
            self._writer = pq.ParquetWriter(path, SCHEMA, compression="zstd")
            self.shards += 1
        self._writer.write_table(table)
        self.rows += len(rows)
        self._rows_in_shard += len(rows)
        self._bytes_in_shard += table.nbytes
        if self._rows_in_shard >= SHARD_ROWS or self._bytes_in_shard >= SHARD_BYTES:
            self.close()

    def close(self) -> None:
        """Finish the current shard (the next write starts another)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            self._rows_in_shard = self._bytes_in_shard = 0


def _complete(row: Row) -> Row:
    return {name: row.get(name) for name in SCHEMA.names}


def shard_paths(folder: Path) -> list[Path]:
    """The shards of a folder, in the order they were written."""
    return sorted(folder.glob("part-*.parquet"), key=lambda path: int(path.stem.split("-")[-1]))


def read_rows(folder: Path) -> Iterator[Row]:
    """Every row of a folder's shards, in input order, one row group in memory at a time;
    ``MetadataError`` naming the shard when one is not a shard of this schema.
    """
    for path in shard_paths(folder):
        shard = _open(path)
        for group in range(shard.num_row_groups):
            yield from shard.read_row_group(group).to_pylist()


def check_shards(folder: Path) -> None:
    """Refuse, before anything is stored, a folder without shards or with a shard that is not
    one (``MetadataError``: the file and the reason).
    """
    paths = shard_paths(folder) if folder.is_dir() else []
    if not paths:
        raise MetadataError(str(folder), 0, "no shards (part-*.parquet) in this folder")
    for path in paths:
        _open(path)


def _open(path: Path) -> pq.ParquetFile:
    try:
        shard = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise MetadataError(str(path), 0, f"not a Parquet file: {exc}") from None
    missing = [name for name in SCHEMA.names if name not in shard.schema_arrow.names]
    if missing:
        raise MetadataError(str(path), 0, f"not a batch shard: no column {', '.join(missing)}")
    return shard
