"""The registry's person model scored in Python gives splink's and DuckDB's answers exactly."""

from __future__ import annotations

import itertools
import random

import duckdb
import pytest

from khronika.consolidate import people
from khronika.consolidate.pairs import Row, jaro_winkler, level_weight, prior_weight
from khronika.consolidate.people import sound_key

GIVEN = ["aigerim", "marat", "dana", "irina", "aleksandr", "nurlan", "fedor", "erlan", "ainur"]
SURNAMES = ["tulegenov", "seitkali", "ospan", "volkov", "kurmanov", "belyatsky", "ulpanbaev"]
COUNTRIES = ["KZ", "RU", "BY", None]


def _misspelt(word: str, rng: random.Random) -> str:
    """One typo, a French "ou", a soft "ia", a feminine -a, or the word itself."""
    choice = rng.randrange(6)
    if choice == 0 and len(word) > 3:
        at = rng.randrange(1, len(word) - 1)
        return word[:at] + word[at + 1 :]
    if choice == 1:
        at = rng.randrange(1, len(word) + 1)
        return word[:at] + rng.choice("aeiouknr") + word[at:]
    if choice == 2:
        return word.replace("u", "ou", 1)
    if choice == 3:
        return word.replace("e", "ia", 1)
    if choice == 4:
        return word + "a"
    return word


def _invented_keys(count: int, seed: int) -> list[people._PersonKey]:
    rng = random.Random(seed)
    keys = {
        people._PersonKey(
            given=_misspelt(rng.choice(GIVEN), rng),
            surname=_misspelt(rng.choice(SURNAMES), rng),
            country=rng.choice(COUNTRIES),
        )
        for _ in range(count)
    }
    return sorted(keys, key=people._person_sort_key)


def _as_sets(clusters: list[list[people._PersonKey]]) -> set[frozenset[people._PersonKey]]:
    return {frozenset(cluster) for cluster in clusters}


@pytest.mark.parametrize("seed", [1, 2])
def test_invented_names_fall_into_the_same_clusters_as_splink_puts_them(seed: int) -> None:
    keys = _invented_keys(400, seed)
    in_python = people._python_clusters(keys, people.DEFAULT_MATCH_PROBABILITY)
    by_splink = people._splink_clusters(keys, people.DEFAULT_MATCH_PROBABILITY)

    assert _as_sets(in_python) == _as_sets(by_splink)
    # The sample is a real test: many spellings do link, and many stay apart.
    linked = [cluster for cluster in in_python if len(cluster) > 1]
    assert len(linked) > 20 and len(in_python) > 60
    every = [key for cluster in in_python for key in cluster]
    assert sorted(every, key=people._person_sort_key) == keys


def test_one_typo_links_within_a_country_and_a_feminine_surname_never_links() -> None:
    key = people._PersonKey
    tulegenova, typo = key("aigerim", "tulegenova", "KZ"), key("aigerim", "tulegenva", "KZ")
    tulegenov = key("aigerim", "tulegenov", "KZ")  # no -a: another person
    at_home, abroad = key("marat", "seitkali", "KZ"), key("marat", "seitkali", "RU")
    typo_abroad = key("aigerim", "tulegenva", "RU")  # a typo and another country: apart
    # (from the first; from the second it is the same full name abroad, and joins it)
    keys = sorted(
        [tulegenova, typo, tulegenov, at_home, abroad, typo_abroad], key=people._person_sort_key
    )
    clusters = _as_sets(people._python_clusters(keys, people.DEFAULT_MATCH_PROBABILITY))

    assert frozenset({tulegenova, typo, typo_abroad}) in clusters
    assert people.PERSON_MODEL.weight(*_rows(tulegenova, typo_abroad)) < 2
    assert frozenset({tulegenov}) in clusters
    assert frozenset({at_home, abroad}) in clusters
    assert clusters == _as_sets(people._splink_clusters(keys, people.DEFAULT_MATCH_PROBABILITY))


def _rows(*keys: people._PersonKey) -> list[Row]:
    return [
        Row(
            k.given,
            k.surname,
            k.country,
            k.given and sound_key(k.given),
            sound_key(k.surname),
            k.surname[:3],
        )
        for k in keys
    ]


def test_jaro_winkler_is_duckdbs_to_the_last_bit() -> None:
    rng = random.Random(7)
    letters = "aabcdeiknorstuvy"
    pairs = [("ёлка", "елка"), ("tulegenova", "tulegenov"), ("é", "e"), ("a", "a")]
    for _ in range(5_000):
        first = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        pairs.append((first, _misspelt(_misspelt(first, rng), rng)))
    connection = duckdb.connect()
    connection.execute("CREATE TABLE p (a VARCHAR, b VARCHAR)")
    connection.executemany("INSERT INTO p VALUES (?, ?)", pairs)
    rows = connection.execute("SELECT a, b, jaro_winkler_similarity(a, b) FROM p").fetchall()

    assert [(a, b, jaro_winkler(a, b)) for a, b, _ in rows] == rows


def test_no_sum_of_levels_sits_at_the_threshold_where_rounding_could_decide() -> None:
    # DuckDB reads the weights from SQL literals; a sum a hair from the threshold could round
    # the other way there. None is within a millionth of a bit.
    surname = [0.0, *map(level_weight, people.SURNAME_LEVELS.values())]
    given = [0.0, *map(level_weight, people.GIVEN_LEVELS.values())]
    country = [0.0, *map(level_weight, people.COUNTRY_LEVELS.values())]
    floor = prior_weight(people.DEFAULT_MATCH_PROBABILITY)
    for parts in itertools.product(surname, given, country):
        total = prior_weight(people.PRIOR_MATCH_PROBABILITY) + sum(parts)
        assert abs(total - floor) > 1e-6, parts
