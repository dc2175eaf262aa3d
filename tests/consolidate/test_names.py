"""Spelling of names: Cyrillic to Latin, one key for the variants of a name, given name and surname."""

from __future__ import annotations

import pytest

from khronika.consolidate.names import NameParts, fold, name_parts, to_latin


def test_to_latin_writes_cyrillic_as_the_english_press_does() -> None:
    assert to_latin("Уктешбаева") == "Ukteshbayeva"
    assert to_latin("Токаев") == "Tokayev"
    assert to_latin("Айнур Курманов") == "Aynur Kurmanov"


def test_to_latin_leaves_latin_text_alone() -> None:
    assert to_latin("Kassym-Jomart Tokayev") == "Kassym-Jomart Tokayev"


def test_to_latin_reads_kazakh_letters() -> None:
    assert to_latin("Қасым-Жомарт Тоқаев") == "Kasym-Zhomart Tokayev"
    assert to_latin("Ғалым Әбілов") == "Galym Abilov"


def test_to_latin_keeps_a_capitalised_word_in_capitals() -> None:
    assert to_latin("ЖАНБОЛАТ") == "ZHANBOLAT"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ukteshbaeva", "Ukteshbayeva"),
        ("Ukteshbayeva", "Уктешбаева"),
        ("Tokayev", "Tokaev"),
        ("Tokaev", "Токаев"),
        ("Nazarbayev", "Nazarbaev"),
        ("Khasanov", "Hasanov"),
        ("Zhanbolat", "Janbolat"),
        ("Dzhanbolat", "Janbolat"),
        ("Abillov", "Abilov"),
        ("Kurmanov", "Курманов"),
        ("Ainur Kurmanov", "Айнур Курманов"),
        ("Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев"),
        ("Qasym-Jomart Toqaev", "Kassym-Jomart Tokayev"),
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
    [("Kurmanov", "Kurmanova"), ("Ukteshbayev", "Ukteshbayeva"), ("Уктешбаев", "Ukteshbaeva")],
)
def test_fold_keeps_a_man_and_a_woman_of_one_family_apart(man: str, woman: str) -> None:
    assert fold(man) != fold(woman)


def test_fold_is_lower_case_ascii_words_split_by_single_spaces() -> None:
    assert fold("  Kassym-Jomart   Tokáyev ") == "kasim jomart tokaev"


def test_name_parts_reads_given_name_then_surname() -> None:
    assert name_parts("Ainur Kurmanov") == NameParts(given="Ainur", surname="Kurmanov")


def test_name_parts_reads_a_single_word_as_a_surname() -> None:
    assert name_parts("Kurmanov") == NameParts(given=None, surname="Kurmanov")


def test_name_parts_strips_honorifics_and_offices() -> None:
    assert name_parts("Mr. Kurmanov") == NameParts(given=None, surname="Kurmanov")
    assert name_parts("Dr Anna Smith MEP") == NameParts(given="Anna", surname="Smith")
    assert name_parts("President Kassym-Jomart Tokayev") == NameParts(
        given="Kassym-Jomart", surname="Tokayev"
    )


def test_name_parts_takes_a_final_patronymic_as_russian_order() -> None:
    assert name_parts("Tokayev Kassym-Jomart Kemeluly") == NameParts(
        given="Kassym-Jomart", surname="Tokayev"
    )
    assert name_parts("Курманов Айнур Ерланович") == NameParts(given="Айнур", surname="Курманов")


def test_name_parts_drops_a_patronymic_in_the_middle() -> None:
    assert name_parts("Vladimir Vladimirovich Putin") == NameParts(
        given="Vladimir", surname="Putin"
    )


def test_name_parts_reads_a_surname_written_first() -> None:
    assert name_parts("Курманов Айнур") == NameParts(given="Айнур", surname="Курманов")
    assert name_parts("Lev Tolstoy") == NameParts(given="Lev", surname="Tolstoy")
