"""Historic, Soviet-era and English names of places in the region, and regions named after their
seat ("Sverdlovsk Region"): each reaches the place GeoNames and ISO 3166-2 know."""

from __future__ import annotations

import pytest
from spacy.language import Language

from khronika.extract.context import build_context
from khronika.extract.en.dates import find_date_mentions
from khronika.extract.places import Gazetteer, default_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [
        ("Alma-Ata", "Almaty", "KZ"),
        ("Frunze", "Bishkek", "KG"),
        ("Leninabad", "Khujand", "TJ"),
        ("Tselinograd", "Astana", "KZ"),
        ("Guryev", "Atyrau", "KZ"),
        ("Semipalatinsk", "Semey", "KZ"),
        ("Chimkent", "Shymkent", "KZ"),
        ("Novy Uzen", "Zhanaozen", "KZ"),
        ("Stalinabad", "Dushanbe", "TJ"),
        ("Krasnovodsk", "Türkmenbaşy", "TM"),
        ("Kirovabad", "Ganja", "AZ"),
    ],
)
def test_former_city_names(gaz: Gazetteer, written: str, name: str, country: str) -> None:
    entry = gaz.lookup(written)

    assert entry is not None
    assert (entry.name, entry.kind, entry.country) == (name, "city", country)


def test_a_former_name_shared_with_a_town_abroad_follows_the_country_hint(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Shevchenko", country="KZ")

    assert entry is not None
    assert (entry.name, entry.country) == ("Aktau", "KZ")


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [
        ("Surkhandarya", "Surxondaryo", "UZ"),
        ("Khorezm", "Xorazm", "UZ"),
        ("Sogd", "Sughd", "TJ"),
        ("Chui", "Chüy", "KG"),
        ("Jambyl", "Zhambyl", "KZ"),
        ("Karaganda Region", "Qaraghandy", "KZ"),
        ("Minsk Region", "Minskaja voblasć", "BY"),
        ("Moscow Oblast", "Moskovskaya oblast'", "RU"),
        ("Kabardino-Balkaria", "Kabardino-Balkarskaya Respublika", "RU"),
    ],
)
def test_english_and_former_region_names(
    gaz: Gazetteer, written: str, name: str, country: str
) -> None:
    entry = gaz.lookup(written)

    assert entry is not None
    assert (entry.name, entry.kind, entry.country) == (name, "region", country)


@pytest.mark.parametrize(
    ("written", "country"),
    [
        ("Sverdlovsk Region", "RU"),
        ("Novosibirsk Oblast", "RU"),
        ("Rostov region", "RU"),
        ("Krasnodar Krai", "RU"),
        ("Donetsk Oblast", "UA"),
        ("Lviv region", "UA"),
    ],
)
def test_a_region_named_after_its_seat(gaz: Gazetteer, written: str, country: str) -> None:
    entry = gaz.lookup(written)

    assert entry is not None
    assert (entry.kind, entry.country) == ("region", country)


def test_the_seat_itself_stays_a_city(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Rostov")

    assert entry is not None
    assert entry.kind == "city"


@pytest.mark.model
def test_a_name_followed_by_region_is_the_region(nlp: Language, gaz: Gazetteer) -> None:
    text = "A district court in Pukhavichy, Minsk region, fined the blogger Dana Ospan."
    ctx = build_context(nlp(text), published=None, gazetteer=gaz, find_dates=find_date_mentions)

    regions = [
        (p.text, p.entry.kind, p.entry.country) for p in ctx.places if p.entry.kind == "region"
    ]
    assert regions == [("Minsk region", "region", "BY")]


@pytest.mark.parametrize(
    ("written", "country", "city"),
    [
        ("Causeway Bay", "HK", "Hong Kong"),
        ("Mong Kok", "HK", "Hong Kong"),
        ("Shibuya", "JP", "Tokyo"),
    ],
)
def test_a_quarter_of_a_metropolis_is_the_metropolis(
    gaz: Gazetteer, written: str, country: str, city: str
) -> None:
    entry = gaz.lookup(written, country=country)

    assert entry is not None
    assert (entry.name, entry.kind) == (city, "city")


def test_a_borough_of_comparable_size_stays_itself(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Brooklyn")

    assert entry is not None
    assert (entry.name, entry.country) == ("Brooklyn", "US")


@pytest.mark.parametrize(("written", "code"), [("Hong Kong", "HK"), ("Singapore", "SG")])
def test_a_city_state_is_its_city(gaz: Gazetteer, written: str, code: str) -> None:
    entry = gaz.lookup(written)

    assert entry is not None
    assert (entry.name, entry.kind, entry.country) == (written, "city", code)


def test_a_country_with_a_capital_of_its_name_stays_a_country(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Luxembourg")

    assert entry is not None
    assert entry.kind == "country"


def test_a_quarter_named_by_its_direction_in_either_order(gaz: Gazetteer) -> None:
    # GeoNames writes "Dandenong North"; a reporter writes "North Dandenong".
    entry = gaz.lookup("North Dandenong")

    assert entry is not None
    assert (entry.name, entry.country) == ("Dandenong North", "AU")


def test_a_direction_before_a_plain_name_is_dropped(gaz: Gazetteer) -> None:
    entry = gaz.lookup("southern Shymkent")

    assert entry is not None
    assert entry.name == "Shymkent"
