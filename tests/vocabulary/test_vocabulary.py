"""Vocabulary files: every shipped file loads under its own name, an unknown file, set or table
is an error (never an empty set), and region words live in their own file only."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from khronika.errors import KhronikaError
from khronika.vocabulary import vocabulary, words


def _shipped() -> list[tuple[str, str]]:
    files = resources.files("khronika.vocabulary").iterdir()
    names = sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))
    return [tuple(n.rsplit("-", 1)) for n in names]  # type: ignore[misc]


def test_the_package_ships_english_regions_and_months() -> None:
    assert {"english", "regions", "months"} <= {name for name, _ in _shipped()}


@pytest.mark.parametrize(("name", "version"), _shipped())
def test_every_shipped_file_loads_and_names_itself(name: str, version: str) -> None:
    loaded = vocabulary(name, version)

    assert (loaded.name, loaded.version) == (name, version)
    assert loaded.sets or loaded.tables
    assert all(loaded.sets.values()), "an empty set is a mistake in the file"


@pytest.mark.parametrize(("name", "version"), _shipped())
def test_no_file_lists_a_word_twice_in_one_set(name: str, version: str) -> None:
    raw = json.loads(
        resources.files("khronika.vocabulary").joinpath(f"{name}-{version}.json").read_text("utf-8")
    )

    for key, listed in raw.get("sets", {}).items():
        assert len(listed) == len(set(listed)), key


def test_a_set_is_read_by_name() -> None:
    assert "omon" in words("regions", "riot_police")
    assert "akimat" in words("regions", "local_government")
    assert "protester" in words("english", "conflict_words")


def test_an_unknown_set_is_an_error_not_an_empty_set() -> None:
    with pytest.raises(KhronikaError, match="english-v4: no set 'protest_wrds'"):
        words("english", "protest_wrds")


def test_an_unknown_table_is_an_error() -> None:
    with pytest.raises(KhronikaError, match="no table 'nothing'"):
        vocabulary("english").table("nothing")


def test_an_unknown_file_or_version_is_an_error() -> None:
    with pytest.raises(KhronikaError, match=r"no vocabulary file klingon-v1\.json"):
        vocabulary("klingon")
    with pytest.raises(KhronikaError, match=r"no vocabulary file english-v9\.json"):
        vocabulary("english", "v9")


def test_region_words_are_kept_out_of_the_english_file() -> None:
    regional = set().union(*vocabulary("regions").sets.values())
    english = vocabulary("english")
    in_sets = {w for found in english.sets.values() for w in found}
    in_tables = {
        w
        for table in english.tables.values()
        for v in table.values()
        if isinstance(v, list)
        for w in v
    }

    assert regional & (in_sets | in_tables) == set()
