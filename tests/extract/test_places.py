"""The offline gazetteer: name variants, ambiguity, ordinary words, countries, regions, Cyrillic."""

from __future__ import annotations

import pytest

from khronika.extract.places import (
    Gazetteer,
    GazetteerEntry,
    default_gazetteer,
    normalise_place_name,
)
from khronika.model import Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    # The full cities500 index takes a few seconds: build it once for the module.
    return default_gazetteer()


def _name(gaz: Gazetteer, text: str, **hint: str) -> str | None:
    entry = gaz.lookup(text, **hint)
    return entry.name if entry else None


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Almaty’s", "almaty"),
        ("Almaty's", "almaty"),
        ("Nur-Sultan", "nur sultan"),
        ("  Nur   Sultan ", "nur sultan"),
        ("Jañaözen", "janaozen"),
        ("U.S.", "u s"),
        ("the City of Almaty", "almaty"),
        ("Republic of Bashkortostan", "bashkortostan"),
        ("Côte d’Ivoire", "cote divoire"),
        ("Łódź", "lodz"),
    ],
)
def test_normalise_place_name(raw: str, key: str) -> None:
    assert normalise_place_name(raw) == key


# --- cities and their variants ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Astana", "Astana"),
        ("Nur-Sultan", "Astana"),
        ("Nur Sultan", "Astana"),
        ("Janaozen", "Zhanaozen"),
        ("Zhanaozen", "Zhanaozen"),
        ("Odessa", "Odesa"),
        ("Kiev", "Kyiv"),
        ("Alma-Ata", "Almaty"),
        ("Almaty’s", "Almaty"),
        ("Uralsk", "Oral"),
        ("New York", "New York City"),
    ],
)
def test_variant_spellings_reach_one_city(gaz: Gazetteer, written: str, name: str) -> None:
    entry = gaz.lookup(written)
    assert entry is not None
    assert (entry.name, entry.kind) == (name, "city")


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [("Алматы", "Almaty", "KZ"), ("Уральск", "Oral", "KZ"), ("Москва", "Moscow", "RU")],
)
def test_cyrillic_names(gaz: Gazetteer, written: str, name: str, country: str) -> None:
    entry = gaz.lookup(written)
    assert entry is not None
    assert (entry.name, entry.country) == (name, country)


def test_city_carries_coordinates_population_and_known_region(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Zhanaozen")
    assert entry is not None
    assert entry.country == "KZ"
    assert entry.admin1 == "Mangystau"  # curated region, matched through its seat Aktau
    assert entry.lat == pytest.approx(43.3, abs=0.2)
    assert entry.lon == pytest.approx(52.9, abs=0.2)
    assert entry.population > 50_000


def test_ambiguous_name_prefers_the_country_hint(gaz: Gazetteer) -> None:
    # Odesa (UA) is the larger, so it wins unhinted; a US hint gives the Texas town.
    unhinted = gaz.lookup("Odessa")
    hinted = gaz.lookup("Odessa", country="US")
    assert unhinted is not None and unhinted.country == "UA"
    assert hinted is not None and (hinted.name, hinted.country) == ("Odessa", "US")


def test_several_aktaus_resolve_to_the_port_city(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Aktau", country="kz")
    assert entry is not None
    assert (entry.name, entry.country, entry.admin1) == ("Aktau", "KZ", "Mangystau")
    assert entry.population > 100_000


def test_small_town_needs_the_country_hint(gaz: Gazetteer) -> None:
    # Soldeu (Andorra, ~600 people) is too small to trust without knowing the country.
    assert gaz.lookup("Soldeu") is None
    assert _name(gaz, "Soldeu", country="AD") == "Soldeu"


# --- words that are not places ----------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["May", "Police", "Central", "Union", "Reform", "Day", "Court", "March", "Kazakh", "UN"],
)
def test_ordinary_words_are_not_places(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word) is None
    assert not gaz.is_place(word)


def test_lowercase_is_not_a_place(gaz: Gazetteer) -> None:
    assert gaz.lookup("almaty") is None
    assert gaz.lookup("turkey") is None
    assert gaz.lookup("us") is None
    assert gaz.is_place("Almaty")


def test_common_word_stays_rejected_even_with_a_hint(gaz: Gazetteer) -> None:
    assert gaz.lookup("Police", country="PL") is None


# --- countries and regions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Kazakhstan", "KZ"),
        ("Kyrgyzstan", "KG"),
        ("Russia", "RU"),
        ("Russia’s", "RU"),
        ("Russian Federation", "RU"),
        ("Britain", "GB"),
        ("UK", "GB"),
        ("U.S.", "US"),
        ("the United States", "US"),
        ("Republic of Kazakhstan", "KZ"),
        ("western Kazakhstan", "KZ"),
    ],
)
def test_country_names(gaz: Gazetteer, written: str, code: str) -> None:
    entry = gaz.lookup(written)
    assert entry is not None
    assert (entry.kind, entry.country) == ("country", code)


def test_country_by_code_is_placed_at_its_capital(gaz: Gazetteer) -> None:
    entry = gaz.country("KZ")
    assert entry is not None
    assert (entry.name, entry.kind, entry.admin1) == ("Kazakhstan", "country", None)
    astana = gaz.lookup("Astana")
    assert astana is not None
    assert (entry.lat, entry.lon) == (astana.lat, astana.lon)
    assert gaz.country("ZZ") is None


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [
        ("Bashkortostan", "Bashkortostan", "RU"),
        ("Russia’s Republic of Bashkortostan", "Bashkortostan", "RU"),
        ("Gorno-Badakhshan", "Gorno-Badakhshan", "TJ"),
        ("Mangystau", "Mangystau", "KZ"),
        ("Mangystau region", "Mangystau", "KZ"),
        ("West Kazakhstan", "West Kazakhstan", "KZ"),
        ("Tatarstan", "Tatarstan", "RU"),  # straight from ISO 3166-2
        ("Almaty Region", "Almaty", "KZ"),
    ],
)
def test_regions(gaz: Gazetteer, written: str, name: str, country: str) -> None:
    entry = gaz.lookup(written)
    assert entry is not None
    assert (entry.kind, entry.name, entry.country, entry.admin1) == ("region", name, country, name)


def test_city_outranks_an_uncurated_region_of_its_name(gaz: Gazetteer) -> None:
    # ISO has an "Almaty" region and a "New York" state; text naming them means the city.
    almaty = gaz.lookup("Almaty")
    assert almaty is not None and almaty.kind == "city"


# --- to_place ---------------------------------------------------------------------------------


def test_to_place_for_a_city(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Uralsk")
    assert entry is not None
    place = gaz.to_place(entry, text="Uralsk")
    assert place == Place(
        name="Oral",
        country="KZ",
        admin1="West Kazakhstan",
        lat=entry.lat,
        lon=entry.lon,
        precision="city",
        text="Uralsk",
    )


def test_to_place_for_a_country_has_no_name(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Kazakhstan")
    assert entry is not None
    place = gaz.to_place(entry, text="Kazakhstan")
    assert (place.name, place.country, place.precision, place.text) == (
        None,
        "KZ",
        "country",
        "Kazakhstan",
    )


def test_to_place_precision_can_be_overridden() -> None:
    # A site inside a city: no index needed, so a bare entry will do.
    entry = GazetteerEntry("Almaty", "city", "KZ", None, 43.25, 76.95, 2_000_000)
    place = Gazetteer().to_place(entry, text="Republic Square", precision="site")
    assert (place.name, place.precision, place.text) == ("Almaty", "site", "Republic Square")


def test_default_gazetteer_is_shared() -> None:
    assert default_gazetteer() is default_gazetteer()
