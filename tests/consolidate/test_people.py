"""The registry: one entity per real person or organisation, under every spelling seen."""

from __future__ import annotations

import random

import pytest

from khronika.consolidate.people import (
    GENERIC_WORDS,
    Mention,
    Registry,
    build_registry,
    is_registry_actor,
)

Read = tuple[str, str, str | None]  # name, actor kind, country of the event


def mentions(*reads: str | Read) -> list[Mention]:
    """One mention per read; a bare name is a person in a Kazakhstan event."""
    result = []
    for index, read in enumerate(reads):
        name, kind, country = (read, "person", "KZ") if isinstance(read, str) else read
        result.append(Mention(key=f"r{index}/0", name=name, kind=kind, country=country, doc="d"))
    return result


def registry(*reads: str | Read) -> Registry:
    return build_registry(mentions(*reads))


def linked(registry: Registry, *indices: int) -> bool:
    return len({registry.entity_of[f"r{index}/0"] for index in indices}) == 1


# --- spellings of one person link ----------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Saule Ulpanbaeva", "Saule Ulpanbayeva", "Сауле Улпанбаева"),
        ("Kairat Seitkaliyev", "Kairat Seitkaliev", "Кайрат Сейткалиев"),
        ("Nurlan Ospanbayev", "Nurlan Ospanbaev"),
        ("Rustam Kholmatov", "Rustam Holmatov"),
        ("Zhanbolat Sarsenov", "Janbolat Sarsenov"),
        ("Marat Tulegenov", "Марат Тулегенов"),
        ("Marat Tulegenov", "Тулегенов Марат"),
    ],
)
def test_spellings_of_one_person_are_one_entity(spellings: tuple[str, ...]) -> None:
    result = registry(*spellings)
    assert len(result.entities) == 1
    assert result.entities[0].spellings == tuple(sorted(spellings))


@pytest.mark.parametrize(
    "spellings",
    [("Ulpanbaeva", "Ulpanbayeva", "Улпанбаева"), ("Seitkaliyev", "Seitkaliev", "Сейткалиев")],
)
def test_a_surname_alone_in_several_spellings_is_one_entity(spellings: tuple[str, ...]) -> None:
    assert len(registry(*spellings).entities) == 1


def test_a_surname_alone_joins_the_only_person_of_that_surname() -> None:
    result = registry("Kairat Seitkaliyev", "Seitkaliev", ("Сейткалиев", "official", None))
    assert linked(result, 0, 1, 2)


def test_a_person_read_in_another_country_is_still_one_person() -> None:
    result = registry(("Marat Tulegenov", "person", "KZ"), ("Marat Tulegenov", "person", "RU"))
    assert linked(result, 0, 1)


def test_a_one_letter_typo_in_the_surname_links_within_one_country() -> None:
    assert linked(registry("Saule Ulpanbaeva", "Saule Ulpambaeva"), 0, 1)


# --- different people stay apart -----------------------------------------------------------------


def test_a_man_and_a_woman_of_one_family_stay_apart() -> None:
    assert not linked(registry("Marat Tulegenov", "Marat Tulegenova"), 0, 1)
    assert not linked(registry("Tulegenov", "Tulegenova"), 0, 1)
    assert not linked(registry("Ulpanbayev", "Ulpanbayeva"), 0, 1)


def test_two_people_of_one_surname_stay_apart() -> None:
    assert not linked(registry("Marat Tulegenov", "Erlan Tulegenov"), 0, 1)


def test_a_surname_alone_that_could_mean_two_people_links_to_neither() -> None:
    result = registry("Marat Tulegenov", "Erlan Tulegenov", "Tulegenov")
    assert len(result.entities) == 3
    assert not linked(result, 0, 2)
    assert not linked(result, 1, 2)


def test_a_person_and_an_organisation_of_one_name_stay_apart() -> None:
    result = registry(("Marat Tulegenov", "person", "KZ"), ("Marat Tulegenov", "movement", "KZ"))
    assert not linked(result, 0, 1)
    assert sorted(entity.kind for entity in result.entities) == ["organisation", "person"]


def test_a_stricter_threshold_keeps_a_namesake_abroad_apart() -> None:
    reads = mentions(("Marat Tulegenov", "person", "KZ"), ("Marat Tulegenov", "person", "RU"))
    assert len(build_registry(reads, match_probability=0.99).entities) == 2


# --- organisations -------------------------------------------------------------------------------


def test_organisations_with_different_names_stay_apart() -> None:
    result = registry(("Almaty", "movement", "KZ"), ("Almaty Region", "government", "KZ"))
    assert not linked(result, 0, 1)


def test_one_organisation_under_two_kinds_and_spellings_is_one_entity() -> None:
    result = registry(
        ("Free Steppe Alliance", "movement", "KZ"),
        ("the Free Steppe Alliance", "party", None),
    )
    assert linked(result, 0, 1)


def test_an_acronym_joins_the_full_name_it_abbreviates() -> None:
    result = registry(("Human Rights Watch", "ngo", None), ("HRW", "ngo", "KZ"))
    assert linked(result, 0, 1)
    assert result.entities[0].name == "Human Rights Watch"  # a tie: the longer spelling


def test_state_bodies_of_one_name_in_two_countries_are_two_entities() -> None:
    result = registry(("Supreme Court", "court", "KZ"), ("Supreme Court", "court", "RU"))
    assert not linked(result, 0, 1)
    assert len({entity.id for entity in result.entities}) == 2


# --- who gets an entity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kairat Seitkaliyev", "official"),
        ("President Seitkaliyev", "official"),
        ("Марат Тулегенов", "person"),
        ("Human Rights Watch", "ngo"),
        ("Almaty City Court", "court"),
        ("Interior Ministry", "government"),
        ("Союз свободной степи", "movement"),
    ],
)
def test_a_proper_name_gets_an_entity(name: str, kind: str) -> None:
    assert is_registry_actor(name, kind)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("police", "police"),
        ("protesters", "protesters"),
        ("activists", "person"),
        ("the court", "court"),
        ("The Court", "court"),
        ("authorities", "government"),
        ("Kazakh authorities", "government"),
        ("the president", "official"),
        ("opposition party", "party"),
        ("KNB", "security_service"),
    ],
)
def test_a_generic_name_gets_no_entity(name: str, kind: str) -> None:
    assert not is_registry_actor(name, kind)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kazakhstan", "government"),
        ("the Republic of Kazakhstan", "government"),
        ("Казахстан", "government"),
        ("Russia", "government"),
        ("Россия", "government"),
        ("Astana", "government"),  # the capital standing for the state
        ("NATO", "international_body"),
        ("the European Union", "international_body"),
        ("ОДКБ", "international_body"),
        ("«ШОС»", "international_body"),
    ],
)
def test_a_state_or_a_bloc_is_a_place_or_a_body_not_an_organisation(name: str, kind: str) -> None:
    assert not is_registry_actor(name, kind)


def test_an_organisation_named_after_its_country_is_still_one() -> None:
    assert is_registry_actor("Supreme Court of Kazakhstan", "court")
    assert is_registry_actor("Kazakhstan Bureau for Human Rights", "ngo")
    assert is_registry_actor("Minsk City Court", "court")


def test_states_and_blocs_are_left_out_of_the_registry() -> None:
    result = registry(
        ("Kazakhstan", "government", "KZ"), ("NATO", "international_body", None), "Marat Tulegenov"
    )
    assert set(result.entity_of) == {"r2/0"}
    assert [entity.name for entity in result.entities] == ["Marat Tulegenov"]


def test_generic_actors_are_left_out_of_the_registry() -> None:
    result = registry(("police", "police", "KZ"), "Marat Tulegenov")
    assert set(result.entity_of) == {"r1/0"}


# --- ids and names -------------------------------------------------------------------------------


def test_ids_are_the_same_across_runs_and_input_orders() -> None:
    reads = mentions(
        "Marat Tulegenov",
        "Марат Тулегенов",
        "Erlan Tulegenov",
        "Tulegenov",
        ("Seitkaliyev", "official", None),
        ("Human Rights Watch", "ngo", None),
        ("HRW", "ngo", None),
        ("Supreme Court", "court", "KZ"),
        ("Supreme Court", "court", "RU"),
    )
    first = build_registry(reads)
    shuffled = list(reads)
    random.Random(7).shuffle(shuffled)
    for again in (build_registry(reads), build_registry(reversed(reads)), build_registry(shuffled)):
        assert again.entities == first.entities
        assert again.entity_of == first.entity_of


def test_entities_are_sorted_by_id_with_prefixes_by_kind() -> None:
    result = registry("Marat Tulegenov", ("Human Rights Watch", "ngo", None))
    ids = [entity.id for entity in result.entities]
    assert ids == sorted(ids)
    assert {entity_id[:3] for entity_id in ids} == {"pe_", "or_"}
    assert all(len(entity_id) == 3 + 16 for entity_id in ids)


def test_an_entity_is_named_by_its_most_frequent_spelling() -> None:
    result = registry("Марат Тулегенов", "Марат Тулегенов", "Marat Tulegenov")
    assert result.entities[0].name == "Марат Тулегенов"


def test_a_tie_between_spellings_goes_to_the_latin_one() -> None:
    result = registry("Марат Тулегенов", "Marat Tulegenov")
    assert result.entities[0].name == "Marat Tulegenov"


def test_no_mentions_make_an_empty_registry() -> None:
    assert build_registry([]) == Registry(entities=(), entity_of={})


def test_one_mention_makes_one_entity() -> None:
    result = registry("Marat Tulegenov")
    (entity,) = result.entities
    assert entity.kind == "person"
    assert entity.name == "Marat Tulegenov"
    assert entity.spellings == ("Marat Tulegenov",)
    assert result.entity_of == {"r0/0": entity.id}


def test_linking_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    registry("Marat Tulegenov", "Марат Тулегенов", "Erlan Tulegenov")
    out, err = capfd.readouterr()
    assert out == err == ""


# --- partial names and organisations, more ------------------------------------------------------


def test_an_initial_and_a_surname_join_the_one_person_with_that_initial() -> None:
    result = registry("Aigerim Tulegenova", "Dana Tulegenova", "A. Tulegenova")
    assert linked(result, 0, 2)
    assert not linked(result, 1, 2)


def test_a_surname_alone_in_another_country_does_not_join() -> None:
    result = registry(("Marat Seitkali", "person", "KZ"), ("Seitkali", "person", "BY"))
    assert not linked(result, 0, 1)


def test_a_state_body_read_without_a_country_is_the_one_country_that_has_it() -> None:
    result = registry(("Supreme Court", "court", "KZ"), ("the Supreme Court", "court", None))
    assert linked(result, 0, 1)


def test_a_written_acronym_in_parentheses_joins_its_full_name() -> None:
    result = registry(
        ("Steppe Rights Bureau (SRB)", "ngo", None),
        ("SRB", "ngo", None),
    )
    assert linked(result, 0, 1)


def test_an_acronym_two_names_could_stand_for_joins_neither() -> None:
    result = registry(
        ("Free Steppe Alliance", "movement", None),
        ("Free Speech Association", "ngo", None),
        ("FSA", "ngo", None),
    )
    assert not linked(result, 0, 2)
    assert not linked(result, 1, 2)


@pytest.mark.parametrize("word", ["akimat", "police", "activists", "opposition", "власти"])
def test_the_registry_vocabulary_names_kinds_of_actors_not_actors(word: str) -> None:
    assert word in GENERIC_WORDS
    assert not is_registry_actor(word.capitalize(), "government")


def test_an_akimat_is_a_kind_of_office_but_a_named_akimat_is_one() -> None:
    assert not is_registry_actor("the Akimat", "government")
    assert is_registry_actor("Zhanaozen Akimat", "government")


# --- spellings of other schemes, name order, places ----------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Ainur Kourmanov", "Ainur Kurmanov"),  # French-style ou
        ("Ales Bialiatski", "Алесь Беляцкий"),  # Belarusian press spelling beside Russian
        ("Fiodor Zaretsky", "Фёдор Зарецкий"),
        ("Irina Volkova", "Ірына Волкава"),  # Belarusian: unstressed o written a
        ("Seitkali Marat", "Marat Seitkali"),  # surname first, an unmarked surname
        ("Dana Ospan", "Ospan Dana", "Дана Оспан"),
    ],
)
def test_spellings_of_other_schemes_and_orders_are_one_person(spellings: tuple[str, ...]) -> None:
    found = registry(*spellings)

    assert linked(found, *range(len(spellings)))
    assert len(found.entities) == 1


def test_a_name_sounding_alike_but_spelt_with_other_letters_stays_apart() -> None:
    found = registry("Ainur Kurmanov", "Ainur Karimanov")

    assert not linked(found, 0, 1)


def test_a_swapped_name_in_another_country_is_not_read_as_the_same_person() -> None:
    found = registry(("Marat Seitkali", "person", "KZ"), ("Seitkali Marat", "person", "KG"))

    assert not linked(found, 0, 1)


def test_a_place_name_is_never_a_person_or_an_organisation() -> None:
    reads = mentions(
        ("Zhanaozen", "person", "KZ"), ("Almaty", "ngo", "KZ"), ("Dana Ospan", "person", "KZ")
    )

    found = build_registry(reads, places=frozenset({"janaozen", "almati"}))

    assert [entity.name for entity in found.entities] == ["Dana Ospan"]


# --- namesakes -----------------------------------------------------------------------------------


def sighting(
    report: str, name: str, country: str | None, year: int | None, position: int = 0
) -> Mention:
    """``name`` as the ``position``-th person of ``report``, an event in ``country`` in ``year``."""
    return Mention(
        key=f"{report}/{position}",
        name=name,
        kind="person",
        country=country,
        doc=f"{report}.txt",
        year=year,
        report=report,
    )


def entity_of(registry: Registry, report: str, position: int = 0) -> str:
    return registry.entity_of[f"{report}/{position}"]


def test_one_name_in_two_countries_years_apart_with_nothing_shared_is_two_people() -> None:
    found = build_registry(
        [
            sighting("almaty-2016", "Marat Seitkali", "KZ", 2016),
            sighting("almaty-2016b", "Marat Seitkali", "KZ", 2016),
            sighting("minsk-2023", "Marat Seitkali", "BY", 2023),
        ]
    )

    assert entity_of(found, "almaty-2016") == entity_of(found, "almaty-2016b")
    assert entity_of(found, "almaty-2016") != entity_of(found, "minsk-2023")
    assert [entity.name for entity in found.entities] == ["Marat Seitkali", "Marat Seitkali"]


def test_a_person_seen_abroad_the_year_after_stays_one_person() -> None:
    # Detained at home, then reported from exile: another country, but the same story's time.
    found = build_registry(
        [
            sighting("almaty", "Dana Ospan", "KZ", 2022),
            sighting("vilnius", "Dana Ospan", "LT", 2023),
        ]
    )

    assert entity_of(found, "almaty") == entity_of(found, "vilnius")


def test_namesakes_years_and_countries_apart_are_one_person_when_named_beside_the_same_person() -> (
    None
):
    found = build_registry(
        [
            sighting("almaty", "Marat Seitkali", "KZ", 2016),
            sighting("almaty", "Irina Volkova", "KZ", 2016, position=1),
            sighting("warsaw", "Marat Seitkali", "PL", 2021),
            sighting("warsaw", "Irina Volkova", "PL", 2021, position=1),
        ]
    )

    assert entity_of(found, "almaty") == entity_of(found, "warsaw")
    assert entity_of(found, "almaty", 1) == entity_of(found, "warsaw", 1)


def test_a_sighting_without_a_year_goes_with_the_namesake_of_its_country() -> None:
    found = build_registry(
        [
            sighting("almaty", "Aigerim Tulegenova", "KZ", 2015),
            sighting("minsk", "Aigerim Tulegenova", "BY", 2024),
            sighting("minsk-undated", "Aigerim Tulegenova", "BY", None),
        ]
    )

    assert entity_of(found, "minsk-undated") == entity_of(found, "minsk")
    assert entity_of(found, "minsk") != entity_of(found, "almaty")
