"""The gazetteer's index on disk: built once into the cache, answering as the built one does.

The stories use the smallest extract (cities of 15,000 people) in a cache folder of their own,
so they build in a few seconds and never touch the user's cache.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika.extract import gazetteer_index, places
from khronika.extract.gazetteer_index import index_path, load_index, open_index, write_index
from khronika.extract.places import Gazetteer

SMALL = 15_000


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KHRONIKA_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def built(cache: Path) -> places._Index:
    """The index as the builder makes it, in memory."""
    return places._build_index(SMALL)


@pytest.fixture(scope="module")
def stored(cache: Path, built: places._Index) -> Gazetteer:
    """A gazetteer over the index written to the cache and opened from there."""
    write_index(built, index_path(SMALL))
    gazetteer = Gazetteer(min_population=SMALL)
    gazetteer.__dict__["_index"] = open_index(index_path(SMALL))
    return gazetteer


@pytest.fixture(scope="module")
def in_memory(built: places._Index) -> Gazetteer:
    gazetteer = Gazetteer(min_population=SMALL)
    gazetteer.__dict__["_index"] = built
    return gazetteer


def _refuse(min_population: int) -> places._Index:
    raise AssertionError("the index was built again")


def test_the_first_use_builds_the_index_once_and_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(tmp_path))
    first = Gazetteer(min_population=SMALL).lookup("Almaty")

    message = capsys.readouterr().err.strip().splitlines()
    assert len(message) == 1 and "building the place index once" in message[0]
    assert index_path(SMALL).is_file() and str(tmp_path) in message[0]

    # A second process (here: a second gazetteer) opens the file; the builder is not called.
    again = load_index(SMALL, _refuse)
    assert capsys.readouterr().err == ""
    assert first is not None and first.name == "Almaty" and first.country == "KZ"
    assert again.countries["KZ"].name == "Kazakhstan"


def test_the_stored_index_answers_every_name_as_the_built_one(
    stored: Gazetteer, in_memory: Gazetteer, built: places._Index
) -> None:
    names = [*built.cities.names[::5], *(e.name for e in built.regions)]
    names += [e.name for e in built.countries.values()]
    names += ["The City of Almaty’s", "western Kazakhstan", "U.S.", "Police", "May", "Алматы"]
    for name in names:
        for hint in (None, "KZ", "US", "RU"):
            assert stored.lookup(name, country=hint) == in_memory.lookup(name, country=hint), (
                name,
                hint,
            )
    for code in built.countries:
        assert stored.country(code) == in_memory.country(code)


def test_the_stored_index_finds_the_same_enclosing_metropolis_for_every_city(
    stored: Gazetteer, built: places._Index
) -> None:
    # The stored file answers "population of a million or more" with one query; the builder
    # scans its array. Both must give every city the same metropolis (or itself).
    on_file, in_memory = stored._index.cities, built.cities
    assert on_file._metropolises == in_memory._metropolises
    assert sum(len(bigs) for bigs in in_memory._metropolises.values()) > 100
    for item in range(0, len(in_memory.names), 7):
        assert on_file.enclosing(item) == in_memory.enclosing(item), in_memory.names[item]


def test_cities_are_read_from_the_file_not_loaded_whole(stored: Gazetteer) -> None:
    cities = stored._index.cities
    assert not isinstance(cities.names, list)
    assert cities.index.get("almaty") is not None and cities.index.get("no such place") is None
    assert len(cities.population) == len(list(cities.population)) > 10_000


def test_a_changed_source_gives_another_file_and_the_old_one_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(tmp_path))
    old = index_path(SMALL)
    old.write_bytes(b"built from the old curated file")
    edited = tmp_path / "places_extra.json"
    shutil.copy(places._EXTRA_PATH, edited)
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(places, "_EXTRA_PATH", edited)

    new = index_path(SMALL)
    assert new != old
    shutil.copy(next(cache.glob(f"gazetteer-{SMALL}-*.sqlite")), new)  # as if built just now
    gazetteer_index._remove_stale(new, SMALL)
    assert not old.exists() and new.exists()


def test_an_unreadable_index_is_built_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    built: places._Index,
) -> None:
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(tmp_path))
    index_path(SMALL).write_bytes(b"SQLite format 3\x00 and then nothing")  # cut short

    found = load_index(SMALL, lambda _: built)

    assert "unreadable" in capsys.readouterr().err
    assert found.countries["KZ"].name == "Kazakhstan"
    assert load_index(SMALL, _refuse).countries["KZ"].name == "Kazakhstan"  # the file is sound now


def test_a_cache_that_cannot_be_written_leaves_the_index_in_memory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    built: places._Index,
) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(blocked / "khronika"))

    found = load_index(SMALL, lambda _: built)

    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert "cannot write the place index" in line and "kept in memory" in line
    assert found is built


def test_the_small_tables_may_hold_only_containers_and_place_records() -> None:
    harmless = pickle.dumps({"codes": frozenset({"KZ"}), "pair": ("a", 1)})
    assert gazetteer_index._load_small(harmless) == {"codes": frozenset({"KZ"}), "pair": ("a", 1)}
    with pytest.raises(pickle.UnpicklingError, match=r"may not hold os\.system"):
        gazetteer_index._load_small(b"cos\nsystem\n(S'true'\ntR.")
