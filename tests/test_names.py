"""Spelling of names: Cyrillic to Latin, one key for the variants of a name, given name and surname."""

from __future__ import annotations

import pytest

from khronika.names import (
    NameParts,
    country_named,
    fold,
    has_cyrillic,
    is_patronymic,
    is_polity,
    looks_like_surname,
    name_parts,
    strip_titles,
    to_latin,
)


def test_to_latin_writes_cyrillic_as_the_english_press_does() -> None:
    assert to_latin("Улпанбаева") == "Ulpanbayeva"
    assert to_latin("Сейткалиев") == "Seytkaliyev"
    assert to_latin("Марат Тулегенов") == "Marat Tulegenov"


def test_to_latin_leaves_latin_text_alone() -> None:
    assert to_latin("Kairat Seitkaliyev") == "Kairat Seitkaliyev"


def test_to_latin_reads_kazakh_letters() -> None:
    assert to_latin("Қайрат Сейтқалиев") == "Kayrat Seytkaliyev"
    assert to_latin("Ғалым Әбенов") == "Galym Abenov"


def test_to_latin_keeps_a_capitalised_word_in_capitals() -> None:
    assert to_latin("ЖАНБОЛАТ") == "ZHANBOLAT"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ulpanbaeva", "Ulpanbayeva"),
        ("Ulpanbayeva", "Улпанбаева"),
        ("Seitkaliyev", "Seitkaliev"),
        ("Seitkaliev", "Сейткалиев"),
        ("Ospanbayev", "Ospanbaev"),
        ("Kholmatov", "Holmatov"),
        ("Zhanbolat", "Janbolat"),
        ("Dzhanbolat", "Janbolat"),
        ("Abennov", "Abenov"),
        ("Tulegenov", "Тулегенов"),
        ("Marat Tulegenov", "Марат Тулегенов"),
        ("Kairat Seitkaliyev", "Қайрат Сейтқалиев"),
        ("Qairat Seitqaliev", "Kairat Seitkaliyev"),
        ("Dmitriy", "Dmitry"),
        ("Yevgeniya", "Evgenia"),
        ("Yerlan", "Erlan"),
        ("Aleksei", "Alexey"),
        ("Il'ya", "Ilya"),
    ],
)
def test_fold_gives_spellings_of_one_name_one_key(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("man", "woman"),
    [("Tulegenov", "Tulegenova"), ("Ulpanbayev", "Ulpanbayeva"), ("Улпанбаев", "Ulpanbaeva")],
)
def test_fold_keeps_a_man_and_a_woman_of_one_family_apart(man: str, woman: str) -> None:
    assert fold(man) != fold(woman)


def test_fold_is_lower_case_ascii_words_split_by_single_spaces() -> None:
    assert fold("  Kassym-Bek   Seitkáliyev ") == "kasim bek seitkaliev"


def test_name_parts_reads_given_name_then_surname() -> None:
    assert name_parts("Marat Tulegenov") == NameParts(given="Marat", surname="Tulegenov")


def test_name_parts_reads_a_single_word_as_a_surname() -> None:
    assert name_parts("Tulegenov") == NameParts(given=None, surname="Tulegenov")


def test_name_parts_strips_honorifics_and_offices() -> None:
    assert name_parts("Mr. Tulegenov") == NameParts(given=None, surname="Tulegenov")
    assert name_parts("Dr Anna Smith MEP") == NameParts(given="Anna", surname="Smith")
    assert name_parts("President Kairat Seitkaliyev") == NameParts(
        given="Kairat", surname="Seitkaliyev"
    )


def test_name_parts_takes_a_final_patronymic_as_russian_order() -> None:
    assert name_parts("Seitkaliyev Kairat Kemeluly") == NameParts(
        given="Kairat", surname="Seitkaliyev"
    )
    assert name_parts("Тулегенов Марат Ерланович") == NameParts(given="Марат", surname="Тулегенов")


def test_name_parts_drops_a_patronymic_in_the_middle() -> None:
    assert name_parts("Oleg Petrovich Volkov") == NameParts(given="Oleg", surname="Volkov")


def test_name_parts_reads_a_surname_written_first() -> None:
    assert name_parts("Тулегенов Марат") == NameParts(given="Марат", surname="Тулегенов")
    assert name_parts("Lev Zarubin") == NameParts(given="Lev", surname="Zarubin")


def test_strip_titles_drops_offices_and_lower_case_words_before_a_name() -> None:
    assert strip_titles("jailed activist Aigerim Tulegenova") == ["Aigerim", "Tulegenova"]
    assert strip_titles("Deputy Prime Minister Marat Seitkali") == ["Marat", "Seitkali"]
    assert strip_titles("Dana Ospan, MP") == ["Dana", "Ospan"]
    assert strip_titles("akim Marat Seitkali") == ["Marat", "Seitkali"], "a region's office"
    assert strip_titles("судья Ирина Волкова") == ["Ирина", "Волкова"]


def test_a_patronymic_is_told_by_its_ending() -> None:
    assert is_patronymic("Petrovich")
    assert is_patronymic("Ерлановна")
    assert is_patronymic("Kemeluly")
    assert not is_patronymic("Tulegenova")


def test_a_surname_is_told_by_its_ending_but_not_a_short_given_name() -> None:
    assert looks_like_surname("Tulegenova")
    assert looks_like_surname("Ковальченко")
    assert not looks_like_surname("Lev")
    assert not looks_like_surname("Yakov")
    assert not looks_like_surname("Aigerim")


def test_has_cyrillic_finds_one_cyrillic_letter() -> None:
    assert has_cyrillic("Aigerim Тулегенова")
    assert not has_cyrillic("Aigerim Tulegenova")


def test_name_parts_of_initials_keeps_them_as_the_given_name() -> None:
    assert name_parts("A. Tulegenova") == NameParts(given="A.", surname="Tulegenova")


def test_name_parts_of_nothing_is_an_empty_surname() -> None:
    assert name_parts("") == NameParts(given=None, surname="")


# --- countries and blocs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kazakhstan", "KZ"),
        ("the Republic of Kazakhstan", "KZ"),
        ("Казахстан", "KZ"),
        ("Қазақстан", "KZ"),  # Kazakh, folded through its Russian letters
        ("Russia", "RU"),
        ("Россия", "RU"),
        ("Kyrgyzstan", "KG"),
        ("Киргизия", "KG"),
    ],
)
def test_a_country_is_named_in_any_script(name: str, code: str) -> None:
    assert country_named(name) == code


@pytest.mark.parametrize("name", ["Almaty", "Marat Seitkali", "Supreme Court of Kazakhstan", ""])
def test_what_is_not_a_country_has_no_code(name: str) -> None:
    assert country_named(name) is None


@pytest.mark.parametrize("name", ["Kazakhstan", "Astana", "Moscow", "Москва", "NATO", "the West"])
def test_states_capitals_and_blocs_are_polities(name: str) -> None:
    assert is_polity(name)


@pytest.mark.parametrize("name", ["Human Rights Watch", "Almaty City Court", "Dana Ospan"])
def test_organisations_and_people_are_not_polities(name: str) -> None:
    assert not is_polity(name)
