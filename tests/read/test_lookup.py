"""Finding a person or a place by what someone types: Dana Ospanova of the read tests' world
is found as "Ospanova", «Оспанова», "Ospanowa" or "dana osp"; Kazakhstan is "KZ", "KAZ",
"Kazakhstan" or «Казахстан»."""

from __future__ import annotations

import pytest

from khronika.read import country_code, is_entity_id, people_named, place_spellings, timelines
from khronika.store import Store


def named(store: Store, text: str) -> list[str]:
    return [entity.id for entity in people_named(store, text)]


@pytest.mark.parametrize(
    "typed",
    ["Ospanova", "ospanova", "Оспанова", "ОСПАНОВА", "Ospanowa", "Osspanova", "dana osp", "Ospan"],
)
def test_a_surname_in_any_script_or_usual_spelling_finds_the_person(
    store: Store, typed: str
) -> None:
    assert named(store, typed) == ["pe_dana"]


def test_every_word_typed_must_start_a_word_of_one_spelling(store: Store) -> None:
    assert named(store, "Marat Ospanova") == []
    assert named(store, "Seitkali Marat") == ["pe_marat"]  # in any order
    assert named(store, "nowa") == []  # a folded word's middle is no start


def test_a_part_of_a_spelling_as_written_still_matches(store: Store) -> None:
    # The store's own search (a substring of a spelling) is kept: "court in" is not a fold start.
    assert named(store, "t in Alma") == ["or_court"]


def test_an_id_finds_its_entity_and_nothing_else(store: Store) -> None:
    assert named(store, "pe_marat") == ["pe_marat"]
    assert named(store, "pe_nobody") == []
    assert is_entity_id("pe_3f2a9c0d1b2e4f56")
    assert not is_entity_id("Marat Seitkali")


def test_a_blank_name_finds_nobody(store: Store) -> None:
    assert named(store, "   ") == []


def test_a_timeline_by_a_cyrillic_spelling(store: Store) -> None:
    [story] = timelines(store, "Сейткали")
    assert story.entity.id == "pe_marat"
    assert [step.cluster.id for step in story.steps] == ["cl_fine"]


@pytest.mark.parametrize(
    "typed",
    ["KZ", "kz", "KAZ", "Kazakhstan", "Republic of Kazakhstan", "Казахстан", " kazakhstan "],
)
def test_a_country_by_its_name_or_code_in_any_script(typed: str) -> None:
    assert country_code(typed) == "KZ"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Россия", "RU"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Iran", "IR"),
        ("Беларусь", "BY"),
        ("Україна", "UA"),
    ],
)
def test_the_regions_languages_name_their_countries(typed: str, code: str) -> None:
    assert country_code(typed) == code


@pytest.mark.parametrize("typed", ["Almaty", "Republic Square", "", "XX", "Алматы"])
def test_what_is_no_country_has_no_code(typed: str) -> None:
    assert country_code(typed) is None


def test_a_place_filter_looks_for_the_code_the_text_and_its_latin_form() -> None:
    assert place_spellings("Kazakhstan") == ("KZ", "Kazakhstan")
    assert place_spellings("KZ") == ("KZ",)
    assert place_spellings("Алматы") == ("Алматы", "Almaty")
    assert place_spellings("Taraz") == ("Taraz",)
    assert place_spellings(" ") == ()
