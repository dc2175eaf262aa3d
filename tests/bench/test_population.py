"""The generator's people: invented surnames, every culture represented, press spelling noise."""

from __future__ import annotations

import random
import re

from khronika.bench.population import (
    cultures,
    cyrillic,
    female_form,
    generator_data,
    noisy_name,
    population,
    respell,
    with_ending,
)

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def test_the_data_file_names_itself_and_keeps_every_culture() -> None:
    data = generator_data()

    assert (data["name"], data["version"]) == ("synthetic", "v1")
    assert [c.name for c in cultures()] == [
        "kazakh",
        "russian",
        "belarusian",
        "central_asian",
        "english",
    ]
    assert sum(c.share for c in cultures()) == 1.0


def test_every_culture_has_thousands_of_distinct_surnames_or_hundreds_at_least() -> None:
    sizes = {c.name: len(c.surnames) for c in cultures()}

    assert sum(sizes.values()) > 8000
    assert all(size > 300 for size in sizes.values()), sizes
    for culture in cultures():
        assert len(set(culture.surnames)) == len(culture.surnames)


def test_no_surname_comes_from_a_real_politicians_root() -> None:
    # The roots the generator used before its data became invented: none may come back.
    retired = ("Tokay", "Nazarbay", "Lukash", "Tsikhan", "Bialiatsk", "Otunb", "Bakiy", "Medved")
    every = [name for c in cultures() for name in c.surnames]

    assert not [name for name in every if name.startswith(retired)]


def test_with_ending_follows_the_sound_of_the_stem() -> None:
    assert with_ending("Zhardyk", "ov") == "Zhardykov"
    assert with_ending("Telkay", "ov") == "Telkayev"
    assert with_ending("Esse", "ov") == "Esseyev"
    assert with_ending("Belashov", "ov") == "Belashov"
    assert with_ending("Dubar", "sky") == "Dubarsky"


def test_a_woman_carries_the_feminine_form_of_her_familys_surname() -> None:
    assert female_form("Zhardykov") == "Zhardykova"
    assert female_form("Dubarsky") == "Dubarskaya"
    assert female_form("Kaspiski") == "Kaspiskaya"
    assert female_form("Hralashau") == "Hralashava"
    assert female_form("Telbekuly") == "Telbekkyzy"
    assert female_form("Ferikhuulu") == "Ferikhkyzy"
    assert female_form("Merrton") == "Merrton"


def test_population_grows_with_the_size_asked_and_repeats_with_the_seed() -> None:
    small = population(100, random.Random(1))
    large = population(4000, random.Random(1))

    assert sum(map(len, small)) < sum(map(len, large))
    assert sum(map(len, large)) == 4000
    assert population(100, random.Random(1)) == small
    assert all(len(people) >= 8 for people in small), "every culture is represented"


def test_cyrillic_writes_a_latin_name_as_the_russian_press_would() -> None:
    assert cyrillic("Zhanna Telkayeva") == "Жанна Телкаева"
    assert cyrillic("Marat Khangulov") == "Марат Хангулов"


def test_respell_changes_one_spelling_habit_and_keeps_a_name_it_cannot_change() -> None:
    rng = random.Random(3)
    respelled = {respell("Aigerim Telkayeva", rng) for _ in range(40)}

    assert "Aigerim Telkayeva" not in respelled
    assert all(len(name.split()) == 2 for name in respelled)
    assert respell("Bob", rng) == "Bob", "no rule applies"


def test_noisy_names_mix_the_full_name_cyrillic_a_surname_alone_and_an_initial() -> None:
    rng = random.Random(7)
    names = [noisy_name("Marat", "Seitkaliyev", rng) for _ in range(2000)]

    as_is = names.count("Marat Seitkaliyev") / len(names)
    assert 0.5 < as_is < 0.6
    assert any(CYRILLIC.search(name) for name in names)
    assert "Seitkaliyev" in names
    assert "M. Seitkaliyev" in names
    assert {"Marat Seitkaliev", "Marat Seitkaliyev"} <= set(names)
