"""The synthetic generator's people: invented surnames, a population, and press spelling noise.

The words come from ``data/synthetic-v1.json``: given names per culture, and surname roots,
heads and tails that are crossed into surnames. Every root is invented, so no generated person
is a real one. Kazakh and Central Asian surnames are built from forebears' names, which are
themselves compounds ("Nur" + "bolat"), Russian, Belarusian and English ones from places
("Novo" + "dvor" + "sky", "Black" + "wood"), so a cross product is how such surnames come about
too: some 9,000 of them, so that at a million reports a surname is shared by a few dozen
people, not thousands.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA_FILE = "synthetic-v1.json"
_VOWELS = frozenset("aeiouy")

Person = tuple[str, str]  # (given name, surname)


@cache
def generator_data() -> dict[str, Any]:
    """The generator's word lists and rates (``data/synthetic-v1.json``), read once."""
    text = resources.files(__package__).joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class Culture:
    """A naming tradition: its share of the population, given names and surnames."""

    name: str
    share: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]  # male forms; :func:`female_form` gives the others


@cache
def cultures() -> tuple[Culture, ...]:
    """Every culture of the data file, in its order, with its surnames."""
    data = generator_data()
    return tuple(
        Culture(
            name=entry["name"],
            share=entry["share"],
            male=tuple(entry["given"]["male"]),
            female=tuple(entry["given"]["female"]),
            surnames=_surnames(entry["name"], data["surnames"][entry["name"]]),
        )
        for entry in data["cultures"]
    )


def culture_index(name: str) -> int:
    """The position of the culture called ``name`` in :func:`cultures`."""
    return next(i for i, culture in enumerate(cultures()) if culture.name == name)


# --- surnames ------------------------------------------------------------------------------------


def with_ending(stem: str, ending: str) -> str:
    """``-ov`` after a consonant, ``-yev`` after a vowel (Telkay -> Telkayev, Esse -> Esseyev)."""
    if ending == "ov":
        if stem.endswith(("ov", "ev", "in")):
            return stem
        if stem.endswith("y"):
            return stem + "ev"
        if stem[-1] in _VOWELS:
            return stem + "yev"
    return stem + ending


def _compounds(heads: list[str], tails: list[str]) -> list[str]:
    return [head + tail for head in heads for tail in tails]


def _surnames(culture: str, parts: dict[str, list[str]]) -> tuple[str, ...]:
    """A culture's male surnames, from its roots and compounds, in a fixed order."""
    roots = parts["roots"]
    if culture == "kazakh":
        names = [
            with_ending(root + middle, ending)
            for root in roots + _compounds(parts["heads"], parts["tails"])
            for middle in ("", "bay", "bek")
            for ending in (("ov",) if middle else ("ov", "uly"))
        ]
    elif culture == "russian":
        names = [with_ending(root, e) for root in roots for e in ("ov", "in", "sky")] + [
            with_ending(root, e)
            for root in _compounds(parts["prefixes"], parts["places"])
            for e in ("ov", "sky", "tsev", "in")
        ]
    elif culture == "belarusian":
        names = [
            root + e for root in roots for e in ("enka", "ich", "ski", "au", "uk", "ovich", "yonak")
        ] + [
            root + e
            for root in _compounds(parts["prefixes"], parts["places"])
            for e in ("ski", "vich", "au")
        ]
    elif culture == "central_asian":
        names = [
            with_ending(root, e)
            for root in roots + _compounds(parts["heads"], parts["tails"])
            for e in ("ov", "bekov", "zoda", "uulu", "jonov")
        ]
    else:  # English: roots as they are, and compounds of places
        names = roots + _compounds(parts["heads"], parts["tails"])
    return tuple(dict.fromkeys(names))


def female_form(surname: str) -> str:
    """The surname a woman of the family carries (-ova, -skaya, -kyzy...)."""
    if surname.endswith(("ov", "ev", "in")):
        return surname + "a"
    if surname.endswith(("sky", "ski")):
        return surname[:-1] + "aya"
    if surname.endswith("au"):
        return surname[:-1] + "va"
    if surname.endswith("uly"):
        return surname[:-3] + "kyzy"
    if surname.endswith("uulu"):
        return surname[:-4] + "kyzy"
    return surname


def population(size: int, rng: random.Random) -> tuple[tuple[Person, ...], ...]:
    """Per culture, its people as (given name, surname); the slices add up to about ``size``."""
    people = []
    for culture in cultures():
        members = []
        for _ in range(max(8, round(size * culture.share))):
            if rng.random() < 0.6:
                members.append((rng.choice(culture.male), rng.choice(culture.surnames)))
            else:
                members.append(
                    (rng.choice(culture.female), female_form(rng.choice(culture.surnames)))
                )
        people.append(tuple(members))
    return tuple(people)


# --- spelling noise ------------------------------------------------------------------------------


@cache
def _respellings() -> tuple[tuple[str, str], ...]:
    """One change a report may make to a name: transliteration habits of the region's press."""
    return tuple((old, new) for old, new in generator_data()["respellings"])


@cache
def _latin_units() -> tuple[dict[str, str], re.Pattern[str]]:
    table: dict[str, str] = generator_data()["to_cyrillic"]
    return table, re.compile("|".join(sorted(table, key=len, reverse=True)))


def cyrillic(name: str) -> str:
    """A Russian-press spelling of a Latin name ("Zhanna Telkayeva" -> "Жанна Телкаева")."""
    table, unit = _latin_units()
    words = []
    for word in name.split():
        text = unit.sub(lambda m: table[m.group()], word.lower())
        words.append(text[:1].upper() + text[1:])
    return " ".join(words)


def noisy_name(given: str, surname: str, rng: random.Random) -> str:
    """How one report writes a person: mostly as is, else respelled, shortened or in Cyrillic.

    As is 55%, Cyrillic 10%, surname alone 8%, initial and surname 4%, one respelling 23%.
    """
    roll = rng.random()
    if roll < 0.55:
        return f"{given} {surname}"
    if roll < 0.65:
        return cyrillic(f"{given} {surname}")
    if roll < 0.73:
        return surname
    if roll < 0.77:
        return f"{given[0]}. {surname}"
    return respell(f"{given} {surname}", rng)


def respell(name: str, rng: random.Random) -> str:
    """``name`` with one press respelling (``-yev``/``-ev``, ``kh``/``h``...), if one applies."""
    rules = [rule for rule in _respellings() if rule[0] in name]
    if not rules:
        return name
    old, new = rng.choice(rules)
    at = name.find(old) if rng.random() < 0.5 else name.rfind(old)
    return name[:at] + new + name[at + len(old) :]
