"""Naming an argument token as an actor: its name as the text gives it and its kind, from an
entity, from the noun itself or from the words around it; pronouns and things are no actors.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Token

from khronika.extract.en.actors import actor_for, noun_phrase, quantity_head

pytestmark = pytest.mark.model


def _token(nlp: Language, text: str, word: str) -> Token:
    return next(t for t in nlp(text) if t.text == word)


def _actor(nlp: Language, text: str, word: str) -> tuple[str, str] | None:
    found = actor_for(_token(nlp, text, word))
    return (found.name, found.kind) if found else None


@pytest.mark.parametrize(
    ("text", "word", "actor"),
    [
        ("Riot police detained Marat Seitkali.", "police", ("Riot police", "police")),
        ("Kazakh activists were detained.", "activists", ("Kazakh activists", "protesters")),
        ("Local residents were detained.", "residents", ("Local residents", "civilians")),
        ("Dozens of journalists were detained.", "Dozens", ("journalists", "media")),
        ("Some 50 of the students were detained.", "50", ("students", "civilians")),
    ],
)
def test_actor_for_a_common_noun_keeps_its_modifiers(
    nlp: Language, text: str, word: str, actor: tuple[str, str]
) -> None:
    assert _actor(nlp, text, word) == actor


@pytest.mark.parametrize(
    ("text", "word", "actor"),
    [
        (
            "The Interior Ministry said the rally was illegal.",
            "Ministry",
            ("Interior Ministry", "government"),
        ),
        (
            "The Bostandyk District Court fined Dana Ospan.",
            "Court",
            ("Bostandyk District Court", "court"),
        ),
        ("The KNB detained Marat Seitkali.", "KNB", ("KNB", "security_service")),
        ("Police detained the journalist Dana Ospan.", "Ospan", ("Dana Ospan", "person")),
        ("Mr. Marat Seitkali was detained.", "Seitkali", ("Marat Seitkali", "person")),
    ],
)
def test_actor_for_an_entity_is_named_by_the_entity(
    nlp: Language, text: str, word: str, actor: tuple[str, str]
) -> None:
    assert _actor(nlp, text, word) == actor


def test_actor_for_a_titled_person_is_an_official(nlp: Language) -> None:
    text = "President Yerlan Abenov dismissed the governor."

    assert _actor(nlp, text, "Abenov") == ("Yerlan Abenov", "official")


def test_actor_for_a_description_with_a_named_apposition_is_the_person(nlp: Language) -> None:
    text = "The leader of the campaign, Aigerim Tulegenova, was hurt."

    assert _actor(nlp, text, "leader") == ("Aigerim Tulegenova", "person")


def test_actor_for_foreign_troops_are_foreign_military(nlp: Language) -> None:
    assert _actor(nlp, "Russian troops arrived in Almaty.", "troops") == (
        "Russian troops",
        "foreign_military",
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [("He was detained.", "He"), ("Police seized the computers.", "computers")],
)
def test_actor_for_pronouns_and_things_is_none(nlp: Language, text: str, word: str) -> None:
    assert actor_for(_token(nlp, text, word)) is None


def test_actor_for_security_forces_are_police(nlp: Language) -> None:
    assert _actor(nlp, "Security forces detained Marat Seitkali.", "forces") == (
        "Security forces",
        "police",
    )


def test_actor_for_peacekeepers_are_foreign_military(nlp: Language) -> None:
    assert _actor(nlp, "CSTO peacekeepers arrived in Almaty.", "peacekeepers") == (
        "CSTO peacekeepers",
        "foreign_military",
    )


def test_noun_phrase_keeps_nested_compounds(nlp: Language) -> None:
    assert noun_phrase(_token(nlp, "Law enforcement officers detained him.", "officers")) == (
        "Law enforcement officers"
    )


def test_noun_phrase_adds_a_short_of_complement(nlp: Language) -> None:
    token = _token(nlp, "Members of the union were detained.", "Members")

    assert noun_phrase(token) == "Members of the union"


def test_noun_phrase_drops_numbers_and_determiners(nlp: Language) -> None:
    token = _token(nlp, "The 30 students were detained.", "students")

    assert noun_phrase(token) == "students"


@pytest.mark.parametrize(
    ("text", "word", "head"),
    [
        ("Dozens of journalists were detained.", "Dozens", "journalists"),
        ("Some 50 of the students were detained.", "50", "students"),
        ("Hundreds of people marched.", "Hundreds", "people"),
        ("Police detained 30 protesters.", "30", "30"),  # no 'of': the figure itself
        ("Police detained the students.", "students", "students"),
    ],
)
def test_quantity_head_is_the_counted_noun(nlp: Language, text: str, word: str, head: str) -> None:
    assert quantity_head(_token(nlp, text, word)).text == head


def test_actor_for_opposition_forces_are_a_movement(nlp: Language) -> None:
    assert _actor(nlp, "Opposition forces called for a rally.", "forces") == (
        "Opposition forces",
        "movement",
    )
