"""Russian places: case forms looked up by lemma, Latin GeoNames names, streets and origins."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.extract.places import Gazetteer
from khronika.extract.ru.dates import find_date_mentions
from khronika.extract.ru.parse import parse
from khronika.extract.ru.places import RussianPlaceRules, build_context, find_datelines

pytestmark = pytest.mark.model


def places(text: str, gazetteer: Gazetteer) -> list[tuple[str, str, str | None]]:
    ctx = build_context(
        parse(text), published=None, gazetteer=gazetteer, find_dates=find_date_mentions
    )
    return [(p.text, p.entry.name, p.entry.country) for p in ctx.places]


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("Акция прошла в Жанаозене.", "Жанаозене", "Zhanaozen"),
        ("Активиста задержали в Уральске.", "Уральске", "Oral"),
        ("Пикет провели в Нур-Султане.", "Нур-Султане", "Astana"),
        ("Митинг начался в Алматы.", "Алматы", "Almaty"),
        ("Журналиста оштрафовали в Шымкенте.", "Шымкенте", "Shymkent"),
    ],
)
def test_a_city_in_a_case_form_gets_its_latin_name(
    text: str, written: str, name: str, gazetteer: Gazetteer
) -> None:
    assert (written, name, "KZ") in places(text, gazetteer)


def test_a_country_is_read_from_its_russian_name(gazetteer: Gazetteer) -> None:
    found = places("В Кыргызстане задержали блогера.", gazetteer)

    assert found == [("Кыргызстане", "Kyrgyzstan", "KG")]


def test_a_country_owning_an_embassy_is_not_where_things_happen(gazetteer: Gazetteer) -> None:
    found = places("У посольства Китая в Алматы задержали пикетчика.", gazetteer)

    assert [name for _, name, _ in found] == ["Almaty"]


def test_a_surname_is_no_town(gazetteer: Gazetteer) -> None:
    found = places(
        "В Актау суд оштрафовал Марата Сейткали. Сейткали назвал решение несправедливым.", gazetteer
    )

    assert [name for _, name, _ in found] == ["Aktau"]


def test_a_dateline_files_the_report_and_is_no_place_of_it() -> None:
    text = "Астана, 12 мая 2025, 10:15 — Полиция задержала активистов.\n"

    [(start, end)] = find_datelines(text)

    assert text[start:end] == "Астана, 12 мая 2025, 10:15 —"


def test_where_someone_came_from_is_an_origin() -> None:
    doc = parse("Активисты из Караганды провели пикет в Алматы.")
    rules = RussianPlaceRules()

    origins = [t.text for t in doc if rules.is_origin(t)]

    assert origins == ["Караганды"]


def test_a_square_under_the_trigger_is_its_site() -> None:
    doc = parse("Полиция задержала активистов на площади Республики.")
    head = next(t for t in doc if t.lemma_ == "задержать")
    site = RussianPlaceRules().site_phrase(head, doc[:])

    assert site is not None
    assert doc.text[site[0] : site[1]] == "на площади Республики"


def test_a_latin_word_on_a_placard_is_no_hamlet(gazetteer: Gazetteer) -> None:
    found = places("В Алматы задержали активистов, которые держали плакат Zhaksy.", gazetteer)

    assert [name for _, name, _ in found] == ["Almaty"]


def test_a_town_the_morphology_misreads_is_found_from_its_case_ending(
    gazetteer: Gazetteer,
) -> None:
    found = places("В Кызылорде полиция задержала активистку Дану Оспан.", gazetteer)

    assert ("Кызылорде", "Kyzylorda", "KZ") in found


def test_without_metadata_the_date_line_under_the_title_is_the_publication_date(
    gazetteer: Gazetteer,
) -> None:
    text = "Активистку задержали в Алматы\n21 Мая 2016, 13:59\nПолиция задержала Дану Оспан."

    ctx = build_context(
        parse(text), published=None, gazetteer=gazetteer, find_dates=find_date_mentions
    )
    given = build_context(
        parse(text), published=date(2016, 6, 1), gazetteer=gazetteer, find_dates=find_date_mentions
    )

    assert ctx.published == date(2016, 5, 21)
    assert given.published == date(2016, 6, 1)  # the metadata's date wins
