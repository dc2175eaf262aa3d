"""What a batch reads, streamed: files and folders, a list file of paths, Parquet or JSONL texts.

Every input becomes an :class:`Item`, numbered in the order ``khronika ingest`` would meet it.
An item is small (a path and its metadata line, or one text with its metadata): the texts of a
list, a folder or a Parquet file are never all held at once. A text record is
``{"name", "text"}`` plus the fields of a ``--meta`` line (``published``, ``title``,
``language``, ``address``, ``outlet``); a bad record is one line naming the file, the record and
the reason, and the rest is read.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from itertools import count
from pathlib import Path
from typing import Any

from khronika.errors import MetadataError
from khronika.ingest import DocMeta, InputFile, iter_inputs
from khronika.ingest.metadata import parse_line

# Rows read from a Parquet file at a time: a few chunks' worth, never the whole file.
_PARQUET_ROWS = 256
TEXT_SUFFIXES = (".parquet", ".jsonl")
_META_KEYS = ("published", "title", "language", "address", "outlet")


@dataclass(frozen=True)
class Item:
    """One input of the batch: a file to read (``path``) or a text given whole (``text``).

    ``shown`` names it in messages, ``relative`` is the second name it may be stored under
    (its path inside the folder given); ``problem`` is why it is not read (a skipped link, a
    malformed text record), ``skipped`` tells a skip (a note) from a rejection (an error).
    """

    index: int
    shown: str
    relative: str
    path: str | None = None
    text: str | None = None
    meta: DocMeta | None = None
    problem: str | None = None
    skipped: bool = False


def file_items(
    entries: Iterable[InputFile],
    meta: Mapping[str, DocMeta],
    numbers: Iterator[int],
    seen: set[str],
) -> Iterator[Item]:
    """Items for the files of a run, each with its metadata line (by relative or base name);
    ``seen`` gathers the names a metadata line may give.
    """
    for entry in entries:
        seen.update({entry.relative, entry.path.name})
        line = meta.get(entry.relative) or meta.get(entry.path.name)
        yield Item(
            index=next(numbers),
            shown=entry.shown,
            relative=entry.relative,
            path=str(entry.path),
            meta=line,
            problem=entry.skipped,
            skipped=entry.skipped is not None,
        )


def listed_paths(list_file: Path) -> Generator[Path, None, None]:
    """The paths of a list file, one a line (blank lines and ``#`` comments left out)."""
    try:
        with list_file.open(encoding="utf-8-sig") as handle:
            for line in handle:
                stripped = line.strip()
                if stripped and not stripped.startswith("#"):
                    yield Path(stripped)
    except FileNotFoundError:
        raise MetadataError(str(list_file), 0, "no such file") from None
    except UnicodeDecodeError:
        raise MetadataError(str(list_file), 0, "not UTF-8 text") from None
    except OSError as exc:
        raise MetadataError(str(list_file), 0, f"cannot read file: {exc.strerror or exc}") from None


def items(
    paths: Iterable[Path],
    *,
    lists: Iterable[Path] = (),
    texts: Iterable[Path] = (),
    meta: Mapping[str, DocMeta] | None = None,
    follow_links: bool = False,
    seen: set[str] | None = None,
) -> Iterator[Item]:
    """Every item of a batch in order: the paths given, then each list's, then each text file's.

    ``seen`` gathers the file names read, which metadata lines may name.
    """
    numbers = count()
    lines = meta or {}
    names = seen if seen is not None else set()
    yield from file_items(iter_inputs(paths, follow_links=follow_links), lines, numbers, names)
    for list_file in lists:
        listed = iter_inputs(listed_paths(list_file), follow_links=follow_links)
        yield from file_items(listed, lines, numbers, names)
    for text_file in texts:
        yield from text_items(text_file, numbers)


def check_sources(lists: Iterable[Path], texts: Iterable[Path]) -> None:
    """Refuse, before any work starts, a list or text file that cannot be read
    (``MetadataError``: the file and the reason).
    """
    for list_file in lists:
        paths = listed_paths(list_file)
        next(paths, None)  # opens the file and reads up to its first path
        paths.close()
    for text_file in texts:
        if text_file.suffix.lower() not in TEXT_SUFFIXES:
            raise MetadataError(str(text_file), 0, "texts come as .parquet or .jsonl")
        records = _records(text_file)
        next(records, None)  # opens the file, reads its schema or first line
        records.close()


def _records(text_file: Path) -> Generator[tuple[str, Mapping[str, Any] | str], None, None]:
    if text_file.suffix.lower() == ".parquet":
        return _parquet(text_file)
    return _jsonl(text_file)


def text_items(text_file: Path, numbers: Iterator[int]) -> Iterator[Item]:
    """One item per record of a Parquet or JSONL file of texts, streamed."""
    records = _records(text_file)
    for where, record in records:
        index = next(numbers)
        source = f"{text_file}:{where}"
        if isinstance(record, str):  # the record could not even be parsed
            yield Item(index, source, source, problem=f"{source}: {record}")
            continue
        try:
            name, text, line = _text_record(record)
        except ValueError as exc:
            yield Item(index, source, source, problem=f"{source}: {exc}")
            continue
        yield Item(index, name, name, text=text, meta=line)


def _text_record(record: Mapping[str, Any]) -> tuple[str, str, DocMeta]:
    """Name, text and metadata of one record, checked as a ``--meta`` line is."""
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError('missing "name" (the name the text is stored and cited under)')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f'{name.strip()}: missing "text"')
    fields = {key: _plain(record.get(key)) for key in _META_KEYS}
    try:
        line = parse_line(json.dumps({"doc": name, **fields}))
    except ValueError as exc:
        raise ValueError(f"{name.strip()}: {exc}") from None
    return line.doc, text, line


def _plain(value: Any) -> Any:
    """A Parquet date or timestamp as the ``YYYY-MM-DD`` a metadata line has."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _jsonl(path: Path) -> Generator[tuple[str, Mapping[str, Any] | str], None, None]:
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise MetadataError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield str(number), _json_record(line)
        except UnicodeDecodeError:
            raise MetadataError(str(path), 0, "not UTF-8 text") from None


def _json_record(line: str) -> Mapping[str, Any] | str:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON: {exc.msg} (column {exc.colno})"
    except RecursionError:
        return "not valid JSON: nested too deeply"
    if not isinstance(data, dict):
        return f"expected a JSON object, got {type(data).__name__}"
    return data


def _parquet(path: Path) -> Generator[tuple[str, Mapping[str, Any] | str], None, None]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except FileNotFoundError:
        raise MetadataError(str(path), 0, "no such file") from None
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise MetadataError(str(path), 0, f"not a Parquet file: {exc}") from None
    missing = {"name", "text"} - set(parquet.schema_arrow.names)
    if missing:
        raise MetadataError(str(path), 0, f"no column {', '.join(sorted(missing))}")
    row = 0
    for batch in parquet.iter_batches(batch_size=_PARQUET_ROWS):
        for record in batch.to_pylist():
            row += 1
            yield f"row {row}", record
