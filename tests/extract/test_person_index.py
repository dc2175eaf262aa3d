"""People named in one document: full names indexed by each part, so a later "Seitkali" or
"Marat" reads as "Marat Seitkali"; which kinds of actor a short name may be linked for.

Docs are built by hand with their PERSON entities, so no model is loaded.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from khronika.extract.people import ActorMention, PersonIndex, link_person


def _doc(words: list[str], ents: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, ents=ents)


def _index(words: list[str], ents: list[str]) -> PersonIndex:
    return PersonIndex.of(_doc(words, ents))


def test_person_index_every_part_of_a_full_name_leads_to_it() -> None:
    people = _index(
        ["Police", "detained", "Marat", "Seitkali", "."], ["O", "O", "B-PERSON", "I-PERSON", "O"]
    )

    assert people.full_name("Seitkali") == "Marat Seitkali"
    assert people.full_name("Marat") == "Marat Seitkali"
    assert people.full_name("seitkali") == "Marat Seitkali"


def test_person_index_possessive_form_is_the_same_name() -> None:
    people = _index(["Dana", "Ospan", "spoke", "."], ["B-PERSON", "I-PERSON", "O", "O"])

    assert people.full_name("Ospan's") == "Dana Ospan"
    assert people.full_name("Ospan’s") == "Dana Ospan"


def test_person_index_one_word_person_is_not_indexed() -> None:
    people = _index(["Seitkali", "spoke", "."], ["B-PERSON", "O", "O"])

    assert people.by_part == {}


def test_person_index_ignores_other_entities() -> None:
    people = _index(["Free", "Steppe", "spoke", "."], ["B-ORG", "I-ORG", "O", "O"])

    assert people.full_name("Steppe") is None


def test_person_index_first_full_name_keeps_a_shared_part() -> None:
    words = ["Marat", "Seitkali", "and", "Aliya", "Seitkali", "spoke", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]

    people = _index(words, ents)

    assert people.full_name("Seitkali") == "Marat Seitkali"
    assert people.full_name("Aliya") == "Aliya Seitkali"


def test_person_index_names_are_cleaned_by_the_language() -> None:
    doc = _doc(["Mr", "Marat", "Seitkali", "spoke"], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])

    people = PersonIndex.of(doc, clean=lambda name: name.removeprefix("Mr "))

    assert people.full_name("Seitkali") == "Marat Seitkali"
    assert people.full_name("Mr") is None


def test_person_index_full_name_of_several_words_is_not_looked_up() -> None:
    people = PersonIndex(by_part={"seitkali": "Marat Seitkali"})

    assert people.full_name("Marat Seitkali") is None
    assert people.full_name("") is None


def _mention(name: str, kind: str) -> ActorMention:
    return ActorMention(name=name, kind=kind, token=7)


PEOPLE = PersonIndex(by_part={"seitkali": "Marat Seitkali", "marat": "Marat Seitkali"})


@pytest.mark.parametrize("kind", ["person", "other", "movement"])
def test_link_person_short_name_becomes_the_full_person(kind: str) -> None:
    linked = link_person(_mention("Seitkali", kind), PEOPLE)

    assert linked == ActorMention(name="Marat Seitkali", kind="person", token=7)


def test_link_person_official_keeps_being_an_official() -> None:
    linked = link_person(_mention("Seitkali", "official"), PEOPLE)

    assert (linked.name, linked.kind) == ("Marat Seitkali", "official")


@pytest.mark.parametrize("kind", ["police", "government", "media", "ngo"])
def test_link_person_institutions_are_never_linked_to_a_person(kind: str) -> None:
    mention = _mention("Seitkali", kind)

    assert link_person(mention, PEOPLE) is mention


def test_link_person_unknown_name_is_unchanged() -> None:
    mention = _mention("Ospan", "person")

    assert link_person(mention, PEOPLE) is mention
